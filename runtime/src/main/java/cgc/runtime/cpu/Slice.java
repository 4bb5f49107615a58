package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;

/** ONNX Slice and Split: copies a {@link SliceSpec}'s strided box into a contiguous output. */
public final class Slice {
    private Slice() {}

    public static void run(SliceSpec s, MemorySegment x, long xOff, MemorySegment y, long yOff, Parallel pool) {
        int r = s.shape.length;
        long total = Shapes.size(s.count);
        if (total == 0) {
            return;
        }
        if (r == 0) {
            y.set(F, yOff << 2, x.get(F, xOff << 2));
            return;
        }
        long[] strides = Shapes.strides(s.shape);
        int inner = s.count[r - 1];
        int innerStep = s.step[r - 1];
        int rows = Math.toIntExact(total / inner);
        long first = xOff;
        for (int d = 0; d < r; d++) {
            first += s.start[d] * strides[d];
        }
        long firstF = first;
        pool.parallelFor(rows, Math.max(1, Elementwise.GRAIN / Math.max(1, inner)), (b, e) -> {
            for (int row = b; row < e; row++) {
                long src = firstF;
                for (int d = r - 2, rest = row; d >= 0; d--) {
                    src += (long) (rest % s.count[d]) * s.step[d] * strides[d];
                    rest /= s.count[d];
                }
                long dst = yOff + (long) row * inner;
                if (innerStep == 1) {
                    MemorySegment.copy(x, src << 2, y, dst << 2, 4L * inner);
                } else {
                    for (int i = 0; i < inner; i++) {
                        y.set(F, (dst + i) << 2, x.get(F, (src + (long) i * innerStep) << 2));
                    }
                }
            }
        });
    }
}
