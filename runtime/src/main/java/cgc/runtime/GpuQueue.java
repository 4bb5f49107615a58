package cgc.runtime;

/**
 * The GPU side as the generated code sees it: launches of the plan's kernels (by their index in
 * {@link PlanLayout#kernels()}) that do not block, and the syncs the code generator placed where data crosses sides.
 * Every launch reads and writes the session's arena at offsets baked into the kernel.
 */
public interface GpuQueue extends AutoCloseable {
    /**
     * Enqueues kernel {@code kernel} over the output range {@code [begin, end)} of its split dimension with the given
     * global work size (and local size, or {@code null} to let the driver choose); returns at once.
     */
    void launch(int kernel, int begin, int end, long[] global, long[] local);

    /** The CPU is about to read {@code [offset, offset + bytes)} of the arena, written by kernels launched before. */
    void toCpu(long offset, long bytes);

    /** Kernels launched from now on read {@code [offset, offset + bytes)} of the arena, written by the CPU. */
    void toGpu(long offset, long bytes);

    /** Waits for every kernel launched so far. */
    void finish();

    @Override
    void close();

    /** The queue of a session without an OpenCL device; a plan with GPU layers cannot open one. */
    GpuQueue NONE = new GpuQueue() {
        @Override public void launch(int kernel, int begin, int end, long[] global, long[] local) { throw none(); }
        @Override public void toCpu(long offset, long bytes) {}
        @Override public void toGpu(long offset, long bytes) {}
        @Override public void finish() {}
        @Override public void close() {}

        private IllegalStateException none() {
            return new IllegalStateException("kernel launched in a session without an OpenCL device");
        }
    };
}
