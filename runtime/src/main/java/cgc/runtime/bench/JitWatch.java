package cgc.runtime.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Tells a warm-up when the JIT has settled: no more than {@value #NOISE_MS} ms of compilation in the last
 * {@value #QUIET_MS} ms. A warm-up of fixed length is not enough where the plan's threads fill every core: on two
 * cores the compiler threads get what the two workers leave, and MobileNetV2's plan was still being compiled after
 * 10 s (bench/NOTES.md, 2026-12-06 evening). Where the JVM cannot report compilation time, the minimum warm-up alone
 * counts.
 */
final class JitWatch {
    static final long QUIET_MS = 2000;
    static final long NOISE_MS = 5;
    /** The longest a warm-up may wait for quiet, in multiples of the minimum (and at least a minute). */
    static final int CAP = 10;

    private final LongSupplier compileMs;                         // null where the JVM does not report it
    private final LongSupplier nanos;
    private final long start;
    private long windowStart;
    private long windowCompileMs;
    private boolean quiet;

    /** Watches this JVM's JIT. */
    JitWatch() {
        this(compilationMs(), System::nanoTime);
    }

    /** Watches {@code compileMs} (total compilation time so far, or null if unknown) on the clock {@code nanos}. */
    JitWatch(LongSupplier compileMs, LongSupplier nanos) {
        this.compileMs = compileMs;
        this.nanos = nanos;
        start = windowStart = nanos.getAsLong();
        windowCompileMs = compileMs == null ? 0 : compileMs.getAsLong();
    }

    private static LongSupplier compilationMs() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : null;
    }

    /**
     * Whether the warm-up may end: {@code minMs} have passed and the last whole window of {@value #QUIET_MS} ms was
     * quiet, or the cap is reached. Call after each run.
     */
    boolean quietAfter(long minMs) {
        long now = nanos.getAsLong();
        long elapsedMs = (now - start) / 1_000_000;
        if (compileMs != null && (now - windowStart) / 1_000_000 >= QUIET_MS) {
            long compiled = compileMs.getAsLong();
            quiet = compiled - windowCompileMs <= NOISE_MS;
            windowStart = now;
            windowCompileMs = compiled;
        }
        return elapsedMs >= minMs && quiet() || elapsedMs >= Math.max(60_000, CAP * minMs);
    }

    /** Whether the last whole window was quiet (always, where compilation time is unknown). */
    boolean quiet() {
        return quiet || compileMs == null;
    }
}
