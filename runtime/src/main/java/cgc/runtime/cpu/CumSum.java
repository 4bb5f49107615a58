package cgc.runtime.cpu;

import cgc.runtime.io.DType;
import java.lang.foreign.MemorySegment;

/**
 * ONNX CumSum: running sums along one axis, each line (a point of the other axes) on its own. {@code exclusive}
 * leaves each element out of its own sum (the first output is 0); {@code reverse} sums from the end of the line.
 * Floats accumulate in double, integers in 64 bits wrapped to the type's width when stored (as C++ sums them).
 * y may be x: each element is read before it is written.
 */
public final class CumSum {
    private CumSum() {}

    /** Offsets in elements of {@code t}; {@code axis} negative from the end. */
    public static void run(DType t, int[] shape, int axis, boolean exclusive, boolean reverse, MemorySegment x,
                           long xOff, MemorySegment y, long yOff, Parallel pool) {
        Shapes.Around s = Shapes.Around.of(shape, axis, "CumSum");
        int len = s.len(), inner = s.inner();
        int lines = s.outer() * inner;
        boolean floats = Values.isFloat(t);
        pool.parallelFor(lines, Math.max(1, Elementwise.GRAIN / Math.max(1, len)), (b, e) -> {
            for (int line = b; line < e; line++) {
                long base = (long) (line / inner) * len * inner + line % inner;
                double real = 0;
                long whole = 0;
                for (int k = 0; k < len; k++) {
                    long at = base + (long) (reverse ? len - 1 - k : k) * inner;
                    if (floats) {
                        double v = Values.getDouble(t, x, xOff + at);
                        Values.setDouble(t, y, yOff + at, exclusive ? real : real + v);
                        real += v;
                    } else {
                        long v = Values.getLong(t, x, xOff + at);
                        Values.setLong(t, y, yOff + at, exclusive ? whole : whole + v);
                        whole += v;
                    }
                }
            }
        });
    }
}
