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
    private boolean closed;
    /** The {@code begin} and {@code end} last set, or -1: most kernels launch over the same range every run. */
    int begin = -1;
    int end = -1;

    Kernel(String name, cl_kernel handle) {
        this.name = name;
        this.handle = handle;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            CL.clReleaseKernel(handle);
        }
    }

    @Override
    public String toString() {
        return "kernel " + name;
    }
}
