package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;

/**
 * ONNX LayerNormalization: each row (the axes from {@code axis} on) becomes
 * {@code (x - mean) / sqrt(var + epsilon) * scale + bias}, scale and bias having the row's shape.
 */
public final class LayerNorm {
    private LayerNorm() {}

    /** {@code bias == null} means no bias; y may be x. Statistics are accumulated in double. */
    public static void run(int[] shape, int axis, float epsilon, MemorySegment x, long xOff, MemorySegment scale,
                           long scaleOff, MemorySegment bias, long biasOff, MemorySegment y, long yOff,
                           Parallel pool) {
        int a = Shapes.axis(axis, shape.length, "LayerNormalization");
        int rows = Shapes.product(shape, 0, a);
        int len = Shapes.product(shape, a, shape.length);
        pool.parallelFor(rows, Math.max(1, Elementwise.GRAIN / Math.max(1, len)), (b, e) -> {
            for (int r = b; r < e; r++) {
                long base = (long) r * len;
                double sum = 0;
                for (int i = 0; i < len; i++) {
                    sum += x.get(F, (xOff + base + i) << 2);
                }
                double mean = sum / len;
                double var = 0;
                for (int i = 0; i < len; i++) {
                    double d = x.get(F, (xOff + base + i) << 2) - mean;
                    var += d * d;
                }
                float inv = (float) (1 / Math.sqrt(var / len + epsilon));
                float m = (float) mean;
                for (int i = 0; i < len; i++) {
                    float v = (x.get(F, (xOff + base + i) << 2) - m) * inv * scale.get(F, (scaleOff + i) << 2);
                    if (bias != null) {
                        v += bias.get(F, (biasOff + i) << 2);
                    }
                    y.set(F, (yOff + base + i) << 2, v);
                }
            }
        });
    }
}
