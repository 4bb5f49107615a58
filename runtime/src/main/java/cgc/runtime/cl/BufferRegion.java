package cgc.runtime.cl;

import cgc.runtime.device.SvmMode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * No SVM: a {@code cl_mem} buffer and a host copy. Begin for reading copies the range device to host (blocking); end
 * after writing copies it host to device (blocking, so the CPU may reuse the host range at once).
 */
final class BufferRegion extends Region {
    /** Largest single transfer; {@link MemorySegment#asByteBuffer()} caps a slice at 2 GiB. */
    private static final long CHUNK = 1L << 30;

    private final Arena lifetime = Arena.ofShared();
    private final MemorySegment host;
    private final cl_mem buffer;

    /** An arena, or (with {@code weights}) a read-only region holding a copy of {@code weights} on both sides. */
    BufferRegion(Gpu gpu, long byteSize, MemorySegment weights) {
        super(gpu, byteSize, weights != null);
        this.host = lifetime.allocate(byteSize, 128);
        if (weights != null) host.copyFrom(weights);
        this.buffer = CL.clCreateBuffer(gpu.context(),
                weights != null ? CL.CL_MEM_READ_ONLY | CL.CL_MEM_COPY_HOST_PTR : CL.CL_MEM_READ_WRITE, byteSize,
                weights != null ? Pointer.to(host.asSlice(0, Math.min(byteSize, CHUNK)).asByteBuffer()) : null, null);
        if (weights != null && byteSize > CHUNK) transfer(CHUNK, byteSize - CHUNK, true);
    }

    @Override
    public SvmMode mode() {
        return SvmMode.BUFFERS;
    }

    @Override
    public MemorySegment cpuView() {
        return readOnly ? host.asReadOnly() : host;
    }

    @Override
    void begin(long byteOffset, long byteLength, Access access) {
        if (!readOnly && access.reads()) transfer(byteOffset, byteLength, false);
    }

    @Override
    void end(long byteOffset, long byteLength, Access access) {
        if (access.writes()) transfer(byteOffset, byteLength, true);
    }

    private void transfer(long byteOffset, long byteLength, boolean toDevice) {
        for (long at = byteOffset; at < byteOffset + byteLength; at += CHUNK) {
            long n = Math.min(CHUNK, byteOffset + byteLength - at);
            Pointer p = Pointer.to(host.asSlice(at, n).asByteBuffer());
            if (toDevice) CL.clEnqueueWriteBuffer(gpu.queue(), buffer, true, at, n, p, 0, null, null);
            else CL.clEnqueueReadBuffer(gpu.queue(), buffer, true, at, n, p, 0, null, null);
        }
        gpu.drained();
    }

    @Override
    void bind(cl_kernel kernel, int index) {
        CL.clSetKernelArg(kernel, index, Sizeof.cl_mem, Pointer.to(buffer));
    }

    @Override
    void release() {
        CL.clReleaseMemObject(buffer);
        lifetime.close();
    }
}
