package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * ONNX ConvTranspose (2-D, NCHW) with bias and fused activation, computing any box of output channels x output
 * rows in place. As a GEMM and a scatter (col2im): per image and group, {@code cols = Wᵀ · X}, one row per output
 * channel and tap, one column per input pixel (only the input rows that reach the box), then each output plane sums
 * the columns its pixels receive, tap by tap. Every output element is summed in one order whatever the box, so parts
 * computed apart equal the whole bit for bit. (A gather over output rows with a scalar inner loop for strides above
 * one, which this replaced, took 261 µs for a U-Net's 64→32 2x2 stride-2 layer against ONNX Runtime's 38.)
 */
public final class ConvTranspose {
    private ConvTranspose() {}

    private static final Simd SIMD = Simd.INSTANCE;

    /** The calling thread's column matrix, grown as needed (native: the GEMM's vector stores need it). */
    private static final ThreadLocal<MemorySegment> COLS = ThreadLocal.withInitial(() -> MemorySegment.NULL);
    private static final ThreadLocal<float[]> PLANE = ThreadLocal.withInitial(() -> new float[0]);

    /** Like {@link Conv2d#run}: weights c x oc/groups x kh x kw and bias (oc, or none if bOff < 0) in wts. */
    public static void run(ConvTransposeSpec s, MemorySegment act, long xOff, MemorySegment wts, long wOff,
                           long bOff, long yOff, int ocBegin, int ocEnd, int rowBegin, int rowEnd, Parallel pool) {
        Ranges.check("ConvTranspose output channels", ocBegin, ocEnd, s.oc());
        Ranges.check("ConvTranspose output rows", rowBegin, rowEnd, s.oh());
        if (ocBegin == ocEnd || rowBegin == rowEnd) {
            return;
        }
        int taps = s.kh() * s.kw();
        int hw = s.h() * s.w();
        // input rows iy that reach output rows [rowBegin, rowEnd): oy = iy * strideH - padTop + ky * dilationH
        int iy0 = Math.max(0, Math.ceilDiv(rowBegin + s.padTop() - (s.kh() - 1) * s.dilationH(), s.strideH()));
        int iy1 = Math.min(s.h(), Math.floorDiv(rowEnd - 1 + s.padTop(), s.strideH()) + 1);
        int rows = Math.max(0, iy1 - iy0);
        MemorySegment cols = columns((long) s.ocg() * taps * hw);
        for (int img = 0; img < s.n(); img++) {
            for (int g = ocBegin / s.ocg(); g < s.groups() && g * s.ocg() < ocEnd; g++) {
                int o0 = Math.max(ocBegin, g * s.ocg()) - g * s.ocg();
                int o1 = Math.min(ocEnd, (g + 1) * s.ocg()) - g * s.ocg();
                if (rows > 0) {
                    GemmSpec product = new GemmSpec(s.ocg() * taps, hw, s.cg(), true, false, 1f, 1f, 0, 0, Act.NONE);
                    Gemm.run(product, wts, wOff + (long) g * s.cg() * s.ocg() * taps, act,
                            xOff + ((long) img * s.c() + (long) g * s.cg()) * hw, null, 0, cols, 0, o0 * taps,
                            o1 * taps, iy0 * s.w(), iy1 * s.w(), pool);
                }
                scatter(s, cols, img, g, o0, o1, iy0, iy1, wts, bOff, act, yOff, rowBegin, rowEnd, pool);
            }
        }
    }

    /** Output planes [o0, o1) of group g, rows [rowBegin, rowEnd): the columns summed in, then bias and activation. */
    private static void scatter(ConvTransposeSpec s, MemorySegment cols, int img, int g, int o0, int o1, int iy0,
                                int iy1, MemorySegment wts, long bOff, MemorySegment act, long yOff, int rowBegin,
                                int rowEnd, Parallel pool) {
        int planes = o1 - o0;
        int rows = rowEnd - rowBegin;
        int rowBlocks = Math.min(rows, Math.max(1, GemmDriver.ceilDiv(2 * pool.threads(), planes)));
        int ow = s.ow();
        int hw = s.h() * s.w();
        pool.parallelFor(planes * rowBlocks, (t0, t1) -> {
            float[] acc = PLANE.get();
            if (acc.length < GemmDriver.ceilDiv(rows, rowBlocks) * ow) {
                acc = new float[GemmDriver.ceilDiv(rows, rowBlocks) * ow];
                PLANE.set(acc);
            }
            for (int t = t0; t < t1; t++) {
                int o = o0 + t / rowBlocks;
                int block = t % rowBlocks;
                int r0 = rowBegin + (int) ((long) rows * block / rowBlocks);
                int r1 = rowBegin + (int) ((long) rows * (block + 1) / rowBlocks);
                Arrays.fill(acc, 0, (r1 - r0) * ow, 0f);
                for (int ky = 0; ky < s.kh(); ky++) {
                    for (int kx = 0; kx < s.kw(); kx++) {
                        long row = ((long) o * s.kh() * s.kw() + (long) ky * s.kw() + kx) * hw;
                        int dx = kx * s.dilationW() - s.padLeft();          // ox = ix * strideW + dx
                        int lo = dx >= 0 ? 0 : Math.ceilDiv(-dx, s.strideW());
                        int hi = Math.min(s.w(), ow - 1 - dx < 0 ? 0 : (ow - 1 - dx) / s.strideW() + 1);
                        if (lo >= hi) {
                            continue;
                        }
                        for (int iy = iy0; iy < iy1; iy++) {
                            int oy = iy * s.strideH() - s.padTop() + ky * s.dilationH();
                            if (oy < r0 || oy >= r1) {
                                continue;
                            }
                            long from = row + (long) iy * s.w();
                            int base = (oy - r0) * ow + dx;
                            if (s.strideW() == 1) {
                                SIMD.axpy(hi - lo, 1f, cols, (from + lo) << 2, acc, base + lo);
                            } else {
                                for (int ix = lo; ix < hi; ix++) {
                                    acc[base + ix * s.strideW()] += cols.getAtIndex(F, from + ix);
                                }
                            }
                        }
                    }
                }
                int oc = g * s.ocg() + o;
                float bias = bOff < 0 ? 0f : Mem.get(wts, bOff + oc);
                long y = yOff + (((long) img * s.oc() + oc) * s.oh() + r0) * ow;
                SIMD.storeRow((r1 - r0) * ow, acc, 0, 1f, bias, null, 0, 0f, s.act(), act, y << 2);
            }
        });
    }

    private static MemorySegment columns(long floats) {
        MemorySegment m = COLS.get();
        if (m.byteSize() < 4 * floats) {
            m = Arena.ofAuto().allocate(4 * Math.max(floats, 1), 64);
            COLS.set(m);
        }
        return m;
    }
}
