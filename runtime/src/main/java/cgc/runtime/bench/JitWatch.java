package cgc.runtime.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Tells a warm-up when the JIT has settled: no more than {@value #NOISE_MS} ms of compilation in the last
 * {@value #QUIET_MS} ms. A warm-up of fixed length is not enough where the plan's threads fill every core: on two
 * cores the compiler threads get what the two workers leave, and MobileNetV2's plan was still being compiled after
 * 10 s (its medians after 6 s moved between 5.9 and 11.5 ms from one JVM to the next). Where the JVM cannot report
 * compilation time, the minimum warm-up alone counts.
 */
final class JitWatch {
    static final long QUIET_MS = 2000;
    static final long NOISE_MS = 5;
    /** The longest a warm-up may wait for quiet, in multiples of the minimum (and at least a minute). */
    static final int CAP = 10;

    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private final boolean known = jit != null && jit.isCompilationTimeMonitoringSupported();
    private final long start = System.nanoTime();
    private long windowStart = start;
    private long windowCompileMs = compileMs();
    private boolean quiet;

    private long compileMs() {
        return known ? jit.getTotalCompilationTime() : 0;
    }

    /**
     * Whether the warm-up may end: {@code minMs} have passed and the JIT has been quiet for a whole window since
     * (or the cap is reached). Call after each run.
     */
    boolean quietAfter(long minMs) {
        long now = System.nanoTime();
        long elapsedMs = (now - start) / 1_000_000;
        if ((now - windowStart) / 1_000_000 >= QUIET_MS) {
            long compiled = compileMs() - windowCompileMs;
            quiet = compiled <= NOISE_MS;
            windowStart = now;
            windowCompileMs = compileMs();
        }
        return elapsedMs >= minMs && (quiet || !known) || elapsedMs >= Math.max(60_000, CAP * minMs);
    }

    /** Whether the last whole window was quiet (false when the warm-up ended at its cap). */
    boolean quiet() {
        return quiet || !known;
    }
}
