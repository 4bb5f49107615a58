package cgc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cgc.runtime.io.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** TopK's order where ONNX Runtime cannot be the oracle: NaN, -0 against 0, ties. */
class TopKTest {
    private static final float NAN = Float.NaN;

    private static void check(float[] x, int k, boolean largest, float[] values, long[] indices) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocateFrom(ValueLayout.JAVA_FLOAT, x);
            MemorySegment v = arena.allocate(4L * k + 4), i = arena.allocate(8L * k + 8);
            TopK.run(DType.FLOAT32, new int[] {x.length}, 0, k, largest, in, 0, v, 0, i, 0, Tensors.SERIAL);
            assertArrayEquals(values, v.asSlice(0, 4L * k).toArray(ValueLayout.JAVA_FLOAT));
            assertArrayEquals(indices, i.asSlice(0, 8L * k).toArray(ValueLayout.JAVA_LONG));
        }
    }

    @Test
    void nanRanksAboveEveryNumber() {
        check(new float[] {1, NAN, 3, Float.POSITIVE_INFINITY}, 2, true, new float[] {NAN, Float.POSITIVE_INFINITY},
                new long[] {1, 3});
        check(new float[] {1, NAN, 3, -2}, 2, false, new float[] {-2, 1}, new long[] {3, 0});
    }

    @Test
    void equalValuesKeepTheirIndexOrderAndMinusZeroEqualsZero() {
        check(new float[] {2, -0f, 5, 0, 5, 2}, 4, true, new float[] {5, 5, 2, 2}, new long[] {2, 4, 0, 5});
        check(new float[] {2, -0f, 5, 0, 5, 2}, 2, false, new float[] {-0f, 0}, new long[] {1, 3});
    }

    @Test
    void kBeyondTheAxisIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> check(new float[] {1, 2}, 3, true, new float[3], new long[3]));
    }
}
