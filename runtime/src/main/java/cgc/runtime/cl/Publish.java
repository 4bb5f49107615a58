package cgc.runtime.cl;

/**
 * The one-work-item kernel that the svm-flag mechanism enqueues after a layer's kernel: it stores the launch's
 * sequence number into a fine-grained SVM word, which the CPU polls with acquire semantics. Two spellings, tried in
 * order: OpenCL C 2.0's release store at all-SVM-devices scope, and, for compilers that reject it (Debian's PoCL 3.1
 * does, see DESIGN.md), OpenCL C 1.2's fence plus {@code atomic_xchg} on a {@code volatile} pointer. A sequence number
 * rather than a boolean: the word never needs resetting.
 */
final class Publish {
    static final String KERNEL = "cgc_publish";

    /** Source and build options of each variant, preferred first. */
    static final String[][] VARIANTS = {
        {"""
            __kernel void cgc_publish(__global atomic_int* flag, const int seq) {
                atomic_store_explicit(flag, seq, memory_order_release, memory_scope_all_svm_devices);
            }
            """, "-cl-std=CL2.0"},
        {"""
            __kernel void cgc_publish(volatile __global int* flag, const int seq) {
                mem_fence(CLK_GLOBAL_MEM_FENCE);
                atomic_xchg(flag, seq);
            }
            """, "-cl-std=CL1.2"},
    };

    private Publish() {}

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
