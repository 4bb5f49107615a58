package cgc.codegen;

/**
 * How to launch a generated kernel for the split range {@code [begin, end)}: its global size covers only that range.
 * Each template's entry in {@code kernels-templates/README.md} says which form it takes.
 */
public sealed interface Launch {
    /** The global work size for one launch over {@code [begin, end)}. */
    long[] global(int begin, int end);

    /** The work-group size, or {@code null} to let the driver choose. */
    long[] local();

    /**
     * One work-item per element of {@code [begin, end) x itemsPerUnit}, one dimension, any work-group size (the
     * kernels compute their index, so a global size rounded up would also be safe: they return past {@code end}).
     */
    record Flat(long itemsPerUnit) implements Launch {
        public Flat {
            if (itemsPerUnit < 1) throw new IllegalArgumentException("itemsPerUnit must be at least 1, got " + itemsPerUnit);
        }

        @Override public long[] global(int begin, int end) { return new long[] {(long) (end - begin) * itemsPerUnit}; }
        @Override public long[] local() { return null; }
    }

    /**
     * The tiled GEMM templates ({@code gemm}, {@code conv_igemm}): work-groups of {@code (TN/WN, TM/WM, 1)}, one per
     * {@code TM x TN} tile of the output, one batch per index of dimension 2. The split dimension ({@code m} when
     * {@code splitM}, else {@code n}) covers {@code [begin, end) * splitUnit}; the other covers all of {@code m} or
     * {@code n}.
     */
    record Tiled(long m, long n, long batches, boolean splitM, long splitUnit, GemmTiles tiles) implements Launch {
        @Override public long[] global(int begin, int end) {
            long range = (long) (end - begin) * splitUnit;
            long ms = splitM ? range : m, ns = splitM ? n : range;
            long[] local = local();
            return new long[] {ceilDiv(ns, tiles.tn()) * local[0], ceilDiv(ms, tiles.tm()) * local[1], batches};
        }

        @Override public long[] local() { return new long[] {tiles.tn() / tiles.wn(), tiles.tm() / tiles.wm(), 1}; }

        private static long ceilDiv(long a, long b) { return (a + b - 1) / b; }
    }
}
