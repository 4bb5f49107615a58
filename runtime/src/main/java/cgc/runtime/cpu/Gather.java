package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ONNX Gather: {@code y[o, j, i] = data[o, indices[j], i]} where o runs over the axes before {@code axis}, i over
 * those after, and j over all indices (any shape, int64 or int32, negative counting from the end).
 */
public final class Gather {
    private Gather() {}

    /** {@code iOff} is in index elements (8 bytes each for int64, 4 for int32). */
    public static void run(int[] dataShape, int axis, long indexCount, boolean int64, MemorySegment data,
                           long dOff, MemorySegment indices, long iOff, MemorySegment y, long yOff, Parallel pool) {
        int a = Shapes.axis(axis, dataShape.length, "Gather");
        int outer = Shapes.product(dataShape, 0, a);
        int len = dataShape[a];
        int inner = Shapes.product(dataShape, a + 1, dataShape.length);
        int[] idx = indices(dataShape, a, indexCount, int64, indices, iOff);
        int n = idx.length;
        pool.parallelFor(outer * n, Math.max(1, Elementwise.GRAIN / Math.max(1, inner)), (b, e) -> {
            for (int t = b; t < e; t++) {
                int o = t / n;
                int j = t % n;
                long src = dOff + ((long) o * len + idx[j]) * inner;
                if (inner == 1) {
                    y.set(F, (yOff + t) << 2, data.get(F, src << 2));
                } else {
                    MemorySegment.copy(data, src << 2, y, (yOff + (long) t * inner) << 2, 4L * inner);
                }
            }
        });
    }

    /**
     * The {@code indexCount} indices (int64 or int32) at element {@code iOff} of {@code indices}, checked against
     * axis {@code a} of {@code dataShape} and wrapped (negative ones count from the end).
     *
     * @throws IndexOutOfBoundsException naming the index, its position and the axis, for one outside the axis
     */
    static int[] indices(int[] dataShape, int a, long indexCount, boolean int64, MemorySegment indices, long iOff) {
        int len = dataShape[a];
        int[] idx = new int[Math.toIntExact(indexCount)];
        for (int j = 0; j < idx.length; j++) {
            long v = int64 ? indices.get(ValueLayout.JAVA_LONG_UNALIGNED, (iOff + j) << 3)
                    : indices.get(ValueLayout.JAVA_INT_UNALIGNED, (iOff + j) << 2);
            if (v < -len || v >= len) {
                throw new IndexOutOfBoundsException("Gather: index " + v + " (position " + j + ") is outside [-"
                        + len + ", " + len + ") on axis " + a + " of " + Shapes.text(dataShape));
            }
            idx[j] = (int) (v < 0 ? v + len : v);
        }
        return idx;
    }
}
