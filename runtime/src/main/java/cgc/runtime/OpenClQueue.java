package cgc.runtime;

import cgc.runtime.device.OpenClDevice;
import java.lang.foreign.MemorySegment;

/** The GPU side of a session: the OpenCL context, the built kernels, the arena and weights in shared memory. */
final class OpenClQueue implements GpuQueue {
    private OpenClQueue() {}

    static OpenClQueue open(OpenClDevice device, String source, PlanLayout layout, MemorySegment weights) {
        throw new PlanException("running GPU layers is not wired into this runtime yet (device " + device.describe() + ")");
    }

    MemorySegment arena() { throw new UnsupportedOperationException(); }

    MemorySegment weights() { throw new UnsupportedOperationException(); }

    @Override public void launch(int kernel, int begin, int end, long[] global, long[] local) {}
    @Override public void toCpu(long offset, long bytes) {}
    @Override public void toGpu(long offset, long bytes) {}
    @Override public void finish() {}
    @Override public void close() {}
}
