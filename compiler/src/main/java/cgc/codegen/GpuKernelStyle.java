package cgc.codegen;

/**
 * Which OpenCL kernels the heavy layers get: {@code tiled} for GPUs (work-groups sharing tiles in local memory,
 * register blocking per work-item), {@code vector} for OpenCL devices that are CPUs, such as PoCL standing in for an
 * integrated GPU (no local memory or barriers, explicit float16 vectors, a block of outputs per work-item). Both
 * compute the same results; each is slow on the other kind of device (PoCL ran the tiled GEMM 30-180x slower than
 * the Java kernels on the same cores).
 */
public enum GpuKernelStyle {
    TILED, VECTOR;

    public String label() { return name().toLowerCase(); }

    public static GpuKernelStyle parse(String s) {
        for (GpuKernelStyle k : values()) if (k.label().equals(s)) return k;
        throw new IllegalArgumentException("--gpu-kernels must be tiled or vector, got \"" + s + "\"");
    }
}
