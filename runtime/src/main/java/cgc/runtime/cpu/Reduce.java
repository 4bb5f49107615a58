package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import cgc.runtime.io.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The ONNX reductions of {@link ReduceOp} over any set of axes, of f32 or f64 values. The output holds the kept
 * dimensions in order (keepdims only changes the shape's text, not the layout). Sums and products accumulate in double.
 */
public final class Reduce {
    private Reduce() {}

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    /** Reduces f32 x of {@code shape} over {@code axes} (ONNX axes, negative from the end; none = all). */
    public static void run(ReduceOp op, int[] shape, int[] axes, MemorySegment x, long xOff, MemorySegment y,
                           long yOff, Parallel pool) {
        run(op, DType.FLOAT32, shape, axes, x, xOff, y, yOff, pool);
    }

    /** As above, of values of type {@code t}, f32 or f64 (offsets in its elements). */
    public static void run(ReduceOp op, DType t, int[] shape, int[] axes, MemorySegment x, long xOff, MemorySegment y,
                           long yOff, Parallel pool) {
        if (t != DType.FLOAT32 && t != DType.FLOAT64) throw new IllegalArgumentException("Reduce" + op + " of " + t);
        int r = shape.length;
        boolean[] reduced = new boolean[r];
        for (int a : axes) {
            reduced[Shapes.axis(a, r, "Reduce" + op)] = true;
        }
        if (axes.length == 0) {
            java.util.Arrays.fill(reduced, true);
        }
        long[] strides = Shapes.strides(shape);
        int reducedCount = 0;
        for (boolean b : reduced) {
            reducedCount += b ? 1 : 0;
        }
        int redRank = reducedCount;
        int keptRank = r - redRank;
        int[] keptShape = new int[keptRank];
        long[] keptStride = new long[keptRank];
        int[] redShape = new int[redRank];
        long[] redStride = new long[redRank];
        boolean trailing = true;           // the reduced axes are the last ones: each output reads one contiguous run
        for (int d = 0, k = 0, q = 0; d < r; d++) {
            trailing &= reduced[d] == d >= keptRank;
            if (reduced[d]) {
                redShape[q] = shape[d];
                redStride[q++] = strides[d];
            } else {
                keptShape[k] = shape[d];
                keptStride[k++] = strides[d];
            }
        }
        int outCount = Shapes.product(keptShape, 0, keptRank);
        int redCount = Shapes.product(redShape, 0, redRank);
        boolean contiguous = trailing;
        pool.parallelFor(outCount, Math.max(1, Elementwise.GRAIN / Math.max(1, redCount)), (b, e) -> {
            int[] idx = new int[redRank];
            for (int o = b; o < e; o++) {
                long base = xOff;
                for (int k = keptRank - 1, rest = o; k >= 0; k--) {
                    base += (long) (rest % keptShape[k]) * keptStride[k];
                    rest /= keptShape[k];
                }
                // LogSumExp reads its window twice: first for the maximum, its shift
                double shift = op == ReduceOp.LOG_SUM_EXP
                        ? fold(ReduceOp.MAX, 0, t, x, base, contiguous, redCount, redShape, redStride, idx) : 0;
                double acc = fold(op, shift, t, x, base, contiguous, redCount, redShape, redStride, idx);
                double v = op.finish(acc, redCount, shift);
                if (t == DType.FLOAT32) {
                    y.set(F, (yOff + o) << 2, (float) v);
                } else {
                    y.set(D, (yOff + o) << 3, v);
                }
            }
        });
    }

    /** The accumulator of {@code op} over one window, starting at element {@code base} of x. */
    private static double fold(ReduceOp op, double shift, DType t, MemorySegment x, long base, boolean contiguous,
                               int redCount, int[] redShape, long[] redStride, int[] idx) {
        double acc = op.start();
        if (contiguous) {
            for (int i = 0; i < redCount; i++) {
                acc = op.step(acc, value(t, x, base + i), shift);
            }
            return acc;
        }
        java.util.Arrays.fill(idx, 0);
        long off = base;
        for (int i = 0; i < redCount; i++) {
            acc = op.step(acc, value(t, x, off), shift);
            for (int d = redShape.length - 1; d >= 0; d--) {       // advance the odometer, moving off along
                off += redStride[d];
                if (++idx[d] < redShape[d]) {
                    break;
                }
                off -= redStride[d] * redShape[d];
                idx[d] = 0;
            }
        }
        return acc;
    }

    /** Element i of x, f32 or f64. */
    private static double value(DType t, MemorySegment x, long i) {
        return t == DType.FLOAT32 ? x.get(F, i << 2) : x.get(D, i << 3);
    }
}
