package cgc.runtime.cl;

/**
 * The one-work-item kernels of the svm-flag mechanism, both on fine-grained SVM words shared with the CPU:
 * <ul>
 * <li>{@code cgc_publish} stores a launch's sequence number into the flag word once everything before it completed;
 *     the CPU polls that word with acquire semantics. A sequence number rather than a boolean: the word never needs
 *     resetting.
 * <li>{@code cgc_gate} spins until the CPU has stored a number at least {@code want} into the gate word: launches
 *     enqueued behind it wait for the CPU without the CPU enqueueing anything then (see {@link Gpu#enqueueGate}).
 * </ul>
 * Two spellings, tried in order: OpenCL C 2.0's atomics at all-SVM-devices scope, and, for compilers that reject them
 * (Debian's PoCL 3.1 does, see DESIGN.md), OpenCL C 1.2's fences with {@code atomic_xchg} or a {@code volatile} load.
 * Numbers compare by their signed difference, so they may wrap.
 */
final class FlagKernels {
    static final String PUBLISH = "cgc_publish";
    static final String GATE = "cgc_gate";

    /** Source and build options of each variant, preferred first. */
    static final String[][] VARIANTS = {
        {"""
            __kernel void cgc_publish(__global atomic_int* flag, const int seq) {
                atomic_store_explicit(flag, seq, memory_order_release, memory_scope_all_svm_devices);
            }
            __kernel void cgc_gate(__global atomic_int* gate, const int want) {
                while (atomic_load_explicit(gate, memory_order_acquire, memory_scope_all_svm_devices) - want < 0) { }
            }
            """, "-cl-std=CL2.0"},
        {"""
            __kernel void cgc_publish(volatile __global int* flag, const int seq) {
                mem_fence(CLK_GLOBAL_MEM_FENCE);
                atomic_xchg(flag, seq);
            }
            __kernel void cgc_gate(volatile __global int* gate, const int want) {
                while (*gate - want < 0) { }
                mem_fence(CLK_GLOBAL_MEM_FENCE);
            }
            """, "-cl-std=CL1.2"},
    };

    private FlagKernels() {}

    /**
     * Whether to try {@code variant} on {@code device}: the OpenCL C 2.0 spelling only where
     * {@code CL_DEVICE_OPENCL_C_VERSION} is at least 2.0 (PoCL 3.1 reports 1.2), the 1.2 spelling always.
     */
    static boolean compilerAccepts(String[] variant, cgc.runtime.device.DeviceInfo device) {
        if (!variant[1].equals("-cl-std=CL2.0")) return true;
        String[] words = device.openClCVersion().split(" "); // "OpenCL C 2.0 ..."
        return words.length >= 3 && !words[2].isEmpty() && words[2].charAt(0) >= '2';
    }
}
