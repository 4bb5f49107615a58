import cgc.runtime.cpu.*;
import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
import java.util.*;
public class Dw2 {
    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    // stride 1, 3x3, pad 1, plane hw x hw with hw + 2 <= 16: padded rows of 16 floats in scratch (zero border)
    static void channel(MemorySegment x, long xb, int hw, float[] pad, float[] wt, int wo, float bias, MemorySegment y, long yb) {
        VectorMask<Float> m = S.indexInRange(0, hw);
        for (int r = 0; r < hw; r++) {
            FloatVector.fromMemorySegment(S, x, xb + 4L * r * hw, LE, m).intoArray(pad, 16 * (r + 1) + 1, m);
        }
        FloatVector w0 = FloatVector.broadcast(S, wt[wo]), w1 = FloatVector.broadcast(S, wt[wo + 1]), w2 = FloatVector.broadcast(S, wt[wo + 2]);
        FloatVector w3 = FloatVector.broadcast(S, wt[wo + 3]), w4 = FloatVector.broadcast(S, wt[wo + 4]), w5 = FloatVector.broadcast(S, wt[wo + 5]);
        FloatVector w6 = FloatVector.broadcast(S, wt[wo + 6]), w7 = FloatVector.broadcast(S, wt[wo + 7]), w8 = FloatVector.broadcast(S, wt[wo + 8]);
        FloatVector b = FloatVector.broadcast(S, bias), zero = FloatVector.zero(S), six = FloatVector.broadcast(S, 6f);
        for (int r = 0; r < hw; r++) {
            int q = 16 * r;
            FloatVector c0 = FloatVector.fromArray(S, pad, q).fma(w0, b);
            c0 = FloatVector.fromArray(S, pad, q + 1).fma(w1, c0);
            c0 = FloatVector.fromArray(S, pad, q + 2).fma(w2, c0);
            FloatVector c1 = FloatVector.fromArray(S, pad, q + 16).mul(w3);
            c1 = FloatVector.fromArray(S, pad, q + 17).fma(w4, c1);
            c1 = FloatVector.fromArray(S, pad, q + 18).fma(w5, c1);
            FloatVector c2 = FloatVector.fromArray(S, pad, q + 32).mul(w6);
            c2 = FloatVector.fromArray(S, pad, q + 33).fma(w7, c2);
            c2 = FloatVector.fromArray(S, pad, q + 34).fma(w8, c2);
            c0.add(c1).add(c2).max(zero).min(six).intoMemorySegment(y, yb + 4L * r * hw, LE, m);
        }
    }
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int[][] shapes = {{576, 14}, {384, 14}, {960, 7}};
        try (Arena arena = Arena.ofShared(); Parallel pool = Parallel.create(threads)) {
            MemorySegment act = arena.allocate(4L << 22, 64), w = arena.allocate(4L << 16, 64);
            Random r = new Random(1);
            for (long i = 0; i < (1L << 22); i++) act.setAtIndex(F, i, r.nextFloat() - 0.5f);
            for (long i = 0; i < (1L << 16); i++) w.setAtIndex(F, i, r.nextFloat() - 0.5f);
            float[] wt = new float[1 << 16]; for (int i = 0; i < wt.length; i++) wt[i] = w.getAtIndex(F, i);
            WeightPacks packs = WeightPacks.forPlan();
            ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[16 * 20]);
            for (int round = 0; round < 3; round++) for (int[] sh : shapes) {
                int c = sh[0], hw = sh[1];
                ConvSpec dw = new ConvSpec(1, c, hw, hw, c, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, c, Act.RELU6);
                long yOut = 2L << 20, yNew = 3L << 20;
                Runnable cur = () -> Conv2d.run(dw, act, 0, w, 0, 9L * c, yOut, 0, c, 0, hw, packs, pool);
                long plane = (long) hw * hw;
                Runnable nw = () -> pool.parallelFor(c, 8, (c0, c1) -> {
                    float[] pad = scratch.get();
                    for (int ch = c0; ch < c1; ch++) channel(act, 4L * ch * plane, hw, pad, wt, 9 * ch, wt[9 * c + ch], act, 4L * (yNew + ch * plane));
                });
                cur.run(); nw.run();
                double err = 0; for (long i = 0; i < c * plane; i++) err = Math.max(err, Math.abs(act.getAtIndex(F, yOut + i) - act.getAtIndex(F, yNew + i)));
                for (Runnable run : new Runnable[] {cur, nw}) {
                    long end = System.nanoTime() + 500_000_000L;
                    while (System.nanoTime() < end) run.run();
                    double[] t = new double[2000];
                    for (int i = 0; i < t.length; i++) { long s0 = System.nanoTime(); run.run(); t[i] = (System.nanoTime() - s0) / 1e3; }
                    Arrays.sort(t);
                    System.out.printf("%d dw %d@%d %s: median %.1f us (max diff %.1e)%n", round, c, hw, run == cur ? "current" : "padded ", t[t.length / 2], err);
                }
            }
        }
    }
}
