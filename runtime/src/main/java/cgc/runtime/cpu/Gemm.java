package cgc.runtime.cpu;

import java.lang.foreign.MemorySegment;

/** ONNX Gemm (see {@link GemmSpec}); computes any rectangle of the output, in place. */
public final class Gemm {
    private Gemm() {}

    /**
     * Computes rows {@code [mBegin, mEnd)} x columns {@code [nBegin, nEnd)} of Y and writes nothing else.
     * Offsets are in float elements; Y is row-major m x n, A is m x k (k x m if transA), B is k x n (n x k if
     * transB), C is row-major cRows x cCols (ignored when the spec has none).
     */
    public static void run(GemmSpec s, MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment c,
                           long cOff, MemorySegment y, long yOff, int mBegin, int mEnd, int nBegin, int nEnd,
                           Parallel pool) {
        run(s, a, aOff, b, bOff, c, cOff, y, yOff, mBegin, mEnd, nBegin, nEnd, WeightPacks.NONE, pool);
    }

    /** As above, B a constant of the plan's weights, packed once in {@code packs} and read from there later. */
    public static void run(GemmSpec s, MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment c,
                           long cOff, MemorySegment y, long yOff, int mBegin, int mEnd, int nBegin, int nEnd,
                           WeightPacks packs, Parallel pool) {
        Ranges.check("Gemm rows", mBegin, mEnd, s.m());
        Ranges.check("Gemm columns", nBegin, nEnd, s.n());
        long aRow = s.transA() ? 1 : s.k();
        long aCol = s.transA() ? s.m() : 1;
        long bRow = s.transB() ? 1 : s.n();
        long bCol = s.transB() ? s.k() : 1;
        Panels packed = !GemmDriver.packsConstantB(s.m()) ? null
                : packs.get(new WeightPacks.Key(bOff, s.n(), s.k(), bCol, bRow, GemmDriver.NR), (k0, kl, dst) ->
                        Packing.packB(b, bOff + k0 * bRow, bRow, bCol, 0, s.n(), kl, GemmDriver.NR, dst));
        GemmJob job = new GemmJob(1, mBegin, mEnd, nBegin, nEnd, s.k()) {
            @Override
            Strided strided(int batch) {
                return new Strided(a, aOff, aRow, aCol, b, bOff, bRow, bCol);
            }

            @Override
            Panels constantB() {
                return packed;
            }

            @Override
            void packA(int batch, int m0, int rows, int k0, int kl, int mr, float[] dst) {
                Packing.packA(a, aOff + k0 * aCol, aRow, aCol, m0, rows, kl, mr, dst);
            }

            @Override
            void packB(int batch, int n0, int cols, int k0, int kl, int nr, float[] dst) {
                Packing.packB(b, bOff + k0 * bRow, bRow, bCol, n0, cols, kl, nr, dst);
            }

            @Override
            void storeRow(int batch, int m, int n0, int cols, float[] sum, int off) {
                float add = 0f;
                MemorySegment col = null;
                long colByte = 0;
                if (s.hasC()) {
                    long cRow = cOff + (s.cRows() == 1 ? 0 : (long) m * s.cCols());
                    if (s.cCols() == 1) {
                        add = s.beta() * Mem.get(c, cRow);
                    } else {
                        col = c;
                        colByte = (cRow + n0) << 2;
                    }
                }
                GemmDriver.SIMD.storeRow(cols, sum, off, s.alpha(), add, col, colByte, s.beta(), s.act(), y,
                        (yOff + (long) m * s.n() + n0) << 2);
            }
        };
        if (s.m() <= GemmDriver.FEW_ROWS) {
            GemmDriver.runFewRows(job, pool);
        } else {
            GemmDriver.run(job, pool);
        }
    }
}
