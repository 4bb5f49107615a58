package cgc.runtime.cpu;

import java.util.Arrays;

/**
 * The geometry of an ONNX MatMul (numpy matmul) or cgc Linear: {@code batches} products of m x k by k x n, with the
 * batch dimensions of A and B broadcast against each other. A 1-D A is a single row (m = 1), a 1-D B a single column
 * (n = 1); the output is {@code outShape()}, contiguous, each batch's m x n matrix row-major.
 *
 * <p>A final class rather than a record because it keeps per-batch offset tables (arrays compare by identity).
 */
public final class MatMulSpec {
    private final int m;
    private final int n;
    private final int k;
    private final int[] outShape;
    private final long[] aBatchOffsets;
    private final long[] bBatchOffsets;
    private final Act act;

    private MatMulSpec(int m, int n, int k, int[] outShape, long[] aBatchOffsets, long[] bBatchOffsets, Act act) {
        this.m = m;
        this.n = n;
        this.k = k;
        this.outShape = outShape;
        this.aBatchOffsets = aBatchOffsets;
        this.bBatchOffsets = bBatchOffsets;
        this.act = act;
    }

    /** The product of tensors of shapes {@code a} and {@code b}, then {@code act}. */
    public static MatMulSpec of(int[] a, int[] b, Act act) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("MatMul operands must have rank >= 1, got " + Arrays.toString(a)
                    + " and " + Arrays.toString(b));
        }
        int[] a2 = a.length == 1 ? new int[] {1, a[0]} : a;
        int[] b2 = b.length == 1 ? new int[] {b[0], 1} : b;
        int m = a2[a2.length - 2];
        int k = a2[a2.length - 1];
        int n = b2[b2.length - 1];
        if (b2[b2.length - 2] != k) {
            throw new IllegalArgumentException("MatMul of " + Arrays.toString(a) + " and " + Arrays.toString(b)
                    + ": inner dimensions " + k + " and " + b2[b2.length - 2] + " differ");
        }
        int[] aBatch = Arrays.copyOf(a2, a2.length - 2);
        int[] bBatch = Arrays.copyOf(b2, b2.length - 2);
        int[] batch = Broadcast.shape(aBatch, bBatch);
        int batches = Broadcast.size(batch);
        long[] aStr = Broadcast.stridesFor(aBatch, batch, (long) m * k);
        long[] bStr = Broadcast.stridesFor(bBatch, batch, (long) k * n);
        long[] aOffs = new long[batches];
        long[] bOffs = new long[batches];
        int[] idx = new int[batch.length];
        for (int t = 0; t < batches; t++) {
            long ao = 0;
            long bo = 0;
            for (int d = 0; d < batch.length; d++) {
                ao += idx[d] * aStr[d];
                bo += idx[d] * bStr[d];
            }
            aOffs[t] = ao;
            bOffs[t] = bo;
            Broadcast.increment(idx, batch);
        }
        int[] out = Arrays.copyOf(batch, batch.length + (a.length > 1 ? 1 : 0) + (b.length > 1 ? 1 : 0));
        int d = batch.length;
        if (a.length > 1) {
            out[d++] = m;
        }
        if (b.length > 1) {
            out[d] = n;
        }
        return new MatMulSpec(m, n, k, out, aOffs, bOffs, act);
    }

    public int m() {
        return m;
    }

    public int n() {
        return n;
    }

    public int k() {
        return k;
    }

    public int batches() {
        return aBatchOffsets.length;
    }

    public Act act() {
        return act;
    }

    /** The output's shape, numpy's rule. */
    public int[] outShape() {
        return outShape.clone();
    }

    long aBatchOffset(int batch) {
        return aBatchOffsets[batch];
    }

    long bBatchOffset(int batch) {
        return bBatchOffsets[batch];
    }

    /** Whether every batch multiplies by the same B (a 2-D B, broadcast). */
    boolean oneB() {
        for (long o : bBatchOffsets) {
            if (o != 0) {
                return false;
            }
        }
        return true;
    }

    /** Multiply-adds of the whole product. */
    public long macs() {
        return (long) batches() * m * n * k;
    }

    @Override
    public String toString() {
        return "MatMulSpec[batches=" + batches() + ", m=" + m + ", n=" + n + ", k=" + k + ", act=" + act + "]";
    }
}
