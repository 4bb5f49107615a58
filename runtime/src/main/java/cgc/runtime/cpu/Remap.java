package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;

/**
 * Copies where every output dimension reads its input through a table: output index i of dimension d reads input
 * element offset {@code tables[d][i]} (summed over dimensions), or, where any table holds -1, the fill value. Pad,
 * Expand and Tile are such tables.
 */
final class Remap {
    private Remap() {}

    static final long FILL = -1;

    static void run(int[] outShape, long[][] tables, float fill, MemorySegment x, long xOff, MemorySegment y,
                    long yOff, Parallel pool) {
        int r = outShape.length;
        if (r == 0) {
            y.set(F, yOff << 2, x.get(F, xOff << 2));
            return;
        }
        int inner = outShape[r - 1];
        long[] last = tables[r - 1];
        int rows = Shapes.product(outShape, 0, r - 1);
        pool.parallelFor(rows, Math.max(1, Elementwise.GRAIN / Math.max(1, inner)), (b, e) -> {
            for (int row = b; row < e; row++) {
                long base = xOff;
                boolean filled = false;
                for (int d = r - 2, rest = row; d >= 0; d--) {
                    long t = tables[d][rest % outShape[d]];
                    filled |= t == FILL;
                    base += t;
                    rest /= outShape[d];
                }
                long dst = yOff + (long) row * inner;
                for (int i = 0; i < inner; i++) {
                    long t = last[i];
                    y.set(F, (dst + i) << 2, filled || t == FILL ? fill : x.get(F, (base + t) << 2));
                }
            }
        });
    }

    /** Input offsets of dimension d for output indices that map to input index {@code index[i]}. */
    static long[] table(int[] index, long stride) {
        long[] t = new long[index.length];
        for (int i = 0; i < index.length; i++) {
            t[i] = index[i] < 0 ? FILL : index[i] * stride;
        }
        return t;
    }
}
