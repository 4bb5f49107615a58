package cgc.onnx;

import java.util.List;
import java.util.OptionalLong;

/**
 * Sizes cgc refuses before allocating anything, so that a hostile or corrupt file fails with a message instead of an
 * {@link OutOfMemoryError}. Element counts are multiplied with overflow checks.
 */
final class Limits {
    /** No dimension of any tensor or value may be this large or larger (2^40). */
    static final long MAX_DIM = 1L << 40;
    /** No value's static shape may hold this many elements or more (2^40). */
    static final long MAX_VALUE_ELEMENTS = 1L << 40;
    /** A constant holds at most this many elements (2^31). */
    static final long MAX_WEIGHT_ELEMENTS = 1L << 31;
    /** A constant's bytes must fit one Java array. */
    static final long MAX_WEIGHT_BYTES = Integer.MAX_VALUE - 8;

    private Limits() {}

    /** The product of {@code dims}, or empty when it reaches {@code limit} (so it never overflows). */
    static OptionalLong elementCount(List<Long> dims, long limit) {
        long n = 1;
        for (long d : dims) {
            if (d == 0) return OptionalLong.of(0);
        }
        for (long d : dims) {
            if (n > (limit - 1) / d) return OptionalLong.empty();
            n *= d;
        }
        return OptionalLong.of(n);
    }

    /** {@code 1099511627776} as {@code 2^40}, other numbers as they are: limits read better as powers of two. */
    static String show(long n) {
        return Long.bitCount(n) == 1 && n >= 1024 ? "2^" + Long.numberOfTrailingZeros(n) : Long.toString(n);
    }
}
