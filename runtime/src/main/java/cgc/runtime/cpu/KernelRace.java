package cgc.runtime.cpu;

import java.util.Arrays;

/**
 * Two kernels for one layer that give the same bits, raced on the layer's first calls: they alternate, the first
 * {@value #SKIPPED} calls of each are not timed (the JIT is still compiling them), then the one with the lower
 * median of {@value #TIMED} timed calls is kept for good. Which wins depends on the machine (see
 * {@link DepthwiseBlocked}), and the race costs nothing in results, only in the speed of the first calls.
 *
 * <p>{@code -Dcgc.cpu.race.log=true} prints each decision on stderr.
 */
final class KernelRace {
    static final int SKIPPED = 256;
    static final int TIMED = 64;
    private static final boolean LOG = Boolean.getBoolean("cgc.cpu.race.log");

    private final String layer;
    private final String[] names;
    private final long[][] nanos = new long[2][TIMED];
    private final int[] calls = new int[2];
    private int turn;
    private volatile int winner = -1;

    KernelRace(String layer, String first, String second) {
        this.layer = layer;
        this.names = new String[] {first, second};
    }

    /** The kernel (0 or 1) the next call runs. */
    int next() {
        int won = winner;
        if (won >= 0) {
            return won;
        }
        synchronized (this) {
            return winner >= 0 ? winner : turn++ & 1;
        }
    }

    /** Records a call of {@code kernel} that took {@code elapsed} ns; decides once both have their timed calls. */
    void record(int kernel, long elapsed) {
        if (winner >= 0) {
            return;
        }
        synchronized (this) {
            int call = calls[kernel]++ - SKIPPED;
            if (winner >= 0 || call < 0 || call >= TIMED) {
                return;
            }
            nanos[kernel][call] = elapsed;
            if (calls[0] >= SKIPPED + TIMED && calls[1] >= SKIPPED + TIMED) {
                long first = median(nanos[0]);
                long second = median(nanos[1]);
                winner = first <= second ? 0 : 1;
                if (LOG) {
                    System.err.printf("cgc: %s: %s %.1f us, %s %.1f us: %s%n", layer, names[0], first / 1e3,
                            names[1], second / 1e3, names[winner]);
                }
            }
        }
    }

    /** The kept kernel, or -1 while the race runs. */
    int winner() {
        return winner;
    }

    private static long median(long[] times) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
