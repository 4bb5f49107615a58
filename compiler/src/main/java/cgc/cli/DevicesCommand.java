package cgc.cli;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.runtime.device.Device;
import cgc.runtime.device.DeviceInfo;
import cgc.runtime.device.Devices;
import cgc.runtime.device.OpenClDevice;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cgc devices [--device SPEC]}: lists the OpenCL devices and says which one a plan would run on. */
@Command(name = "devices", description = "List the OpenCL devices and show which one --device selects.")
final class DevicesCommand implements Callable<Integer> {
    @Mixin VerboseOption verbose;
    @Spec CommandSpec spec;

    @Option(names = "--device", paramLabel = "SPEC", defaultValue = "auto",
            description = "auto (first GPU, else first device), P:D, cpu-only, or part of a device/platform name.")
    String device;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Devices.Probe probe = Devices.probe();
        if (probe.devices().isEmpty()) out.println("no OpenCL devices: " + probe.whyNone());
        for (DeviceInfo d : probe.devices()) {
            OpenClDevice defaults = OpenClDevice.withDefaults(d);
            out.printf(Locale.ROOT, "%s  %s / %s%n", d.id(), d.platformName(), d.name());
            out.printf(Locale.ROOT, "     %s, vendor %s, %d compute units, %.1f GiB global memory%n",
                    d.type(), d.vendor(), d.computeUnits(), d.globalMemBytes() / (double) (1L << 30));
            out.printf(Locale.ROOT, "     %s, %s, driver %s%n", d.version(), d.openClCVersion(), d.driverVersion());
            out.printf(Locale.ROOT, "     SVM: %s -> svm %s, sync %s%n", d.svm(), defaults.svm().label(), defaults.sync().label());
        }
        Device chosen;
        try {
            chosen = Devices.select(device, probe, System.getenv());
        } catch (IllegalArgumentException e) {
            throw new CgcException(Where.NOWHERE, e.getMessage(), e);
        }
        out.println("selected (--device " + device + "): " + chosen.describe());
        out.flush();
        return 0;
    }
}
