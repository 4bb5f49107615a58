package cgc.runtime.device;

import java.util.Locale;

/**
 * How a plan's activation arena is shared between the CPU and the OpenCL device; see {@code cgc.runtime.cl.Region}
 * for what each mode costs at run time.
 */
public enum SvmMode {
    /** Fine-grained SVM buffer: the CPU reads and writes the device's memory directly, zero copy, no map. */
    FINE,
    /** Coarse-grained SVM buffer: one address space, but the CPU maps exactly the byte ranges it touches. */
    COARSE,
    /** No SVM: a {@code cl_mem} buffer plus a host copy; the byte ranges that cross sides are copied. */
    BUFFERS;

    /** The best mode a device offers: fine-grained buffers with atomics, else coarse-grained, else plain buffers. */
    public static SvmMode bestFor(SvmCapabilities caps) {
        if (caps.fineBuffer() && caps.atomics()) return FINE;
        if (caps.coarseBuffer()) return COARSE;
        return BUFFERS;
    }

    /** Whether a device with these capabilities can run an arena in this mode. */
    public boolean supportedBy(SvmCapabilities caps) {
        return switch (this) {
            case FINE -> caps.fineBuffer();
            case COARSE -> caps.coarseBuffer();
            case BUFFERS -> true;
        };
    }

    /** The name used by {@code CGC_SVM} and in messages: {@code fine}, {@code coarse}, {@code buffers}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code fine}, {@code coarse} or {@code buffers}, case-insensitively. */
    public static SvmMode parse(String text) {
        for (SvmMode m : values()) {
            if (m.label().equalsIgnoreCase(text.strip())) return m;
        }
        throw new IllegalArgumentException("unknown SVM mode '" + text + "' (expected fine, coarse or buffers)");
    }
}
