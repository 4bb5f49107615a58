package cgc.runtime.cpu;

import java.util.Arrays;

/**
 * Numpy broadcasting of two operands, precomputed: the output's shape with size-1 dimensions dropped and adjacent
 * dimensions merged wherever both operands allow, so the loop runs over {@code outer} rows of {@code inner}
 * contiguous elements; within a row each operand is either contiguous or a single repeated value.
 */
public final class Broadcast {
    private final int[] outShape;
    private final int[] outer;
    private final long[] aOuterStrides;
    private final long[] bOuterStrides;
    private final int inner;
    private final boolean aScalar;
    private final boolean bScalar;

    private Broadcast(int[] outShape, int[] outer, long[] aOuterStrides, long[] bOuterStrides, int inner,
                      boolean aScalar, boolean bScalar) {
        this.outShape = outShape;
        this.outer = outer;
        this.aOuterStrides = aOuterStrides;
        this.bOuterStrides = bOuterStrides;
        this.inner = inner;
        this.aScalar = aScalar;
        this.bScalar = bScalar;
    }

    /** Operands of shapes {@code a} and {@code b}, both contiguous. */
    public static Broadcast of(int[] a, int[] b) {
        int[] out = shape(a, b);
        long[] sa = stridesFor(a, out, 1);
        long[] sb = stridesFor(b, out, 1);
        // Drop size-1 dimensions, then merge a dimension into the next when both operands step uniformly across.
        int[] d = new int[out.length];
        long[] xa = new long[out.length];
        long[] xb = new long[out.length];
        int r = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 1) {
                continue;
            }
            if (r > 0 && xa[r - 1] == sa[i] * out[i] && xb[r - 1] == sb[i] * out[i]) {
                d[r - 1] *= out[i];
                xa[r - 1] = sa[i];
                xb[r - 1] = sb[i];
                continue;
            }
            d[r] = out[i];
            xa[r] = sa[i];
            xb[r] = sb[i];
            r++;
        }
        if (r == 0) {
            return new Broadcast(out, new int[0], new long[0], new long[0], size(out), true, true);
        }
        return new Broadcast(out, Arrays.copyOf(d, r - 1), Arrays.copyOf(xa, r - 1), Arrays.copyOf(xb, r - 1),
                d[r - 1], xa[r - 1] == 0, xb[r - 1] == 0);
    }

    /** The output's shape. */
    public int[] outShape() {
        return outShape.clone();
    }

    /** Elements of the output. */
    public long size() {
        return (long) rows() * inner;
    }

    int rows() {
        return size(outer);
    }

    int inner() {
        return inner;
    }

    boolean aScalar() {
        return aScalar;
    }

    boolean bScalar() {
        return bScalar;
    }

    /** Element offset of row {@code row}'s first value in a (operand 0) or b (operand 1). */
    long rowOffset(int operand, int row) {
        long[] s = operand == 0 ? aOuterStrides : bOuterStrides;
        long off = 0;
        for (int d = outer.length - 1; d >= 0; d--) {
            off += (row % outer[d]) * s[d];
            row /= outer[d];
        }
        return off;
    }

    /** Numpy's broadcast of two shapes. */
    static int[] shape(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int x = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
            int y = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            if (x != y && x != 1 && y != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast: dimension " + i + " is " + x + " and " + y);
            }
            out[i] = x == 1 ? y : x;
        }
        return out;
    }

    /**
     * Strides (in units of {@code unit} elements) of a contiguous tensor of shape {@code in} read as the broadcast
     * shape {@code out}: right-aligned, 0 where {@code in} has size 1 or no dimension.
     */
    static long[] stridesFor(int[] in, int[] out, long unit) {
        long[] s = new long[out.length];
        long step = unit;
        for (int i = in.length - 1; i >= 0; i--) {
            int o = out.length - in.length + i;
            s[o] = in[i] == 1 ? 0 : step;
            step *= in[i];
        }
        return s;
    }

    static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    /** Advances a row-major multi-index over {@code shape} by one. */
    static void increment(int[] idx, int[] shape) {
        for (int d = idx.length - 1; d >= 0; d--) {
            if (++idx[d] < shape[d]) {
                return;
            }
            idx[d] = 0;
        }
    }
}
