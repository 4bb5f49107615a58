package cgc.runtime.cl;

import cgc.runtime.device.SvmMode;
import java.lang.foreign.MemorySegment;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_kernel;

/**
 * Coarse-grained SVM: one address space, but the host may touch only mapped ranges, and a plan's CPU layers touch
 * far more of the arena than the ranges that cross sides (their own inputs and outputs, which the schedule does not
 * bracket). So the CPU works on a host mirror, as with plain buffers, the ranges copied with
 * {@code clEnqueueSVMMemcpy}. Mapping the crossing ranges alone, as this class did first, left the CPU layers writing
 * unmapped SVM: a Conv1d plan whose convs ran on the CPU and the rest on the H100 segfaulted within a few hundred
 * runs. On an integrated GPU a map could be cheaper than the copy; it would need every CPU layer's ranges bracketed.
 * The weights are copied to the device once.
 */
final class CoarseSvmRegion extends MirroredRegion {
    private final Pointer svm;

    /** An arena, or (with {@code weights}) a read-only region holding a copy of {@code weights} on both sides. */
    CoarseSvmRegion(Gpu gpu, long byteSize, MemorySegment weights) {
        super(gpu, byteSize, weights);
        this.svm = Svm.alloc(gpu, weights != null ? CL.CL_MEM_READ_ONLY : CL.CL_MEM_READ_WRITE, byteSize);
        if (weights != null) transfer(0, byteSize, true);
    }

    @Override
    public SvmMode mode() {
        return SvmMode.COARSE;
    }

    @Override
    void transfer(long byteOffset, long byteLength, boolean toDevice) {
        long device = svm.getNativePointer() + byteOffset, mirror = host.address() + byteOffset;
        SvmCalls.memcpy(gpu.queue(), toDevice ? device : mirror, toDevice ? mirror : device, byteLength);
        gpu.drained();
    }

    @Override
    void bind(cl_kernel kernel, int index) {
        CL.clSetKernelArgSVMPointer(kernel, index, svm);
    }

    @Override
    void release() {
        releaseHost();
        CL.clSVMFree(gpu.context(), svm);
    }
}
