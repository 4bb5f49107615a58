import cgc.runtime.cpu.*;
import java.lang.foreign.*;
import java.util.*;
// blocked (NCHW16c) 1x1 conv + relu6 against the plan's NCHW GEMM conv, MobileNetV2's 1x1 shapes
public class Pw3 {
    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int kcb = Integer.getInteger("kcb", 8);
        int[][] shapes = {{32, 112, 16}, {16, 112, 96}, {96, 56, 24}, {24, 56, 144}, {144, 56, 24}, {144, 28, 32}, {32, 28, 192}, {192, 28, 32},
            {192, 14, 64}, {64, 14, 384}, {384, 14, 64}, {384, 14, 96}, {96, 14, 576}, {576, 14, 96},
            {576, 7, 160}, {160, 7, 960}, {960, 7, 160}, {960, 7, 320}, {320, 7, 1280}};
        try (Arena arena = Arena.ofShared(); Parallel pool = Parallel.create(threads)) {
            MemorySegment act = arena.allocate(4L << 24, 64), wts = arena.allocate(4L << 21, 64);
            Random r = new Random(3);
            for (long i = 0; i < (1L << 23); i++) act.setAtIndex(F, i, r.nextFloat() - 0.5f);
            for (long i = 0; i < (1L << 21); i++) wts.setAtIndex(F, i, (r.nextFloat() - 0.5f) * 0.2f);
            WeightPacks packs = WeightPacks.forPlan();
            double sumA = 0, sumB = 0;
            for (int round = 0; round < 2; round++) for (int[] sh : shapes) {
                int c = sh[0], hw = sh[1], oc = sh[2];
                int plane = hw * hw, cb = (c + 15) / 16, ob = (oc + 15) / 16;
                ConvSpec pj = new ConvSpec(1, c, hw, hw, oc, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, Act.RELU6);
                long xN = 0, yN = 4L << 20;                       // NCHW x and y (floats)
                long xB = 8L << 20, yB = 12L << 20;               // blocked
                for (int ch = 0; ch < cb * 16; ch++) for (int p = 0; p < plane; p++)
                    act.setAtIndex(F, xB + (long) (ch / 16) * plane * 16 + p * 16 + ch % 16, ch < c ? act.getAtIndex(F, xN + (long) ch * plane + p) : 0f);
                List<int[]> groups = new ArrayList<>();
                int rest = ob, g0 = 0;
                while (rest > 0) {
                    int t = rest % 4 == 0 ? 4 : rest % 3 == 0 ? 3 : Math.min(4, rest);
                    groups.add(new int[] {g0, t}); g0 += t; rest -= t;
                }
                float[] w = new float[cb * 16 * ob * 16], bias = new float[ob * 16];
                for (int[] g : groups) for (int ic = 0; ic < c; ic++) for (int j = 0; j < g[1] * 16; j++) {
                    int o = g[0] * 16 + j;
                    if (o < oc) w[g[0] * cb * 256 + ic * g[1] * 16 + j] = wts.getAtIndex(F, (long) o * c + ic);
                }
                for (int o = 0; o < oc; o++) bias[o] = wts.getAtIndex(F, (long) oc * c + o);
                int full = 6;
                int chunks = Math.max(1, Math.min((plane + 5) / 6, (2 * threads + groups.size() - 1) / groups.size()));
                int chunk = (plane + chunks - 1) / chunks;
                int chunksF = (plane + chunk - 1) / chunk;
                long stride = 64L * plane;
                Runnable blocked = () -> pool.parallelFor(groups.size() * chunksF, 1, (t0, t1) -> {
                    for (int t = t0; t < t1; t++) {
                        int[] g = groups.get(t / chunksF);
                        int p0 = t % chunksF * chunk, p1 = Math.min(plane, p0 + chunk);
                        for (int k0 = 0; k0 < cb; k0 += kcb) {
                            int k1 = Math.min(cb, k0 + kcb);
                            long xb = 4 * xB + p0 * 64L, yb = 4 * yB + (long) g[0] * stride + p0 * 64L;
                            int wo = g[0] * cb * 256;
                            switch (g[1]) {
                                case 4 -> Pw2.tiles4(p1 - p0, act, xb, stride, k0, k1, w, wo, bias, g[0] * 16, act, yb, stride, k0 == 0, k1 == cb);
                                case 3 -> Pw2.tiles3(p1 - p0, act, xb, stride, k0, k1, w, wo, bias, g[0] * 16, act, yb, stride, k0 == 0, k1 == cb);
                                case 2 -> Pw2.tiles2(p1 - p0, act, xb, stride, k0, k1, w, wo, bias, g[0] * 16, act, yb, stride, k0 == 0, k1 == cb);
                                default -> Pw2.tiles1(p1 - p0, act, xb, stride, k0, k1, w, wo, bias, g[0] * 16, act, yb, stride, k0 == 0, k1 == cb);
                            }
                        }
                    }
                });
                Runnable planes = () -> Conv2d.run(pj, act, xN, wts, 0, (long) oc * c, yN, 0, oc, 0, hw, packs, pool);
                planes.run(); blocked.run();
                double err = 0, ref = 0;
                for (int o = 0; o < oc; o++) for (int p = 0; p < plane; p++) {
                    float a = act.getAtIndex(F, yN + (long) o * plane + p), b = act.getAtIndex(F, yB + (long) (o / 16) * plane * 16 + p * 16 + o % 16);
                    err += (a - b) * (a - b); ref += a * a;
                }
                double[] med = new double[2];
                int v = 0;
                for (Runnable run : new Runnable[] {planes, blocked}) {
                    long end = System.nanoTime() + 300_000_000L;
                    while (System.nanoTime() < end) run.run();
                    double[] t = new double[1000];
                    for (int i = 0; i < t.length; i++) { long s0 = System.nanoTime(); run.run(); t[i] = (System.nanoTime() - s0) / 1e3; }
                    Arrays.sort(t); med[v++] = t[t.length / 2];
                }
                if (round == 1) {
                    sumA += med[0]; sumB += med[1];
                    System.out.printf("1x1 %4d->%4d @%3d: NCHW %7.1f us, NCHW16c %7.1f us, %.2fx (rel err %.1e)%n", c, oc, hw, med[0], med[1], med[0] / med[1], Math.sqrt(err / ref));
                }
            }
            System.out.printf("sum of one of each: NCHW %.0f us, NCHW16c %.0f us%n", sumA, sumB);
        }
    }
}
