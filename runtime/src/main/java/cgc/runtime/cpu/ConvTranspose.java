package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * ONNX ConvTranspose (2-D, NCHW) with bias and fused activation, computing any box of output channels x output
 * rows in place. Written as a gather over output rows: row oy takes input row iy through tap ky exactly when
 * {@code oy + padTop - ky·dilationH = iy·strideH}, so every output element is summed by one task, in one order.
 */
public final class ConvTranspose {
    private ConvTranspose() {}

    private static final Simd SIMD = Simd.INSTANCE;

    /** Like {@link Conv2d#run}: weights c x oc/groups x kh x kw and bias (oc, or none if bOff < 0) in wts. */
    public static void run(ConvTransposeSpec s, MemorySegment act, long xOff, MemorySegment wts, long wOff,
                           long bOff, long yOff, int ocBegin, int ocEnd, int rowBegin, int rowEnd, Parallel pool) {
        Ranges.check("ConvTranspose output channels", ocBegin, ocEnd, s.oc());
        Ranges.check("ConvTranspose output rows", rowBegin, rowEnd, s.oh());
        int planes = s.n() * (ocEnd - ocBegin);
        int rows = rowEnd - rowBegin;
        if (planes == 0 || rows == 0) {
            return;
        }
        int rowBlocks = Math.min(rows, Math.max(1, GemmDriver.ceilDiv(2 * pool.threads(), planes)));
        int oh = s.oh();
        int ow = s.ow();
        pool.parallelFor(planes * rowBlocks, (t0, t1) -> {
            float[] acc = new float[ow];
            for (int t = t0; t < t1; t++) {
                int plane = t / rowBlocks;
                int block = t % rowBlocks;
                int img = plane / (ocEnd - ocBegin);
                int oc = ocBegin + plane % (ocEnd - ocBegin);
                int g = oc / s.ocg();
                int r0 = rowBegin + (int) ((long) rows * block / rowBlocks);
                int r1 = rowBegin + (int) ((long) rows * (block + 1) / rowBlocks);
                float bias = bOff < 0 ? 0f : Mem.get(wts, bOff + oc);
                for (int oy = r0; oy < r1; oy++) {
                    Arrays.fill(acc, 0f);
                    for (int ci = 0; ci < s.cg(); ci++) {
                        int c = g * s.cg() + ci;
                        long wc = wOff + ((long) c * s.ocg() + (oc - g * s.ocg())) * s.kh() * s.kw();
                        for (int ky = 0; ky < s.kh(); ky++) {
                            int t2 = oy + s.padTop() - ky * s.dilationH();
                            if (t2 < 0 || t2 % s.strideH() != 0 || t2 / s.strideH() >= s.h()) {
                                continue;
                            }
                            long xrow = xOff + (((long) img * s.c() + c) * s.h() + t2 / s.strideH()) * s.w();
                            for (int kx = 0; kx < s.kw(); kx++) {
                                float wv = Mem.get(wts, wc + (long) ky * s.kw() + kx);
                                int dx = kx * s.dilationW() - s.padLeft();      // ox = ix * sw + dx
                                int lo = dx >= 0 ? 0 : (-dx + s.strideW() - 1) / s.strideW();
                                int hi = Math.min(s.w(), ow - 1 - dx < 0 ? 0 : (ow - 1 - dx) / s.strideW() + 1);
                                if (lo >= hi) {
                                    continue;
                                }
                                if (s.strideW() == 1) {
                                    SIMD.axpy(hi - lo, wv, act, (xrow + lo) << 2, acc, lo + dx);
                                } else {
                                    for (int ix = lo; ix < hi; ix++) {
                                        acc[ix * s.strideW() + dx] += wv * act.get(F, (xrow + ix) << 2);
                                    }
                                }
                            }
                        }
                    }
                    long y = yOff + (((long) img * s.oc() + oc) * oh + oy) * ow;
                    SIMD.storeRow(ow, acc, 0, 1f, bias, null, 0, 0f, s.act(), act, y << 2);
                }
            }
        });
    }
}
