package cgc.runtime.cpu;

/**
 * Runs a fused tree of elementwise ops (the compiler's {@code fuse-elementwise}) block by block. The plan class holds
 * each tree as a generated method over one block: it copies its inputs' block into per-thread arrays, runs one plain
 * loop per op over them (C2 vectorises such loops over arrays) and writes the output's block. So the tensor is read and
 * written once, not once per op, and each loop's code is that op's alone.
 *
 * <p>The output is seen as rows ({@code rows}, the leading axes) of {@code inner} contiguous elements (the trailing
 * axes), chosen so that every input, over the trailing axes, is either laid out as the output (copied block by block)
 * or one value repeated (a scalar for the row, as a per-channel scale is over a plane); {@link #offset} finds an
 * input's row.
 *
 * <p>An interpreter of the ops over the Vector API kernels came first: 3-6 ns an element in the model, against
 * 1.1 ns for the generated loops, as C2 kept boxing vectors at call sites that every op shared (bench/NOTES.md).
 */
public final class FusedElementwise {
    private FusedElementwise() {}

    /** Elements of a block: the arrays of a few live values stay in L1 and L2. */
    public static final int BLOCK = 2048;

    /** One block of a fused tree: elements {@code [first, first + n)} of output row {@code row}. */
    @FunctionalInterface
    public interface Body {
        void run(long row, int first, int n, Scratch s);
    }

    /** A thread's arrays for the blocks of one fused tree: f32 and int values, and bytes for u8 and i8 ones. */
    public static final class Scratch {
        public final float[][] f;
        public final int[][] i;
        public final byte[] b = new byte[BLOCK];

        Scratch(int floats, int ints) {
            f = new float[floats][BLOCK];
            i = new int[ints][BLOCK];
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = new ThreadLocal<>();

    private static Scratch scratch(int floats, int ints) {
        Scratch s = SCRATCH.get();
        if (s == null || s.f.length < floats || s.i.length < ints) {
            s = new Scratch(Math.max(floats, s == null ? 0 : s.f.length), Math.max(ints, s == null ? 0 : s.i.length));
            SCRATCH.set(s);
        }
        return s;
    }

    /**
     * Runs {@code body} over {@code rows} rows of {@code inner} elements, in blocks of at most {@link #BLOCK}, in
     * parallel; each thread's blocks get a {@link Scratch} of at least {@code floats} f32 and {@code ints} int arrays.
     */
    public static void run(long rows, long inner, int floats, int ints, Body body, Parallel pool) {
        long perRow = (inner + BLOCK - 1) / BLOCK;
        long total = rows * perRow;
        if (total > Integer.MAX_VALUE) throw new IllegalArgumentException("a fused op of " + total + " blocks");
        int grain = (int) Math.max(1, Elementwise.GRAIN / Math.min(inner, BLOCK));
        pool.parallelFor((int) total, grain, (c0, c1) -> {
            Scratch s = scratch(floats, ints);
            for (int c = c0; c < c1; c++) {
                long row = c / perRow;
                int first = (int) ((c % perRow) * BLOCK);
                body.run(row, first, (int) Math.min(BLOCK, inner - first), s);
            }
        });
    }

    /** The element offset of row {@code row} of an input with strides {@code strides} along the leading axes {@code outer}. */
    public static long offset(long row, int[] outer, long[] strides) { return Shapes.offset(row, outer, strides); }
}
