package cgc.runtime.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads for the CPU kernels, built for many short parallel loops (one per layer).
 *
 * <p>{@link #parallelFor} cuts {@code [0, n)} into at most {@value #CHUNKS_PER_THREAD} contiguous chunks per thread,
 * which the calling thread and the workers claim in order. Idle workers spin for a while ({@value #SPIN_NANOS} ns) before they park, so a
 * layer that follows another pays a few hundred nanoseconds to start, not the tens of microseconds of a wake-up.
 * A loop started from inside a loop of the same pool, or one with {@code n <= 1}, runs inline.
 *
 * <p>Not for concurrent use by several callers: one plan session drives one pool. Closing stops the workers.
 */
public final class Parallel implements AutoCloseable {
    /** The body of a loop: handles the indices {@code [begin, end)}. */
    @FunctionalInterface
    public interface Body {
        void run(int begin, int end);
    }

    static final long SPIN_NANOS = 200_000;
    /** Chunks are claimed in order by whichever thread is free, so a thread that was descheduled takes fewer. */
    static final int CHUNKS_PER_THREAD = 4;
    private static volatile Parallel common;

    private final Worker[] workers;
    private volatile Job job;
    private volatile boolean closed;
    private boolean inLoop;

    private Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a pool needs at least 1 thread, got " + threads);
        }
        workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i);
            workers[i].thread.start();
        }
    }

    /** A pool of {@code threads} threads in all, the caller counted: {@code threads - 1} workers are started. */
    public static Parallel create(int threads) {
        return new Parallel(threads);
    }

    /**
     * The shared pool: {@code -Dcgc.threads=N} threads if set, otherwise one per available processor.
     * Never close it.
     */
    public static Parallel common() {
        Parallel p = common;
        if (p == null) {
            synchronized (Parallel.class) {
                p = common;
                if (p == null) {
                    int n = Integer.getInteger("cgc.threads", Runtime.getRuntime().availableProcessors());
                    common = p = new Parallel(Math.max(1, n));
                }
            }
        }
        return p;
    }

    /** The number of threads that run loops, the caller included. */
    public int threads() {
        return workers.length + 1;
    }

    /** Runs {@code body} over {@code [0, n)} in contiguous chunks. */
    public void parallelFor(int n, Body body) {
        parallelFor(n, 1, body);
    }

    /**
     * Runs {@code body} over {@code [0, n)} in contiguous chunks of at least {@code grain} indices (so that tiny
     * loops stay on the caller). Returns when every chunk is done; rethrows the first exception a chunk threw.
     */
    public void parallelFor(int n, int grain, Body body) {
        if (n <= 0) {
            return;
        }
        int parts = (int) Math.min((long) CHUNKS_PER_THREAD * threads(), Math.max(1, n / (long) Math.max(1, grain)));
        if (parts <= 1 || inLoop || closed) {
            body.run(0, n);
            return;
        }
        inLoop = true;
        try {
            Job j = new Job(body, n, parts);
            job = j;                                    // publishes the job; workers read it with acquire
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w.thread);
                }
            }
            j.work();
            int spins = 0;
            while (j.remaining.get() != 0) {
                if (++spins < 1 << 16) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            Throwable f = j.failure;
            if (f instanceof RuntimeException r) {
                throw r;
            } else if (f instanceof Error e) {
                throw e;
            } else if (f != null) {
                throw new IllegalStateException("a parallel loop body failed", f);
            }
        } finally {
            inLoop = false;
        }
    }

    @Override
    public void close() {
        if (this == common) {
            throw new IllegalStateException("the common pool is never closed");
        }
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
    }

    /** One loop: chunks are claimed in order from {@code next}; {@code remaining} counts those not finished. */
    private static final class Job {
        final Body body;
        final int n;
        final int parts;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger remaining;
        volatile Throwable failure;

        Job(Body body, int n, int parts) {
            this.body = body;
            this.n = n;
            this.parts = parts;
            this.remaining = new AtomicInteger(parts);
        }

        void work() {
            int p;
            int done = 0;
            // one decrement for all the chunks this thread ran, not one per chunk: at 16 threads the shared counter
            // is contended by every chunk otherwise
            try {
                while ((p = next.getAndIncrement()) < parts) {
                    done++;
                    try {
                        body.run((int) ((long) n * p / parts), (int) ((long) n * (p + 1) / parts));
                    } catch (Throwable t) {
                        if (failure == null) {
                            failure = t;
                        }
                    }
                }
            } finally {
                if (done > 0) {
                    remaining.addAndGet(-done);
                }
            }
        }
    }

    private final class Worker implements Runnable {
        final Thread thread;
        volatile boolean parked;

        Worker(int index) {
            thread = new Thread(this, "cgc-cpu-" + (index + 1));
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            Job seen = null;
            while (!closed) {
                Job j = job;
                if (j != seen) {
                    seen = j;
                    j.work();
                    continue;
                }
                long start = System.nanoTime();
                while ((j = job) == seen && !closed && System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                }
                if (j == seen && !closed) {
                    // Dekker with parallelFor: it writes job then reads parked; we write parked then read job.
                    parked = true;
                    if (job == seen && !closed) {
                        LockSupport.park(this);
                    }
                    parked = false;
                }
            }
        }
    }
}
