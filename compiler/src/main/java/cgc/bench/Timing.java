package cgc.bench;

import java.util.Arrays;

/**
 * Latency of something run many times: median and spread in milliseconds. {@link #of} warms up first (the JIT
 * compiles the CPU kernels as they run; the OpenCL driver settles), then times single runs until it has
 * {@code runs} of them or the time budget is spent (but at least {@value #MIN_RUNS}).
 */
record Timing(double medianMs, double p10Ms, double p90Ms, int runs) {
    static final int MIN_RUNS = 7;

    /** How long to warm up and to measure. */
    record Budget(long warmupMs, int runs, long measureMs) {
        Budget {
            if (warmupMs < 0 || runs < MIN_RUNS || measureMs < 1) {
                throw new IllegalArgumentException("a budget needs warm-up >= 0 ms, >= " + MIN_RUNS + " runs and time to take them");
            }
        }
    }

    static Timing of(Runnable run, Budget budget) {
        long end = System.nanoTime() + budget.warmupMs() * 1_000_000;
        int warm = 0;
        while (warm < 3 || System.nanoTime() < end) {
            run.run();
            warm++;
        }
        double[] ms = new double[budget.runs()];
        int n = 0;
        long stop = System.nanoTime() + budget.measureMs() * 1_000_000;
        while (n < ms.length && (n < MIN_RUNS || System.nanoTime() < stop)) {
            long t0 = System.nanoTime();
            run.run();
            ms[n++] = (System.nanoTime() - t0) / 1e6;
        }
        double[] sorted = Arrays.copyOf(ms, n);
        Arrays.sort(sorted);
        return new Timing(sorted[n / 2], sorted[n / 10], sorted[n * 9 / 10], n);
    }
}
