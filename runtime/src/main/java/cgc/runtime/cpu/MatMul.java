package cgc.runtime.cpu;

import java.lang.foreign.MemorySegment;

/**
 * ONNX MatMul and cgc Linear ({@code Y = X·W + bias}, batched like MatMul, with a fused activation). Computes rows
 * {@code [mBegin, mEnd)} x columns {@code [nBegin, nEnd)} of every batch's output matrix, in place.
 */
public final class MatMul {
    private MatMul() {}

    /** Y = act(A · B). Offsets are in float elements. */
    public static void run(MatMulSpec s, MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment y,
                           long yOff, int mBegin, int mEnd, int nBegin, int nEnd, Parallel pool) {
        linear(s, a, aOff, b, bOff, null, -1, y, yOff, mBegin, mEnd, nBegin, nEnd, pool);
    }

    /**
     * cgc Linear: Y = act(X · W + bias), bias of n elements at {@code biasOff} in {@code bias}, or none when
     * {@code bias} is null.
     */
    public static void linear(MatMulSpec s, MemorySegment x, long xOff, MemorySegment w, long wOff,
                              MemorySegment bias, long biasOff, MemorySegment y, long yOff, int mBegin, int mEnd,
                              int nBegin, int nEnd, Parallel pool) {
        linear(s, x, xOff, w, wOff, bias, biasOff, y, yOff, mBegin, mEnd, nBegin, nEnd, WeightPacks.NONE, pool);
    }

    /**
     * As above, W a constant of the plan's weights, packed once in {@code packs} when every batch multiplies by the
     * same W.
     */
    public static void linear(MatMulSpec s, MemorySegment x, long xOff, MemorySegment w, long wOff,
                              MemorySegment bias, long biasOff, MemorySegment y, long yOff, int mBegin, int mEnd,
                              int nBegin, int nEnd, WeightPacks packs, Parallel pool) {
        linear(s, x, xOff, w, wOff, bias, biasOff, null, -1, y, yOff, mBegin, mEnd, nBegin, nEnd, packs, pool);
    }

    /**
     * As above, with a residual R shaped as Y ({@code res == null}: none), added to each row before the activation:
     * {@code Y = act(X · W + bias + R)} (fuse-residual).
     */
    public static void linear(MatMulSpec s, MemorySegment x, long xOff, MemorySegment w, long wOff,
                              MemorySegment bias, long biasOff, MemorySegment res, long resOff, MemorySegment y,
                              long yOff, int mBegin, int mEnd, int nBegin, int nEnd, WeightPacks packs,
                              Parallel pool) {
        Ranges.check("MatMul rows", mBegin, mEnd, s.m());
        Ranges.check("MatMul columns", nBegin, nEnd, s.n());
        int m = s.m();
        int n = s.n();
        int k = s.k();
        Panels packed = !s.oneB() || !GemmDriver.packsConstantB(m) ? null
                : packs.get(new WeightPacks.Key(wOff, n, k, 1, n, GemmDriver.NR), (k0, kl, dst) ->
                        Packing.packB(w, wOff + (long) k0 * n, n, 1, 0, n, kl, GemmDriver.NR, dst));
        GemmJob job = new GemmJob(s.batches(), mBegin, mEnd, nBegin, nEnd, k) {
            @Override
            Strided strided(int batch) {
                return new Strided(x, xOff + s.aBatchOffset(batch), k, 1, w, wOff + s.bBatchOffset(batch), n, 1);
            }

            @Override
            Panels constantB() {
                return packed;
            }

            @Override
            void packA(int batch, int m0, int rows, int k0, int kl, int mr, float[] dst) {
                Packing.packA(x, xOff + s.aBatchOffset(batch) + k0, k, 1, m0, rows, kl, mr, dst);
            }

            @Override
            void packB(int batch, int n0, int cols, int k0, int kl, int nr, float[] dst) {
                Packing.packB(w, wOff + s.bBatchOffset(batch) + (long) k0 * n, n, 1, n0, cols, kl, nr, dst);
            }

            @Override
            void storeRow(int batch, int row, int n0, int cols, float[] sum, int off) {
                long at = ((long) batch * m + row) * n + n0;
                if (res == null) {
                    GemmDriver.SIMD.storeRow(cols, sum, off, 1f, 0f, bias, (biasOff + n0) << 2, 1f, s.act(), y,
                            (yOff + at) << 2);
                    return;
                }
                // (X·W + bias) + R, the order of the GPU kernels and of the exported ONNX: the bias into the sums
                // (an fma by 1, exactly one rounding), then the residual as storeRow's column operand
                if (bias != null) GemmDriver.SIMD.axpy(cols, 1f, bias, (biasOff + n0) << 2, sum, off);
                GemmDriver.SIMD.storeRow(cols, sum, off, 1f, 0f, res, (resOff + at) << 2, 1f, s.act(), y,
                        (yOff + at) << 2);
            }
        };
        if (m <= GemmDriver.FEW_ROWS) {
            GemmDriver.runFewRows(job, pool);
        } else {
            GemmDriver.run(job, pool);
        }
    }
}
