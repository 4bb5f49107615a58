package cgc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void everyIndexRunsOnceInContiguousChunks() {
        try (Parallel pool = Parallel.create(4)) {
            for (int n : new int[] {1, 2, 3, 7, 100, 10_007}) {
                for (int grain : new int[] {1, 5, 1000}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(n);
                    pool.parallelFor(n, grain, (b, e) -> {
                        assertTrue(b < e, "empty chunk");
                        for (int i = b; i < e; i++) {
                            hits.incrementAndGet(i);
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, hits.get(i), "index " + i + " of " + n + ", grain " + grain);
                    }
                }
            }
        }
    }

    @Test
    void manyShortLoopsInARow() {
        try (Parallel pool = Parallel.create(3)) {
            long[] sums = new long[3];
            for (int round = 0; round < 20_000; round++) {
                pool.parallelFor(3, (b, e) -> {
                    for (int i = b; i < e; i++) {
                        sums[i]++;
                    }
                });
            }
            assertEquals(20_000, sums[0]);
            assertEquals(20_000, sums[1]);
            assertEquals(20_000, sums[2]);
        }
    }

    @Test
    void nestedLoopsRunInline() {
        try (Parallel pool = Parallel.create(2)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(16);
            pool.parallelFor(4, (b, e) -> {
                for (int i = b; i < e; i++) {
                    int row = i;
                    pool.parallelFor(4, (b2, e2) -> {
                        for (int j = b2; j < e2; j++) {
                            hits.incrementAndGet(row * 4 + j);
                        }
                    });
                }
            });
            for (int i = 0; i < 16; i++) {
                assertEquals(1, hits.get(i));
            }
        }
    }

    @Test
    void aFailingChunkFailsTheLoop() {
        try (Parallel pool = Parallel.create(3)) {
            IllegalStateException boom = new IllegalStateException("boom");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.parallelFor(3, (b, e2) -> {
                if (b == 2) {
                    throw boom;
                }
            }));
            assertSame(boom, e);
            AtomicIntegerArray hits = new AtomicIntegerArray(3);        // the pool still works afterwards
            pool.parallelFor(3, (b, e2) -> hits.incrementAndGet(b));
            assertEquals(3, hits.get(0) + hits.get(1) + hits.get(2));
        }
    }

    @Test
    void rejectsAnEmptyPool() {
        assertThrows(IllegalArgumentException.class, () -> Parallel.create(0));
    }
}
