package cgc.runtime.cpu;

import java.util.Arrays;

/** Shape arithmetic shared by the layout kernels. */
final class Shapes {
    private Shapes() {}

    static long size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Product of {@code shape[from, to)}. */
    static int product(int[] shape, int from, int to) {
        long n = 1;
        for (int i = from; i < to; i++) {
            n *= shape[i];
        }
        return Math.toIntExact(n);
    }

    /** Row-major strides, in elements. */
    /** The offset of row-major index {@code index} of {@code shape}, stepping by {@code strides} along each axis. */
    static long offset(long index, int[] shape, long[] strides) {
        long off = 0;
        for (int d = shape.length - 1; d >= 0; d--) {
            off += (index % shape[d]) * strides[d];
            index /= shape[d];
        }
        return off;
    }

    static long[] strides(int[] shape) {
        long[] s = new long[shape.length];
        long step = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = step;
            step *= shape[i];
        }
        return s;
    }

    /** An ONNX axis (negative counts from the end) as an index into a shape of rank {@code rank}. */
    static int axis(int axis, int rank, String op) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for rank " + rank);
        }
        return a;
    }

    /**
     * A shape seen around one axis: {@code outer} runs of {@code len} elements along the axis, each element
     * {@code inner} apart (element k of run t at {@code (t / inner) * len * inner + t % inner + k * inner}).
     */
    record Around(int outer, int len, int inner) {
        /** {@code shape} around {@code axis} (ONNX: negative counts from the end); {@code op} names it in errors. */
        static Around of(int[] shape, int axis, String op) {
            int a = axis(axis, shape.length, op);
            return new Around(product(shape, 0, a), shape[a], product(shape, a + 1, shape.length));
        }
    }

    static String text(int[] shape) {
        return Arrays.toString(shape);
    }
}
