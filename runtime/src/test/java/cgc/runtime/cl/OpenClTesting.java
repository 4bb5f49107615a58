package cgc.runtime.cl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cgc.runtime.device.DeviceInfo;
import cgc.runtime.device.Devices;
import cgc.runtime.device.OpenClDevice;
import cgc.runtime.device.SvmMode;
import cgc.runtime.device.SyncMechanism;
import java.util.List;

/** The OpenCL device tests run on: the first one of this machine (PoCL here and in CI). */
final class OpenClTesting {
    private OpenClTesting() {}

    /** The first device, in {@code mode} with {@code sync}; skips the test only when this machine has no OpenCL. */
    static OpenClDevice device(SvmMode mode, SyncMechanism sync) {
        List<DeviceInfo> all = Devices.list();
        assumeTrue(!all.isEmpty(), "no OpenCL platform on this machine");
        DeviceInfo info = all.getFirst();
        assumeTrue(mode.supportedBy(info.svm()) && sync.supportedBy(info.svm()),
                () -> info.label() + " lacks " + mode + "/" + sync + " (SVM " + info.svm() + ")");
        return new OpenClDevice(info, mode, sync);
    }

    static OpenClDevice device(SvmMode mode) {
        return device(mode, SyncMechanism.EVENT).withSvm(mode);
    }
}
