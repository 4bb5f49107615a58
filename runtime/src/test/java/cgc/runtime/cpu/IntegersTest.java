package cgc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cgc.runtime.io.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntegersTest {
    @Test
    void powersAreExactAndWrapLikeTheType() {
        assertEquals(1, Integers.power(0, 0));
        assertEquals(-2187, Integers.power(-3, 7));
        assertEquals(BigInteger.valueOf(3).pow(41).longValue(), Integers.power(3, 41));      // wraps past 2^63
        assertEquals(0, Integers.power(2, -1));
        assertEquals(-1, Integers.power(-1, -3));
        assertEquals(1, Integers.power(-1, -4));
        assertThrows(ArithmeticException.class, () -> Integers.power(0, -1));
    }

    @Test
    void i32ArithmeticWrapsAndDivisionTruncates() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment a = arena.allocate(8, 64);
            MemorySegment b = arena.allocate(8, 64);
            MemorySegment y = arena.allocate(8, 64);
            a.setAtIndex(ValueLayout.JAVA_INT, 0, Integer.MAX_VALUE);
            a.setAtIndex(ValueLayout.JAVA_INT, 1, -7);
            b.setAtIndex(ValueLayout.JAVA_INT, 0, 1);
            b.setAtIndex(ValueLayout.JAVA_INT, 1, 2);
            Broadcast s = Broadcast.of(new int[] {2}, new int[] {2});
            Integers.binary(Integers.Op.ADD, DType.INT32, s, a, 0, b, 0, y, 0, Tensors.SERIAL);
            assertEquals(Integer.MIN_VALUE, y.getAtIndex(ValueLayout.JAVA_INT, 0));
            Integers.binary(Integers.Op.DIV, DType.INT32, s, a, 0, b, 0, y, 0, Tensors.SERIAL);
            assertEquals(-3, y.getAtIndex(ValueLayout.JAVA_INT, 1));
        }
    }

    /** ReduceSum and ReduceMax of i64 over the first and last axes of [5, 301, 7]. */
    @Test
    void reducesOverAxesThatAreNotAdjacent() {
        int[] shape = {5, 301, 7};
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = arena.allocate(8L * 5 * 301 * 7, 64);
            Random r = new Random(104);
            for (long i = 0; i < 5 * 301 * 7; i++) x.setAtIndex(ValueLayout.JAVA_LONG, i, r.nextLong() >> 20);
            MemorySegment y = arena.allocate(8L * 301, 64);
            for (boolean max : new boolean[] {false, true}) {
                Integers.reduce(max ? ReduceOp.MAX : ReduceOp.SUM, DType.INT64, shape, new int[] {0, -1}, x, 0, y, 0, Tensors.THREE);
                for (int j = 0; j < 301; j++) {
                    long want = max ? Long.MIN_VALUE : 0;
                    for (int i = 0; i < 5; i++) {
                        for (int k = 0; k < 7; k++) {
                            long v = x.getAtIndex(ValueLayout.JAVA_LONG, (i * 301L + j) * 7 + k);
                            want = max ? Math.max(want, v) : want + v;
                        }
                    }
                    assertEquals(want, y.getAtIndex(ValueLayout.JAVA_LONG, j), (max ? "max" : "sum") + " at " + j);
                }
            }
        }
    }
}
