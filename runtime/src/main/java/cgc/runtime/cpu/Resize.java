package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;

/** ONNX Resize (nearest, bilinear and bicubic) over the spatial axes of NCHW; see {@link ResizeSpec}. */
public final class Resize {
    private Resize() {}

    public static void run(ResizeSpec s, MemorySegment x, long xOff, MemorySegment y, long yOff, Parallel pool) {
        if (s.mode() == ResizeSpec.Mode.CUBIC) {
            cubic(s, x, xOff, y, yOff, pool);
            return;
        }
        ResizeSpec.AxisTable rows = s.rows();
        ResizeSpec.AxisTable cols = s.cols();
        boolean linear = s.mode() == ResizeSpec.Mode.LINEAR;
        long work = (long) s.n() * s.c() * s.oh() * s.ow();
        pool.parallelFor(s.n() * s.c(), work < Elementwise.GRAIN ? s.n() * s.c() : 1, (b, e) -> {
            for (int plane = b; plane < e; plane++) {
                long xp = xOff + (long) plane * s.h() * s.w();
                long yp = yOff + (long) plane * s.oh() * s.ow();
                for (int oy = 0; oy < s.oh(); oy++) {
                    long r0 = xp + (long) rows.i0()[oy] * s.w();
                    long r1 = xp + (long) rows.i1()[oy] * s.w();
                    float fy = rows.frac()[oy];
                    for (int ox = 0; ox < s.ow(); ox++) {
                        float v;
                        if (linear) {
                            float fx = cols.frac()[ox];
                            float top = lerp(x.get(F, (r0 + cols.i0()[ox]) << 2), x.get(F, (r0 + cols.i1()[ox]) << 2), fx);
                            float bot = lerp(x.get(F, (r1 + cols.i0()[ox]) << 2), x.get(F, (r1 + cols.i1()[ox]) << 2), fx);
                            v = lerp(top, bot, fy);
                        } else {
                            v = x.get(F, (r0 + cols.i0()[ox]) << 2);
                        }
                        y.set(F, (yp + (long) oy * s.ow() + ox) << 2, v);
                    }
                }
            }
        });
    }

    /** Bicubic: each output is a 4 x 4 weighted sum, along the row first, then down the column. */
    private static void cubic(ResizeSpec s, MemorySegment x, long xOff, MemorySegment y, long yOff, Parallel pool) {
        Taps rows = new Taps(s, s.h(), s.oh(), s.scaleH());
        Taps cols = new Taps(s, s.w(), s.ow(), s.scaleW());
        long work = 16L * s.n() * s.c() * s.oh() * s.ow();
        pool.parallelFor(s.n() * s.c(), work < Elementwise.GRAIN ? s.n() * s.c() : 1, (b, e) -> {
            for (int plane = b; plane < e; plane++) {
                long xp = xOff + (long) plane * s.h() * s.w();
                long yp = yOff + (long) plane * s.oh() * s.ow();
                for (int oy = 0; oy < s.oh(); oy++) {
                    for (int ox = 0; ox < s.ow(); ox++) {
                        float v = 0;
                        for (int i = 0; i < 4; i++) {
                            long row = xp + (long) rows.index[4 * oy + i] * s.w();
                            float h = 0;
                            for (int j = 0; j < 4; j++) {
                                h += cols.weight[4 * ox + j] * x.get(F, (row + cols.index[4 * ox + j]) << 2);
                            }
                            v += rows.weight[4 * oy + i] * h;
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
     * Per output coordinate of one axis, the four cubic taps {@code floor(src) - 1 .. floor(src) + 2}, clamped into
     * the input (the edge repeats), and their weights; with exclude_outside, the taps outside weigh 0 and the others
     * are scaled to sum to 1.
     */
    private static final class Taps {
        final int[] index;
        final float[] weight;

        Taps(ResizeSpec s, int in, int out, float scale) {
            index = new int[4 * out];
            weight = new float[4 * out];
            for (int o = 0; o < out; o++) {
                double src = s.source(o, in, out, scale);
                int f = (int) Math.floor(src);
                float[] w = s.cubicWeights(src - f);
                float sum = 0;
                for (int k = 0; k < 4; k++) {
                    int at = f - 1 + k;
                    if (s.excludeOutside() && (at < 0 || at >= in)) {
                        w[k] = 0;
                    }
                    sum += w[k];
                    index[4 * o + k] = Math.clamp(at, 0, in - 1);
                }
                for (int k = 0; k < 4; k++) {
                    weight[4 * o + k] = s.excludeOutside() ? w[k] / sum : w[k];
                }
            }
        }
    }
}
