package cgc.runtime.device;

/**
 * No OpenCL device: the plan runs every layer on the CPU.
 *
 * @param reason why, for people: {@code no OpenCL library (libOpenCL.so not found)}, {@code no OpenCL platform},
 *     {@code no OpenCL device matches "nvidia"}, {@code requested with "cpu-only"}
 */
public record CpuOnlyDevice(String reason) implements Device {
    @Override
    public String describe() {
        return "CPU only (" + reason + ")";
    }
}
