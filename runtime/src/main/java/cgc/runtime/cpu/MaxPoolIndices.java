package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ONNX MaxPool with its Indices output: each window's largest value and, as an i64, where it was in the input,
 * flattened without padding: {@code (plane * h + iy) * w + ix}, or {@code plane * h * w + ix * h + iy} with
 * column-major {@code storage_order}. Of equal values the first in row-major window order wins (as in ONNX Runtime).
 */
public final class MaxPoolIndices {
    private MaxPoolIndices() {}

    public static void run(PoolSpec s, boolean columnMajor, MemorySegment x, long xOff, MemorySegment y, long yOff,
                           MemorySegment indices, long indicesOff, Parallel pool) {
        int oh = s.oh();
        int ow = s.ow();
        long work = (long) s.n() * s.c() * oh * ow * s.kh() * s.kw();
        pool.parallelFor(s.n() * s.c(), work < Elementwise.GRAIN ? s.n() * s.c() : 1, (b, e) -> {
            for (int plane = b; plane < e; plane++) {
                long xp = (long) plane * s.h() * s.w();
                long yp = (long) plane * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float max = Float.NEGATIVE_INFINITY;
                        int at = -1;
                        for (int ky = 0; ky < s.kh(); ky++) {
                            int iy = oy * s.strideH() - s.padTop() + ky * s.dilationH();
                            if (iy < 0 || iy >= s.h()) {
                                continue;
                            }
                            for (int kx = 0; kx < s.kw(); kx++) {
                                int ix = ox * s.strideW() - s.padLeft() + kx * s.dilationW();
                                if (ix < 0 || ix >= s.w()) {
                                    continue;
                                }
                                float v = x.get(F, (xOff + xp + (long) iy * s.w() + ix) << 2);
                                if (at < 0 || v > max) {
                                    max = v;
                                    at = columnMajor ? ix * s.h() + iy : iy * s.w() + ix;
                                }
                            }
                        }
                        long o = yp + (long) oy * ow + ox;
                        y.set(F, (yOff + o) << 2, max);
                        indices.set(ValueLayout.JAVA_LONG_UNALIGNED, (indicesOff + o) << 3, xp + at);
                    }
                }
            }
        });
    }
}
