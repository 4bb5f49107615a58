package cgc.runtime.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ONNX GatherElements: the output has the indices' shape, and its element at coordinates c is the data's element at c
 * with coordinate {@code axis} replaced by the index there ({@code indices[c]}, int64 or int32, negative counting
 * from the end). Any element type: elements are copied bit for bit, {@code bytes} each.
 */
public final class GatherElements {
    private GatherElements() {}

    /**
     * {@code dOff} and {@code yOff} are in data elements, {@code iOff} in index elements (8 bytes each for int64, 4
     * for int32).
     *
     * @throws IndexOutOfBoundsException naming the index, its position and the axis, for one outside the axis
     */
    public static void run(int bytes, int[] dataShape, int[] indexShape, int axis, boolean int64, MemorySegment data,
                           long dOff, MemorySegment indices, long iOff, MemorySegment y, long yOff, Parallel pool) {
        int r = dataShape.length;
        int a = Shapes.axis(axis, r, "GatherElements");
        int len = dataShape[a];
        long[] strides = Shapes.strides(dataShape);
        int count = Shapes.product(indexShape, 0, r);
        pool.parallelFor(count, Elementwise.GRAIN, (b, e) -> {
            for (int o = b; o < e; o++) {
                long v = int64 ? indices.get(ValueLayout.JAVA_LONG_UNALIGNED, (iOff + o) << 3)
                        : indices.get(ValueLayout.JAVA_INT_UNALIGNED, (iOff + o) << 2);
                if (v < -len || v >= len) {
                    throw new IndexOutOfBoundsException("GatherElements: index " + v + " (position " + o
                            + ") is outside [-" + len + ", " + len + ") on axis " + a + " of " + Shapes.text(dataShape));
                }
                long src = (v < 0 ? v + len : v) * strides[a];
                for (int d = r - 1, rest = o; d >= 0; d--) {   // o's coordinates in the indices' shape
                    if (d != a) {
                        src += (long) (rest % indexShape[d]) * strides[d];
                    }
                    rest /= indexShape[d];
                }
                Values.copy(bytes, data, dOff + src, y, yOff + o);
            }
        });
    }
}
