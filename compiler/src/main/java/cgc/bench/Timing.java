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

    /** The most a warm-up may take: thirty times the budget's, for code the JIT is still compiling. */
    static final int WARMUP_CAP = 30;

    /**
     * Warms up for at least the budget's warm-up time and then until the runs stop getting faster (the median of a
     * window of runs no more than 3% under the best window before it), at most {@value #WARMUP_CAP} times as long:
     * a new cut or a part switched off takes branches the JIT had never seen, which deoptimises the plan's code and
     * runs it interpreted until it is compiled again.
     */
    static Timing of(Runnable run, Budget budget) {
        long start = System.nanoTime(), min = budget.warmupMs() * 1_000_000, cap = WARMUP_CAP * min;
        double best = Double.MAX_VALUE;
        while (true) {
            double[] window = new double[5];
            for (int i = 0; i < window.length; i++) {
                long t0 = System.nanoTime();
                run.run();
                window[i] = System.nanoTime() - t0;
            }
            Arrays.sort(window);
            double median = window[window.length / 2];
            long elapsed = System.nanoTime() - start;
            boolean improving = median < 0.97 * best;
            best = Math.min(best, median);
            if (elapsed >= cap || (elapsed >= min && !improving)) break;
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
