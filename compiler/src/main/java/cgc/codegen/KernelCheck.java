package cgc.codegen;

import cgc.runtime.cl.Gpu;
import cgc.runtime.cl.KernelBuildException;
import cgc.runtime.device.Device;
import cgc.runtime.device.Devices;
import cgc.runtime.device.OpenClDevice;
import java.util.Optional;

/**
 * Builds the generated OpenCL C at compile time on this machine's OpenCL device, when it has one, so that a kernel the
 * driver rejects is found by {@code cgc compile} and not by the first run. The binary lands in the runtime's program
 * cache, so the first run on the same device skips the build. A rejected kernel is a code generator bug: an internal
 * error with the build log.
 */
final class KernelCheck {
    private KernelCheck() {}

    /** Builds {@code source}; returns the device it was built on, or empty when there is none. */
    static Optional<String> build(String source) {
        Device d = Devices.select("auto");
        if (!(d instanceof OpenClDevice cl)) return Optional.empty();
        try (Gpu gpu = Gpu.open(cl)) {
            gpu.build(source, "");
        } catch (KernelBuildException e) {
            throw new IllegalStateException("the generated OpenCL C does not build on " + cl.info().label() + ": "
                    + e.getMessage() + "\n" + e.buildLog(), e);
        }
        return Optional.of(cl.info().label());
    }
}
