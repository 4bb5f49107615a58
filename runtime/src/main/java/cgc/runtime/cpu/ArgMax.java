package cgc.runtime.cpu;

import cgc.runtime.io.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ONNX ArgMax and ArgMin: the index (i64) of the largest (smallest) element along one axis, the first of equal ones,
 * or the last with {@code select_last_index}. keepdims only changes the output's shape, not its layout. Floats
 * compare as doubles (-0 equals 0), integers as longs.
 */
public final class ArgMax {
    private ArgMax() {}

    /**
     * x of {@code shape} and type {@code t}, reduced along {@code axis} (negative from the end) into the i64s of y: the
     * index of the largest element, or with {@code smallest} of the smallest.
     */
    public static void run(DType t, int[] shape, int axis, boolean smallest, boolean last, MemorySegment x, long xOff,
                           MemorySegment y, long yOff, Parallel pool) {
        String op = smallest ? "ArgMin" : "ArgMax";
        Shapes.Around s = Shapes.Around.of(shape, axis, op);
        int outer = s.outer(), len = s.len(), inner = s.inner();
        if (len == 0) {
            throw new IllegalArgumentException(op + ": axis " + axis + " of " + Shapes.text(shape) + " is empty");
        }
        boolean floats = Values.isFloat(t);
        pool.parallelFor(outer * inner, Math.max(1, Elementwise.GRAIN / len), (b, e) -> {
            for (int o = b; o < e; o++) {
                long base = xOff + (long) (o / inner) * len * inner + o % inner;
                int best = 0;
                if (floats) {
                    double sign = smallest ? -1 : 1;   // the smallest is the largest of the negated
                    double max = sign * Values.getDouble(t, x, base);
                    for (int k = 1; k < len; k++) {
                        double v = sign * Values.getDouble(t, x, base + (long) k * inner);
                        if (v > max || last && v == max) {
                            max = v;
                            best = k;
                        }
                    }
                } else {
                    long max = Values.getLong(t, x, base);
                    for (int k = 1; k < len; k++) {
                        long v = Values.getLong(t, x, base + (long) k * inner);
                        if ((smallest ? v < max : v > max) || last && v == max) {
                            max = v;
                            best = k;
                        }
                    }
                }
                y.set(ValueLayout.JAVA_LONG_UNALIGNED, (yOff + o) << 3, best);
            }
        });
    }
}
