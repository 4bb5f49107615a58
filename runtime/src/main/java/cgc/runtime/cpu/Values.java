package cgc.runtime.cpu;

import cgc.runtime.io.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Element access for the kernels of non-f32 values (Cast, the comparisons and logic, ArgMax, Where, Movement):
 * element {@code i} of a segment holding {@link DType} {@code t}, read or written as a double (the float types) or a
 * long (the integer types and bool, u8 unsigned). Offsets are in elements of {@code t}; native byte order, as everywhere
 * in the arena.
 */
final class Values {
    private Values() {}

    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;

    /** Whether {@code t} holds floating-point numbers (read with {@link #getDouble}), not integers or bools. */
    static boolean isFloat(DType t) {
        return t == DType.FLOAT32 || t == DType.FLOAT64 || t == DType.FLOAT16;
    }

    static double getDouble(DType t, MemorySegment s, long i) {
        return switch (t) {
            case FLOAT32 -> s.get(F32, i << 2);
            case FLOAT64 -> s.get(F64, i << 3);
            case FLOAT16 -> Float.float16ToFloat(s.get(I16, i << 1));
            default -> getLong(t, s, i);
        };
    }

    /** Element i of an integer or bool segment; of a float one, truncated toward zero (C's conversion). */
    static long getLong(DType t, MemorySegment s, long i) {
        return switch (t) {
            case INT64 -> s.get(I64, i << 3);
            case INT32 -> s.get(I32, i << 2);
            case INT8 -> s.get(ValueLayout.JAVA_BYTE, i);
            case UINT8, BOOL -> Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, i));
            case FLOAT32, FLOAT64, FLOAT16 -> (long) getDouble(t, s, i);
        };
    }

    /**
     * Writes {@code v} rounded to the nearest value of a float type (f16 ties to even), or as C casts it to an
     * integer type (truncated toward zero) or to bool.
     */
    static void setDouble(DType t, MemorySegment s, long i, double v) {
        switch (t) {
            case FLOAT32 -> s.set(F32, i << 2, (float) v);
            case FLOAT64 -> s.set(F64, i << 3, v);
            case FLOAT16 -> s.set(I16, i << 1, Float.floatToFloat16((float) v));
            case BOOL -> s.set(ValueLayout.JAVA_BYTE, i, (byte) (v != 0 ? 1 : 0));   // NaN is true, as in C
            default -> setLong(t, s, i, (long) v);
        }
    }

    /** Writes {@code v}, wrapped to the width of an integer type, 0/1 for bool, rounded to nearest for a float one. */
    static void setLong(DType t, MemorySegment s, long i, long v) {
        switch (t) {
            case INT64 -> s.set(I64, i << 3, v);
            case INT32 -> s.set(I32, i << 2, (int) v);
            case INT8, UINT8 -> s.set(ValueLayout.JAVA_BYTE, i, (byte) v);
            case BOOL -> s.set(ValueLayout.JAVA_BYTE, i, (byte) (v != 0 ? 1 : 0));
            case FLOAT32 -> s.set(F32, i << 2, (float) v);
            case FLOAT64 -> s.set(F64, i << 3, (double) v);
            case FLOAT16 -> s.set(I16, i << 1, Float.floatToFloat16((float) v));
        }
    }

    /** Copies element {@code from} of {@code x} to element {@code to} of {@code y}, both of {@code bytes} bytes. */
    static void copy(int bytes, MemorySegment x, long from, MemorySegment y, long to) {
        switch (bytes) {
            case 8 -> y.set(I64, to << 3, x.get(I64, from << 3));
            case 4 -> y.set(I32, to << 2, x.get(I32, from << 2));
            case 2 -> y.set(I16, to << 1, x.get(I16, from << 1));
            case 1 -> y.set(ValueLayout.JAVA_BYTE, to, x.get(ValueLayout.JAVA_BYTE, from));
            default -> throw new IllegalArgumentException("no elements of " + bytes + " bytes");
        }
    }
}
