package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;

/** ONNX Resize (nearest and bilinear) over the spatial axes of NCHW; see {@link ResizeSpec}. */
public final class Resize {
    private Resize() {}

    public static void run(ResizeSpec s, MemorySegment x, long xOff, MemorySegment y, long yOff, Parallel pool) {
        Axis rows = new Axis(s, s.h(), s.oh(), s.scaleH());
        Axis cols = new Axis(s, s.w(), s.ow(), s.scaleW());
        boolean linear = s.mode() == ResizeSpec.Mode.LINEAR;
        long work = (long) s.n() * s.c() * s.oh() * s.ow();
        pool.parallelFor(s.n() * s.c(), work < Elementwise.GRAIN ? s.n() * s.c() : 1, (b, e) -> {
            for (int plane = b; plane < e; plane++) {
                long xp = xOff + (long) plane * s.h() * s.w();
                long yp = yOff + (long) plane * s.oh() * s.ow();
                for (int oy = 0; oy < s.oh(); oy++) {
                    long r0 = xp + (long) rows.i0[oy] * s.w();
                    long r1 = xp + (long) rows.i1[oy] * s.w();
                    float fy = rows.frac[oy];
                    for (int ox = 0; ox < s.ow(); ox++) {
                        float v;
                        if (linear) {
                            float fx = cols.frac[ox];
                            float top = lerp(x.get(F, (r0 + cols.i0[ox]) << 2), x.get(F, (r0 + cols.i1[ox]) << 2), fx);
                            float bot = lerp(x.get(F, (r1 + cols.i0[ox]) << 2), x.get(F, (r1 + cols.i1[ox]) << 2), fx);
                            v = lerp(top, bot, fy);
                        } else {
                            v = x.get(F, (r0 + cols.i0[ox]) << 2);
                        }
                        y.set(F, (yp + (long) oy * s.ow() + ox) << 2, v);
                    }
                }
            }
        });
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }

    /**
     * Per output coordinate of one axis: the source index (nearest), or the two neighbours and the weight of the
     * second (linear, the source coordinate clamped into the input as ONNX Runtime does).
     */
    private static final class Axis {
        final int[] i0;
        final int[] i1;
        final float[] frac;

        Axis(ResizeSpec s, int in, int out, float scale) {
            i0 = new int[out];
            i1 = new int[out];
            frac = new float[out];
            for (int o = 0; o < out; o++) {
                double src = s.source(o, in, out, scale);
                if (s.mode() == ResizeSpec.Mode.NEAREST) {
                    i0[o] = s.nearestIndex(src, in);
                    i1[o] = i0[o];
                } else {
                    double c = Math.clamp(src, 0, in - 1);
                    i0[o] = (int) Math.floor(c);
                    i1[o] = Math.min(i0[o] + 1, in - 1);
                    frac[o] = (float) (c - i0[o]);
                }
            }
        }
    }
}
