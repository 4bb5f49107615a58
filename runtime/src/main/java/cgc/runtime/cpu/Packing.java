package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/** Packs strided matrices into the panel layouts of {@link GemmJob#packA} and {@link GemmJob#packB}. */
final class Packing {
    private Packing() {}

    private static final Simd SIMD = Simd.INSTANCE;
    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[256]);

    /**
     * Packs rows {@code [m0, m0 + rows)} of the k-column matrix whose element (i, kk) is at element offset
     * {@code off + i * rowStride + kk * colStride}.
     */
    static void packA(MemorySegment seg, long off, long rowStride, long colStride, int m0, int rows, int k, int mr,
                      float[] dst) {
        int d = 0;
        float[] row = colStride == 1 ? row(k) : null;
        for (int p = 0; p < rows; p += mr) {
            int h = Math.min(mr, rows - p);
            if (h < mr) {
                Arrays.fill(dst, d, d + k * mr, 0f);
            }
            for (int r = 0; r < h; r++) {
                long base = (off + (long) (m0 + p + r) * rowStride) << 2;
                if (row != null) {                    // a contiguous row: one bulk read, then a strided write
                    MemorySegment.copy(seg, F, base, row, 0, k);
                    for (int kk = 0; kk < k; kk++) {
                        dst[d + kk * mr + r] = row[kk];
                    }
                } else {
                    long step = colStride << 2;
                    for (int kk = 0; kk < k; kk++) {
                        dst[d + kk * mr + r] = seg.get(F, base + kk * step);
                    }
                }
            }
            d += k * mr;
        }
    }

    /**
     * Packs columns {@code [n0, n0 + cols)} of the k-row matrix whose element (kk, j) is at element offset
     * {@code off + kk * rowStride + j * colStride}.
     */
    static void packB(MemorySegment seg, long off, long rowStride, long colStride, int n0, int cols, int k, int nr,
                      float[] dst) {
        if (rowStride == 1 && colStride != 1) {       // Bᵀ stored row-major: each column is contiguous
            packTransposedB(seg, off, colStride, n0, cols, k, nr, dst);
            return;
        }
        int d = 0;
        for (int p = 0; p < cols; p += nr) {
            int w = Math.min(nr, cols - p);
            long col0 = off + (long) (n0 + p) * colStride;
            for (int kk = 0; kk < k; kk++) {
                long e = col0 + kk * rowStride;
                int o = d + kk * nr;
                if (colStride == 1) {
                    SIMD.load(w, seg, e << 2, dst, o);
                } else {
                    for (int j = 0; j < w; j++) {
                        dst[o + j] = seg.get(F, (e + j * colStride) << 2);
                    }
                }
                if (w < nr) {
                    Arrays.fill(dst, o + w, o + nr, 0f);
                }
            }
            d += k * nr;
        }
    }

    /** {@link #packB} for a B whose columns are contiguous: one bulk read per column, then a transposing copy. */
    private static void packTransposedB(MemorySegment seg, long off, long colStride, int n0, int cols, int k, int nr,
                                        float[] dst) {
        float[] panel = row(nr * k);                  // the panel's columns, one after another
        int d = 0;
        for (int p = 0; p < cols; p += nr) {
            int w = Math.min(nr, cols - p);
            if (w < nr) {
                Arrays.fill(dst, d, d + k * nr, 0f);
            }
            for (int j = 0; j < w; j++) {
                MemorySegment.copy(seg, F, (off + (long) (n0 + p + j) * colStride) << 2, panel, j * k, k);
            }
            SIMD.transpose(k, w, panel, k, dst, d, nr);
            d += k * nr;
        }
    }

    /** This thread's scratch row of at least n floats. */
    private static float[] row(int n) {
        float[] r = ROW.get();
        if (r.length < n) {
            r = new float[n];
            ROW.set(r);
        }
        return r;
    }
}
