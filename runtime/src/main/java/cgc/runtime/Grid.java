package cgc.runtime;

/**
 * The ND-range of a generated kernel for the part {@code [begin, end)} of its split dimension: the global size covers
 * only that part, so a split layer's GPU launch is sized at run time from its cut.
 */
public sealed interface Grid {
    /** The global work size for one launch over {@code [begin, end)}. */
    long[] global(int begin, int end);

    /** The work-group size, or {@code null} to let the driver choose. */
    long[] local();

    /** One work-item per element of {@code [begin, end) x itemsPerUnit}, one dimension. */
    record Flat(long itemsPerUnit) implements Grid {
        public Flat {
            if (itemsPerUnit < 1) throw new IllegalArgumentException("itemsPerUnit must be at least 1, got " + itemsPerUnit);
        }

        @Override public long[] global(int begin, int end) { return new long[] {(long) (end - begin) * itemsPerUnit}; }

        @Override public long[] local() { return null; }
    }

    /**
     * The tiled GEMM templates: work-groups of {@code (tn/wn, tm/wm, 1)}, one per {@code tm x tn} tile of the output,
     * one batch per index of dimension 2. The split dimension ({@code m} when {@code splitM}, else {@code n}) covers
     * {@code [begin, end) * splitUnit}; the other all of {@code m} or {@code n}.
     */
    record Tiled(long m, long n, long batches, boolean splitM, long splitUnit, int tm, int tn, int wm, int wn)
            implements Grid {
        @Override public long[] global(int begin, int end) {
            long range = (long) (end - begin) * splitUnit;
            long ms = splitM ? range : m, ns = splitM ? n : range;
            return new long[] {ceilDiv(ns, tn) * (tn / wn), ceilDiv(ms, tm) * (tm / wm), batches};
        }

        @Override public long[] local() { return new long[] {tn / wn, tm / wm, 1}; }

        private static long ceilDiv(long a, long b) { return (a + b - 1) / b; }
    }

    /**
     * The vector templates for CPU devices: one work-item per {@code mb x nb} block of the output, one batch per index
     * of dimension 2, one work-item per work-group. The split dimension covers {@code [begin, end) *
     * splitUnit}.
     */
    record Blocked(long m, long n, long batches, boolean splitM, long splitUnit, int mb, int nb) implements Grid {
        @Override public long[] global(int begin, int end) {
            long range = (long) (end - begin) * splitUnit;
            long ms = splitM ? range : m, ns = splitM ? n : range;
            return new long[] {(ns + nb - 1) / nb, (ms + mb - 1) / mb, batches};
        }

        /**
         * One work-item per work-group: left to itself, PoCL puts the few, heavy work-items of these kernels into one
         * work-group, which one thread runs (a 1x4096 GEMV took as long on 8 compute units as on 1).
         */
        @Override public long[] local() { return new long[] {1, 1, 1}; }
    }
}
