import cgc.runtime.cpu.*;
import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
import java.util.*;
// NCHW16c depthwise 3x3 (pad 1, stride 1 or 2, relu6) against the plan's NCHW depthwise, MobileNetV2's shapes
public class DwC {
    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    static FloatVector tap(MemorySegment x, long base, int w, int h, int iy, int ix) {
        if (iy < 0 || iy >= h || ix < 0 || ix >= w) return null;
        return FloatVector.fromMemorySegment(S, x, base + ((long) iy * w + ix) * 64, LE);
    }
    static void block(MemorySegment x, long xb, int h, int w, int st, MemorySegment y, long yb, int oh, int ow,
                      float[] wt, int wo, float[] bias, int bo, int r0, int r1) {
        FloatVector w0 = FloatVector.fromArray(S, wt, wo), w1 = FloatVector.fromArray(S, wt, wo + 16), w2 = FloatVector.fromArray(S, wt, wo + 32);
        FloatVector w3 = FloatVector.fromArray(S, wt, wo + 48), w4 = FloatVector.fromArray(S, wt, wo + 64), w5 = FloatVector.fromArray(S, wt, wo + 80);
        FloatVector w6 = FloatVector.fromArray(S, wt, wo + 96), w7 = FloatVector.fromArray(S, wt, wo + 112), w8 = FloatVector.fromArray(S, wt, wo + 128);
        FloatVector b = FloatVector.fromArray(S, bias, bo), zero = FloatVector.zero(S), six = FloatVector.broadcast(S, 6f);
        long rowB = 64L * w;
        for (int oy = r0; oy < r1; oy++) {
            int iy = oy * st - 1;
            boolean rowsIn = iy >= 0 && iy + 2 < h;
            long yo = yb + (long) oy * ow * 64;
            int ox = 0;
            if (rowsIn) {
                // interior columns: ox with ox*st - 1 >= 0 and ox*st + 1 < w
                int first = 1, last = (w - 2) / st;               // inclusive
                for (ox = 0; ox < first; ox++) edge(x, xb, h, w, st, y, yo, oy, ox, wt, wo, bias, bo);
                long p = xb + (long) iy * rowB + (long) (first * st - 1) * 64;
                long step = 64L * st;
                for (ox = first; ox <= last; ox++, p += step) {
                    FloatVector a0 = FloatVector.fromMemorySegment(S, x, p, LE).fma(w0, b);
                    FloatVector a1 = FloatVector.fromMemorySegment(S, x, p + 64, LE).mul(w1);
                    FloatVector a2 = FloatVector.fromMemorySegment(S, x, p + 128, LE).mul(w2);
                    a0 = FloatVector.fromMemorySegment(S, x, p + rowB, LE).fma(w3, a0);
                    a1 = FloatVector.fromMemorySegment(S, x, p + rowB + 64, LE).fma(w4, a1);
                    a2 = FloatVector.fromMemorySegment(S, x, p + rowB + 128, LE).fma(w5, a2);
                    a0 = FloatVector.fromMemorySegment(S, x, p + 2 * rowB, LE).fma(w6, a0);
                    a1 = FloatVector.fromMemorySegment(S, x, p + 2 * rowB + 64, LE).fma(w7, a1);
                    a2 = FloatVector.fromMemorySegment(S, x, p + 2 * rowB + 128, LE).fma(w8, a2);
                    a0.add(a1).add(a2).max(zero).min(six).intoMemorySegment(y, yo + (long) ox * 64, LE);
                }
                for (; ox < ow; ox++) edge(x, xb, h, w, st, y, yo, oy, ox, wt, wo, bias, bo);
            } else {
                for (ox = 0; ox < ow; ox++) edge(x, xb, h, w, st, y, yo, oy, ox, wt, wo, bias, bo);
            }
        }
    }
    static void edge(MemorySegment x, long xb, int h, int w, int st, MemorySegment y, long yo, int oy, int ox,
                     float[] wt, int wo, float[] bias, int bo) {
        FloatVector zero = FloatVector.zero(S);
        int iy = oy * st - 1, ix = ox * st - 1;
        FloatVector acc = FloatVector.fromArray(S, bias, bo);
        for (int ky = 0; ky < 3; ky++) {
            for (int kx = 0; kx < 3; kx++) {
                acc = ld(x, xb, w, h, iy + ky, ix + kx, zero).fma(FloatVector.fromArray(S, wt, wo + 16 * (3 * ky + kx)), acc);
            }
        }
        acc.max(zero).min(FloatVector.broadcast(S, 6f)).intoMemorySegment(y, yo + (long) ox * 64, LE);
    }
    static FloatVector ld(MemorySegment x, long base, int w, int h, int iy, int ix, FloatVector zero) {
        if (iy < 0 || iy >= h || ix < 0 || ix >= w) return zero;
        return FloatVector.fromMemorySegment(S, x, base + ((long) iy * w + ix) * 64, LE);
    }

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int[][] shapes = {{32, 112, 1}, {96, 112, 2}, {144, 56, 1}, {144, 56, 2}, {192, 28, 1}, {192, 28, 2}, {384, 14, 1}, {576, 14, 1}, {576, 14, 2}, {960, 7, 1}};
        try (Arena arena = Arena.ofShared(); Parallel pool = Parallel.create(threads)) {
            MemorySegment act = arena.allocate(4L << 24, 64), w = arena.allocate(4L << 16, 64);
            Random r = new Random(1);
            for (long i = 0; i < (1L << 22); i++) act.setAtIndex(F, i, r.nextFloat() - 0.5f);
            for (long i = 0; i < (1L << 16); i++) w.setAtIndex(F, i, r.nextFloat() - 0.5f);
            WeightPacks packs = WeightPacks.forPlan();
            for (int round = 0; round < 3; round++) for (int[] sh : shapes) {
                int c = sh[0], hw = sh[1], st = sh[2];
                ConvSpec dw = new ConvSpec(1, c, hw, hw, c, 3, 3, st, st, 1, 1, 1, 1, 1, 1, c, Act.RELU6);
                int oh = dw.oh(), ow = dw.ow();
                long yOut = 2L << 20, xc = 0, ycB = 4L * (12L << 20) + 2112;
                long plane = (long) hw * hw;
                // blocked weights: [cb][tap][16]; bias [c]
                int cb = (c + 15) / 16;
                float[] wt = new float[cb * 9 * 16], bias = new float[cb * 16];
                for (int ch = 0; ch < c; ch++) { for (int t = 0; t < 9; t++) wt[(ch / 16) * 144 + t * 16 + ch % 16] = w.getAtIndex(F, 9L * ch + t); bias[ch] = w.getAtIndex(F, 9L * c + ch); }
                // blocked input (copy of NCHW at act[0..]) placed at act[1<<21 ..]: [cb][hw][hw][16]
                long xcE = 8L << 20;
                for (int ch = 0; ch < c; ch++) for (long p = 0; p < plane; p++) act.setAtIndex(F, xcE + (ch / 16) * plane * 16 + p * 16 + ch % 16, act.getAtIndex(F, ch * plane + p));
                Runnable cur = () -> Conv2d.run(dw, act, 0, w, 0, 9L * c, yOut, 0, c, 0, oh, packs, pool);
                int rowsPer = Math.max(1, oh / Math.max(1, (2 * threads + cb - 1) / cb));
                int rowChunks = (oh + rowsPer - 1) / rowsPer;
                Runnable blk = () -> pool.parallelFor(cb * rowChunks, 1, (t0, t1) -> {
                    for (int t = t0; t < t1; t++) {
                        int b = t / rowChunks, q = t % rowChunks;
                        block(act, 4 * (xcE + (long) b * plane * 16), hw, hw, st, act, ycB + 4L * b * oh * ow * 16, oh, ow, wt, b * 144, bias, b * 16, q * rowsPer, Math.min(oh, (q + 1) * rowsPer));
                    }
                });
                cur.run(); blk.run();
                double err = 0;
                for (int ch = 0; ch < c; ch++) for (long p = 0; p < (long) oh * ow; p++) err = Math.max(err, Math.abs(act.getAtIndex(F, yOut + ch * (long) oh * ow + p) - act.getAtIndex(F, ycB / 4 + (ch / 16) * (long) oh * ow * 16 + p * 16 + ch % 16)));
                double[] med = new double[2];
                int v = 0;
                for (Runnable run : new Runnable[] {cur, blk}) {
                    long end = System.nanoTime() + 400_000_000L;
                    while (System.nanoTime() < end) run.run();
                    double[] t = new double[1500];
                    for (int i = 0; i < t.length; i++) { long s0 = System.nanoTime(); run.run(); t[i] = (System.nanoTime() - s0) / 1e3; }
                    Arrays.sort(t); med[v++] = t[t.length / 2];
                }
                if (round == 2) System.out.printf("dw %d@%d s%d: NCHW %.1f us, NCHW16c %.1f us, %.2fx (max diff %.1e)%n", c, hw, st, med[0], med[1], med[0] / med[1], err);
            }
        }
    }
}
