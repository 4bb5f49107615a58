package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;

/**
 * ONNX Sum, Mean, Max and Min of any number of f32 inputs, all broadcast the numpy way against one another. The
 * inputs are combined left to right ({@code ((x0 + x1) + x2) ...}, as ONNX Runtime does); Mean divides the sum by
 * the number of inputs. Two inputs (but Mean's) are better served by {@link Elementwise#binary}, which vectorises.
 */
public final class Variadic {
    private Variadic() {}

    /** The ops that fold their inputs into one. */
    public enum Op {
        SUM, MEAN, MAX, MIN;

        float combine(float acc, float x) {
            return switch (this) {
                case SUM, MEAN -> acc + x;
                case MAX -> Math.max(acc, x);
                case MIN -> Math.min(acc, x);
            };
        }
    }

    /**
     * {@code y = op(x[0], x[1], ...)} where input i has shape {@code shapes[i]} and lives in {@code xs[i]} from
     * element {@code offs[i]}; y (the broadcast shape) must not overlap any input.
     */
    public static void run(Op op, int[][] shapes, MemorySegment[] xs, long[] offs, MemorySegment y, long yOff,
                           Parallel pool) {
        int k = shapes.length;
        if (k == 0 || xs.length != k || offs.length != k) {
            throw new IllegalArgumentException(op + ": " + k + " shapes, " + xs.length + " segments and "
                    + offs.length + " offsets; expected one or more of each, as many of each");
        }
        int[] out = shapes[0];
        for (int[] s : shapes) {
            out = Broadcast.shape(out, s);
        }
        int r = out.length;
        long[][] strides = new long[k][];
        for (int i = 0; i < k; i++) {
            strides[i] = Broadcast.stridesFor(shapes[i], out, 1);
        }
        int[] shape = out;
        int inner = r == 0 ? 1 : out[r - 1];
        int rows = r == 0 ? 1 : Shapes.product(out, 0, r - 1);
        pool.parallelFor(rows, Math.max(1, Elementwise.GRAIN / Math.max(1, inner * k)), (lo, hi) -> {
            for (int row = lo; row < hi; row++) {
                long dst = yOff + (long) row * inner;
                for (int i = 0; i < k; i++) {
                    long src = offs[i];
                    for (int d = r - 2, rest = row; d >= 0; d--) {
                        src += (rest % shape[d]) * strides[i][d];
                        rest /= shape[d];
                    }
                    long step = r == 0 ? 0 : strides[i][r - 1];
                    MemorySegment x = xs[i];
                    for (int j = 0; j < inner; j++) {
                        float v = x.get(F, (src + j * step) << 2);
                        y.set(F, (dst + j) << 2, i == 0 ? v : op.combine(y.get(F, (dst + j) << 2), v));
                    }
                }
                if (op == Op.MEAN) {
                    for (int j = 0; j < inner; j++) {
                        y.set(F, (dst + j) << 2, y.get(F, (dst + j) << 2) / k);
                    }
                }
            }
        });
    }
}
