package cgc.runtime;

/**
 * The GPU side as the generated code sees it: launches of the plan's kernels (by their index in
 * {@link PlanLayout#kernels()}) that do not block, waits, and brackets around the arena ranges a CPU layer touches
 * that cross sides. Every launch reads and writes the session's arena at offsets baked into the kernel.
 */
public interface GpuQueue extends AutoCloseable {
    /**
     * Enqueues kernel {@code kernel} over the range {@code [begin, end)} of its split dimension with the given global
     * work size (and local size, or {@code null} to let the driver choose); returns at once.
     */
    void launch(int kernel, int begin, int end, long[] global, long[] local);

    /**
     * As {@link #launch}, for the last launch before an {@link #await}: under the svm-flag mechanism only such a
     * launch publishes its completion (the publish is a second enqueue); the others publish nothing. It is flushed.
     */
    default void launchAwaited(int kernel, int begin, int end, long[] global, long[] local) {
        launch(kernel, begin, end, global, local);
    }

    /**
     * Submits the launches made since the last flush, so that the device starts on them while the CPU goes on: after
     * the last launch of a run of GPU layers ({@link #launch} does not flush; each flush is a driver submission).
     */
    default void flush() {}

    /**
     * The CPU has run plan code since the last launch (a layer, a part of a split layer, or, at the start of a run, the
     * inputs' copy): launches after this call must not start before it. Launches are in program order anyway; this
     * marks where a launch enqueued ahead of time has to wait for the CPU (see {@link #beginRun}).
     */
    default void fence() {}

    /**
     * A run of the plan begins. A queue may enqueue the run's launches ahead of the calls that make them, each behind
     * the gate of the {@link #fence} before it, once it has seen the same plan and cuts make the same launches.
     */
    default void beginRun() {}

    /** The run begun last ended, {@code normally} or by an exception. */
    default void endRun(boolean normally) {}

    /** The cuts or the parts of the split layers changed: the next run's launches are not the last one's. */
    default void replan() {}

    /** Waits for every kernel launched so far. */
    void await();

    /**
     * Whether the CPU may read what it wrote itself earlier in the arena without bracketing it again, and bytes it
     * reads or writes are never copied over by the device (fine-grained SVM): what a {@code Chain} of split layers
     * relies on to skip a sync. False under coarse SVM (an unmapped range is not the CPU's to read) and plain buffers.
     */
    default boolean coherent() { return false; }

    /** The CPU is about to read ({@code write} false) or write {@code [offset, offset + bytes)} of the arena. */
    void acquire(long offset, long bytes, boolean write);

    /** The CPU is done with a range it {@linkplain #acquire acquired} with the same arguments. */
    void release(long offset, long bytes, boolean write);

    @Override
    void close();

    /** The queue of a session without an OpenCL device; a plan with GPU layers cannot open one. */
    GpuQueue NONE = new GpuQueue() {
        @Override public void launch(int kernel, int begin, int end, long[] global, long[] local) {
            throw new IllegalStateException("kernel launched in a session without an OpenCL device");
        }
        @Override public void await() {}
        @Override public void acquire(long offset, long bytes, boolean write) {}
        @Override public void release(long offset, long bytes, boolean write) {}
        @Override public void close() {}
    };
}
