package cgc.runtime.cl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gate a plan's kernels open with, {@code CGC_GATE(k)} as their first statement (the compiler puts it there and
 * {@link #MACRO} at the head of {@code kernels.cl}). Built with {@link #option}, the first work-item of each work-group
 * waits until the int at byte {@code base + WORD_BYTES * k} of the arena is nonzero, and the group waits for it at a
 * barrier, which keeps the wait out of the work-item loop a CPU device's compiler vectorises. Built without, the
 * macro is empty and costs nothing. A runtime that enqueues launches ahead of the CPU uses it on CPU devices (see the
 * runtime's {@code LaunchScript}).
 */
public final class KernelGate {
    /** Bytes from one kernel's word to the next: a cache line each, so opening one does not disturb another's. */
    public static final long WORD_BYTES = 64;

    public static final String MACRO = """
            #ifdef CGC_GATE_BASE
            #define CGC_GATE(k) if (get_local_id(0) == 0 && get_local_id(1) == 0 && get_local_id(2) == 0) { \\
                volatile __global int* cgc_g = (volatile __global int*) ((__global char*) act + CGC_GATE_BASE + 64 * (k)); \\
                while (*cgc_g == 0) { } \\
            } \\
            barrier(CLK_GLOBAL_MEM_FENCE);
            #else
            #define CGC_GATE(k)
            #endif
            """;

    private KernelGate() {}

    /** The build option that turns the gates on, their words from arena byte {@code base}. */
    public static String option(long base) {
        return "-DCGC_GATE_BASE=" + base;
    }

    /** {@code source} with {@code CGC_GATE(index)} as the first statement of its kernel {@code name}. */
    public static String insert(String source, String name, int index) {
        Matcher m = Pattern.compile("\\bvoid\\s+" + Pattern.quote(name) + "\\s*\\(").matcher(source);
        int open = m.find() ? source.indexOf('{', m.end()) : -1;
        if (open < 0) throw new IllegalStateException("kernel " + name + " not found in its source");
        return source.substring(0, open + 1) + "\n    " + call(index) + source.substring(open + 1);
    }

    /**
     * Whether every one of {@code kernels} kernels of {@code source} opens with its gate: only then may a runtime shut
     * them (a plan built before the gates would run its kernels early).
     */
    public static boolean everyKernelGated(String source, int kernels) {
        if (!source.contains("#define CGC_GATE(k)")) return false;
        for (int k = 0; k < kernels; k++) if (!source.contains(call(k))) return false;
        return true;
    }

    private static String call(int index) {
        return "CGC_GATE(" + index + ")";
    }
}
