package cgc.runtime.cpu;

import cgc.runtime.io.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ONNX Cast between the numeric types and bool, converting as C++'s {@code static_cast} does (ONNX Runtime's rule):
 * a float becomes an integer by truncation toward zero, anything becomes bool as {@code != 0} (NaN is true), a bool
 * is 0 or 1, an integer becomes a float rounded to nearest, f32 becomes f16 rounded to nearest even, and integers
 * narrow by wrapping. Integers never pass through a double, so an i64 keeps all its bits.
 */
public final class Cast {
    private Cast() {}

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfByte I8 = ValueLayout.JAVA_BYTE;

    /**
     * {@code y[i] = (to) x[i]} for i < n; offsets in elements of each side's type. y overlaps x only where it is x
     * and both types are as wide.
     */
    public static void run(DType from, DType to, long n, MemorySegment x, long xOff, MemorySegment y, long yOff,
                           Parallel pool) {
        Pair pair = Pair.of(from, to);
        if (pair != null) {
            Elementwise.chunks(n, pool, (b, e) -> pair.run(x, xOff + b, y, yOff + b, e - b));
            return;
        }
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

    /**
     * The casts a quantized model makes on every activation (f32 to and from u8, i8 and i32), as loops of their own:
     * through the per-element type switch above they were over half of a QOperator MobileNetV2's time (bench/NOTES.md,
     * session 18). Each converts exactly as the general path does: a float truncated through a long, then wrapped.
     */
    private enum Pair {
        F32_I32, I32_F32, F32_U8, F32_I8, U8_F32, I8_F32;

        static Pair of(DType from, DType to) {
            return switch (from) {
                case FLOAT32 -> switch (to) {
                    case INT32 -> F32_I32;
                    case UINT8 -> F32_U8;
                    case INT8 -> F32_I8;
                    default -> null;
                };
                case INT32 -> to == DType.FLOAT32 ? I32_F32 : null;
                case UINT8 -> to == DType.FLOAT32 ? U8_F32 : null;
                case INT8 -> to == DType.FLOAT32 ? I8_F32 : null;
                default -> null;
            };
        }

        /** Elements x[xi ..] to y[yi ..], count of them (indices in elements). */
        void run(MemorySegment x, long xi, MemorySegment y, long yi, long count) {
            switch (this) {
                case F32_I32 -> { for (long i = 0; i < count; i++) y.set(I32, (yi + i) << 2, (int) (long) x.get(F32, (xi + i) << 2)); }
                case I32_F32 -> { for (long i = 0; i < count; i++) y.set(F32, (yi + i) << 2, (float) x.get(I32, (xi + i) << 2)); }
                case F32_U8, F32_I8 -> { for (long i = 0; i < count; i++) y.set(I8, yi + i, (byte) (long) x.get(F32, (xi + i) << 2)); }
                case U8_F32 -> { for (long i = 0; i < count; i++) y.set(F32, (yi + i) << 2, (float) Byte.toUnsignedInt(x.get(I8, xi + i))); }
                case I8_F32 -> { for (long i = 0; i < count; i++) y.set(F32, (yi + i) << 2, (float) x.get(I8, xi + i)); }
            }
        }
    }
}
