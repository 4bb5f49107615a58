package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;

/** ONNX MaxPool, AveragePool, GlobalMaxPool and GlobalAveragePool over NCHW. */
public final class Pool {
    private Pool() {}

    /** MaxPool: the largest value in each window (padding never wins). */
    public static void max(PoolSpec s, MemorySegment x, long xOff, MemorySegment y, long yOff, Parallel pool) {
        run(s, true, x, xOff, y, yOff, pool);
    }

    /** AveragePool: the mean of each window, counting padding only if {@code countIncludePad}. */
    public static void average(PoolSpec s, MemorySegment x, long xOff, MemorySegment y, long yOff, Parallel pool) {
        run(s, false, x, xOff, y, yOff, pool);
    }

    private static void run(PoolSpec s, boolean max, MemorySegment x, long xOff, MemorySegment y, long yOff,
                            Parallel pool) {
        int oh = s.oh();
        int ow = s.ow();
        long work = (long) s.n() * s.c() * oh * ow * s.kh() * s.kw();
        pool.parallelFor(s.n() * s.c(), work < Elementwise.GRAIN ? s.n() * s.c() : 1, (b, e) -> {
            for (int plane = b; plane < e; plane++) {
                long xp = xOff + (long) plane * s.h() * s.w();
                long yp = yOff + (long) plane * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float acc = max ? Float.NEGATIVE_INFINITY : 0f;
                        int inside = 0;
                        int padded = 0;
                        for (int ky = 0; ky < s.kh(); ky++) {
                            int iy = oy * s.strideH() - s.padTop() + ky * s.dilationH();
                            boolean rowInPads = iy >= -s.padTop() && iy < s.h() + s.padBottom();
                            for (int kx = 0; kx < s.kw(); kx++) {
                                int ix = ox * s.strideW() - s.padLeft() + kx * s.dilationW();
                                if (rowInPads && ix >= -s.padLeft() && ix < s.w() + s.padRight()) {
                                    padded++;
                                }
                                if (iy < 0 || iy >= s.h() || ix < 0 || ix >= s.w()) {
                                    continue;
                                }
                                float v = x.get(F, (xp + (long) iy * s.w() + ix) << 2);
                                acc = max ? Math.max(acc, v) : acc + v;
                                inside++;
                            }
                        }
                        if (!max) {
                            acc /= s.countIncludePad() ? padded : Math.max(1, inside);
                        }
                        y.set(F, (yp + (long) oy * ow + ox) << 2, acc);
                    }
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
