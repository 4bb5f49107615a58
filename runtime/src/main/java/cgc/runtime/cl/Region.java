package cgc.runtime.cl;

import cgc.runtime.device.SvmMode;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.jocl.cl_kernel;

/**
 * Memory that both sides address with the same byte offsets: a plan's activation arena ({@link Gpu#allocateArena}) or
 * its read-only weights ({@link Gpu#loadWeights}). The CPU works on {@link #cpuView()}; a kernel receives the region as
 * a {@code __global float*} argument. Whatever the {@link SvmMode}, the CPU brackets each range it touches:
 *
 * <pre>{@code
 * arena.beginCpuAccess(off, len, Access.READ);   // FINE: nothing; COARSE, BUFFERS: blocking copy to the host
 * ... read cpuView() in [off, off + len) ...
 * arena.endCpuAccess(off, len, Access.READ);     // FINE: nothing; COARSE, BUFFERS: nothing (after WRITE: a copy back)
 * }</pre>
 *
 * A begin that brings data to the CPU (COARSE, BUFFERS) blocks until the device's in-order queue has drained,
 * so it is also a sync: the {@code map} and {@code copy} mechanisms. Not thread-safe: the thread that runs the plan
 * calls begin/end; CPU kernel threads may read and write {@link #cpuView()} in between.
 */
public abstract sealed class Region implements AutoCloseable permits FineSvmRegion, MirroredRegion {
    final Gpu gpu;
    final long byteSize;
    final boolean readOnly;
    private boolean closed;

    Region(Gpu gpu, long byteSize, boolean readOnly) {
        if (byteSize <= 0) throw new IllegalArgumentException("a region needs at least one byte, got " + byteSize);
        this.gpu = gpu;
        this.byteSize = byteSize;
        this.readOnly = readOnly;
    }

    /** How this region is shared. */
    public abstract SvmMode mode();

    /** Size in bytes. */
    public long byteSize() {
        return byteSize;
    }

    /**
     * The CPU's view, native byte order, float32 elements at byte offset {@code 4 * i}. For the weights it is read-only.
     * Under COARSE and BUFFERS it is a host copy, in step with the device only through begin/end brackets; it becomes
     * invalid when the region is closed.
     */
    public abstract MemorySegment cpuView();

    /** Makes {@code [byteOffset, byteOffset + byteLength)} of {@link #cpuView()} ready for the CPU to {@code access}. */
    public final void beginCpuAccess(long byteOffset, long byteLength, Access access) {
        check(byteOffset, byteLength, access);
        if (byteLength > 0) begin(byteOffset, byteLength, access);
    }

    /** Hands the range back to the device after a {@link #beginCpuAccess} with the same arguments. */
    public final void endCpuAccess(long byteOffset, long byteLength, Access access) {
        check(byteOffset, byteLength, access);
        if (byteLength > 0) end(byteOffset, byteLength, access);
    }

    abstract void begin(long byteOffset, long byteLength, Access access);

    abstract void end(long byteOffset, long byteLength, Access access);

    /** Sets kernel argument {@code index} to this region. */
    abstract void bind(cl_kernel kernel, int index);

    /** Frees the device memory; call after the last kernel that uses it. */
    abstract void release();

    /** Waits for the device, then frees this region. Idempotent. */
    @Override
    public final void close() {
        if (closed) return;
        closed = true;
        gpu.finish();
        release();
        gpu.forget(this);
    }

    private void check(long byteOffset, long byteLength, Access access) {
        Objects.requireNonNull(access, "access");
        if (closed) throw new IllegalStateException("region is closed");
        if (byteOffset < 0 || byteLength < 0 || byteOffset > byteSize - byteLength) {
            throw new IndexOutOfBoundsException("range [%d, %d) is outside the region's %d bytes"
                    .formatted(byteOffset, byteOffset + byteLength, byteSize));
        }
        if (readOnly && access.writes()) {
            throw new IllegalStateException("the weights region is read-only; asked for " + access);
        }
    }
}
