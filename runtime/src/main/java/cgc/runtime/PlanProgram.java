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
}
