package cgc.runtime.device;

/**
 * Where a plan runs: an OpenCL device next to the CPU, or the CPU alone. {@link Devices#select} picks one; it is a
 * description, cheap to make and hold; {@code cgc.runtime.cl.Gpu.open} turns an {@link OpenClDevice} into live
 * OpenCL objects.
 */
public sealed interface Device permits OpenClDevice, CpuOnlyDevice {
    /** One line for people, e.g. {@code 0:0 pthread-skylake (Portable Computing Language), CPU, svm fine, sync svm-flag}. */
    String describe();
}
