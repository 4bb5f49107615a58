package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;

/**
 * ONNX Softmax (opset 13: over one axis): {@code y = exp(x - max) / sum exp(x - max)} along {@code axis}; and
 * LogSoftmax, {@code y = x - max - log(sum exp(x - max))}.
 */
public final class Softmax {
    private Softmax() {}

    private static final Simd SIMD = Simd.INSTANCE;

    /** Softmax of a tensor of shape {@code shape} along {@code axis}; y may be x. */
    public static void run(int[] shape, int axis, MemorySegment x, long xOff, MemorySegment y, long yOff,
                           Parallel pool) {
        Shapes.Around s = Shapes.Around.of(shape, axis, "Softmax");
        int outer = s.outer(), len = s.len(), inner = s.inner();
        if (inner == 1) {                              // rows are contiguous: the vector row kernel
            pool.parallelFor(outer, Math.max(1, Elementwise.GRAIN / Math.max(1, len)), (b, e) -> {
                for (int r = b; r < e; r++) {
                    SIMD.softmaxRow(len, x, (xOff + (long) r * len) << 2, y, (yOff + (long) r * len) << 2);
                }
            });
            return;
        }
        pool.parallelFor(outer * inner, Math.max(1, Elementwise.GRAIN / Math.max(1, len)), (b, e) -> {
            float[] row = new float[len];
            for (int t = b; t < e; t++) {
                long base = (long) (t / inner) * len * inner + t % inner;
                float max = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < len; i++) {
                    row[i] = x.get(F, (xOff + base + (long) i * inner) << 2);
                    max = Math.max(max, row[i]);
                }
                double sum = 0;
                for (int i = 0; i < len; i++) {
                    row[i] = (float) Math.exp(row[i] - max);
                    sum += row[i];
                }
                float inv = (float) (1 / sum);
                for (int i = 0; i < len; i++) {
                    y.set(F, (yOff + base + (long) i * inner) << 2, row[i] * inv);
                }
            }
        });
    }

    /**
     * LogSoftmax of a tensor of shape {@code shape} along {@code axis}; y may be x. Computed as
     * {@code x - (max + log(sum exp(x - max)))}, never as the log of a softmax, which underflows to log(0) for
     * outputs below about -87. Usually one small row of logits: plain loops, the sum in double.
     */
    public static void log(int[] shape, int axis, MemorySegment x, long xOff, MemorySegment y, long yOff,
                           Parallel pool) {
        Shapes.Around s = Shapes.Around.of(shape, axis, "LogSoftmax");
        int outer = s.outer(), len = s.len(), inner = s.inner();
        pool.parallelFor(outer * inner, Math.max(1, Elementwise.GRAIN / Math.max(1, len)), (b, e) -> {
            for (int t = b; t < e; t++) {
                long base = (long) (t / inner) * len * inner + t % inner;
                float max = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < len; i++) {
                    max = Math.max(max, x.get(F, (xOff + base + (long) i * inner) << 2));
                }
                double sum = 0;
                for (int i = 0; i < len; i++) {
                    sum += Math.exp(x.get(F, (xOff + base + (long) i * inner) << 2) - max);
                }
                float shift = (float) (max + Math.log(sum));
                for (int i = 0; i < len; i++) {
                    long at = (xOff + base + (long) i * inner) << 2;
                    y.set(F, (yOff + base + (long) i * inner) << 2, x.get(F, at) - shift);
                }
            }
        });
    }
}
