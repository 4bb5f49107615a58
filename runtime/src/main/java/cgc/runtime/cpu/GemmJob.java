package cgc.runtime.cpu;

import java.lang.foreign.MemorySegment;

/**
 * One matrix product for {@link GemmDriver}: {@code batches} independent products {@code C = A·B}, each computing
 * rows {@code [mBegin, mEnd)} and columns {@code [nBegin, nEnd)} of its output, with reduction length {@code k}.
 * Subclasses say where A and B come from (strided matrices, or im2col of a convolution's input) and how a finished
 * row is stored (bias, scale, activation).
 */
abstract class GemmJob {
    final int batches;
    final int mBegin;
    final int mEnd;
    final int nBegin;
    final int nEnd;
    final int k;

    GemmJob(int batches, int mBegin, int mEnd, int nBegin, int nEnd, int k) {
        this.batches = batches;
        this.mBegin = mBegin;
        this.mEnd = mEnd;
        this.nBegin = nBegin;
        this.nEnd = nEnd;
        this.k = k;
    }

    /**
     * Packs rows {@code [m0, m0 + rows)} x reduction indices {@code [k0, k0 + kl)} of A into {@code dst}: consecutive
     * panels of {@code mr} rows, each laid out k-major ({@code dst[p * kl * mr + kk * mr + r]}), rows past the end
     * zero.
     */
    abstract void packA(int batch, int m0, int rows, int k0, int kl, int mr, float[] dst);

    /**
     * Packs reduction indices {@code [k0, k0 + kl)} x columns {@code [n0, n0 + cols)} of B into {@code dst}:
     * consecutive panels of {@code nr} columns, each laid out k-major ({@code dst[p * kl * nr + kk * nr + j]}),
     * columns past the end zero.
     */
    abstract void packB(int batch, int n0, int cols, int k0, int kl, int nr, float[] dst);

    /** A packed once for every batch and run (a constant operand: conv filters), or null to pack per block. */
    Panels constantA() {
        return null;
    }

    /** B packed once for every batch and run (a constant operand: Linear or Gemm weights), or null. */
    Panels constantB() {
        return null;
    }

    /**
     * B of one batch where the micro-kernel can read it in place (rows of contiguous columns: element (kk, j) at
     * {@code off + kk * row + j} of {@code b}), sparing the copy into panels; null where it cannot.
     */
    InPlace inPlaceB(int batch) {
        return null;
    }

    record InPlace(MemorySegment b, long off, long row) {}

    /**
     * Sets {@code out} to store the finished rows {@code [m, m + rows)} of one batch, from column n, straight from a
     * micro-kernel's registers (bias and clamp as {@link #storeRow} would apply them); false where this job stores
     * its rows only through {@link #storeRow} (an activation other than a clamp, a scale, a residual). The same
     * answer for every tile of a job.
     */
    boolean tileStore(int batch, int m, int rows, int n, TileStore out) {
        return false;
    }

    /**
     * A and B of one batch as strided matrices (element (i, kk) of A at {@code aOff + i * aRow + kk * aCol}, (kk, j)
     * of B at {@code bOff + kk * bRow + j * bCol}), for {@link GemmDriver#runFewRows}; null where there are none.
     */
    Strided strided(int batch) {
        return null;
    }

    record Strided(MemorySegment a, long aOff, long aRow, long aCol, MemorySegment b, long bOff, long bRow,
                   long bCol) {}

    /** Stores {@code sum[off .. off + cols)}, the finished products of row m, columns from n0, into the output. */
    abstract void storeRow(int batch, int m, int n0, int cols, float[] sum, int off);
}
