package cgc.runtime.cl;

import cgc.runtime.device.SvmMode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_kernel;

/**
 * Coarse-grained SVM: one address space, but the CPU may touch only mapped ranges. Begin maps exactly the range
 * (blocking), end unmaps it. The weights keep a host copy for the CPU instead (copied to the device once with
 * {@code clEnqueueSVMMemcpy}), so they are never mapped while kernels run.
 */
final class CoarseSvmRegion extends Region {
    private final Pointer svm;
    private final Arena lifetime = Arena.ofShared();
    private final MemorySegment view;

    /** An arena, or (with {@code weights}) a read-only region holding a copy of {@code weights} on both sides. */
    CoarseSvmRegion(Gpu gpu, long byteSize, MemorySegment weights) {
        super(gpu, byteSize, weights != null);
        this.svm = Svm.alloc(gpu, weights != null ? CL.CL_MEM_READ_ONLY : CL.CL_MEM_READ_WRITE, byteSize);
        if (weights == null) {
            this.view = Svm.segment(svm, byteSize, lifetime);
        } else {
            this.view = lifetime.allocate(byteSize, 128).copyFrom(weights);
            SvmCalls.memcpy(gpu.queue(), svm.getNativePointer(), view.address(), byteSize);
            gpu.drained();
        }
    }

    @Override
    public SvmMode mode() {
        return SvmMode.COARSE;
    }

    @Override
    public MemorySegment cpuView() {
        return readOnly ? view.asReadOnly() : view;
    }

    @Override
    void begin(long byteOffset, long byteLength, Access access) {
        if (readOnly) return;
        long flags = switch (access) {
            case READ -> CL.CL_MAP_READ;
            case WRITE -> CL.CL_MAP_WRITE_INVALIDATE_REGION;
            case READ_WRITE -> CL.CL_MAP_READ | CL.CL_MAP_WRITE;
        };
        map(byteOffset, byteLength, flags);
    }

    @Override
    void end(long byteOffset, long byteLength, Access access) {
        if (readOnly) return;
        unmap(byteOffset);
    }

    private void map(long byteOffset, long byteLength, long flags) {
        SvmCalls.map(gpu.queue(), flags, svm.getNativePointer() + byteOffset, byteLength);
        gpu.drained();
    }

    private void unmap(long byteOffset) {
        SvmCalls.unmap(gpu.queue(), svm.getNativePointer() + byteOffset);
    }

    @Override
    void bind(cl_kernel kernel, int index) {
        CL.clSetKernelArgSVMPointer(kernel, index, svm);
    }

    @Override
    void release() {
        lifetime.close();
        CL.clSVMFree(gpu.context(), svm);
    }
}
