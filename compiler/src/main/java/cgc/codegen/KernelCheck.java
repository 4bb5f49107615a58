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
 * error with the build log.
 */
final class KernelCheck {
    private KernelCheck() {}

    /**
     * Builds {@code source}; returns what happened for the compile summary: {@code built on DEVICE}, or why it was not
     * built (no OpenCL device; the device failed before building).
     */
    static String build(String source) {
        Device d = Devices.select("auto");
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
