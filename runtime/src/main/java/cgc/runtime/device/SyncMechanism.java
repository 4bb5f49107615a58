package cgc.runtime.device;

/**
 * How the CPU learns that the device finished the work it was given (DESIGN.md, "sync"). Orthogonal to the
 * {@link SvmMode} except where noted; {@link #defaultFor} pairs each mode with its natural mechanism.
 */
public enum SyncMechanism {
    /**
     * After the layer's kernel, a one-work-item kernel publishes the launch's sequence number into a fine-grained SVM
     * word with an atomic; the CPU polls that word with acquire semantics. Needs fine-grained SVM with atomics.
     */
    SVM_FLAG("svm-flag"),
    /** {@code clWaitForEvents} on the kernel's event. Works everywhere. */
    EVENT("event"),
    /**
     * Coarse-grained SVM: a blocking read of a word behind the kernel into the host's mirror of the arena
     * ({@code clEnqueueSVMMemcpy}; see {@code CoarseSvmRegion} for why a copy rather than a map). Needs SVM.
     */
    MAP("map"),
    /** A blocking {@code clEnqueueReadBuffer} of a buffer word behind the kernel. Works everywhere. */
    COPY("copy");

    private final String label;

    SyncMechanism(String label) {
        this.label = label;
    }

    /** DESIGN.md's name: {@code svm-flag}, {@code event}, {@code map}, {@code copy}. */
    public String label() {
        return label;
    }

    /** svm-flag for FINE (when the device has SVM atomics), map for COARSE, copy for BUFFERS. */
    public static SyncMechanism defaultFor(SvmMode mode, SvmCapabilities caps) {
        return switch (mode) {
            case FINE -> caps.atomics() ? SVM_FLAG : EVENT;
            case COARSE -> MAP;
            case BUFFERS -> COPY;
        };
    }

    /** Whether a device with these capabilities supports this mechanism. */
    public boolean supportedBy(SvmCapabilities caps) {
        return switch (this) {
            case SVM_FLAG -> caps.fineBuffer() && caps.atomics();
            case MAP -> caps.coarseBuffer();
            case EVENT, COPY -> true;
        };
    }

    /** Parses a {@link #label()}, case-insensitively. */
    public static SyncMechanism parse(String text) {
        for (SyncMechanism m : values()) {
            if (m.label.equalsIgnoreCase(text.strip())) return m;
        }
        throw new IllegalArgumentException("unknown sync mechanism '" + text + "' (expected svm-flag, event, map or copy)");
    }
}
