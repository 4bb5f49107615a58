package cgc.runtime;

/**
 * The interface the generated plan class implements (one class per model, written by the compiler's
 * {@code PlanClassWriter}). {@link #run} is the schedule as straight-line code: one call per layer, each with its
 * geometry and arena offsets as constants. It is called by one thread at a time per {@link Frame}.
 */
public interface PlanProgram {
    PlanLayout layout();

    /** Runs every layer once; graph inputs are in the arena before, graph outputs are there after. */
    void run(Frame frame);

    /**
     * The names of the steps {@link #run} marks with {@link Frame#step}, by index: each layer, split layer and sync
     * that runs code, as "node (op, side)". For profiles; empty for a plan that marks none.
     */
    default java.util.List<String> steps() {
        return java.util.List.of();
    }
}
