package cgc.runtime.cpu;

import java.lang.foreign.*;
import java.util.*;

public class RowsAB {
    static MemorySegment random(Arena a, long n) {
        MemorySegment s = a.allocate(4 * n, 64); Random r = new Random(1);
        for (long i = 0; i < n; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT, i, r.nextFloat() - 0.5f);
        return s;
    }
    interface K { void run(); }
    public static void main(String[] args) {
        int[] values = Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray();
        int rounds = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        Parallel p = Parallel.create(threads);
        Arena arena = Arena.ofShared();
        int[][] cs = {{16,112,96},{24,56,144},{144,56,24},{96,14,576},{576,14,96},{160,7,960},{960,7,160},{320,7,1280},{960,7,320}};
        List<String> names = new ArrayList<>(); List<K> ks = new ArrayList<>();
        for (int[] c : cs) {
            ConvSpec s = new ConvSpec(1, c[0], c[1], c[1], c[2], 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, Act.RELU6);
            MemorySegment x = random(arena, (long) c[0] * c[1] * c[1]);
            MemorySegment w = random(arena, (long) c[2] * c[0] + c[2]);
            MemorySegment act = arena.allocate(4L * (x.byteSize() / 4 + (long) c[2] * c[1] * c[1]), 64);
            MemorySegment.copy(x, 0, act, 0, x.byteSize());
            long yOff = x.byteSize() / 4; long bOff = (long) c[2] * c[0];
            names.add(c[0] + "x" + c[1] + "->" + c[2]);
            ks.add(() -> Conv2d.run(s, act, 0, w, 0, bOff, yOff, 0, s.oc(), 0, s.oh(), p));
        }
        for (int[] g : new int[][] {{512,512,512},{128,1024,1024}}) {
            GemmSpec s = new GemmSpec(g[0], g[1], g[2], false, false, 1f, 1f, 0, 0, Act.NONE);
            MemorySegment a = random(arena, (long) g[0] * g[2]);
            MemorySegment b = random(arena, (long) g[2] * g[1]);
            MemorySegment y = arena.allocate(4L * g[0] * g[1], 64);
            WeightPacks packs = WeightPacks.forPlan();
            names.add("gemm" + g[0] + "x" + g[1] + "x" + g[2]);
            ks.add(() -> Gemm.run(s, a, 0, b, 0, null, 0, y, 0, 0, s.m(), 0, s.n(), packs, p));
        }
        double[][][] best = new double[ks.size()][values.length][rounds];
        for (int i = 0; i < ks.size(); i++) for (int w = 0; w < 200; w++) ks.get(i).run();
        for (int r = 0; r < rounds; r++)
            for (int v = 0; v < values.length; v++) {
                GemmDriver.ROWS_OUTER_FLOATS = values[v];
                for (int i = 0; i < ks.size(); i++) {
                    K k = ks.get(i); for (int w = 0; w < 5; w++) k.run();
                    double[] t = new double[15];
                    for (int j = 0; j < t.length; j++) { long t0 = System.nanoTime(); k.run(); t[j] = (System.nanoTime() - t0) / 1e3; }
                    Arrays.sort(t); best[i][v][r] = t[t.length / 2];
                }
            }
        for (int i = 0; i < ks.size(); i++) {
            StringBuilder sb = new StringBuilder(String.format("%-18s", names.get(i)));
            for (int v = 0; v < values.length; v++) {
                double[] t = best[i][v].clone(); Arrays.sort(t);
                sb.append(String.format(" %d: %7.1f", values[v], t[0]));
            }
            sb.append("   ratios per round vs first:");
            for (int r = 0; r < rounds; r++) for (int v = 1; v < values.length; v++) sb.append(String.format(" %.2f", best[i][0][r] / best[i][v][r]));
            System.out.println(sb);
        }
        p.close();
    }
}
