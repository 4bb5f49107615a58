package cgc.runtime.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ONNX Where: {@code y = cond ? a : b}, all three broadcast the numpy way; cond is bool (one byte each), a, b and y
 * of any one type (f32 unless an element size is given), offsets in elements of their types.
 */
public final class Where {
    private Where() {}

    /** Where on f32 values. */
    public static void run(int[] condShape, int[] aShape, int[] bShape, MemorySegment cond, long condOff,
                           MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment y, long yOff,
                           Parallel pool) {
        run(condShape, aShape, bShape, 4, cond, condOff, a, aOff, b, bOff, y, yOff, pool);
    }

    /** Where on values of {@code bytes} bytes each (1, 2, 4 or 8), copied bit for bit. */
    public static void run(int[] condShape, int[] aShape, int[] bShape, int bytes, MemorySegment cond, long condOff,
                           MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment y, long yOff,
                           Parallel pool) {
        int[] out = Broadcast.shape(Broadcast.shape(condShape, aShape), bShape);
        int r = out.length;
        long[] sc = Broadcast.stridesFor(condShape, out, 1);
        long[] sa = Broadcast.stridesFor(aShape, out, 1);
        long[] sb = Broadcast.stridesFor(bShape, out, 1);
        int inner = r == 0 ? 1 : out[r - 1];
        int rows = r == 0 ? 1 : Shapes.product(out, 0, r - 1);
        long ic = r == 0 ? 0 : sc[r - 1];
        long ia = r == 0 ? 0 : sa[r - 1];
        long ib = r == 0 ? 0 : sb[r - 1];
        pool.parallelFor(rows, Math.max(1, Elementwise.GRAIN / Math.max(1, inner)), (lo, hi) -> {
            for (int row = lo; row < hi; row++) {
                long c0 = condOff;
                long a0 = aOff;
                long b0 = bOff;
                for (int d = r - 2, rest = row; d >= 0; d--) {
                    int i = rest % out[d];
                    c0 += i * sc[d];
                    a0 += i * sa[d];
                    b0 += i * sb[d];
                    rest /= out[d];
                }
                long dst = yOff + (long) row * inner;
                for (int i = 0; i < inner; i++) {
                    if (cond.get(ValueLayout.JAVA_BYTE, c0 + i * ic) != 0) {
                        Values.copy(bytes, a, a0 + i * ia, y, dst + i);
                    } else {
                        Values.copy(bytes, b, b0 + i * ib, y, dst + i);
                    }
                }
            }
        });
    }
}
