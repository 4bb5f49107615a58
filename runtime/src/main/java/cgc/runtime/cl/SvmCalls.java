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
 * {@code clEnqueueSVMMap}, {@code clEnqueueSVMUnmap} and {@code clEnqueueSVMMemcpy} called through the FFM API with
 * raw addresses. JOCL 2.0.5 passes only the exact {@code Pointer} objects that {@code clSVMAlloc} returned to these
 * functions; a pointer into the middle of an allocation (what mapping "exactly the bytes the CPU touches" needs) or
 * a host pointer reaches the driver as NULL ({@code CL_INVALID_VALUE}, observed with PoCL 3.1).
 */
final class SvmCalls {
    private static final int BLOCKING = 1; // CL_TRUE as a cl_bool
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup OPENCL = openCl();
    // cl_int clEnqueueSVMMap(queue, cl_bool blocking, cl_map_flags, void* svm_ptr, size_t, cl_uint, const cl_event*, cl_event*)
    private static final MethodHandle MAP = handle("clEnqueueSVMMap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    // cl_int clEnqueueSVMUnmap(queue, void* svm_ptr, cl_uint, const cl_event*, cl_event*)
    private static final MethodHandle UNMAP = handle("clEnqueueSVMUnmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
    // cl_int clEnqueueSVMMemcpy(queue, cl_bool blocking, void* dst, const void* src, size_t, cl_uint, const cl_event*, cl_event*)
    private static final MethodHandle MEMCPY = handle("clEnqueueSVMMemcpy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));

    private SvmCalls() {}

    /** Blocking map of {@code [address, address + size)} for the host. */
    static void map(cl_command_queue queue, long flags, long address, long size) {
        int status;
        try {
            status = (int) need(MAP, "clEnqueueSVMMap").invokeExact(q(queue), BLOCKING, flags, at(address), size, 0,
                    MemorySegment.NULL, MemorySegment.NULL);
        } catch (Throwable t) {
            throw failed("clEnqueueSVMMap", t);
        }
        check("clEnqueueSVMMap", status);
    }

    /** Non-blocking unmap of the range mapped at {@code address}. */
    static void unmap(cl_command_queue queue, long address) {
        int status;
        try {
            status = (int) need(UNMAP, "clEnqueueSVMUnmap").invokeExact(q(queue), at(address), 0, MemorySegment.NULL,
                    MemorySegment.NULL);
        } catch (Throwable t) {
            throw failed("clEnqueueSVMUnmap", t);
        }
        check("clEnqueueSVMUnmap", status);
    }

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
