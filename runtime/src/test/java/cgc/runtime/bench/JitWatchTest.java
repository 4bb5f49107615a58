package cgc.runtime.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The warm-up's end, on a clock and a JIT this test moves. */
class JitWatchTest {
    private long nowMs;
    private long compiledMs;

    private JitWatch watch() {
        return new JitWatch(() -> compiledMs, () -> nowMs * 1_000_000);
    }

    private void advance(long ms, long compiling) {
        nowMs += ms;
        compiledMs += compiling;
    }

    @Test
    void waitsForTheMinimumAndThenForAQuietWindow() {
        JitWatch w = watch();
        advance(1000, 50);
        assertFalse(w.quietAfter(3000), "before the minimum");
        advance(1000, 50);                                        // a window with 100 ms of compilation
        assertFalse(w.quietAfter(3000));
        advance(1500, 1);
        assertFalse(w.quietAfter(3000), "past the minimum, but the last whole window was busy");
        advance(500, 2);                                          // the second window: 3 ms of compilation
        assertTrue(w.quietAfter(3000), "a quiet window after the minimum");
        assertTrue(w.quiet());
    }

    @Test
    void aQuietWindowBeforeTheMinimumStillWaitsForIt() {
        JitWatch w = watch();
        advance(2000, 0);
        assertFalse(w.quietAfter(5000), "quiet, but the minimum has not passed");
        advance(3000, 0);
        assertTrue(w.quietAfter(5000));
    }

    @Test
    void stopsAtTheCapWhenTheJitNeverSettles() {
        JitWatch w = watch();
        for (int i = 0; i < 29; i++) {
            advance(2000, 100);
            assertFalse(w.quietAfter(1000), "still compiling at " + nowMs + " ms");
        }
        advance(2000, 100);                                       // 60 s: the one-minute cap
        assertTrue(w.quietAfter(1000));
        assertFalse(w.quiet(), "ended at the cap, not quiet");
    }

    @Test
    void withoutCompilationTimeTheMinimumAloneCounts() {
        JitWatch w = new JitWatch(null, () -> nowMs * 1_000_000);
        advance(999, 0);
        assertFalse(w.quietAfter(1000));
        advance(1, 0);
        assertTrue(w.quietAfter(1000));
    }
}
