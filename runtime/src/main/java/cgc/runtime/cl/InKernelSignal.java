package cgc.runtime.cl;

/**
 * The svm-flag sync raised by the layer's own kernel rather than by a second, one-work-item kernel enqueued behind it
 * ({@link Publish}): each enqueue costs PoCL ~20 µs, and SyncBench measured the flag raised in the kernel 25.8 µs
 * against 45.0 for kernel plus publish (8 threads). The kernel of each launch the CPU awaits gets a wrapper,
 * {@code NAME__signal}, compiled only under {@code -DCGC_SIGNAL} (the runtime passes it on svm-flag devices, where
 * the program has wrappers): it calls the kernel, then every work-item counts itself done with an atomic increment,
 * and the last one resets the count and stores the launch's sequence number into the flag word. Kernels with barriers or local memory get no wrapper (calling them as functions
 * is not portable), nor do launches of more than {@link #MAX_ITEMS} work-items (one atomic each). Only awaited
 * launches get one: a wrapper for every kernel doubled what PoCL compiles for a plan (a CI run spent 150 s against
 * 5.5 in the class of tests that builds the most kernels).
 *
 * <p>Arguments: the kernel's four ({@code act, wts, begin, end}), then the flag word (int 0: the flag, int 1: the
 * count), the launch's work-item count and its sequence number.
 */
public final class InKernelSignal {
    private InKernelSignal() {}

    /** The build option under which the wrappers compile. */
    static final String OPTION = "-DCGC_SIGNAL";
    static final int WORD_ARG = 4, ITEMS_ARG = 5, SEQ_ARG = 6;
    static final long MAX_ITEMS = 1 << 16;
    /** Off with {@code -Dcgc.signal-in-kernel=false}: every signal then goes through the publish kernel. */
    static final boolean ENABLED = !"false".equals(System.getProperty("cgc.signal-in-kernel"));

    /** Whether {@code source} holds any wrapper. */
    public static boolean present(String source) {
        return source.contains("#ifdef CGC_SIGNAL");
    }

    /** The wrapper's name. */
    static String name(String kernel) {
        return kernel + "__signal";
    }

    /** {@code source} (one kernel, {@code kernel}, with whatever it calls) with its wrapper after it, where eligible. */
    public static String wrap(String source, String kernel) {
        if (source.contains("barrier(") || source.contains("__local")) return source;
        return source + """

                #ifdef CGC_SIGNAL
                __kernel void %1$s(__global float* act, __global const float* wts, const int begin, const int end,
                                   volatile __global int* cgc_word, const int cgc_items, const int cgc_seq) {
                    %2$s(act, wts, begin, end);
                    mem_fence(CLK_GLOBAL_MEM_FENCE);
                    if (atomic_inc(&cgc_word[1]) == cgc_items - 1) {
                        cgc_word[1] = 0;
                        mem_fence(CLK_GLOBAL_MEM_FENCE);
                        atomic_xchg(&cgc_word[0], cgc_seq);
                    }
                }
                #endif
                """.formatted(name(kernel), kernel);
    }
}
