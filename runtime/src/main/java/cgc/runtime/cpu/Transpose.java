package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;

/** ONNX Transpose with any permutation: output dimension i is input dimension {@code perm[i]}. */
public final class Transpose {
    private Transpose() {}

    public static void run(int[] shape, int[] perm, MemorySegment x, long xOff, MemorySegment y, long yOff,
                           Parallel pool) {
        int r = shape.length;
        if (perm.length != r) {
            throw new IllegalArgumentException("Transpose: perm " + Shapes.text(perm) + " does not fit shape "
                    + Shapes.text(shape));
        }
        if (r == 0) {
            y.set(F, yOff << 2, x.get(F, xOff << 2));
            return;
        }
        long[] in = Shapes.strides(shape);
        int[] out = new int[r];
        long[] step = new long[r];                 // input stride of each output dimension
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            int p = Shapes.axis(perm[i], r, "Transpose");
            if (seen[p]) {
                throw new IllegalArgumentException("Transpose: perm " + Shapes.text(perm) + " repeats axis " + p);
            }
            seen[p] = true;
            out[i] = shape[p];
            step[i] = in[p];
        }
        int inner = out[r - 1];
        long innerStep = step[r - 1];
        int rows = Shapes.product(out, 0, r - 1);
        pool.parallelFor(rows, Math.max(1, Elementwise.GRAIN / Math.max(1, inner)), (b, e) -> {
            for (int row = b; row < e; row++) {
                long src = xOff;
                for (int d = r - 2, rest = row; d >= 0; d--) {
                    src += (long) (rest % out[d]) * step[d];
                    rest /= out[d];
                }
                long dst = yOff + (long) row * inner;
                if (innerStep == 1) {
                    MemorySegment.copy(x, src << 2, y, dst << 2, 4L * inner);
                } else {
                    for (int i = 0; i < inner; i++) {
                        y.set(F, (dst + i) << 2, x.get(F, (src + i * innerStep) << 2));
                    }
                }
            }
        });
    }
}
