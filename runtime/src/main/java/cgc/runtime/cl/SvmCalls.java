package cgc.runtime.cl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.cl_command_queue;

/**
 * {@code clEnqueueSVMMemcpy} called through the FFM API with raw addresses. JOCL 2.0.5 passes only the exact
 * {@code Pointer} objects that {@code clSVMAlloc} returned to the SVM functions; a pointer into the middle of an
 * allocation (what copying exactly the bytes the CPU touches needs) or a host pointer reaches the driver as NULL
 * ({@code CL_INVALID_VALUE}, observed with PoCL 3.1).
 */
final class SvmCalls {
    private static final int BLOCKING = 1; // CL_TRUE as a cl_bool
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup OPENCL = openCl();
    // cl_int clEnqueueSVMMemcpy(queue, cl_bool blocking, void* dst, const void* src, size_t, cl_uint, const cl_event*, cl_event*)
    private static final MethodHandle MEMCPY = handle("clEnqueueSVMMemcpy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));

    private SvmCalls() {}

    /** Blocking copy of {@code size} bytes. */
    static void memcpy(cl_command_queue queue, long dst, long src, long size) {
        int status;
        try {
            status = (int) need(MEMCPY, "clEnqueueSVMMemcpy").invokeExact(q(queue), BLOCKING, at(dst), at(src), size, 0,
                    MemorySegment.NULL, MemorySegment.NULL);
        } catch (Throwable t) {
            throw failed("clEnqueueSVMMemcpy", t);
        }
        check("clEnqueueSVMMemcpy", status);
    }

    private static MethodHandle need(MethodHandle h, String function) {
        if (h == null) throw new UnsupportedOperationException(function + " is not in this machine's libOpenCL");
        return h;
    }

    private static RuntimeException failed(String function, Throwable t) {
        return t instanceof RuntimeException r ? r : new IllegalStateException(function + " failed", t);
    }

    private static void check(String function, int status) {
        if (status != CL.CL_SUCCESS) throw new CLException(function + ": " + CL.stringFor_errorCode(status), status);
    }

    private static MemorySegment q(cl_command_queue queue) {
        return MemorySegment.ofAddress(queue.getNativePointer());
    }

    private static MemorySegment at(long address) {
        return MemorySegment.ofAddress(address);
    }

    private static SymbolLookup openCl() {
        String[] names = {"libOpenCL.so.1", "libOpenCL.so", "OpenCL"};
        for (String name : names) {
            try {
                return SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException e) {
                // try the next spelling
            }
        }
        return SymbolLookup.loaderLookup();
    }

    private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
        return OPENCL.find(name).map(s -> LINKER.downcallHandle(s, descriptor)).orElse(null);
    }
}
