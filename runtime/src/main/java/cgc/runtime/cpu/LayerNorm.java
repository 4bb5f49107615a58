package cgc.runtime.cpu;

import java.lang.foreign.MemorySegment;

/**
 * ONNX LayerNormalization: each row (the axes from {@code axis} on) becomes
 * {@code (x - mean) / sqrt(var + epsilon) * scale + bias}, scale and bias having the row's shape.
 */
public final class LayerNorm {
    private LayerNorm() {}

    private static final Simd SIMD = Simd.INSTANCE;

    /** {@code bias == null} means no bias; y may be x. */
    public static void run(int[] shape, int axis, float epsilon, MemorySegment x, long xOff, MemorySegment scale,
                           long scaleOff, MemorySegment bias, long biasOff, MemorySegment y, long yOff,
                           Parallel pool) {
        int a = Shapes.axis(axis, shape.length, "LayerNormalization");
        rows(Shapes.product(shape, 0, a), shape, axis, epsilon, x, xOff, scale, scaleOff, bias, biasOff, y, yOff, pool);
    }

    /** As {@link #run}, for the first {@code rows} rows only (the CPU's rows of a layer split by rows). */
    public static void rows(int rows, int[] shape, int axis, float epsilon, MemorySegment x, long xOff,
                            MemorySegment scale, long scaleOff, MemorySegment bias, long biasOff, MemorySegment y,
                            long yOff, Parallel pool) {
        int a = Shapes.axis(axis, shape.length, "LayerNormalization");
        int len = Shapes.product(shape, a, shape.length);
        pool.parallelFor(rows, Math.max(1, Elementwise.GRAIN / Math.max(1, len)), (b, e) -> {
            for (int r = b; r < e; r++) {
                long base = (long) r * len;
                SIMD.layerNormRow(len, epsilon, x, (xOff + base) << 2, scale, scaleOff << 2, bias, biasOff << 2, y,
                        (yOff + base) << 2);
            }
        });
    }
}
