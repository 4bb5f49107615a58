package cgc.runtime.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ONNX Transpose, Slice (and Split), Concat, Gather, Expand, Tile and Pad on elements of any width (1, 2, 4 or 8
 * bytes: i64, i32, f16, bool, ...), copied bit for bit. The f32 kernels of these ops ({@link Transpose}, {@link Slice},
 * {@link Gather}, {@link Shaping}) are the fast path; these serve the other element types, which models carry in small
 * tensors (ids, masks, shapes). Concat is one bulk copy per row whatever the type, so this one serves f32 too
 * ({@link Concat}). Offsets are in elements of the type.
 *
 * <p>All but Concat are one loop, {@link #remap}: output dimension d reads input offset {@code tables[d][i]} at index
 * i, the offsets summed over the dimensions, or the fill value where a table says {@link Remap#FILL}.
 */
public final class Movement {
    private Movement() {}

    /** Output dimension i is input dimension {@code perm[i]}. */
    public static void transpose(int bytes, int[] shape, int[] perm, MemorySegment x, long xOff, MemorySegment y,
                                 long yOff, Parallel pool) {
        int r = shape.length;
        if (perm.length != r) {
            throw new IllegalArgumentException("Transpose: perm " + Shapes.text(perm) + " does not fit shape "
                    + Shapes.text(shape));
        }
        long[] strides = Shapes.strides(shape);
        int[] out = new int[r];
        long[][] tables = new long[r][];
        for (int d = 0; d < r; d++) {
            int p = Shapes.axis(perm[d], r, "Transpose");
            out[d] = shape[p];
            tables[d] = steps(shape[p], 0, strides[p]);
        }
        remap(bytes, out, tables, 0, x, xOff, y, yOff, pool);
    }

    /** The strided box of {@code s} (a Slice, or a part of a Split). */
    public static void slice(int bytes, SliceSpec s, MemorySegment x, long xOff, MemorySegment y, long yOff,
                             Parallel pool) {
        long[] strides = Shapes.strides(s.shape);
        long[][] tables = new long[s.shape.length][];
        for (int d = 0; d < tables.length; d++) {
            tables[d] = steps(s.count[d], s.start[d] * strides[d], s.step[d] * strides[d]);
        }
        remap(bytes, s.count, tables, 0, x, xOff, y, yOff, pool);
    }

    /** Input i has shape {@code shapes[i]} and lives at element {@code offs[i]} of {@code xs[i]}. */
    public static void concat(int bytes, int axis, int[][] shapes, MemorySegment[] xs, long[] offs, MemorySegment y,
                              long yOff) {
        concat(bytes, axis, shapes, xs, offs, y, yOff, null);
    }

    /** Bytes a thread copies at least, so that a small Concat stays on the caller. */
    private static final long CONCAT_PIECE_BYTES = 64 * 1024;

    /**
     * As above, on {@code pool} (null: the caller alone): the output is cut into byte ranges, one per task, each
     * copied from the runs of the inputs it covers (a copy by one thread was 3x ONNX Runtime's time for SqueezeNet's
     * concats at 16 threads).
     */
    public static void concat(int bytes, int axis, int[][] shapes, MemorySegment[] xs, long[] offs, MemorySegment y,
                              long yOff, Parallel pool) {
        int r = shapes[0].length;
        int a = Shapes.axis(axis, r, "Concat");
        int outer = Shapes.product(shapes[0], 0, a);
        int inner = Shapes.product(shapes[0], a + 1, r);
        long[] run = new long[shapes.length];                    // bytes of input i in each output row
        long rowBytes = 0;
        for (int i = 0; i < shapes.length; i++) {
            int[] s = shapes[i];
            for (int d = 0; d < r; d++) {
                if (d != a && (s.length != r || s[d] != shapes[0][d])) {
                    throw new IllegalArgumentException("Concat along " + a + ": shapes " + Shapes.text(shapes[0])
                            + " and " + Shapes.text(s) + " differ outside the axis");
                }
            }
            run[i] = (long) s[a] * inner * bytes;
            rowBytes += run[i];
        }
        long total = rowBytes * outer;
        long rows = rowBytes;
        int pieces = pool == null ? 1 : (int) Math.max(1, Math.min(4L * pool.threads(), total / CONCAT_PIECE_BYTES));
        Parallel.Body copy = (p0, p1) -> {
            long b = total * p0 / pieces;
            long e = total * p1 / pieces;
            while (b < e) {                                      // output byte b: row o, input i, byte within its run
                long o = b / rows;
                long at = b - o * rows;
                int i = 0;
                while (at >= run[i]) {
                    at -= run[i++];
                }
                long n = Math.min(run[i] - at, e - b);
                MemorySegment.copy(xs[i], offs[i] * bytes + o * run[i] + at, y, yOff * bytes + b, n);
                b += n;
            }
        };
        if (pieces == 1) {
            copy.run(0, 1);
        } else {
            pool.parallelFor(pieces, copy);
        }
    }

    /**
     * {@code y[o, j, i] = data[o, indices[j], i]}, o over the axes before {@code axis}, i over those after, j over
     * the {@code indexCount} indices (int64 or int32, negative counting from the end).
     */
    public static void gather(int bytes, int[] dataShape, int axis, long indexCount, boolean int64, MemorySegment data,
                              long dOff, MemorySegment indices, long iOff, MemorySegment y, long yOff, Parallel pool) {
        int a = Shapes.axis(axis, dataShape.length, "Gather");
        int len = dataShape[a];
        int inner = Shapes.product(dataShape, a + 1, dataShape.length);
        int[] idx = Gather.indices(dataShape, a, indexCount, int64, indices, iOff);
        int n = idx.length;
        long[] rows = new long[n];
        for (int j = 0; j < n; j++) {
            rows[j] = (long) idx[j] * inner;
        }
        int outer = Shapes.product(dataShape, 0, a);
        long[][] tables = {steps(outer, 0, (long) len * inner), rows, steps(inner, 0, 1)};
        remap(bytes, new int[] {outer, n, inner}, tables, 0, data, dOff, y, yOff, pool);
    }

    /** x broadcast (numpy's rule) against {@code shape}. */
    public static void expand(int bytes, int[] xShape, int[] shape, MemorySegment x, long xOff, MemorySegment y,
                              long yOff, Parallel pool) {
        int[] out = Broadcast.shape(xShape, shape);
        remap(bytes, out, Shaping.expandTables(xShape, out), 0, x, xOff, y, yOff, pool);
    }

    /** Output dimension d is {@code shape[d] * repeats[d]}, reading index i mod shape[d]. */
    public static void tile(int bytes, int[] shape, long[] repeats, MemorySegment x, long xOff, MemorySegment y,
                            long yOff, Parallel pool) {
        remap(bytes, Shaping.tileShape(shape, repeats), Shaping.tileTables(shape, repeats), 0, x, xOff, y, yOff,
                pool);
    }

    /**
     * ONNX Pad as {@link Shaping#pad} does it, the constant mode filling with {@code fillBits} (the value's bits, in
     * the low {@code bytes} bytes).
     */
    public static void pad(int bytes, int[] shape, long[] pads, Shaping.PadMode mode, long fillBits, MemorySegment x,
                           long xOff, MemorySegment y, long yOff, Parallel pool) {
        remap(bytes, Shaping.padShape(shape, pads), Shaping.padTables(shape, pads, mode), fillBits, x, xOff, y, yOff,
                pool);
    }

    /** One element of {@code bytes} bytes holding the low bytes of {@code bits}. */
    private static MemorySegment element(int bytes, long bits) {
        MemorySegment s = MemorySegment.ofArray(new long[1]);
        switch (bytes) {
            case 8 -> s.set(ValueLayout.JAVA_LONG, 0, bits);
            case 4 -> s.set(ValueLayout.JAVA_INT, 0, (int) bits);
            case 2 -> s.set(ValueLayout.JAVA_SHORT, 0, (short) bits);
            case 1 -> s.set(ValueLayout.JAVA_BYTE, 0, (byte) bits);
            default -> throw new IllegalArgumentException("no elements of " + bytes + " bytes");
        }
        return s;
    }

    /** {@code first, first + step, ...}, n of them. */
    private static long[] steps(int n, long first, long step) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = first + i * step;
        }
        return t;
    }

    /**
     * Copies the output of shape {@code out} row by row: a row whose last table steps by 1 is one bulk copy, others
     * go element by element; where a table holds {@link Remap#FILL}, the element is {@code fillBits}.
     */
    static void remap(int bytes, int[] out, long[][] tables, long fillBits, MemorySegment x, long xOff,
                      MemorySegment y, long yOff, Parallel pool) {
        int r = out.length;
        if (Shapes.size(out) == 0) {
            return;
        }
        if (r == 0) {
            Values.copy(bytes, x, xOff, y, yOff);
            return;
        }
        MemorySegment fill = element(bytes, fillBits);
        int inner = out[r - 1];
        long[] last = tables[r - 1];
        boolean contiguous = last[0] != Remap.FILL;
        for (int i = 1; i < inner; i++) {
            contiguous &= last[i] == last[0] + i;
        }
        boolean bulk = contiguous;
        int rows = Shapes.product(out, 0, r - 1);
        pool.parallelFor(rows, Math.max(1, Elementwise.GRAIN / Math.max(1, inner)), (b, e) -> {
            for (int row = b; row < e; row++) {
                long src = xOff;
                boolean filled = false;
                for (int d = r - 2, rest = row; d >= 0; d--) {
                    long t = tables[d][rest % out[d]];
                    filled |= t == Remap.FILL;
                    src += t;
                    rest /= out[d];
                }
                long dst = yOff + (long) row * inner;
                if (bulk && !filled) {
                    MemorySegment.copy(x, (src + last[0]) * bytes, y, dst * bytes, (long) inner * bytes);
                } else {
                    for (int i = 0; i < inner; i++) {
                        if (filled || last[i] == Remap.FILL) {
                            Values.copy(bytes, fill, 0, y, dst + i);
                        } else {
                            Values.copy(bytes, x, src + last[i], y, dst + i);
                        }
                    }
                }
            }
        });
    }
}
