package cgc.runtime.cpu;

import cgc.runtime.io.DType;
import java.lang.foreign.MemorySegment;

/**
 * ONNX Cast between the numeric types and bool, converting as C++'s {@code static_cast} does (ONNX Runtime's rule):
 * a float becomes an integer by truncation toward zero, anything becomes bool as {@code != 0} (NaN is true), a bool
 * is 0 or 1, an integer becomes a float rounded to nearest, f32 becomes f16 rounded to nearest even, and integers
 * narrow by wrapping. Integers never pass through a double, so an i64 keeps all its bits.
 */
public final class Cast {
    private Cast() {}

    /**
     * {@code y[i] = (to) x[i]} for i < n; offsets in elements of each side's type. y overlaps x only where it is x
     * and both types are as wide.
     */
    public static void run(DType from, DType to, long n, MemorySegment x, long xOff, MemorySegment y, long yOff,
                           Parallel pool) {
        boolean viaDouble = Values.isFloat(from);
        Elementwise.chunks(n, pool, (b, e) -> {
            for (long i = b; i < e; i++) {
                if (viaDouble) {
                    Values.setDouble(to, y, yOff + i, Values.getDouble(from, x, xOff + i));
                } else {
                    Values.setLong(to, y, yOff + i, Values.getLong(from, x, xOff + i));
                }
            }
        });
    }
}
