package cgc.runtime.cl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A region whose CPU view is host memory of its own, kept in step with the device's memory by blocking transfers:
 * begin for reading copies the range to the host, end after writing copies it back (so the CPU may reuse the host
 * range at once). Coarse-grained SVM and plain buffers differ only in how they allocate and transfer.
 */
abstract sealed class MirroredRegion extends Region permits CoarseSvmRegion, BufferRegion {
    private final Arena lifetime = Arena.ofShared();
    final MemorySegment host;

    /** An arena, or (with {@code weights}) a read-only region whose host side starts as a copy of {@code weights}. */
    MirroredRegion(Gpu gpu, long byteSize, MemorySegment weights) {
        super(gpu, byteSize, weights != null);
        this.host = lifetime.allocate(byteSize, 128);
        if (weights != null) host.copyFrom(weights);
    }

    @Override
    public final MemorySegment cpuView() {
        return readOnly ? host.asReadOnly() : host;
    }

    @Override
    final void begin(long byteOffset, long byteLength, Access access) {
        if (!readOnly && access.reads()) transfer(byteOffset, byteLength, false);
    }

    @Override
    final void end(long byteOffset, long byteLength, Access access) {
        if (!readOnly && access.writes()) transfer(byteOffset, byteLength, true);
    }

    /** Copies {@code [byteOffset, byteOffset + byteLength)} between host and device, blocking; the queue has drained. */
    abstract void transfer(long byteOffset, long byteLength, boolean toDevice);

    /** Frees the host side; the subclass's {@link #release} calls it. */
    final void releaseHost() {
        lifetime.close();
    }
}
