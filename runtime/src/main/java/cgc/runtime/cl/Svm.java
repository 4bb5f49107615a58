package cgc.runtime.cl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.jocl.CL;
import org.jocl.Pointer;

/** {@code clSVMAlloc} and a {@link MemorySegment} over the pointer it returns. */
final class Svm {
    private Svm() {}

    static Pointer alloc(Gpu gpu, long flags, long byteSize) {
        Pointer p = CL.clSVMAlloc(gpu.context(), flags, byteSize, 0);
        if (p == null || p.getNativePointer() == 0) {
            throw new IllegalStateException("clSVMAlloc of %d bytes (flags 0x%x) failed on %s"
                    .formatted(byteSize, flags, gpu.device().info().label()));
        }
        return p;
    }

    /** The memory at {@code p}, valid until {@code lifetime} closes (which must happen before the SVM is freed). */
    static MemorySegment segment(Pointer p, long byteSize, Arena lifetime) {
        return MemorySegment.ofAddress(p.getNativePointer()).reinterpret(byteSize, lifetime, null);
    }
}
