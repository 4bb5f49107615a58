package cgc.codegen;

/**
 * What {@code --placement} or {@code --split-config} asks for: every layer on one side, the heavy layers split at the
 * GPU's share, each node as a config file says, or as a device profile's predictions choose.
 */
public sealed interface Placement {
    /** {@code cpu} or {@code gpu}, as {@link CodeGenerator#generate(cgc.ir.Model, String, Side)} takes it. */
    record OnSide(Side side) implements Placement {
        @Override public String label() { return side.label(); }
    }

    /**
     * {@code split:R[:DIM]}: heavy layers computed by both sides, {@code gpuShare} of each on the GPU, along {@code dim}
     * where a layer can split along it ({@code oc}, {@code rows}, {@code m} or {@code n}; null: each layer's own).
     */
    record SplitAt(double gpuShare, String dim) implements Placement {
        /** The dimensions {@code split:R:DIM} takes. */
        public static final java.util.List<String> DIMS = java.util.List.of("oc", "rows", "m", "n");

        public SplitAt {
            if (!(gpuShare >= 0 && gpuShare <= 1)) {
                throw new IllegalArgumentException("split ratio must be in [0, 1], got " + gpuShare);
            }
            if (dim != null && !DIMS.contains(dim)) {
                throw new IllegalArgumentException("split dimension must be one of " + DIMS + ", got \"" + dim + "\"");
            }
        }

        public SplitAt(double gpuShare) { this(gpuShare, null); }

        @Override public String label() { return "split:" + gpuShare + (dim == null ? "" : ":" + dim); }
    }

    /** {@code --split-config FILE.json}: each named node as the file says, the others as with {@code gpu}. */
    record Configured(SplitConfig config, java.nio.file.Path file) implements Placement {
        @Override public String label() { return "split-config:" + file.getFileName(); }
    }

    /**
     * {@code --placement predicted --profile FILE}: each heavy layer split where the profile's latency models predict
     * that a split, sync included, beats the faster side alone by {@link cgc.partition.Partitioner#MARGIN} of its time
     * (see {@link PredictedPlacement}).
     */
    record Predicted(cgc.partition.Profile profile, java.nio.file.Path file) implements Placement {
        @Override public String label() { return "predicted:" + file.getFileName(); }
    }

    /** As written on the command line and in {@code plan.json}. */
    String label();
}
