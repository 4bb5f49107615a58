package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Simd} on the Vector API with {@link FloatVector#SPECIES_PREFERRED}. The only class that touches
 * {@code jdk.incubator.vector}; {@link Simd#select} loads it by name when the module is present.
 */
final class VectorSimd implements Simd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * Rows of the micro-kernel's tile: 8 where the vectors are 512 bits (AVX-512 has 32 vector registers), 4 where
     * they are narrower. With AVX2's 16 registers, 8 rows x 2 vectors of accumulators plus B and the broadcasts do not
     * fit: C2 spills accumulators, and a spilled one's chain through memory (fma, store, reload) bounds every step of
     * k at twice its fmas' time. Measured in L1 on an AVX2 AMD EPYC (k 256, one thread): 8x16 36-46 GFLOP/s, 6x16
     * 32-34 (still one spill), 4x16 48-83, in the same runs. {@code -Dcgc.gemm.mr=8|4} overrides it, for measuring.
     */
    private static final int MR = Integer.getInteger("cgc.gemm.mr", L >= 16 ? 8 : 4) == 4 ? 4 : 8;
    private static final int NR = 2 * L;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();


    @Override
    public String name() {
        return "vector(" + S.vectorBitSize() + " bits)";
    }

    @Override
    public int lanes() {
        return L;
    }

    /**
     * Four rows at a time, all columns of those rows before the next four (their input rows stay in L1): four
     * independent fma chains hide the fma latency even when a row is one vector.
     */
    /*
     * Rows are written whole vectors at a time into out, with row stride ow: a row's last vector runs into the next
     * row's first lanes, so each row's vectors are stored last to first and rows in order, and the next row's own
     * stores overwrite the spill. (Storing finished vectors straight into the arena instead costs a segment access
     * check per vector: 2.7x slower, measured.)
     */
    @Override
    public void depthwiseRows(int rows, int rowStep, int ow, float[] p, int[] taps, float[] w, float[] out) {
        if (taps.length == 9) {
            depthwiseRows9(rows, rowStep, ow, p, taps, w, out);
            return;
        }
        int last = (ow - 1) / L * L;
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            for (int o = last; o >= 0; o -= L) {
                FloatVector a0 = FloatVector.zero(S);
                FloatVector a1 = FloatVector.zero(S);
                FloatVector a2 = FloatVector.zero(S);
                FloatVector a3 = FloatVector.zero(S);
                int base = r * rowStep + o;
                for (int t = 0; t < taps.length; t++) {
                    FloatVector wt = FloatVector.broadcast(S, w[t]);
                    int at = taps[t] + base;
                    a0 = FloatVector.fromArray(S, p, at).fma(wt, a0);
                    a1 = FloatVector.fromArray(S, p, at + rowStep).fma(wt, a1);
                    a2 = FloatVector.fromArray(S, p, at + 2 * rowStep).fma(wt, a2);
                    a3 = FloatVector.fromArray(S, p, at + 3 * rowStep).fma(wt, a3);
                }
                a0.intoArray(out, r * ow + o);
                a1.intoArray(out, (r + 1) * ow + o);
                a2.intoArray(out, (r + 2) * ow + o);
                a3.intoArray(out, (r + 3) * ow + o);
            }
        }
        for (; r < rows; r++) {
            for (int o = last; o >= 0; o -= L) {
                FloatVector acc = FloatVector.zero(S);
                for (int t = 0; t < taps.length; t++) {
                    FloatVector wt = FloatVector.broadcast(S, w[t]);
                    acc = FloatVector.fromArray(S, p, taps[t] + r * rowStep + o).fma(wt, acc);
                }
                acc.intoArray(out, r * ow + o);
            }
        }
    }

    /**
     * {@link #depthwiseRows} for 3x3 filters (nearly all depthwise layers): the nine weights stay in registers and
     * the taps are unrolled, which the JIT does not do for a loop whose trip count it cannot see (measured 2.3x).
     */
    private void depthwiseRows9(int rows, int rowStep, int ow, float[] p, int[] taps, float[] w, float[] out) {
        FloatVector w0 = FloatVector.broadcast(S, w[0]);
        FloatVector w1 = FloatVector.broadcast(S, w[1]);
        FloatVector w2 = FloatVector.broadcast(S, w[2]);
        FloatVector w3 = FloatVector.broadcast(S, w[3]);
        FloatVector w4 = FloatVector.broadcast(S, w[4]);
        FloatVector w5 = FloatVector.broadcast(S, w[5]);
        FloatVector w6 = FloatVector.broadcast(S, w[6]);
        FloatVector w7 = FloatVector.broadcast(S, w[7]);
        FloatVector w8 = FloatVector.broadcast(S, w[8]);
        int t0 = taps[0], t1 = taps[1], t2 = taps[2], t3 = taps[3], t4 = taps[4], t5 = taps[5], t6 = taps[6];
        int t7 = taps[7], t8 = taps[8];
        int last = (ow - 1) / L * L;
        for (int r = 0; r < rows; r++) {
            for (int o = last; o >= 0; o -= L) {
                int b0 = r * rowStep + o;
                FloatVector a0 = FloatVector.fromArray(S, p, b0 + t0).mul(w0);
                a0 = FloatVector.fromArray(S, p, b0 + t1).fma(w1, a0);
                a0 = FloatVector.fromArray(S, p, b0 + t2).fma(w2, a0);
                a0 = FloatVector.fromArray(S, p, b0 + t3).fma(w3, a0);
                a0 = FloatVector.fromArray(S, p, b0 + t4).fma(w4, a0);
                a0 = FloatVector.fromArray(S, p, b0 + t5).fma(w5, a0);
                a0 = FloatVector.fromArray(S, p, b0 + t6).fma(w6, a0);
                a0 = FloatVector.fromArray(S, p, b0 + t7).fma(w7, a0);
                a0 = FloatVector.fromArray(S, p, b0 + t8).fma(w8, a0);
                a0.intoArray(out, r * ow + o);
            }
        }
    }

    @Override
    public void depthwiseFlat(int n, int w, float[] p, int[] taps, int kw, long[][] valid, float[] wt,
                              float[] out) {
        if (taps.length == 9 && kw == 3) {
            depthwiseFlat9(n, w, p, taps, valid, wt, out);
            return;
        }
        int kh = taps.length / kw;
        // col steps by L mod w with a compare, not a division
        int step = L % w;
        for (int q = 0, col = 0; q < n; q += L, col = col + step < w ? col + step : col + step - w) {
            FloatVector sum = FloatVector.zero(S);
            for (int kx = 0; kx < kw; kx++) {
                FloatVector column = FloatVector.zero(S);
                for (int ky = 0; ky < kh; ky++) {
                    int t = ky * kw + kx;
                    column = FloatVector.fromArray(S, p, taps[t] + q).fma(FloatVector.broadcast(S, wt[t]), column);
                }
                sum = sum.add(column, VectorMask.fromLong(S, valid[kx][col]));
            }
            sum.intoArray(out, q);
        }
    }

    @Override
    public void depthwiseFlatStore(int n, int w, float[] p, int[] taps, int kw, long[][] valid, float[] wt,
                                   float bias, Act act, float[] out, MemorySegment dst, long dstByte) {
        boolean clamp = act.isClamp();
        if (taps.length != 9 || kw != 3 || !clamp) {
            Simd.super.depthwiseFlatStore(n, w, p, taps, kw, valid, wt, bias, act, out, dst, dstByte);
            return;
        }
        // as storeRow: plus the bias (x * 1 + bias, exact as an add), then max and min
        float lo = act.clampLow();
        float hi = act.clampHigh();
        FloatVector w0 = FloatVector.broadcast(S, wt[0]);
        FloatVector w1 = FloatVector.broadcast(S, wt[1]);
        FloatVector w2 = FloatVector.broadcast(S, wt[2]);
        FloatVector w3 = FloatVector.broadcast(S, wt[3]);
        FloatVector w4 = FloatVector.broadcast(S, wt[4]);
        FloatVector w5 = FloatVector.broadcast(S, wt[5]);
        FloatVector w6 = FloatVector.broadcast(S, wt[6]);
        FloatVector w7 = FloatVector.broadcast(S, wt[7]);
        FloatVector w8 = FloatVector.broadcast(S, wt[8]);
        int t0 = taps[0], t1 = taps[1], t2 = taps[2], t3 = taps[3], t4 = taps[4], t5 = taps[5], t6 = taps[6];
        int t7 = taps[7], t8 = taps[8];
        long[] v0 = valid[0], v1 = valid[1], v2 = valid[2];
        FloatVector zero = FloatVector.zero(S);
        int step = L % w;
        for (int q = 0, col = 0; q < n; q += L, col = col + step < w ? col + step : col + step - w) {
            FloatVector c0 = FloatVector.fromArray(S, p, q + t0).mul(w0);
            c0 = FloatVector.fromArray(S, p, q + t3).fma(w3, c0);
            c0 = FloatVector.fromArray(S, p, q + t6).fma(w6, c0);
            FloatVector c1 = FloatVector.fromArray(S, p, q + t1).mul(w1);
            c1 = FloatVector.fromArray(S, p, q + t4).fma(w4, c1);
            c1 = FloatVector.fromArray(S, p, q + t7).fma(w7, c1);
            FloatVector c2 = FloatVector.fromArray(S, p, q + t2).mul(w2);
            c2 = FloatVector.fromArray(S, p, q + t5).fma(w5, c2);
            c2 = FloatVector.fromArray(S, p, q + t8).fma(w8, c2);
            FloatVector v = zero.add(c0, VectorMask.fromLong(S, v0[col])).add(c1, VectorMask.fromLong(S, v1[col]))
                    .add(c2, VectorMask.fromLong(S, v2[col])).add(bias).max(lo).min(hi);
            if (q + L <= n) {
                v.intoMemorySegment(dst, dstByte + 4L * q, NATIVE);
            } else {
                v.intoMemorySegment(dst, dstByte + 4L * q, NATIVE, S.indexInRange(q, n));
            }
        }
    }

    /*
     * The same loop as the array one above, reading a segment: one loop over segments for both, the arrays wrapped
     * with MemorySegment.ofArray, ran 2–3x slower (heap and native segments through one access site, measured).
     */
    @Override
    public boolean depthwiseFlatStore(int n, int w, MemorySegment src, long srcByte, int[] taps, int kw,
                                      long[][] valid, float[] wt, float bias, Act act, MemorySegment dst,
                                      long dstByte) {
        boolean clamp = act.isClamp();
        if (taps.length != 9 || kw != 3 || !clamp || n <= 0) {
            return false;
        }
        int least = Integer.MAX_VALUE, most = Integer.MIN_VALUE;
        for (int t : taps) {
            least = Math.min(least, t);
            most = Math.max(most, t);
        }
        // every vector read, the last one's lanes past n included
        if (srcByte + 4L * least < 0 || srcByte + 4L * ((n - 1) / L * L + most + L) > src.byteSize()) {
            return false;
        }
        float lo = act.clampLow();
        float hi = act.clampHigh();
        FloatVector w0 = FloatVector.broadcast(S, wt[0]);
        FloatVector w1 = FloatVector.broadcast(S, wt[1]);
        FloatVector w2 = FloatVector.broadcast(S, wt[2]);
        FloatVector w3 = FloatVector.broadcast(S, wt[3]);
        FloatVector w4 = FloatVector.broadcast(S, wt[4]);
        FloatVector w5 = FloatVector.broadcast(S, wt[5]);
        FloatVector w6 = FloatVector.broadcast(S, wt[6]);
        FloatVector w7 = FloatVector.broadcast(S, wt[7]);
        FloatVector w8 = FloatVector.broadcast(S, wt[8]);
        long t0 = srcByte + 4L * taps[0], t1 = srcByte + 4L * taps[1], t2 = srcByte + 4L * taps[2];
        long t3 = srcByte + 4L * taps[3], t4 = srcByte + 4L * taps[4], t5 = srcByte + 4L * taps[5];
        long t6 = srcByte + 4L * taps[6], t7 = srcByte + 4L * taps[7], t8 = srcByte + 4L * taps[8];
        long[] v0 = valid[0], v1 = valid[1], v2 = valid[2];
        FloatVector zero = FloatVector.zero(S);
        int step = L % w;
        for (int q = 0, col = 0; q < n; q += L, col = col + step < w ? col + step : col + step - w) {
            long b = 4L * q;
            FloatVector c0 = FloatVector.fromMemorySegment(S, src, b + t0, NATIVE).mul(w0);
            c0 = FloatVector.fromMemorySegment(S, src, b + t3, NATIVE).fma(w3, c0);
            c0 = FloatVector.fromMemorySegment(S, src, b + t6, NATIVE).fma(w6, c0);
            FloatVector c1 = FloatVector.fromMemorySegment(S, src, b + t1, NATIVE).mul(w1);
            c1 = FloatVector.fromMemorySegment(S, src, b + t4, NATIVE).fma(w4, c1);
            c1 = FloatVector.fromMemorySegment(S, src, b + t7, NATIVE).fma(w7, c1);
            FloatVector c2 = FloatVector.fromMemorySegment(S, src, b + t2, NATIVE).mul(w2);
            c2 = FloatVector.fromMemorySegment(S, src, b + t5, NATIVE).fma(w5, c2);
            c2 = FloatVector.fromMemorySegment(S, src, b + t8, NATIVE).fma(w8, c2);
            FloatVector v = zero.add(c0, VectorMask.fromLong(S, v0[col])).add(c1, VectorMask.fromLong(S, v1[col]))
                    .add(c2, VectorMask.fromLong(S, v2[col])).add(bias).max(lo).min(hi);
            if (q + L <= n) {
                v.intoMemorySegment(dst, dstByte + 4L * q, NATIVE);
            } else {
                v.intoMemorySegment(dst, dstByte + 4L * q, NATIVE, S.indexInRange(q, n));
            }
        }
        return true;
    }

    /** {@link #depthwiseFlat} for 3x3 filters, unrolled with the weights in registers (as depthwiseRows9). */
    private void depthwiseFlat9(int n, int w, float[] p, int[] taps, long[][] valid, float[] wt, float[] out) {
        FloatVector w0 = FloatVector.broadcast(S, wt[0]);
        FloatVector w1 = FloatVector.broadcast(S, wt[1]);
        FloatVector w2 = FloatVector.broadcast(S, wt[2]);
        FloatVector w3 = FloatVector.broadcast(S, wt[3]);
        FloatVector w4 = FloatVector.broadcast(S, wt[4]);
        FloatVector w5 = FloatVector.broadcast(S, wt[5]);
        FloatVector w6 = FloatVector.broadcast(S, wt[6]);
        FloatVector w7 = FloatVector.broadcast(S, wt[7]);
        FloatVector w8 = FloatVector.broadcast(S, wt[8]);
        int t0 = taps[0], t1 = taps[1], t2 = taps[2], t3 = taps[3], t4 = taps[4], t5 = taps[5], t6 = taps[6];
        int t7 = taps[7], t8 = taps[8];
        long[] v0 = valid[0], v1 = valid[1], v2 = valid[2];
        FloatVector zero = FloatVector.zero(S);
        // col steps by L mod w with a compare, not a division
        int step = L % w;
        for (int q = 0, col = 0; q < n; q += L, col = col + step < w ? col + step : col + step - w) {
            FloatVector c0 = FloatVector.fromArray(S, p, q + t0).mul(w0);
            c0 = FloatVector.fromArray(S, p, q + t3).fma(w3, c0);
            c0 = FloatVector.fromArray(S, p, q + t6).fma(w6, c0);
            FloatVector c1 = FloatVector.fromArray(S, p, q + t1).mul(w1);
            c1 = FloatVector.fromArray(S, p, q + t4).fma(w4, c1);
            c1 = FloatVector.fromArray(S, p, q + t7).fma(w7, c1);
            FloatVector c2 = FloatVector.fromArray(S, p, q + t2).mul(w2);
            c2 = FloatVector.fromArray(S, p, q + t5).fma(w5, c2);
            c2 = FloatVector.fromArray(S, p, q + t8).fma(w8, c2);
            zero.add(c0, VectorMask.fromLong(S, v0[col])).add(c1, VectorMask.fromLong(S, v1[col]))
                    .add(c2, VectorMask.fromLong(S, v2[col])).intoArray(out, q);
        }
    }

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public void microKernel(int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
                            boolean accumulate, TileStore out) {
        if (MR == 4) {
            kernel4(k, a, aOff, b, bOff, null, 0, 0, c, cOff, ldc, accumulate, out);
        } else {
            kernel(k, a, aOff, b, bOff, null, 0, 0, c, cOff, ldc, accumulate, out);
        }
    }

    @Override
    public void microKernel(int k, float[] a, int aOff, MemorySegment b, long bByte, long ldbByte, float[] c, int cOff,
                            int ldc, boolean accumulate, TileStore out) {
        if (MR == 4) {
            kernel4(k, a, aOff, null, 0, b, bByte, ldbByte, c, cOff, ldc, accumulate, out);
        } else {
            kernel(k, a, aOff, null, 0, b, bByte, ldbByte, c, cOff, ldc, accumulate, out);
        }
    }

    /**
     * Columns of a narrow last tile computed two at a time with vectors along the rows (A's panels), rather than as
     * the whole tile. With 8 rows, a whole tile's step of k is 16 fmas, 8 cycles on two fma ports; a pair of columns
     * over four row tiles is 8 half-width fmas, one cycle a tile, so up to 8 columns (four passes) take at most half
     * the whole tile's time, on 8- and 16-float vectors alike. One thread, AVX2, 8 rows (bench/gemm/NarrowTiles.java,
     * k 384, 64 rows, whole tile 17 µs): 1–2 columns 5.4–7.5x its speed, 4 columns 2.5–4.2x, 8 columns 2.1x. With
     * 4 rows the pairs run on 4-float vectors against a whole tile twice as fast: 1–3 columns 1.5–2.8x, 4 columns
     * 1.3x, 5–6 columns 0.9x, so the limit is 4 there. With 8 rows the kernel alone is as fast on the GPU machine's
     * AVX-512 cores (1–2 columns 4.7x, 4 columns 1.9–2.4x), yet MobileNetV2 on two of them ran 1.28–1.37x slower with
     * it: interleaved in one JVM, on and off ran alike slowly while the path was compiled into the block loop, so
     * it is that compiled loop, not the tails' work (bench/NOTES.md, session 16). With 8 rows it is off, and C2
     * prunes the never-taken branch. {@code -Dcgc.gemm.narrow-columns=N}
     * moves the limit, for measuring.
     */
    private static final int FEW_COLUMNS = Math.min(NR - 1, Integer.getInteger("cgc.gemm.narrow-columns",
            MR == 8 ? 0 : 4));
    /** A row tile's MR rows as one vector, for those columns. */
    private static final VectorSpecies<Float> ROWS = MR == 8 ? FloatVector.SPECIES_256 : FloatVector.SPECIES_128;

    @Override
    public boolean narrowPays(int cols) {
        return cols <= FEW_COLUMNS;
    }

    @Override
    public void narrowKernel(int k, int rows, int cols, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                             int ldc, boolean accumulate) {
        float[] column = new float[MR];                         // a tile's column between c and a vector
        for (int j = 0; j < cols; j += 2) {
            // four row tiles at a time: one tile's column alone is a single fma chain, bound by the fma's latency
            for (int i = 0; i < rows; i += 4 * MR) {
                columnPairs(k, Math.min(4, (rows - i + MR - 1) / MR), a, aOff + i * k, k * MR, b, bOff + j,
                        j + 1 < cols ? 1 : 0, c, cOff + i * ldc + j, ldc, accumulate, column);
            }
        }
    }

    /**
     * Two columns ({@code second} 1) or one (0: the pair is the column twice, the same bits written twice) of {@code
     * tiles} (1 to 4) row tiles, A's panels {@code panel} floats apart, each tile's MR rows as one vector: a step of k
     * is the packed A panel's row times one element of B, the fma the micro-kernel does for each of those elements
     * (a * b + c, exact before rounding either way). Eight chains always, fewer tiles repeating the last: one chain
     * alone waits on the fma's latency.
     */
    private static void columnPairs(int k, int tiles, float[] a, int aOff, int panel, float[] b, int bOff, int second,
                                    float[] c, int cOff, int ldc, boolean accumulate, float[] column) {
        int p1 = Math.min(1, tiles - 1) * panel, p2 = Math.min(2, tiles - 1) * panel, p3 = (tiles - 1) * panel;
        int r1 = Math.min(1, tiles - 1) * MR * ldc, r2 = Math.min(2, tiles - 1) * MR * ldc;
        int r3 = (tiles - 1) * MR * ldc;
        int dOff = cOff + second;
        FloatVector c0 = rowsOf(c, cOff, ldc, accumulate, column);
        FloatVector c1 = rowsOf(c, cOff + r1, ldc, accumulate, column);
        FloatVector c2 = rowsOf(c, cOff + r2, ldc, accumulate, column);
        FloatVector c3 = rowsOf(c, cOff + r3, ldc, accumulate, column);
        FloatVector d0 = rowsOf(c, dOff, ldc, accumulate, column);
        FloatVector d1 = rowsOf(c, dOff + r1, ldc, accumulate, column);
        FloatVector d2 = rowsOf(c, dOff + r2, ldc, accumulate, column);
        FloatVector d3 = rowsOf(c, dOff + r3, ldc, accumulate, column);
        for (int kk = 0; kk < k; kk++) {
            int ao = aOff + kk * MR;
            FloatVector x = FloatVector.broadcast(ROWS, b[bOff + kk * NR]);
            FloatVector y = FloatVector.broadcast(ROWS, b[bOff + kk * NR + second]);
            FloatVector a0 = FloatVector.fromArray(ROWS, a, ao);
            FloatVector a1 = FloatVector.fromArray(ROWS, a, ao + p1);
            FloatVector a2 = FloatVector.fromArray(ROWS, a, ao + p2);
            FloatVector a3 = FloatVector.fromArray(ROWS, a, ao + p3);
            c0 = a0.fma(x, c0);
            c1 = a1.fma(x, c1);
            c2 = a2.fma(x, c2);
            c3 = a3.fma(x, c3);
            d0 = a0.fma(y, d0);
            d1 = a1.fma(y, d1);
            d2 = a2.fma(y, d2);
            d3 = a3.fma(y, d3);
        }
        // repeated tiles and a repeated column hold the same bits as the ones they repeat
        toRows(c0, c, cOff, ldc, column);
        toRows(c1, c, cOff + r1, ldc, column);
        toRows(c2, c, cOff + r2, ldc, column);
        toRows(c3, c, cOff + r3, ldc, column);
        toRows(d0, c, dOff, ldc, column);
        toRows(d1, c, dOff + r1, ldc, column);
        toRows(d2, c, dOff + r2, ldc, column);
        toRows(d3, c, dOff + r3, ldc, column);
    }

    /**
     * The column at c[cOff] of MR rows ldc apart as a vector, or zeros; through {@code column}, not lane by lane (a
     * lane index C2 does not see as a constant leaves the Vector API's slow path, measured 1.2x slower layers).
     */
    private static FloatVector rowsOf(float[] c, int cOff, int ldc, boolean accumulate, float[] column) {
        if (!accumulate) {
            return FloatVector.zero(ROWS);
        }
        for (int r = 0; r < MR; r++) {
            column[r] = c[cOff + r * ldc];
        }
        return FloatVector.fromArray(ROWS, column, 0);
    }

    private static void toRows(FloatVector v, float[] c, int cOff, int ldc, float[] column) {
        v.intoArray(column, 0);
        for (int r = 0; r < MR; r++) {
            c[cOff + r * ldc] = column[r];
        }
    }

    /**
     * 8 rows x 2 vectors of accumulators, 16 FMAs per step of k; with AVX-512's 32 registers every accumulator
     * stays in one. Measured in L1 on AVX-512: 6 rows 136, 8 rows 161, 10 rows 164, 12 rows 150 GFLOP/s of a 194 peak; 8 divides the
     * usual channel counts. B comes from the packed array or, when that is null, in place from the segment: a
     * test C2 hoists out of the loop (unswitching), so each caller gets the loop it needs.
     */
    private static void kernel(int k, float[] a, int aOff, float[] b, int bOff, MemorySegment bs, long bByte,
                               long ldbByte, float[] c, int cOff, int ldc, boolean accumulate, TileStore out) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, cOff + 0 * ldc);
            c01 = FloatVector.fromArray(S, c, cOff + 0 * ldc + L);
            c10 = FloatVector.fromArray(S, c, cOff + 1 * ldc);
            c11 = FloatVector.fromArray(S, c, cOff + 1 * ldc + L);
            c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + L);
            c50 = FloatVector.fromArray(S, c, cOff + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, cOff + 5 * ldc + L);
            c60 = FloatVector.fromArray(S, c, cOff + 6 * ldc);
            c61 = FloatVector.fromArray(S, c, cOff + 6 * ldc + L);
            c70 = FloatVector.fromArray(S, c, cOff + 7 * ldc);
            c71 = FloatVector.fromArray(S, c, cOff + 7 * ldc + L);
        } else {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = FloatVector.zero(S);
        }
        for (int kk = 0; kk < k; kk++) {
            int ao = aOff + kk * MR;                     // linear in kk, so C2 can hoist the range checks
            FloatVector b0;
            FloatVector b1;
            if (b != null) {
                int bo = bOff + kk * NR;
                b0 = FloatVector.fromArray(S, b, bo);
                b1 = FloatVector.fromArray(S, b, bo + L);
            } else {
                long bo = bByte + kk * ldbByte;
                b0 = FloatVector.fromMemorySegment(S, bs, bo, NATIVE);
                b1 = FloatVector.fromMemorySegment(S, bs, bo + 4L * L, NATIVE);
            }
            FloatVector x = FloatVector.broadcast(S, a[ao + 0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ao + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ao + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ao + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ao + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        if (out != null) {
            // stored here, not through a helper: the vectors would be boxed wherever C2 declined to inline it
            MemorySegment y = out.y;
            long at = out.yByte;
            long ld = out.ldyByte;
            int rows = out.rows;
            float[] bias = out.bias;
            FloatVector lo = FloatVector.broadcast(S, out.lo);
            FloatVector hi = FloatVector.broadcast(S, out.hi);
            c00.add(bias[0]).max(lo).min(hi).intoMemorySegment(y, at + 0 * ld, NATIVE);
            c01.add(bias[0]).max(lo).min(hi).intoMemorySegment(y, at + 0 * ld + 4L * L, NATIVE);
            if (rows > 1) {
                c10.add(bias[1]).max(lo).min(hi).intoMemorySegment(y, at + 1 * ld, NATIVE);
                c11.add(bias[1]).max(lo).min(hi).intoMemorySegment(y, at + 1 * ld + 4L * L, NATIVE);
            }
            if (rows > 2) {
                c20.add(bias[2]).max(lo).min(hi).intoMemorySegment(y, at + 2 * ld, NATIVE);
                c21.add(bias[2]).max(lo).min(hi).intoMemorySegment(y, at + 2 * ld + 4L * L, NATIVE);
            }
            if (rows > 3) {
                c30.add(bias[3]).max(lo).min(hi).intoMemorySegment(y, at + 3 * ld, NATIVE);
                c31.add(bias[3]).max(lo).min(hi).intoMemorySegment(y, at + 3 * ld + 4L * L, NATIVE);
            }
            if (rows > 4) {
                c40.add(bias[4]).max(lo).min(hi).intoMemorySegment(y, at + 4 * ld, NATIVE);
                c41.add(bias[4]).max(lo).min(hi).intoMemorySegment(y, at + 4 * ld + 4L * L, NATIVE);
            }
            if (rows > 5) {
                c50.add(bias[5]).max(lo).min(hi).intoMemorySegment(y, at + 5 * ld, NATIVE);
                c51.add(bias[5]).max(lo).min(hi).intoMemorySegment(y, at + 5 * ld + 4L * L, NATIVE);
            }
            if (rows > 6) {
                c60.add(bias[6]).max(lo).min(hi).intoMemorySegment(y, at + 6 * ld, NATIVE);
                c61.add(bias[6]).max(lo).min(hi).intoMemorySegment(y, at + 6 * ld + 4L * L, NATIVE);
            }
            if (rows > 7) {
                c70.add(bias[7]).max(lo).min(hi).intoMemorySegment(y, at + 7 * ld, NATIVE);
                c71.add(bias[7]).max(lo).min(hi).intoMemorySegment(y, at + 7 * ld + 4L * L, NATIVE);
            }
            return;
        }
        c00.intoArray(c, cOff + 0 * ldc);
        c01.intoArray(c, cOff + 0 * ldc + L);
        c10.intoArray(c, cOff + 1 * ldc);
        c11.intoArray(c, cOff + 1 * ldc + L);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + L);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + L);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + L);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + L);
        c60.intoArray(c, cOff + 6 * ldc);
        c61.intoArray(c, cOff + 6 * ldc + L);
        c70.intoArray(c, cOff + 7 * ldc);
        c71.intoArray(c, cOff + 7 * ldc + L);
    }


    /**
     * {@link #kernel} with 4 rows (see {@link #MR}): 4 rows x 2 vectors of accumulators, 8 FMAs per step of k, all in
     * registers with AVX2's 16.
     */
    private static void kernel4(int k, float[] a, int aOff, float[] b, int bOff, MemorySegment bs, long bByte,
                                long ldbByte, float[] c, int cOff, int ldc, boolean accumulate, TileStore out) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, cOff);
            c01 = FloatVector.fromArray(S, c, cOff + L);
            c10 = FloatVector.fromArray(S, c, cOff + ldc);
            c11 = FloatVector.fromArray(S, c, cOff + ldc + L);
            c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + L);
        } else {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = FloatVector.zero(S);
        }
        long bo = bByte;                                   // B in place: one add a step, not a multiply
        for (int kk = 0; kk < k; kk++, bo += ldbByte) {
            int ao = aOff + kk * 4;
            FloatVector b0;
            FloatVector b1;
            if (b != null) {
                int bi = bOff + kk * NR;
                b0 = FloatVector.fromArray(S, b, bi);
                b1 = FloatVector.fromArray(S, b, bi + L);
            } else {
                b0 = FloatVector.fromMemorySegment(S, bs, bo, NATIVE);
                b1 = FloatVector.fromMemorySegment(S, bs, bo + 4L * L, NATIVE);
            }
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        if (out != null) {
            MemorySegment y = out.y;
            long at = out.yByte;
            long ld = out.ldyByte;
            int rows = out.rows;
            float[] bias = out.bias;
            FloatVector lo = FloatVector.broadcast(S, out.lo);
            FloatVector hi = FloatVector.broadcast(S, out.hi);
            c00.add(bias[0]).max(lo).min(hi).intoMemorySegment(y, at, NATIVE);
            c01.add(bias[0]).max(lo).min(hi).intoMemorySegment(y, at + 4L * L, NATIVE);
            if (rows > 1) {
                c10.add(bias[1]).max(lo).min(hi).intoMemorySegment(y, at + ld, NATIVE);
                c11.add(bias[1]).max(lo).min(hi).intoMemorySegment(y, at + ld + 4L * L, NATIVE);
            }
            if (rows > 2) {
                c20.add(bias[2]).max(lo).min(hi).intoMemorySegment(y, at + 2 * ld, NATIVE);
                c21.add(bias[2]).max(lo).min(hi).intoMemorySegment(y, at + 2 * ld + 4L * L, NATIVE);
            }
            if (rows > 3) {
                c30.add(bias[3]).max(lo).min(hi).intoMemorySegment(y, at + 3 * ld, NATIVE);
                c31.add(bias[3]).max(lo).min(hi).intoMemorySegment(y, at + 3 * ld + 4L * L, NATIVE);
            }
            return;
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + L);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + L);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + L);
    }

    @Override
    public void residualTile(TileStore out) {
        FloatVector lo = FloatVector.broadcast(S, out.resLo);
        FloatVector hi = FloatVector.broadcast(S, out.resHi);
        for (int r = 0; r < out.rows; r++) {
            for (int v = 0; v < NR; v += L) {
                long y = out.yByte + r * out.ldyByte + 4L * v;
                long res = out.resByte + r * out.ldyByte + 4L * v;
                FloatVector.fromMemorySegment(S, out.y, y, NATIVE)
                        .add(FloatVector.fromMemorySegment(S, out.res, res, NATIVE)).max(lo).min(hi)
                        .intoMemorySegment(out.y, y, NATIVE);
            }
        }
    }

    // Tails run as masked vectors, never as scalar code: an element then gets the same arithmetic wherever a split
    // puts it in a row, so parts of an output computed separately equal the whole bit for bit. Main loops stay
    // unmasked (masked memory access is slower), so each method has its body once, in a lambda-free helper.

    @Override
    public void storeRow(int n, float[] src, int srcOff, float alpha, float add, MemorySegment col, long colByte,
                         float colScale, Act act, MemorySegment dst, long dstByte) {
        // The common activations (none, relu, relu6) are clamps, applied inline: a call that passes a vector
        // would box it wherever the JIT declines to inline, which costs an allocation per vector.
        boolean clamp = act.isClamp();
        if (!clamp) {
            // the others in a second pass over the row just stored (in L1), with a loop of their own: inside this
            // loop, a call to apply(act, v) that C2 did not inline boxed every vector, the clamps' too (10x)
            storeRow(n, src, srcOff, alpha, add, col, colByte, colScale, Act.NONE, dst, dstByte);
            act(act, n, dst, dstByte, dst, dstByte);
            return;
        }
        float lo = act.clampLow();
        float hi = act.clampHigh();
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, src, srcOff + i).fma(alpha, add);
            if (col != null) {
                v = FloatVector.fromMemorySegment(S, col, colByte + 4L * i, NATIVE)
                        .fma(FloatVector.broadcast(S, colScale), v);
            }
            v.max(lo).min(hi).intoMemorySegment(dst, dstByte + 4L * i, NATIVE);
        }
        if (i < n) {
            // The tail as one whole vector (the same arithmetic as the body), read unmasked where the source has
            // room (masked access pays a lane-by-lane bounds check where the vector crosses the end) and written back
            // with a masked store (a single instruction, measured 10% of MobileNetV2 when written lane by lane).
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = srcOff + i + L <= src.length ? FloatVector.fromArray(S, src, srcOff + i)
                    : FloatVector.fromArray(S, src, srcOff + i, m);
            v = v.fma(alpha, add);
            if (col != null) {
                long at = colByte + 4L * i;
                v = (at + 4L * L <= col.byteSize() ? FloatVector.fromMemorySegment(S, col, at, NATIVE)
                        : FloatVector.fromMemorySegment(S, col, at, NATIVE, m)).fma(FloatVector.broadcast(S, colScale), v);
            }
            v.max(lo).min(hi).intoMemorySegment(dst, dstByte + 4L * i, NATIVE, m);
        }
    }

    @Override
    public void axpy(int n, float a, MemorySegment x, long xByte, float[] y, int yOff) {
        FloatVector va = FloatVector.broadcast(S, a);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromMemorySegment(S, x, xByte + 4L * i, NATIVE)
                    .fma(va, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(a, x.get(F, xByte + 4L * i), y[yOff + i]);     // the lane's fma, exactly
        }
    }

    @Override
    public void panelAxpy(int panels, int k, float[] a, int aOff, float[] b, int bOff, int panelStride, float[] acc,
                          int accOff) {
        int p = 0;
        for (; p + 4 <= panels; p += 4) {
            int b0 = bOff + p * panelStride, b1 = b0 + panelStride, b2 = b1 + panelStride, b3 = b2 + panelStride;
            int c = accOff + p * NR;
            FloatVector c0 = FloatVector.fromArray(S, acc, c), c1 = FloatVector.fromArray(S, acc, c + L);
            FloatVector c2 = FloatVector.fromArray(S, acc, c + 2 * L), c3 = FloatVector.fromArray(S, acc, c + 3 * L);
            FloatVector c4 = FloatVector.fromArray(S, acc, c + 4 * L), c5 = FloatVector.fromArray(S, acc, c + 5 * L);
            FloatVector c6 = FloatVector.fromArray(S, acc, c + 6 * L), c7 = FloatVector.fromArray(S, acc, c + 7 * L);
            for (int kk = 0, at = 0; kk < k; kk++, at += NR) {
                FloatVector va = FloatVector.broadcast(S, a[aOff + kk]);
                c0 = FloatVector.fromArray(S, b, b0 + at).fma(va, c0);
                c1 = FloatVector.fromArray(S, b, b0 + at + L).fma(va, c1);
                c2 = FloatVector.fromArray(S, b, b1 + at).fma(va, c2);
                c3 = FloatVector.fromArray(S, b, b1 + at + L).fma(va, c3);
                c4 = FloatVector.fromArray(S, b, b2 + at).fma(va, c4);
                c5 = FloatVector.fromArray(S, b, b2 + at + L).fma(va, c5);
                c6 = FloatVector.fromArray(S, b, b3 + at).fma(va, c6);
                c7 = FloatVector.fromArray(S, b, b3 + at + L).fma(va, c7);
            }
            c0.intoArray(acc, c);
            c1.intoArray(acc, c + L);
            c2.intoArray(acc, c + 2 * L);
            c3.intoArray(acc, c + 3 * L);
            c4.intoArray(acc, c + 4 * L);
            c5.intoArray(acc, c + 5 * L);
            c6.intoArray(acc, c + 6 * L);
            c7.intoArray(acc, c + 7 * L);
        }
        for (; p < panels; p++) {
            int b0 = bOff + p * panelStride, c = accOff + p * NR;
            FloatVector c0 = FloatVector.fromArray(S, acc, c), c1 = FloatVector.fromArray(S, acc, c + L);
            for (int kk = 0, at = b0; kk < k; kk++, at += NR) {
                FloatVector va = FloatVector.broadcast(S, a[aOff + kk]);
                c0 = FloatVector.fromArray(S, b, at).fma(va, c0);
                c1 = FloatVector.fromArray(S, b, at + L).fma(va, c1);
            }
            c0.intoArray(acc, c);
            c1.intoArray(acc, c + L);
        }
    }

    @Override
    public void accumulate(boolean max, int n, MemorySegment x, long xByte, float[] acc) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromMemorySegment(S, x, xByte + 4L * i, NATIVE);
            FloatVector a = FloatVector.fromArray(S, acc, i);
            (max ? a.max(v) : a.add(v)).intoArray(acc, i);
        }
        if (i < n) {
            long at = xByte + 4L * i;
            if (i + L <= acc.length && at + 4L * L <= x.byteSize()) {     // room on both sides: one whole vector
                FloatVector v = FloatVector.fromMemorySegment(S, x, at, NATIVE);
                FloatVector a = FloatVector.fromArray(S, acc, i);
                (max ? a.max(v) : a.add(v)).intoArray(acc, i);
            } else {
                VectorMask<Float> m = S.indexInRange(i, n);
                FloatVector v = FloatVector.fromMemorySegment(S, x, at, NATIVE, m);
                FloatVector a = FloatVector.fromArray(S, acc, i, m);
                (max ? a.max(v) : a.add(v)).intoArray(acc, i, m);
            }
        }
    }

    @Override
    public void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
        FloatVector va = FloatVector.broadcast(S, a);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(va, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(a, x[xOff + i], y[yOff + i]);
        }
    }

    @Override
    public void load(int n, MemorySegment src, long srcByte, float[] dst, int dstOff) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromMemorySegment(S, src, srcByte + 4L * i, NATIVE).intoArray(dst, dstOff + i);
        }
        // the tail as one vector read whole where the source has room and stored masked (a short row's tail was
        // most of its copy when done lane by lane)
        if (i < n && srcByte + 4L * (i + L) <= src.byteSize() && dstOff + i + L <= dst.length) {
            FloatVector.fromMemorySegment(S, src, srcByte + 4L * i, NATIVE)
                    .intoArray(dst, dstOff + i, S.indexInRange(i, n));
            return;
        }
        for (; i < n; i++) {
            dst[dstOff + i] = src.get(F, srcByte + 4L * i);
        }
    }

    @Override
    public void store(int n, float[] src, int srcOff, MemorySegment dst, long dstByte) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, src, srcOff + i).intoMemorySegment(dst, dstByte + 4L * i, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = srcOff + i + L <= src.length ? FloatVector.fromArray(S, src, srcOff + i)
                    : FloatVector.fromArray(S, src, srcOff + i, m);
            v.intoMemorySegment(dst, dstByte + 4L * i, NATIVE, m);
        }
    }

    @Override
    public void window(boolean max, int n, float[] acc, int first, int stride, int taps, int dilation, float[] out,
                       int outOff) {
        if (stride > 2) {                                        // rare: the taps one by one
            ScalarSimd.windowByTaps(max, n, acc, first, stride, taps, dilation, out, outOff);
            return;
        }
        // whole vectors, the last one stored masked; stride 2 takes the even lanes of two loads
        for (int i = 0; i < n; i += L) {
            int at = first + i * stride;
            FloatVector v = stride == 1 ? FloatVector.fromArray(S, acc, at)
                    : FloatVector.fromArray(S, acc, at).rearrange(EVENS, FloatVector.fromArray(S, acc, at + L));
            for (int t = 1; t < taps; t++) {
                at += dilation;
                FloatVector x = stride == 1 ? FloatVector.fromArray(S, acc, at)
                        : FloatVector.fromArray(S, acc, at).rearrange(EVENS, FloatVector.fromArray(S, acc, at + L));
                v = max ? v.max(x) : v.add(x);
            }
            if (i + L <= n) {
                v.intoArray(out, outOff + i);
            } else {
                v.intoArray(out, outOff + i, S.indexInRange(i, n));
            }
        }
    }

    @Override
    public void deinterleave(int n, MemorySegment src, long srcByte, float[] dst, int evenOff, int oddOff) {
        int evens = (n + 1) / 2;
        int odds = n / 2;
        int j = 0;
        for (; 2 * (j + L) <= n; j += L) {
            FloatVector lo = FloatVector.fromMemorySegment(S, src, srcByte + 8L * j, NATIVE);
            FloatVector hi = FloatVector.fromMemorySegment(S, src, srcByte + 8L * j + 4L * L, NATIVE);
            lo.rearrange(EVENS, hi).intoArray(dst, evenOff + j);
            lo.rearrange(ODDS, hi).intoArray(dst, oddOff + j);
        }
        if (j < evens && srcByte + 8L * (j + L) <= src.byteSize() && Math.max(evenOff, oddOff) + j + L <= dst.length) {
            FloatVector lo = FloatVector.fromMemorySegment(S, src, srcByte + 8L * j, NATIVE);
            FloatVector hi = FloatVector.fromMemorySegment(S, src, srcByte + 8L * j + 4L * L, NATIVE);
            lo.rearrange(EVENS, hi).intoArray(dst, evenOff + j, S.indexInRange(j, evens));
            lo.rearrange(ODDS, hi).intoArray(dst, oddOff + j, S.indexInRange(j, odds));
            return;
        }
        for (; j < evens; j++) {
            dst[evenOff + j] = src.get(F, srcByte + 8L * j);
            if (j < odds) {
                dst[oddOff + j] = src.get(F, srcByte + 8L * j + 4);
            }
        }
    }

    /** Whole vectors only, a row's last ones spilling into the next row (a masked tail per row cost 2x, measured). */
    @Override
    public void deinterleaveRows(int rows, int w, MemorySegment src, long srcByte, long srcRowBytes, float[] dst,
                                 int evenOff, int oddOff, int dstRow) {
        if (rows <= 0) {
            return;
        }
        int vectors = (w / 2 + L - 1) / L;
        // the leading rows whose whole vectors stay inside src and dst; the rest (the last few, if any) the exact way
        long srcRoom = src.byteSize() - srcByte - 8L * L * vectors;
        long dstRoom = dst.length - Math.max(evenOff, oddOff) - (long) vectors * L;
        int whole = (int) Math.clamp(Math.min(srcRoom < 0 ? -1 : srcRoom / srcRowBytes,
                dstRoom < 0 ? -1 : dstRoom / dstRow) + 1, 0, rows);
        for (int r = 0; r < whole; r++) {
            long at = srcByte + r * srcRowBytes;
            int even = evenOff + r * dstRow;
            int odd = oddOff + r * dstRow;
            for (int v = 0; v < vectors; v++) {
                FloatVector lo = FloatVector.fromMemorySegment(S, src, at + 8L * L * v, NATIVE);
                FloatVector hi = FloatVector.fromMemorySegment(S, src, at + 8L * L * v + 4L * L, NATIVE);
                lo.rearrange(EVENS, hi).intoArray(dst, even + v * L);
                lo.rearrange(ODDS, hi).intoArray(dst, odd + v * L);
            }
        }
        for (int r = whole; r < rows; r++) {
            deinterleave(w, src, srcByte + r * srcRowBytes, dst, evenOff + r * dstRow, oddOff + r * dstRow);
        }
    }

    @Override
    public void transpose(int k, int w, float[] src, int ld, float[] dst, int dstOff, int nr) {
        int lanes = w / L * L;
        if (lanes > 0) {
            int[] map = new int[L];
            for (int i = 0; i < L; i++) {
                map[i] = i * ld;
            }
            for (int kk = 0; kk < k; kk++) {
                for (int j = 0; j < lanes; j += L) {
                    FloatVector.fromArray(S, src, j * ld + kk, map, 0).intoArray(dst, dstOff + kk * nr + j);
                }
            }
        }
        for (int kk = 0; kk < k; kk++) {
            for (int j = lanes; j < w; j++) {
                dst[dstOff + kk * nr + j] = src[j * ld + kk];
            }
        }
    }

    /** Lanes 0, 2, 4, ... of two vectors side by side (indices past the first vector select from the second). */
    private static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(S, i -> 2 * i);
    /** Lanes 1, 3, 5, ... of two vectors side by side. */
    private static final VectorShuffle<Float> ODDS = VectorShuffle.fromOp(S, i -> 2 * i + 1);
    /** Index maps {0, s, 2s, ...} for the strides convolutions use. */
    private static final int[][] STRIDE_MAPS = {null, null, strideMap(2), strideMap(3), strideMap(4)};

    private static int[] strideMap(int stride) {
        int[] m = new int[L];
        for (int i = 0; i < L; i++) {
            m[i] = i * stride;
        }
        return m;
    }

    @Override
    public void gather(int n, float[] src, int srcOff, int stride, float[] dst, int dstOff) {
        if (stride == 1) {
            System.arraycopy(src, srcOff, dst, dstOff, n);
            return;
        }
        int i = 0;
        if (stride == 2) {
            // two loads and a two-vector permute per vector: several times faster than a hardware gather
            for (; i + L <= n && srcOff + 2 * (i + L) <= src.length; i += L) {
                FloatVector lo = FloatVector.fromArray(S, src, srcOff + 2 * i);
                FloatVector hi = FloatVector.fromArray(S, src, srcOff + 2 * i + L);
                lo.rearrange(EVENS, hi).intoArray(dst, dstOff + i);
            }
            // the tail as one more vector, read past the end where the source has room and stored masked: the
            // rows a depthwise conv splits are short (56 outputs: three vectors and eight scalar reads otherwise,
            // which made the scalar tail most of the copy)
            if (i < n && srcOff + 2 * (i + L) <= src.length) {
                FloatVector lo = FloatVector.fromArray(S, src, srcOff + 2 * i);
                FloatVector hi = FloatVector.fromArray(S, src, srcOff + 2 * i + L);
                lo.rearrange(EVENS, hi).intoArray(dst, dstOff + i, S.indexInRange(i, n));
                i = n;
            }
        } else if (stride < STRIDE_MAPS.length && STRIDE_MAPS[stride] != null) {
            int[] map = STRIDE_MAPS[stride];
            for (; i + L <= n; i += L) {
                FloatVector.fromArray(S, src, srcOff + i * stride, map, 0).intoArray(dst, dstOff + i);
            }
        }
        for (; i < n; i++) {
            dst[dstOff + i] = src[srcOff + i * stride];
        }
    }

    @Override
    public float dot(int n, float[] a, MemorySegment b, long bOff, long bStride) {
        if (bStride != 1) {
            float sum = 0f;
            for (int i = 0; i < n; i++) {
                sum = Math.fma(a[i], b.get(F, (bOff + i * bStride) << 2), sum);
            }
            return sum;
        }
        // four chains of fmas: one would wait on its own latency at every step
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int i = 0;
        for (; i + 4 * L <= n; i += 4 * L) {
            long at = (bOff + i) << 2;
            s0 = FloatVector.fromArray(S, a, i).fma(FloatVector.fromMemorySegment(S, b, at, NATIVE), s0);
            s1 = FloatVector.fromArray(S, a, i + L).fma(FloatVector.fromMemorySegment(S, b, at + 4L * L, NATIVE), s1);
            s2 = FloatVector.fromArray(S, a, i + 2 * L)
                    .fma(FloatVector.fromMemorySegment(S, b, at + 8L * L, NATIVE), s2);
            s3 = FloatVector.fromArray(S, a, i + 3 * L)
                    .fma(FloatVector.fromMemorySegment(S, b, at + 12L * L, NATIVE), s3);
        }
        for (; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            s0 = FloatVector.fromArray(S, a, i, m).fma(FloatVector.fromMemorySegment(S, b, (bOff + i) << 2, NATIVE, m),
                    s0);
        }
        return sum(s0.add(s1).add(s2.add(s3)));
    }

    /**
     * The sum of the lanes, left to right. {@code reduceLanes(ADD)} leaves the order of a float sum unspecified, and
     * it does differ between the interpreter and C2, so the same input could give outputs a few ulps apart.
     */
    private static float sum(FloatVector v) {
        float s = 0;
        for (int i = 0; i < L; i++) {
            s += v.lane(i);
        }
        return s;
    }

    @Override
    public void softmaxRow(int n, MemorySegment x, long xByte, MemorySegment y, long yByte) {
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            vmax = vmax.max(FloatVector.fromMemorySegment(S, x, xByte + 4L * i, NATIVE));
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            max = Math.max(max, x.get(F, xByte + 4L * i));
        }
        // Whole vectors unmasked, then one masked tail (a mask in every iteration defeats C2's intrinsics).
        FloatVector vsum = FloatVector.zero(S);
        for (i = 0; i < bound; i += L) {
            FloatVector e = exp(FloatVector.fromMemorySegment(S, x, xByte + 4L * i, NATIVE).sub(max));
            e.intoMemorySegment(y, yByte + 4L * i, NATIVE);
            vsum = vsum.add(e);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector e = exp(FloatVector.fromMemorySegment(S, x, xByte + 4L * i, NATIVE, m).sub(max));
            e.intoMemorySegment(y, yByte + 4L * i, NATIVE, m);
            vsum = vsum.add(e, m);
        }
        float inv = 1f / sum(vsum);
        for (i = 0; i < bound; i += L) {
            FloatVector.fromMemorySegment(S, y, yByte + 4L * i, NATIVE).mul(inv)
                    .intoMemorySegment(y, yByte + 4L * i, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromMemorySegment(S, y, yByte + 4L * i, NATIVE, m).mul(inv)
                    .intoMemorySegment(y, yByte + 4L * i, NATIVE, m);
        }
    }

    @Override
    public void layerNormRow(int n, float epsilon, MemorySegment x, long xByte, MemorySegment scale, long scaleByte,
                             MemorySegment bias, long biasByte, MemorySegment y, long yByte) {
        // Whole vectors unmasked, then one masked tail: a mask in every iteration kept C2 from intrinsifying the
        // loop (JFR showed the Vector API's Java fallbacks taking more time than all of the encoder's GEMMs).
        int bound = S.loopBound(n);
        FloatVector vsum = FloatVector.zero(S);
        int i = 0;
        for (; i < bound; i += L) {
            vsum = vsum.add(FloatVector.fromMemorySegment(S, x, xByte + 4L * i, NATIVE));
        }
        float total = sum(vsum);
        for (; i < n; i++) {
            total += x.get(F, xByte + 4L * i);
        }
        float mean = total / n;
        FloatVector vvar = FloatVector.zero(S);
        for (i = 0; i < bound; i += L) {
            FloatVector d = FloatVector.fromMemorySegment(S, x, xByte + 4L * i, NATIVE).sub(mean);
            vvar = d.fma(d, vvar);
        }
        float var = sum(vvar);
        for (; i < n; i++) {
            float d = x.get(F, xByte + 4L * i) - mean;
            var = Math.fma(d, d, var);
        }
        float inv = (float) (1 / Math.sqrt(var / n + epsilon));
        for (i = 0; i < bound; i += L) {
            FloatVector v = FloatVector.fromMemorySegment(S, x, xByte + 4L * i, NATIVE).sub(mean).mul(inv)
                    .mul(FloatVector.fromMemorySegment(S, scale, scaleByte + 4L * i, NATIVE));
            if (bias != null) {
                v = v.add(FloatVector.fromMemorySegment(S, bias, biasByte + 4L * i, NATIVE));
            }
            v.intoMemorySegment(y, yByte + 4L * i, NATIVE);
        }
        for (; i < n; i++) {
            float v = (x.get(F, xByte + 4L * i) - mean) * inv * scale.get(F, scaleByte + 4L * i);
            if (bias != null) {
                v += bias.get(F, biasByte + 4L * i);
            }
            y.set(F, yByte + 4L * i, v);
        }
    }

    /** 2^23: at and above it every float is an integer; below it, adding it rounds a magnitude to an integer. */
    private static final float INTEGRAL = 8388608f;

    /**
     * Round to nearest, ties to even ({@code Math.rint}), in vectors: the API has no rint, and the scalar loop was a
     * tenth of a quantized model's time. {@code (|x| + 2^23) - 2^23} rounds |x| below 2^23 in the float adder's own
     * mode (nearest even), x's sign is put back (so -0.3 gives -0, as rint), and |x| from 2^23 up, infinities and NaN
     * pass unchanged: the same bits as rint for every float.
     */
    private static void roundHalfEven(int n, MemorySegment x, long xByte, MemorySegment y, long yByte) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            roundHalfEven(FloatVector.fromMemorySegment(S, x, xByte + 4L * i, NATIVE))
                    .intoMemorySegment(y, yByte + 4L * i, NATIVE);
        }
        for (; i < n; i++) {
            y.set(F, yByte + 4L * i, (float) Math.rint(x.get(F, xByte + 4L * i)));
        }
    }

    private static FloatVector roundHalfEven(FloatVector v) {
        FloatVector magnitude = v.abs();
        FloatVector rounded = magnitude.add(INTEGRAL).sub(INTEGRAL);
        IntVector sign = v.reinterpretAsInts().and(0x80000000);
        FloatVector signed = rounded.reinterpretAsInts().or(sign).reinterpretAsFloats();
        return v.blend(signed, magnitude.lt(INTEGRAL));
    }

    @Override
    public void unary(UnaryOp op, int n, MemorySegment x, long xByte, MemorySegment y, long yByte) {
        if (op == UnaryOp.ROUND) {
            roundHalfEven(n, x, xByte, y, yByte);
            return;
        }
        if (op == UnaryOp.FLOOR || op == UnaryOp.CEIL) {
            for (int i = 0; i < n; i++) {                  // no vector floor/ceil/rint in the API; all are exact anyway
                y.set(F, yByte + 4L * i, op.apply(x.get(F, xByte + 4L * i)));
            }
            return;
        }
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            unary(op, FloatVector.fromMemorySegment(S, x, xByte + 4L * i, NATIVE))
                    .intoMemorySegment(y, yByte + 4L * i, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            unary(op, FloatVector.fromMemorySegment(S, x, xByte + 4L * i, NATIVE, m))
                    .intoMemorySegment(y, yByte + 4L * i, NATIVE, m);
        }
    }

    private static FloatVector unary(UnaryOp op, FloatVector v) {
        return switch (op) {
            case NEG -> v.neg();
            case ABS -> v.abs();
            case SQRT -> v.sqrt();
            case EXP -> v.lanewise(VectorOperators.EXP);
            case LOG -> v.lanewise(VectorOperators.LOG);
            case RECIPROCAL -> FloatVector.broadcast(S, 1f).div(v);
            case ERF -> erf(v);
            case SIN -> v.lanewise(VectorOperators.SIN);
            case COS -> v.lanewise(VectorOperators.COS);
            case TAN -> v.lanewise(VectorOperators.TAN);
            case ASIN -> v.lanewise(VectorOperators.ASIN);
            case ACOS -> v.lanewise(VectorOperators.ACOS);
            case ATAN -> v.lanewise(VectorOperators.ATAN);
            case SINH -> v.lanewise(VectorOperators.SINH);
            case COSH -> v.lanewise(VectorOperators.COSH);
            case ASINH -> {   // log1p(a + a²/(1 + sqrt(1 + a²))) for a = |x|, log(a) + ln 2 where a² would round away 1
                FloatVector a = v.abs();
                FloatVector one = FloatVector.broadcast(S, 1f);
                FloatVector a2 = a.mul(a);
                FloatVector small = a.add(a2.div(one.add(a2.add(one).sqrt()))).lanewise(VectorOperators.LOG1P);
                FloatVector big = a.lanewise(VectorOperators.LOG).add((float) Math.log(2));
                FloatVector r = small.blend(big, a.compare(VectorOperators.GT, 4096f));
                yield r.blend(r.neg(), v.lt(0f));
            }
            case ACOSH -> {   // log1p(t + sqrt(t (t + 2))) for t = x - 1, log(x) + ln 2 for large x
                FloatVector t = v.sub(1f);
                FloatVector small = t.add(t.mul(t.add(2f)).sqrt()).lanewise(VectorOperators.LOG1P);
                FloatVector big = v.lanewise(VectorOperators.LOG).add((float) Math.log(2));
                yield small.blend(big, v.compare(VectorOperators.GT, 4096f));
            }
            case ATANH -> {   // odd: log1p(2a / (1 - a)) / 2 for a = |x|, the sign put back
                FloatVector a = v.abs();
                FloatVector r = a.add(a).div(FloatVector.broadcast(S, 1f).sub(a)).lanewise(VectorOperators.LOG1P).mul(0.5f);
                yield r.blend(r.neg(), v.lt(0f));
            }
            case SIGN -> FloatVector.zero(S).blend(1f, v.compare(VectorOperators.GT, 0f))
                    .blend(-1f, v.lt(0f)).blend(v, v.test(VectorOperators.IS_NAN));
            case SOFTPLUS -> v.max(0f).add(v.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P));
            case SOFTSIGN -> v.div(v.abs().add(1f));
            case FLOOR, CEIL, ROUND -> throw new AssertionError(op);
        };
    }

    @Override
    public void act(Act act, int n, MemorySegment x, long xByte, MemorySegment y, long yByte) {
        boolean clamp = act.isClamp();
        float lo = act.clampLow();
        float hi = act.clampHigh();
        int bound = S.loopBound(n);
        int i = 0;
        // One loop per activation, chosen before it: with one loop calling apply(act, v), C2 did not inline that
        // switch for a model with several activations and boxed every vector (measured 6x slower for Relu, 3x for
        // Sigmoid). The rarer activations share the generic loop.
        switch (act) {
            case Act.None a -> {}
            case Act.Relu a -> {}
            case Act.Clip a -> {}
            case Act.Sigmoid a -> {
                for (; i < bound; i += L) sigmoid(load(x, xByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE);
            }
            case Act.Silu a -> {
                for (; i < bound; i += L) silu(load(x, xByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE);
            }
            case Act.HardSwish a -> {
                for (; i < bound; i += L) hardSwish(load(x, xByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE);
            }
            case Act.Tanh a -> {
                for (; i < bound; i += L) tanh(load(x, xByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE);
            }
            case Act.Gelu a -> {
                for (; i < bound; i += L) gelu(load(x, xByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE);
            }
            case Act.LeakyRelu a -> {
                float alpha = a.alpha();
                for (; i < bound; i += L) {
                    FloatVector v = load(x, xByte, i);
                    v.blend(v.mul(alpha), v.lt(0f)).intoMemorySegment(y, yByte + 4L * i, NATIVE);
                }
            }
            case Act.Quantize a -> {                       // a QDQ model's pairs: 53 of them in MobileNetV2
                float s = a.scale(), min = a.lo(), max = a.hi();
                for (; i < bound; i += L) quantize(load(x, xByte, i), s, min, max)
                        .intoMemorySegment(y, yByte + 4L * i, NATIVE);
            }
            default -> {
                for (; i < bound; i += L) apply(act, load(x, xByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE);
            }
        }
        if (clamp) {
            for (; i < bound; i += L) load(x, xByte, i).max(lo).min(hi).intoMemorySegment(y, yByte + 4L * i, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromMemorySegment(S, x, xByte + 4L * i, NATIVE, m);
            (clamp ? v.max(lo).min(hi) : apply(act, v)).intoMemorySegment(y, yByte + 4L * i, NATIVE, m);
        }
    }

    private static FloatVector load(MemorySegment x, long xByte, int i) {
        return FloatVector.fromMemorySegment(S, x, xByte + 4L * i, NATIVE);
    }

    // One loop per operand form and op, each form a method of its own. A loop whose vectors come from a switch on
    // the op (or may be null, where an operand is scalar) keeps them boxed wherever C2 cannot fold the switch, and
    // every op then runs the Vector API's Java fallback (a QOperator MobileNetV2's Mul and Add steps, each called
    // with several ops and forms: the whole model 85 -> 45 ms at two threads; bench/NOTES.md); one method holding all
    // the loops was too large for C1's profiling tier and stayed in tier 2, without intrinsics.
    @Override
    public void binary(BinaryOp op, int n, MemorySegment a, long aByte, boolean aScalar, MemorySegment b, long bByte,
                       boolean bScalar, MemorySegment y, long yByte) {
        int i;
        if (!aScalar && !bScalar) i = binaryVectors(op, n, a, aByte, b, bByte, y, yByte);
        else if (!aScalar) i = binaryScalarB(op, n, a, aByte, FloatVector.broadcast(S, b.get(F, bByte)), y, yByte);
        else if (!bScalar) i = binaryScalarA(op, n, FloatVector.broadcast(S, a.get(F, aByte)), b, bByte, y, yByte);
        else i = 0;
        if (i < n) binaryTail(op, i, n, a, aByte, aScalar, b, bByte, bScalar, y, yByte);
    }

    /** The masked tail from element {@code i}, or every element where both operands are scalar (one value). */
    private static void binaryTail(BinaryOp op, int i, int n, MemorySegment a, long aByte, boolean aScalar,
                                   MemorySegment b, long bByte, boolean bScalar, MemorySegment y, long yByte) {
        VectorMask<Float> m = S.indexInRange(i, n);
        FloatVector va = aScalar ? FloatVector.broadcast(S, a.get(F, aByte)) : FloatVector.fromMemorySegment(S, a, aByte + 4L * i, NATIVE, m);
        FloatVector vb = bScalar ? FloatVector.broadcast(S, b.get(F, bByte)) : FloatVector.fromMemorySegment(S, b, bByte + 4L * i, NATIVE, m);
        FloatVector r = binary(op, va, vb);
        if (aScalar && bScalar) {
            float v = r.lane(0);
            for (; i < n; i++) y.set(F, yByte + 4L * i, v);
        } else {
            r.intoMemorySegment(y, yByte + 4L * i, NATIVE, m);
        }
    }

    /** Whole vectors of {@code op(a[i], b[i])}; returns where the tail starts. */
    private static int binaryVectors(BinaryOp op, int n, MemorySegment a, long aByte, MemorySegment b, long bByte,
                                     MemorySegment y, long yByte) {
        int bound = S.loopBound(n), i = 0;
        switch (op) {
            case ADD -> { for (; i < bound; i += L) load(a, aByte, i).add(load(b, bByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
            case SUB -> { for (; i < bound; i += L) load(a, aByte, i).sub(load(b, bByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
            case MUL -> { for (; i < bound; i += L) load(a, aByte, i).mul(load(b, bByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
            case DIV -> { for (; i < bound; i += L) load(a, aByte, i).div(load(b, bByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
            case MAX -> { for (; i < bound; i += L) load(a, aByte, i).max(load(b, bByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
            case MIN -> { for (; i < bound; i += L) load(a, aByte, i).min(load(b, bByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
            default -> { for (; i < bound; i += L) binary(op, load(a, aByte, i), load(b, bByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
        }
        return i;
    }

    /** Whole vectors of {@code op(a[i], b)}; returns where the tail starts. */
    private static int binaryScalarB(BinaryOp op, int n, MemorySegment a, long aByte, FloatVector vb, MemorySegment y,
                                     long yByte) {
        int bound = S.loopBound(n), i = 0;
        switch (op) {
            case ADD -> { for (; i < bound; i += L) load(a, aByte, i).add(vb).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
            case SUB -> { for (; i < bound; i += L) load(a, aByte, i).sub(vb).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
            case MUL -> { for (; i < bound; i += L) load(a, aByte, i).mul(vb).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
            case DIV -> { for (; i < bound; i += L) load(a, aByte, i).div(vb).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
            case MAX -> { for (; i < bound; i += L) load(a, aByte, i).max(vb).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
            case MIN -> { for (; i < bound; i += L) load(a, aByte, i).min(vb).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
            default -> { for (; i < bound; i += L) binary(op, load(a, aByte, i), vb).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
        }
        return i;
    }

    /** Whole vectors of {@code op(a, b[i])}; returns where the tail starts. */
    private static int binaryScalarA(BinaryOp op, int n, FloatVector va, MemorySegment b, long bByte, MemorySegment y,
                                     long yByte) {
        int bound = S.loopBound(n), i = 0;
        switch (op) {
            case ADD -> { for (; i < bound; i += L) va.add(load(b, bByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
            case SUB -> { for (; i < bound; i += L) va.sub(load(b, bByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
            case MUL -> { for (; i < bound; i += L) va.mul(load(b, bByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
            case DIV -> { for (; i < bound; i += L) va.div(load(b, bByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
            case MAX -> { for (; i < bound; i += L) va.max(load(b, bByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
            case MIN -> { for (; i < bound; i += L) va.min(load(b, bByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
            default -> { for (; i < bound; i += L) binary(op, va, load(b, bByte, i)).intoMemorySegment(y, yByte + 4L * i, NATIVE); }
        }
        return i;
    }

    private static FloatVector binary(BinaryOp op, FloatVector a, FloatVector b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> a.lanewise(VectorOperators.POW, b);
            case MAX -> a.max(b);
            case MIN -> a.min(b);
            case PRELU -> a.blend(a.mul(b), a.compare(VectorOperators.LT, 0f));
        };
    }

    static FloatVector apply(Act act, FloatVector v) {
        return switch (act) {
            case Act.None n -> v;
            case Act.Relu r -> v.max(0f);
            case Act.Clip c -> v.max(c.min()).min(c.max());
            case Act.Sigmoid s -> sigmoid(v);
            case Act.Silu s -> silu(v);
            case Act.HardSigmoid h -> v.fma(h.alpha(), h.beta()).max(0f).min(1f);
            case Act.HardSwish h -> hardSwish(v);
            case Act.LeakyRelu l -> v.blend(v.mul(l.alpha()), v.lt(0f));
            case Act.Tanh t -> tanh(v);
            case Act.Gelu g -> gelu(v);
            case Act.Elu e -> v.blend(exp(v).sub(1f).mul(e.alpha()), v.lt(0f));
            case Act.Selu s -> v.blend(exp(v).sub(1f).mul(s.alpha()), v.lt(0f)).mul(s.gamma());
            case Act.Celu c -> v.max(0f).add(exp(v.div(c.alpha())).sub(1f).mul(c.alpha()).min(0f));
            case Act.ThresholdedRelu t -> FloatVector.zero(S).blend(v, v.compare(VectorOperators.GT, t.alpha()));
            case Act.Mish m -> {
                // tanh(log(1 + e^x)) = n / (n + 2) with n = e^x (e^x + 2); 1 in float from x = 20 on, where n would
                // overflow later
                FloatVector ex = exp(v);
                FloatVector n = ex.mul(ex.add(2f));
                FloatVector t = n.div(n.add(2f)).blend(1f, v.compare(VectorOperators.GT, 20f));
                yield v.mul(t);
            }
            // clamped first (the limits are integers, so the order does not matter), then rounded half to even by
            // adding and subtracting 1.5 * 2^23, exact for |x| < 2^22
            case Act.Quantize q -> quantize(v, q.scale(), q.lo(), q.hi());
        };
    }

    // Fused activations use only exactly rounded operations (add, mul, div, fma, conversions), never the Vector API's
    // transcendental lanewise ops: those give different last bits in the interpreter, C1 and C2 (a Java fallback
    // versus SVML), and the parts of a split layer must equal the whole bit for bit.

    private static FloatVector sigmoid(FloatVector v) {
        return FloatVector.broadcast(S, 1f).div(exp(v.neg()).add(1f));
    }

    /** x sigmoid(x), written as x / (1 + e^-x) (one rounding fewer than the product; the scalar path the same). */
    private static FloatVector silu(FloatVector v) {
        return v.div(exp(v.neg()).add(1f));
    }

    private static FloatVector hardSwish(FloatVector v) {
        return v.mul(v.add(3f).max(0f).min(6f)).mul(1f / 6f);
    }

    private static FloatVector gelu(FloatVector v) {
        return v.mul(0.5f).mul(erf(v.mul((float) (1 / Math.sqrt(2)))).add(1f));
    }

    /**
     * Act.Quantize: the quotient with NaN replaced by lo, clamped, rounded half to even by adding and subtracting
     * 1.5 * 2^23 (exact for |x| < 2^22, and +0 for -0), scaled back.
     */
    private static FloatVector quantize(FloatVector v, float scale, float lo, float hi) {
        FloatVector d = v.div(scale);
        return d.blend(lo, d.test(VectorOperators.IS_NAN)).max(lo).min(hi).add(MAGIC).sub(MAGIC).mul(scale);
    }

    private static final float MAGIC = 12582912f;        // 1.5 * 2^23: adding and subtracting it rounds to an integer

    /** e^x (Cephes expf: x = n ln2 + r, |r| <= ln2 / 2, degree-7 polynomial for e^r, 2^n from the exponent bits). */
    static FloatVector exp(FloatVector v) {
        FloatVector x = v.max(-87.3f).min(88.3f);
        FloatVector n = x.mul(1.44269504088896341f).add(MAGIC).sub(MAGIC);
        FloatVector r = x.sub(n.mul(0.693359375f)).sub(n.mul(-2.12194440e-4f));
        FloatVector p = FloatVector.broadcast(S, 1.9875691500e-4f);
        p = p.fma(r, FloatVector.broadcast(S, 1.3981999507e-3f));
        p = p.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
        FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        return y.mul(bits.reinterpretAsFloats());
    }

    /** tanh (Cephes tanhf): an odd polynomial below |x| = 0.625, 1 - 2 / (e^2|x| + 1) above. */
    static FloatVector tanh(FloatVector v) {
        FloatVector z = v.mul(v);
        FloatVector p = FloatVector.broadcast(S, -5.70498872745e-3f);
        p = p.fma(z, FloatVector.broadcast(S, 2.06390887954e-2f));
        p = p.fma(z, FloatVector.broadcast(S, -5.37397155531e-2f));
        p = p.fma(z, FloatVector.broadcast(S, 1.33314422036e-1f));
        p = p.fma(z, FloatVector.broadcast(S, -3.33332819422e-1f));
        FloatVector small = p.mul(z).fma(v, v);
        FloatVector a = v.abs();
        FloatVector large = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(exp(a.add(a)).add(1f)));
        large = large.blend(large.neg(), v.lt(0f));
        return small.blend(large, a.compare(VectorOperators.GT, 0.625f));
    }

    /** {@link MathF#erf}'s rational, evaluated in float with FMAs: within 3.5e-7 of erf (the scalar path: 1 ulp). */
    static FloatVector erf(FloatVector v) {
        FloatVector x = v.max(-MathF.ERF_CLAMP).min(MathF.ERF_CLAMP);
        FloatVector x2 = x.mul(x);
        FloatVector p = FloatVector.broadcast(S, MathF.ERF_P[0]);
        for (int i = 1; i < MathF.ERF_P.length; i++) {
            p = p.fma(x2, FloatVector.broadcast(S, MathF.ERF_P[i]));
        }
        FloatVector q = FloatVector.broadcast(S, MathF.ERF_Q[0]);
        for (int i = 1; i < MathF.ERF_Q.length; i++) {
            q = q.fma(x2, FloatVector.broadcast(S, MathF.ERF_Q[i]));
        }
        return x.mul(p).div(q);
    }
}
