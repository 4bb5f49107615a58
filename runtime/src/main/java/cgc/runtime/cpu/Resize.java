package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;

/**
 * ONNX Resize (nearest, bilinear and bicubic, with antialias or not) over the spatial axes of NCHW; see {@link
 * ResizeSpec}. Under tf_crop_and_resize, an output whose source row or column lies outside the input is the crop's
 * extrapolation value.
 */
public final class Resize {
    private Resize() {}

    public static void run(ResizeSpec s, MemorySegment x, long xOff, MemorySegment y, long yOff, Parallel pool) {
        if (s.antialias()) {
            antialias(s, x, xOff, y, yOff, pool);
        } else if (s.mode() == ResizeSpec.Mode.CUBIC) {
            cubic(s, x, xOff, y, yOff, pool);
        } else {
            interpolate(s, x, xOff, y, yOff, pool);
        }
        if (s.crop() != null) {
            extrapolate(s, y, yOff, pool);
        }
    }

    /** Nearest or bilinear. */
    private static void interpolate(ResizeSpec s, MemorySegment x, long xOff, MemorySegment y, long yOff,
                                    Parallel pool) {
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
        Taps rows = new Taps(s, s.height());
        Taps cols = new Taps(s, s.width());
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

    /**
     * Antialiased: each row filtered along its columns into a plane of input rows by output columns, then each
     * column of that down its rows, as ONNX Runtime does (an axis that keeps its size is copied, not filtered).
     */
    private static void antialias(ResizeSpec s, MemorySegment x, long xOff, MemorySegment y, long yOff,
                                  Parallel pool) {
        ResizeSpec.AntialiasTable rows = s.antialiasRows();
        ResizeSpec.AntialiasTable cols = s.antialiasCols();
        int h = s.h(), w = s.w(), oh = s.oh(), ow = s.ow();
        long work = (long) s.n() * s.c() * ((long) h * ow * cols.window() + (long) oh * ow * rows.window());
        pool.parallelFor(s.n() * s.c(), work < Elementwise.GRAIN ? s.n() * s.c() : 1, (b, e) -> {
            float[] across = new float[h * ow];                   // one plane filtered along its rows
            for (int plane = b; plane < e; plane++) {
                long xp = xOff + (long) plane * h * w;
                long yp = yOff + (long) plane * oh * ow;
                for (int r = 0; r < h; r++) {
                    long row = xp + (long) r * w;
                    for (int ox = 0; ox < ow; ox++) {
                        if (ow == w) {
                            across[r * ow + ox] = x.get(F, (row + ox) << 2);
                            continue;
                        }
                        float v = 0;
                        int at = ox * cols.window();
                        for (int i = cols.min()[ox]; i < cols.max()[ox]; i++) {
                            v += x.get(F, (row + i) << 2) * cols.weights()[at++];
                        }
                        across[r * ow + ox] = v;
                    }
                }
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float v;
                        if (oh == h) {
                            v = across[oy * ow + ox];
                        } else {
                            v = 0;
                            int at = oy * rows.window();
                            for (int i = rows.min()[oy]; i < rows.max()[oy]; i++) {
                                v += across[i * ow + ox] * rows.weights()[at++];
                            }
                        }
                        y.set(F, (yp + (long) oy * ow + ox) << 2, v);
                    }
                }
            }
        });
    }

    /** tf_crop_and_resize: the outputs whose source row or column lies outside the input take the crop's value. */
    private static void extrapolate(ResizeSpec s, MemorySegment y, long yOff, Parallel pool) {
        boolean[] rows = s.outside(s.height());
        boolean[] cols = s.outside(s.width());
        float value = s.crop().extrapolation();
        pool.parallelFor(s.n() * s.c(), (long) s.n() * s.c() * s.oh() * s.ow() < Elementwise.GRAIN ? s.n() * s.c() : 1,
                (b, e) -> {
                    for (int plane = b; plane < e; plane++) {
                        long yp = yOff + (long) plane * s.oh() * s.ow();
                        for (int oy = 0; oy < s.oh(); oy++) {
                            for (int ox = 0; ox < s.ow(); ox++) {
                                if (rows[oy] || cols[ox]) {
                                    y.set(F, (yp + (long) oy * s.ow() + ox) << 2, value);
                                }
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

        Taps(ResizeSpec s, ResizeSpec.Axis a) {
            int in = a.in();
            int out = a.out();
            index = new int[4 * out];
            weight = new float[4 * out];
            for (int o = 0; o < out; o++) {
                double src = s.source(o, a);
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
