package cgc.codegen;

/**
 * How to launch a generated kernel for the split range {@code [begin, end)}: its global size covers only that range.
 * Each template's entry in {@code kernels-templates/README.md} says which form it takes.
 */
public sealed interface Launch {
    /** The runtime's description of this launch, which sizes it for a cut known only at run time. */
    cgc.runtime.Grid grid();

    /** The global work size for one launch over {@code [begin, end)}. */
    default long[] global(int begin, int end) { return grid().global(begin, end); }

    /** The work-group size, or {@code null} to let the driver choose. */
    default long[] local() { return grid().local(); }

    /**
     * One work-item per element of {@code [begin, end) x itemsPerUnit}, one dimension, any work-group size (the
     * kernels compute their index, so a global size rounded up would also be safe: they return past {@code end}).
     */
    record Flat(long itemsPerUnit) implements Launch {
        public Flat {
            if (itemsPerUnit < 1) throw new IllegalArgumentException("itemsPerUnit must be at least 1, got " + itemsPerUnit);
        }

        @Override public cgc.runtime.Grid grid() { return new cgc.runtime.Grid.Flat(itemsPerUnit); }
    }

    /**
     * The tiled GEMM templates ({@code gemm}, {@code conv_igemm}): work-groups of {@code (TN/WN, TM/WM, 1)}, one per
     * {@code TM x TN} tile of the output, one batch per index of dimension 2. The split dimension ({@code m} when
     * {@code splitM}, else {@code n}) covers {@code [begin, end) * splitUnit}; the other covers all of {@code m} or
     * {@code n}.
     */
    record Tiled(long m, long n, long batches, boolean splitM, long splitUnit, GemmTiles tiles) implements Launch {
        @Override public cgc.runtime.Grid grid() {
            return new cgc.runtime.Grid.Tiled(m, n, batches, splitM, splitUnit, tiles.tm(), tiles.tn(), tiles.wm(), tiles.wn());
        }
    }

    /** The vector templates for CPU devices ({@code gemm_vector_*}): one work-item per {@code mb x nb} block. */
    record Blocked(long m, long n, long batches, boolean splitM, long splitUnit, int mb, int nb) implements Launch {
        @Override public cgc.runtime.Grid grid() { return new cgc.runtime.Grid.Blocked(m, n, batches, splitM, splitUnit, mb, nb); }

        /**
         * The GPU part of a split is a whole number of blocks along the split dimension (in its units: a block of
         * pixels split by rows of splitUnit pixels rounds to whole rows).
         */
        int tile() { return splitM ? mb : (int) Math.max(1, nb / splitUnit); }
    }
}
