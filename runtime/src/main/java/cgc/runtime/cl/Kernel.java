package cgc.runtime.cl;

import org.jocl.CL;
import org.jocl.cl_kernel;

/**
 * One kernel of a {@link Program}, bound to the activation arena (argument 0) and the weights (argument 1). Every
 * generated kernel has the signature
 * {@code __kernel void NAME(__global float* act, __global const float* wts, const int begin, const int end)};
 * {@link Gpu#enqueue} sets {@code begin} and {@code end}, only when they differ from the last launch's (a kernel
 * belongs to one session's queue, whose runs are serialised).
 */
public final class Kernel implements AutoCloseable {
    private final String name;
    final cl_kernel handle;
    /** Its {@link InKernelSignal} wrapper, or null where the program has none. */
    final cl_kernel signalled;
    private boolean closed;
    /** The {@code begin} and {@code end} last set, or -1: most kernels launch over the same range every run. */
    int begin = -1;
    int end = -1;
    /** The same for the wrapper, whose flag word is bound at its first launch, and its work-item count last set. */
    int signalledBegin = -1;
    int signalledEnd = -1;
    long signalledItems = -1;
    boolean signalledBound;

    Kernel(String name, cl_kernel handle, cl_kernel signalled) {
        this.name = name;
        this.handle = handle;
        this.signalled = signalled;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            CL.clReleaseKernel(handle);
            if (signalled != null) CL.clReleaseKernel(signalled);
        }
    }

    @Override
    public String toString() {
        return "kernel " + name;
    }
}
