package cgc.runtime.cpu;

import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;

/** Throwaway: variants of depthwiseFlat9's loop on a 56x56 plane, one thread. */
public class DwLoop {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    static void masked(int n, int w, float[] p, int[] taps, boolean[][] valid, float[] wt, float[] out) {
        FloatVector w0 = FloatVector.broadcast(S, wt[0]), w1 = FloatVector.broadcast(S, wt[1]), w2 = FloatVector.broadcast(S, wt[2]);
        FloatVector w3 = FloatVector.broadcast(S, wt[3]), w4 = FloatVector.broadcast(S, wt[4]), w5 = FloatVector.broadcast(S, wt[5]);
        FloatVector w6 = FloatVector.broadcast(S, wt[6]), w7 = FloatVector.broadcast(S, wt[7]), w8 = FloatVector.broadcast(S, wt[8]);
        int t0 = taps[0], t1 = taps[1], t2 = taps[2], t3 = taps[3], t4 = taps[4], t5 = taps[5], t6 = taps[6], t7 = taps[7], t8 = taps[8];
        boolean[] v0 = valid[0], v1 = valid[1], v2 = valid[2];
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
            zero.add(c0, VectorMask.fromArray(S, v0, col)).add(c1, VectorMask.fromArray(S, v1, col))
                    .add(c2, VectorMask.fromArray(S, v2, col)).intoArray(out, q);
        }
    }

    // masks as float multipliers (0/1) instead of boolean masks
    static void mulMask(int n, int w, float[] p, int[] taps, float[][] validF, float[] wt, float[] out) {
        FloatVector w0 = FloatVector.broadcast(S, wt[0]), w1 = FloatVector.broadcast(S, wt[1]), w2 = FloatVector.broadcast(S, wt[2]);
        FloatVector w3 = FloatVector.broadcast(S, wt[3]), w4 = FloatVector.broadcast(S, wt[4]), w5 = FloatVector.broadcast(S, wt[5]);
        FloatVector w6 = FloatVector.broadcast(S, wt[6]), w7 = FloatVector.broadcast(S, wt[7]), w8 = FloatVector.broadcast(S, wt[8]);
        int t0 = taps[0], t1 = taps[1], t2 = taps[2], t3 = taps[3], t4 = taps[4], t5 = taps[5], t6 = taps[6], t7 = taps[7], t8 = taps[8];
        float[] v0 = validF[0], v2 = validF[2];
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
            c0.fma(FloatVector.fromArray(S, v0, col), c1).add(c2.mul(FloatVector.fromArray(S, v2, col))).intoArray(out, q);
        }
    }

    static void noMask(int n, int w, float[] p, int[] taps, float[] wt, float[] out) {
        FloatVector w0 = FloatVector.broadcast(S, wt[0]), w1 = FloatVector.broadcast(S, wt[1]), w2 = FloatVector.broadcast(S, wt[2]);
        FloatVector w3 = FloatVector.broadcast(S, wt[3]), w4 = FloatVector.broadcast(S, wt[4]), w5 = FloatVector.broadcast(S, wt[5]);
        FloatVector w6 = FloatVector.broadcast(S, wt[6]), w7 = FloatVector.broadcast(S, wt[7]), w8 = FloatVector.broadcast(S, wt[8]);
        int t0 = taps[0], t1 = taps[1], t2 = taps[2], t3 = taps[3], t4 = taps[4], t5 = taps[5], t6 = taps[6], t7 = taps[7], t8 = taps[8];
        for (int q = 0; q < n; q += L) {
            FloatVector c0 = FloatVector.fromArray(S, p, q + t0).mul(w0);
            c0 = FloatVector.fromArray(S, p, q + t3).fma(w3, c0);
            c0 = FloatVector.fromArray(S, p, q + t6).fma(w6, c0);
            c0 = FloatVector.fromArray(S, p, q + t1).fma(w1, c0);
            c0 = FloatVector.fromArray(S, p, q + t4).fma(w4, c0);
            c0 = FloatVector.fromArray(S, p, q + t7).fma(w7, c0);
            c0 = FloatVector.fromArray(S, p, q + t2).fma(w2, c0);
            c0 = FloatVector.fromArray(S, p, q + t5).fma(w5, c0);
            c0 = FloatVector.fromArray(S, p, q + t8).fma(w8, c0);
            c0.intoArray(out, q);
        }
    }

    static void direct(int n, int w, float[] p, int[] taps, boolean[][] valid, float[] wt, float bias, float lo, float hi, MemorySegment dst, long dstByte) {
        FloatVector w0 = FloatVector.broadcast(S, wt[0]), w1 = FloatVector.broadcast(S, wt[1]), w2 = FloatVector.broadcast(S, wt[2]);
        FloatVector w3 = FloatVector.broadcast(S, wt[3]), w4 = FloatVector.broadcast(S, wt[4]), w5 = FloatVector.broadcast(S, wt[5]);
        FloatVector w6 = FloatVector.broadcast(S, wt[6]), w7 = FloatVector.broadcast(S, wt[7]), w8 = FloatVector.broadcast(S, wt[8]);
        int t0 = taps[0], t1 = taps[1], t2 = taps[2], t3 = taps[3], t4 = taps[4], t5 = taps[5], t6 = taps[6], t7 = taps[7], t8 = taps[8];
        boolean[] v0 = valid[0], v1 = valid[1], v2 = valid[2];
        FloatVector b = FloatVector.broadcast(S, bias);
        int step = L % w;
        int whole = n - n % L == n ? n - L : n - n % L;   // the last vector stored masked
        int q = 0, col = 0;
        for (; q < n; q += L, col = col + step < w ? col + step : col + step - w) {
            FloatVector c0 = FloatVector.fromArray(S, p, q + t0).mul(w0);
            c0 = FloatVector.fromArray(S, p, q + t3).fma(w3, c0);
            c0 = FloatVector.fromArray(S, p, q + t6).fma(w6, c0);
            FloatVector c1 = FloatVector.fromArray(S, p, q + t1).mul(w1);
            c1 = FloatVector.fromArray(S, p, q + t4).fma(w4, c1);
            c1 = FloatVector.fromArray(S, p, q + t7).fma(w7, c1);
            FloatVector c2 = FloatVector.fromArray(S, p, q + t2).mul(w2);
            c2 = FloatVector.fromArray(S, p, q + t5).fma(w5, c2);
            c2 = FloatVector.fromArray(S, p, q + t8).fma(w8, c2);
            FloatVector v = b.add(c0, VectorMask.fromArray(S, v0, col)).add(c1, VectorMask.fromArray(S, v1, col))
                    .add(c2, VectorMask.fromArray(S, v2, col)).max(lo).min(hi);
            if (q + L <= n) v.intoMemorySegment(dst, dstByte + 4L * q, ByteOrder.LITTLE_ENDIAN);
            else v.intoMemorySegment(dst, dstByte + 4L * q, ByteOrder.LITTLE_ENDIAN, S.indexInRange(q, n));
        }
    }

    static void bitsMask(int n, int w, float[] p, int[] taps, long[][] bits, float[] wt, float[] out) {
        FloatVector w0 = FloatVector.broadcast(S, wt[0]), w1 = FloatVector.broadcast(S, wt[1]), w2 = FloatVector.broadcast(S, wt[2]);
        FloatVector w3 = FloatVector.broadcast(S, wt[3]), w4 = FloatVector.broadcast(S, wt[4]), w5 = FloatVector.broadcast(S, wt[5]);
        FloatVector w6 = FloatVector.broadcast(S, wt[6]), w7 = FloatVector.broadcast(S, wt[7]), w8 = FloatVector.broadcast(S, wt[8]);
        int t0 = taps[0], t1 = taps[1], t2 = taps[2], t3 = taps[3], t4 = taps[4], t5 = taps[5], t6 = taps[6], t7 = taps[7], t8 = taps[8];
        long[] b0 = bits[0], b1 = bits[1], b2 = bits[2];
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
            zero.add(c0, VectorMask.fromLong(S, b0[col])).add(c1, VectorMask.fromLong(S, b1[col]))
                    .add(c2, VectorMask.fromLong(S, b2[col])).intoArray(out, q);
        }
    }

    static void segBits(int n, int w, MemorySegment p, long base, int[] taps, long[][] bits, float[] wt, float[] out) {
        FloatVector w0 = FloatVector.broadcast(S, wt[0]), w1 = FloatVector.broadcast(S, wt[1]), w2 = FloatVector.broadcast(S, wt[2]);
        FloatVector w3 = FloatVector.broadcast(S, wt[3]), w4 = FloatVector.broadcast(S, wt[4]), w5 = FloatVector.broadcast(S, wt[5]);
        FloatVector w6 = FloatVector.broadcast(S, wt[6]), w7 = FloatVector.broadcast(S, wt[7]), w8 = FloatVector.broadcast(S, wt[8]);
        long t0 = base + 4L * taps[0], t1 = base + 4L * taps[1], t2 = base + 4L * taps[2], t3 = base + 4L * taps[3], t4 = base + 4L * taps[4];
        long t5 = base + 4L * taps[5], t6 = base + 4L * taps[6], t7 = base + 4L * taps[7], t8 = base + 4L * taps[8];
        long[] b0 = bits[0], b1 = bits[1], b2 = bits[2];
        FloatVector zero = FloatVector.zero(S);
        java.nio.ByteOrder o = java.nio.ByteOrder.LITTLE_ENDIAN;
        int step = L % w;
        for (int q = 0, col = 0; q < n; q += L, col = col + step < w ? col + step : col + step - w) {
            long b = 4L * q;
            FloatVector c0 = FloatVector.fromMemorySegment(S, p, b + t0, o).mul(w0);
            c0 = FloatVector.fromMemorySegment(S, p, b + t3, o).fma(w3, c0);
            c0 = FloatVector.fromMemorySegment(S, p, b + t6, o).fma(w6, c0);
            FloatVector c1 = FloatVector.fromMemorySegment(S, p, b + t1, o).mul(w1);
            c1 = FloatVector.fromMemorySegment(S, p, b + t4, o).fma(w4, c1);
            c1 = FloatVector.fromMemorySegment(S, p, b + t7, o).fma(w7, c1);
            FloatVector c2 = FloatVector.fromMemorySegment(S, p, b + t2, o).mul(w2);
            c2 = FloatVector.fromMemorySegment(S, p, b + t5, o).fma(w5, c2);
            c2 = FloatVector.fromMemorySegment(S, p, b + t8, o).fma(w8, c2);
            zero.add(c0, VectorMask.fromLong(S, b0[col])).add(c1, VectorMask.fromLong(S, b1[col]))
                    .add(c2, VectorMask.fromLong(S, b2[col])).intoArray(out, q);
        }
    }

    public static void main(String[] a) {
        int w = Integer.parseInt(a[0]);
        int n = w * w;
        float[] p = new float[n + 4 * w + 64];
        for (int i = 0; i < p.length; i++) p[i] = (float) Math.sin(i);
        int[] taps = new int[9];
        for (int ky = 0, i = 0; ky < 3; ky++) for (int kx = 0; kx < 3; kx++, i++) taps[i] = 1 + ky * w + kx - 1;
        boolean[][] valid = new boolean[3][w + L];
        float[][] validF = new float[3][w + L];
        for (int kx = 0; kx < 3; kx++) for (int j = 0; j < w + L; j++) { int col = j % w + kx - 1; valid[kx][j] = col >= 0 && col < w; validF[kx][j] = valid[kx][j] ? 1 : 0; }
        long[][] bits = new long[3][w];
        for (int kx = 0; kx < 3; kx++) for (int c = 0; c < w; c++) for (int i = 0; i < L; i++) if (valid[kx][c + i]) bits[kx][c] |= 1L << i;
        float[] wt = new float[16]; for (int i = 0; i < 9; i++) wt[i] = i * 0.1f;
        float[] out = new float[n + L];
        int reps = 200000 * 56 * 56 / n;
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) masked(n, w, p, taps, valid, wt, out);
            long t1 = System.nanoTime();
            for (int r = 0; r < reps; r++) mulMask(n, w, p, taps, validF, wt, out);
            long t2 = System.nanoTime();
            for (int r = 0; r < reps; r++) noMask(n, w, p, taps, wt, out);
            long t3 = System.nanoTime();
            MemorySegment seg = Arena.global().allocate(4L * n * 8, 64);
            long t4 = System.nanoTime();
            for (int r = 0; r < reps; r++) { masked(n, w, p, taps, valid, wt, out); Simd.INSTANCE.storeRow(n, out, 0, 1f, 0.1f, null, 0, 1f, Act.RELU6, seg, 4L * n * (r & 7)); }
            long t5 = System.nanoTime();
            for (int r = 0; r < reps; r++) direct(n, w, p, taps, valid, wt, 0.1f, 0f, 6f, seg, 4L * n * (r & 7));
            long t6 = System.nanoTime();
            MemorySegment ps = Arena.global().allocate(4L * p.length + 64, 64);
            MemorySegment.copy(p, 0, ps, java.lang.foreign.ValueLayout.JAVA_FLOAT, 0, p.length);
            long t9 = System.nanoTime();
            for (int r = 0; r < reps; r++) segBits(n, w, ps, 0, taps, bits, wt, out);
            long t10 = System.nanoTime();
            float[] copy = new float[p.length];
            for (int r = 0; r < reps; r++) { MemorySegment.copy(ps, java.lang.foreign.ValueLayout.JAVA_FLOAT, 0, copy, 0, n); bitsMask(n, w, copy, taps, bits, wt, out); }
            long t11 = System.nanoTime();
            long t7 = System.nanoTime();
            for (int r = 0; r < reps; r++) bitsMask(n, w, p, taps, bits, wt, out);
            long t8 = System.nanoTime();
            double vecs = (double) reps * ((n + L - 1) / L);
            System.out.printf("ns/vector: masked %.2f mulMask %.2f noMask %.2f | masked+storeRow %.2f direct %.2f bits %.2f | segment %.2f copy+bits %.2f%n", (t1 - t0) / vecs, (t2 - t1) / vecs, (t3 - t2) / vecs, (t5 - t4) / vecs, (t6 - t5) / vecs, (t8 - t7) / vecs, (t10 - t9) / vecs, (t11 - t10) / vecs);
        }
    }
}
