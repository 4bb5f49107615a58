package cgc.runtime.device;

/**
 * An OpenCL device with the way the plan shares memory with it and waits for it.
 *
 * @param info what the device says about itself
 * @param svm the arena's sharing mode; must be {@linkplain SvmMode#supportedBy supported} by the device
 * @param sync how the CPU waits for the device; must be {@linkplain SyncMechanism#supportedBy supported} by it
 */
public record OpenClDevice(DeviceInfo info, SvmMode svm, SyncMechanism sync) implements Device {
    public OpenClDevice {
        if (!svm.supportedBy(info.svm())) {
            throw new IllegalArgumentException("device %s cannot share memory as '%s': its SVM capabilities are %s"
                    .formatted(info.label(), svm.label(), info.svm()));
        }
        if (!sync.supportedBy(info.svm())) {
            throw new IllegalArgumentException("device %s cannot sync by '%s': its SVM capabilities are %s"
                    .formatted(info.label(), sync.label(), info.svm()));
        }
    }

    /** The device with its best SVM mode and that mode's default sync mechanism. */
    public static OpenClDevice withDefaults(DeviceInfo info) {
        SvmMode mode = SvmMode.bestFor(info.svm());
        return new OpenClDevice(info, mode, SyncMechanism.defaultFor(mode, info.svm()));
    }

    /** This device with another SVM mode, and that mode's default sync mechanism. */
    public OpenClDevice withSvm(SvmMode mode) {
        return new OpenClDevice(info, mode, SyncMechanism.defaultFor(mode, info.svm()));
    }

    /** This device with another sync mechanism. */
    public OpenClDevice withSync(SyncMechanism mechanism) {
        return new OpenClDevice(info, svm, mechanism);
    }

    @Override
    public String describe() {
        return "%s, svm %s, sync %s".formatted(info.label(), svm.label(), sync.label());
    }
}
