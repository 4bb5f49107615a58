package cgc.passes;

import cgc.ir.DType;
import cgc.ir.Weights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A constant tensor unpacked for evaluation: integer and boolean types hold their values in {@code ints}, floating
 * types in {@code reals} (as doubles; rounded back to the element type when packed). Only {@link ConstantEvaluator}
 * uses it. Arrays are shared, never changed after construction.
 */
final class Tensor {
    private final DType dtype;
    private final long[] shape;
    private final long[] ints;
    private final double[] reals;

    private Tensor(DType dtype, long[] shape, long[] ints, double[] reals) {
        this.dtype = dtype;
        this.shape = shape;
        this.ints = ints;
        this.reals = reals;
    }

    DType dtype() { return dtype; }
    long[] shape() { return shape; }
    int rank() { return shape.length; }

    static Tensor of(Weights w) {
        long[] shape = w.shape().stream().mapToLong(Long::longValue).toArray();
        if (w.dtype().isFloat()) {
            int n = Math.toIntExact(w.elementCount());
            double[] r = new double[n];
            ByteBuffer b = w.bytes();
            for (int i = 0; i < n; i++) r[i] = w.readDouble(b, i);
            return new Tensor(w.dtype(), shape, null, r);
        }
        return new Tensor(w.dtype(), shape, w.toLongs(), null);
    }

    static Tensor ofInts(DType t, long[] shape, long[] v) { return new Tensor(t, shape, v, null); }

    static Tensor ofReals(DType t, long[] shape, double[] v) { return new Tensor(t, shape, null, v); }

    boolean isFloat() { return reals != null; }

    int size() { return isFloat() ? reals.length : ints.length; }

    double real(int i) { return isFloat() ? reals[i] : ints[i]; }

    long integer(int i) { return isFloat() ? (long) reals[i] : ints[i]; }

    /** The same values with another shape (the element count must not change). */
    Tensor reshaped(long[] s) { return new Tensor(dtype, s, ints, reals); }

    /** Element {@code i} of the result is element {@code from[i]} of this tensor. */
    Tensor gather(long[] newShape, int[] from) {
        if (isFloat()) {
            double[] r = new double[from.length];
            for (int i = 0; i < from.length; i++) r[i] = reals[from[i]];
            return ofReals(dtype, newShape, r);
        }
        long[] v = new long[from.length];
        for (int i = 0; i < from.length; i++) v[i] = ints[from[i]];
        return ofInts(dtype, newShape, v);
    }

    Weights toWeights() {
        int n = size();
        ByteBuffer b = ByteBuffer.allocate(n * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            switch (dtype) {
                case F32 -> b.putFloat((float) reals[i]);
                case F64 -> b.putDouble(reals[i]);
                case F16 -> b.putShort(Float.floatToFloat16((float) reals[i]));
                case BF16 -> b.putShort(toBf16((float) reals[i]));
                case I64, U64 -> b.putLong(ints[i]);
                case I32, U32 -> b.putInt((int) ints[i]);
                case I16, U16 -> b.putShort((short) ints[i]);
                case I8, U8 -> b.put((byte) ints[i]);
                case BOOL -> b.put((byte) (ints[i] != 0 ? 1 : 0));
                case STRING, UNDEFINED -> throw new IllegalStateException("cannot pack " + dtype);
            }
        }
        return Weights.wrap(dtype, Arrays.stream(shape).boxed().toList(), b.array());
    }

    /** Round to nearest even, as {@code torch.bfloat16} does; NaN stays NaN. */
    private static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (short) ((bits >>> 16) | 0x40);
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    static long count(long[] shape) {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    /** Row-major strides of a shape. */
    static long[] strides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
        return s;
    }

    /** For each element of {@code out}, the index of the element of {@code in} that broadcasts to it. */
    static int[] broadcastIndex(long[] in, long[] out) {
        int n = Math.toIntExact(count(out));
        int off = out.length - in.length;
        long[] inStrides = strides(in);
        int[] idx = new int[n];
        long[] pos = new long[out.length];
        for (int i = 0; i < n; i++) {
            long src = 0;
            for (int d = off; d < out.length; d++) if (in[d - off] != 1) src += pos[d] * inStrides[d - off];
            idx[i] = (int) src;
            for (int d = out.length - 1; d >= 0; d--) { if (++pos[d] < out[d]) break; pos[d] = 0; }
        }
        return idx;
    }
}
