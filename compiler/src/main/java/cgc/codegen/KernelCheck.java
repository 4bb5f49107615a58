package cgc.codegen;

import cgc.runtime.cl.Gpu;
import cgc.runtime.cl.KernelBuildException;
import cgc.runtime.device.Device;
import cgc.runtime.device.Devices;
import cgc.runtime.device.OpenClDevice;

/**
 * Builds the generated OpenCL C at compile time on this machine's OpenCL device, when it has one, so that a kernel the
 * driver rejects is found by {@code cgc compile} and not by the first run. The binary lands in the runtime's program
 * cache, so the first run on the same device skips the build. A rejected kernel is a code generator bug: an internal
 * error with the build log. {@code -Dcgc.kernel-check=SPEC} picks the device as {@code --device} does (a benchmark
 * that runs on PoCL builds there, so that the load finds the binary cached), {@code off} skips the check.
 */
final class KernelCheck {
    private KernelCheck() {}

    static final String PROPERTY = "cgc.kernel-check";

    /**
     * Builds {@code source}; returns what happened for the compile summary: {@code built on DEVICE}, or why it was not
     * built (no OpenCL device; the device failed before building).
     */
    static String build(String source) {
        String spec = System.getProperty(PROPERTY, "auto");
        if (spec.equals("off")) return "not test-built: -D" + PROPERTY + "=off";
        Device d = Devices.select(spec);
        if (!(d instanceof OpenClDevice cl)) return "not test-built: " + d.describe();
        try (Gpu gpu = Gpu.open(cl)) {
            gpu.build(source, "");
        } catch (KernelBuildException e) {
            throw new IllegalStateException("the generated OpenCL C does not build on " + cl.info().label() + ": "
                    + e.getMessage() + "\n" + e.buildLog(), e);
        } catch (RuntimeException e) {   // the device, not the source: the plan is fine, the check could not run
            return "not test-built: " + cl.info().label() + " failed (" + e.getMessage() + ")";
        }
        return "built on " + cl.info().label();
    }
}
