package cgc.runtime.cl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/** A built OpenCL program ({@link Gpu#build}); makes {@link Kernel}s bound to an arena and the weights. */
public final class Program implements AutoCloseable {
    /** Where the program came from. */
    public enum Origin {
        /** Compiled from source (and stored in the cache). */
        SOURCE,
        /** Loaded from a cached binary. */
        CACHE
    }

    final cl_program handle;
    private final Origin origin;
    private final String options;
    private boolean closed;

    Program(cl_program handle, Origin origin, String options) {
        this.handle = handle;
        this.origin = origin;
        this.options = options;
    }

    public Origin origin() {
        return origin;
    }

    /** The build options it was built with. */
    public String options() {
        return options;
    }

    /**
     * The kernel {@code name}, with {@code act} as argument 0 and {@code wts} as argument 1.
     *
     * @throws IllegalArgumentException when the program has no such kernel
     */
    public Kernel kernel(String name, Region act, Region wts) {
        cl_kernel k;
        try {
            k = CL.clCreateKernel(handle, name, null);
        } catch (CLException e) {
            if (e.getStatus() == CL.CL_INVALID_KERNEL_NAME) {
                throw new IllegalArgumentException("the program has no kernel named \"" + name + "\"", e);
            }
            throw e;
        }
        act.bind(k, 0);
        wts.bind(k, 1);
        return new Kernel(name, k);
    }

    /** A kernel with arguments of its own, which the caller sets (the sync kernel). */
    cl_kernel rawKernel(String name) {
        return CL.clCreateKernel(handle, name, null);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            CL.clReleaseProgram(handle);
        }
    }
}
