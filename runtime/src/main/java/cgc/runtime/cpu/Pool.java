package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/** ONNX MaxPool, AveragePool, GlobalMaxPool and GlobalAveragePool over NCHW. */
public final class Pool {
    private Pool() {}

    private static final Simd SIMD = Simd.INSTANCE;

    /** MaxPool: the largest value in each window (padding never wins). */
    public static void max(PoolSpec s, MemorySegment x, long xOff, MemorySegment y, long yOff, Parallel pool) {
        run(s, true, x, xOff, y, yOff, pool);
    }

    /** AveragePool: the mean of each window, counting padding only if {@code countIncludePad}. */
    public static void average(PoolSpec s, MemorySegment x, long xOff, MemorySegment y, long yOff, Parallel pool) {
        run(s, false, x, xOff, y, yOff, pool);
    }

    /**
     * Windows are separable: for each output row, the valid input rows are first reduced column by column into one
     * row (contiguous, so the JIT vectorizes it), then each output takes its valid columns of that row, a vector of
     * outputs at a time ({@link Simd#window}). The counts
     * an average divides by are separable too: valid (or padded) rows times valid (or padded) columns.
     */
    private static void run(PoolSpec s, boolean max, MemorySegment x, long xOff, MemorySegment y, long yOff,
                            Parallel pool) {
        int oh = s.oh();
        int ow = s.ow();
        long work = (long) s.n() * s.c() * oh * ow * s.kh() * s.kw();
        // outputs [inLo, inHi) have every tap inside the row; paddedCols[ox] counts the taps inside the pads
        int inLo = Math.min(ow, (s.padLeft() + s.strideW() - 1) / s.strideW());
        int last = s.w() - 1 + s.padLeft() - (s.kw() - 1) * s.dilationW();
        int inHi = last < 0 ? inLo : Math.max(inLo, Math.min(ow, last / s.strideW() + 1));
        int[] paddedCols = new int[ow];
        for (int ox = 0; ox < ow; ox++) {
            for (int kx = 0; kx < s.kw(); kx++) {
                if (ox * s.strideW() - s.padLeft() + kx * s.dilationW() < s.w() + s.padRight()) {
                    paddedCols[ox]++;
                }
            }
        }
        pool.parallelFor(s.n() * s.c(), work < Elementwise.GRAIN ? s.n() * s.c() : 1, (b, e) -> {
            // room for whole vectors past the row: the window's last loads (two per tap at stride 2)
            float[] acc = new float[s.w() + (s.strideW() + 1) * SIMD.lanes() + s.kw() * s.dilationW()];
            float[] out = new float[ow + SIMD.lanes()];          // room for a whole last vector
            for (int plane = b; plane < e; plane++) {
                long xp = xOff + (long) plane * s.h() * s.w();
                long yp = yOff + (long) plane * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    int rows = 0;
                    int paddedRows = 0;
                    for (int ky = 0; ky < s.kh(); ky++) {
                        int iy = oy * s.strideH() - s.padTop() + ky * s.dilationH();
                        if (iy < s.h() + s.padBottom()) {
                            paddedRows++;
                        }
                        if (iy < 0 || iy >= s.h()) {
                            continue;
                        }
                        long at = (xp + (long) iy * s.w()) << 2;
                        if (rows++ == 0) {
                            SIMD.load(s.w(), x, at, acc, 0);            // the first row in, the others combined
                        } else {
                            SIMD.accumulate(max, s.w(), x, at, acc);
                        }
                    }
                    if (rows == 0) {
                        Arrays.fill(acc, 0, s.w(), max ? Float.NEGATIVE_INFINITY : 0f);
                    }
                    // inside: each tap is a strided run of acc, gathered and combined a vector at a time
                    int inside = inHi - inLo;
                    if (inside > 0) {
                        int first = inLo * s.strideW() - s.padLeft();
                        SIMD.window(max, inside, acc, first, s.strideW(), s.kw(), s.dilationW(), out, inLo);
                        if (!max) {
                            float scale = 1f / (s.countIncludePad() ? paddedRows * s.kw() : Math.max(1, rows * s.kw()));
                            for (int ox = inLo; ox < inHi; ox++) {
                                out[ox] *= scale;
                            }
                        }
                    }
                    for (int ox = 0; ox < ow; ox++) {          // the edges, tap by tap
                        if (ox >= inLo && ox < inHi) {
                            continue;
                        }
                        int ix0 = ox * s.strideW() - s.padLeft();
                        float v = max ? Float.NEGATIVE_INFINITY : 0f;
                        int cols = 0;
                        for (int kx = 0; kx < s.kw(); kx++) {
                            int ix = ix0 + kx * s.dilationW();
                            if (ix >= 0 && ix < s.w()) {
                                v = max ? Math.max(v, acc[ix]) : v + acc[ix];
                                cols++;
                            }
                        }
                        if (!max) {
                            v /= s.countIncludePad() ? paddedRows * paddedCols[ox] : Math.max(1, rows * cols);
                        }
                        out[ox] = v;
                    }
                    SIMD.store(ow, out, 0, y, (yp + (long) oy * ow) << 2);
                }
            }
        });
    }

    /** GlobalAveragePool (or GlobalMaxPool when {@code max}): one value per plane of {@code hw} elements. */
    public static void global(boolean max, int planes, int hw, MemorySegment x, long xOff, MemorySegment y,
                              long yOff, Parallel pool) {
        pool.parallelFor(planes, Math.max(1, Elementwise.GRAIN / Math.max(1, hw)), (b, e) -> {
            for (int p = b; p < e; p++) {
                long base = xOff + (long) p * hw;
                double acc = max ? Double.NEGATIVE_INFINITY : 0;
                for (int i = 0; i < hw; i++) {
                    float v = x.get(F, (base + i) << 2);
                    acc = max ? Math.max(acc, v) : acc + v;
                }
                y.set(F, (yOff + p) << 2, (float) (max ? acc : acc / hw));
            }
        });
    }
}
