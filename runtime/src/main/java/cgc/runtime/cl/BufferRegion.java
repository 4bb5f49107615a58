package cgc.runtime.cl;

import cgc.runtime.device.SvmMode;
import java.lang.foreign.MemorySegment;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * No SVM: a {@code cl_mem} buffer beside the host mirror, transferred with blocking buffer reads and writes.
 */
final class BufferRegion extends MirroredRegion {
    /** Largest single transfer; {@link MemorySegment#asByteBuffer()} caps a slice at 2 GiB. */
    private static final long CHUNK = 1L << 30;

    private final cl_mem buffer;

    /** An arena, or (with {@code weights}) a read-only region holding a copy of {@code weights} on both sides. */
    BufferRegion(Gpu gpu, long byteSize, MemorySegment weights) {
        super(gpu, byteSize, weights);
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
    void transfer(long byteOffset, long byteLength, boolean toDevice) {
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
        releaseHost();
    }
}
