package cgc.runtime.device;

import java.util.ArrayList;
import java.util.List;

/**
 * A device's {@code CL_DEVICE_SVM_CAPABILITIES}, decoded (OpenCL 3.0 API spec, table "Device Queries"): which kinds of
 * shared virtual memory it offers. A device without SVM (OpenCL 1.2) has none of them.
 *
 * @param coarseBuffer {@code CL_DEVICE_SVM_COARSE_GRAIN_BUFFER}: SVM buffers the host must map before touching
 * @param fineBuffer {@code CL_DEVICE_SVM_FINE_GRAIN_BUFFER}: SVM buffers both sides may touch at any time
 * @param fineSystem {@code CL_DEVICE_SVM_FINE_GRAIN_SYSTEM}: any host memory (malloc) is shared
 * @param atomics {@code CL_DEVICE_SVM_ATOMICS}: atomics in fine-grained SVM are visible across host and device
 */
public record SvmCapabilities(boolean coarseBuffer, boolean fineBuffer, boolean fineSystem, boolean atomics) {
    /** Bit values from {@code cl.h}. */
    static final long COARSE_GRAIN_BUFFER = 1, FINE_GRAIN_BUFFER = 2, FINE_GRAIN_SYSTEM = 4, ATOMICS = 8;

    public static final SvmCapabilities NONE = new SvmCapabilities(false, false, false, false);

    /** Decodes the bit field. */
    public static SvmCapabilities of(long bits) {
        return new SvmCapabilities((bits & COARSE_GRAIN_BUFFER) != 0, (bits & FINE_GRAIN_BUFFER) != 0,
                (bits & FINE_GRAIN_SYSTEM) != 0, (bits & ATOMICS) != 0);
    }

    /** E.g. {@code coarse-buffer fine-buffer atomics}, or {@code none}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (coarseBuffer) parts.add("coarse-buffer");
        if (fineBuffer) parts.add("fine-buffer");
        if (fineSystem) parts.add("fine-system");
        if (atomics) parts.add("atomics");
        return parts.isEmpty() ? "none" : String.join(" ", parts);
    }
}
