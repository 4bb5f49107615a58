package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;

/**
 * The optional outputs of ONNX LayerNormalization: per row (the axes from {@code axis} on) the mean and the inverse
 * standard deviation {@code 1 / sqrt(var + epsilon)}, in double over two passes, rounded once to f32.
 */
public final class LayerNormStats {
    private LayerNormStats() {}

    /** Writes the rows' means to {@code mean} and inverse deviations to {@code invStd}; an offset of -1 skips one. */
    public static void run(int[] shape, int axis, float epsilon, MemorySegment x, long xOff, MemorySegment mean,
                           long meanOff, MemorySegment invStd, long invStdOff, Parallel pool) {
        int a = Shapes.axis(axis, shape.length, "LayerNormalization");
        int rows = Shapes.product(shape, 0, a);
        int len = Shapes.product(shape, a, shape.length);
        pool.parallelFor(rows, Math.max(1, Elementwise.GRAIN / Math.max(1, len)), (b, e) -> {
            for (int r = b; r < e; r++) {
                Norms.Moments m = Norms.Moments.of(x, xOff + (long) r * len, len, epsilon);
                if (meanOff >= 0) {
                    mean.set(F, (meanOff + r) << 2, (float) m.mean());
                }
                if (invStdOff >= 0) {
                    invStd.set(F, (invStdOff + r) << 2, (float) m.invStd());
                }
            }
        });
    }
}
