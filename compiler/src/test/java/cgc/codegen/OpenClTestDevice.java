package cgc.codegen;

import static org.jocl.CL.*;

import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;

/**
 * The raw JOCL that the kernel tests need, and nothing more: the first OpenCL device, a build, and one launch of a
 * kernel of the fixed signature {@code (act, wts, begin, end)} on plain buffers. Shared by all tests of the JVM; the
 * runtime's real device layer lives in {@code cgc.runtime.cl}, which these tests deliberately do not use.
 */
final class OpenClTestDevice {
    private static OpenClTestDevice shared;
    private static String unavailable;

    private final cl_device_id device;
    private final cl_context context;
    private final cl_command_queue queue;
    final String description;

    private OpenClTestDevice() {
        CL.setExceptionsEnabled(true);
        int[] n = new int[1];
        clGetPlatformIDs(0, null, n);
        if (n[0] == 0) throw new IllegalStateException("no OpenCL platform");
        cl_platform_id[] platforms = new cl_platform_id[n[0]];
        clGetPlatformIDs(n[0], platforms, null);
        cl_platform_id platform = null;
        cl_device_id found = null;
        for (cl_platform_id p : platforms) {
            int[] d = new int[1];
            try {
                clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, d);
            } catch (CLException e) {
                continue;   // CL_DEVICE_NOT_FOUND
            }
            cl_device_id[] devices = new cl_device_id[d[0]];
            clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, d[0], devices, null);
            platform = p;
            found = devices[0];
            break;
        }
        if (found == null) throw new IllegalStateException("no OpenCL device");
        device = found;
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, platform);
        context = clCreateContext(props, 1, new cl_device_id[] {device}, null, null, null);
        queue = clCreateCommandQueueWithProperties(context, device, null, null);
        description = deviceString(CL_DEVICE_NAME);
    }

    /** The shared device, or an assumption failure (the test is skipped) when this machine has no OpenCL. */
    static synchronized OpenClTestDevice get() {
        if (shared == null && unavailable == null) {
            try {
                shared = new OpenClTestDevice();
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                unavailable = e.toString();
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(shared != null, () -> "no OpenCL device: " + unavailable);
        return shared;
    }

    /** Builds the source, or fails with the compiler's log and the numbered source. */
    cl_program build(String source) {
        cl_program program = clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        try {
            clBuildProgram(program, 0, null, "-cl-std=CL1.2", null, null);
        } catch (CLException e) {
            long[] size = new long[1];
            clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] log = new byte[(int) size[0]];
            clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
            throw new AssertionError("OpenCL build failed:\n" + new String(log).strip() + "\n" + numbered(source), e);
        }
        return program;
    }

    /** Runs {@code kernel} once over {@code [begin, end)} and returns the activation buffer afterwards. */
    float[] run(cl_program program, String kernel, float[] act, float[] wts, int begin, int end, Launch launch) {
        List<cl_mem> buffers = new ArrayList<>();
        cl_kernel k = clCreateKernel(program, kernel, null);
        try {
            cl_mem actBuf = buffer(act, CL_MEM_READ_WRITE, buffers);
            cl_mem wtsBuf = buffer(wts.length == 0 ? new float[1] : wts, CL_MEM_READ_ONLY, buffers);
            clSetKernelArg(k, 0, Sizeof.cl_mem, Pointer.to(actBuf));
            clSetKernelArg(k, 1, Sizeof.cl_mem, Pointer.to(wtsBuf));
            clSetKernelArg(k, 2, Sizeof.cl_int, Pointer.to(new int[] {begin}));
            clSetKernelArg(k, 3, Sizeof.cl_int, Pointer.to(new int[] {end}));
            long[] global = launch.global(begin, end);
            clEnqueueNDRangeKernel(queue, k, global.length, null, global, launch.local(), 0, null, null);
            float[] out = new float[act.length];
            clEnqueueReadBuffer(queue, actBuf, CL_TRUE, 0, (long) out.length * Sizeof.cl_float, Pointer.to(out), 0, null, null);
            return out;
        } finally {
            buffers.forEach(CL::clReleaseMemObject);
            clReleaseKernel(k);
        }
    }

    private cl_mem buffer(float[] data, long flags, List<cl_mem> owned) {
        cl_mem m = clCreateBuffer(context, flags | CL_MEM_COPY_HOST_PTR, (long) data.length * Sizeof.cl_float,
                Pointer.to(data), null);
        owned.add(m);
        return m;
    }

    private String deviceString(int param) {
        long[] size = new long[1];
        clGetDeviceInfo(device, param, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        clGetDeviceInfo(device, param, b.length, Pointer.to(b), null);
        return new String(b, 0, Math.max(0, b.length - 1));
    }

    private static String numbered(String source) {
        StringBuilder sb = new StringBuilder();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) sb.append(String.format("%5d  %s%n", i + 1, lines[i]));
        return sb.toString();
    }
}
