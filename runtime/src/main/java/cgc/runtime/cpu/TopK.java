package cgc.runtime.cpu;

import cgc.runtime.io.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Comparator;

/**
 * ONNX TopK: the k largest (or smallest) elements along one axis and their indices (i64), in sorted order, the lower
 * index first among equal values, as the spec asks. Floats compare as doubles (-0 equals 0; NaN above every number),
 * integers as longs.
 */
public final class TopK {
    private TopK() {}

    /**
     * x of {@code shape} and type {@code t}; values (type {@code t}) and indices (i64) of the same shape but {@code k}
     * along {@code axis} (negative from the end).
     */
    public static void run(DType t, int[] shape, int axis, int k, boolean largest, MemorySegment x, long xOff,
                           MemorySegment values, long vOff, MemorySegment indices, long iOff, Parallel pool) {
        Shapes.Around s = Shapes.Around.of(shape, axis, "TopK");
        int outer = s.outer(), len = s.len(), inner = s.inner();
        if (k < 0 || k > len) {
            throw new IllegalArgumentException("TopK: k " + k + " outside [0, " + len + "] for axis " + axis + " of "
                    + Shapes.text(shape));
        }
        boolean floats = Values.isFloat(t);
        pool.parallelFor(outer * inner, Math.max(1, Elementwise.GRAIN / Math.max(1, len)), (b, e) -> {
            double[] d = new double[len];
            long[] l = new long[len];
            Integer[] order = new Integer[len];
            for (int o = b; o < e; o++) {
                long base = xOff + (long) (o / inner) * len * inner + o % inner;
                long out = (long) (o / inner) * k * inner + o % inner;
                for (int j = 0; j < len; j++) {
                    order[j] = j;
                    if (floats) d[j] = Values.getDouble(t, x, base + (long) j * inner);
                    else l[j] = Values.getLong(t, x, base + (long) j * inner);
                }
                // the index breaks ties: a stable sort keeps equal values in index order
                Comparator<Integer> byValue = floats ? (p, q) -> compare(d[p], d[q])
                        : (p, q) -> Long.compare(l[p], l[q]);
                Arrays.sort(order, largest ? byValue.reversed() : byValue);
                for (int j = 0; j < k; j++) {
                    int from = order[j];
                    long at = out + (long) j * inner;
                    if (floats) Values.setDouble(t, values, vOff + at, d[from]);
                    else Values.setLong(t, values, vOff + at, l[from]);
                    indices.set(ValueLayout.JAVA_LONG_UNALIGNED, (iOff + at) << 3, from);
                }
            }
        });
    }

    /** As {@code <} and {@code >} order numbers (-0 equals 0), NaN above all of them. */
    private static int compare(double a, double b) {
        if (a < b) return -1;
        if (a > b) return 1;
        boolean na = Double.isNaN(a), nb = Double.isNaN(b);
        return na == nb ? 0 : na ? 1 : -1;
    }
}
