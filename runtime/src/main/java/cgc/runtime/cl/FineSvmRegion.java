package cgc.runtime.cl;

import cgc.runtime.device.SvmMode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_kernel;

/** Fine-grained SVM: the CPU view is the device's memory itself; begin and end do nothing. */
final class FineSvmRegion extends Region {
    private final Pointer svm;
    private final Arena lifetime = Arena.ofShared();
    private final MemorySegment view;

    FineSvmRegion(Gpu gpu, long byteSize, boolean readOnly, long extraFlags) {
        super(gpu, byteSize, readOnly);
        this.svm = Svm.alloc(gpu, CL.CL_MEM_READ_WRITE | CL.CL_MEM_SVM_FINE_GRAIN_BUFFER | extraFlags, byteSize);
        this.view = Svm.segment(svm, byteSize, lifetime);
    }

    @Override
    public SvmMode mode() {
        return SvmMode.FINE;
    }

    @Override
    public MemorySegment cpuView() {
        return readOnly ? view.asReadOnly() : view;
    }

    /** The writable view, for loading the weights once. */
    MemorySegment writableView() {
        return view;
    }

    @Override
    void begin(long byteOffset, long byteLength, Access access) {}

    @Override
    void end(long byteOffset, long byteLength, Access access) {}

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
