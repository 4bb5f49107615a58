package cgc.runtime.cpu;

import java.lang.foreign.MemorySegment;

/** Elementwise kernels: unary math, activations, and binary ops with numpy broadcasting. Offsets in elements. */
public final class Elementwise {
    private Elementwise() {}

    /** Elements per parallel chunk: below this a loop stays on one thread. */
    static final int GRAIN = 16 * 1024;

    private static final Simd SIMD = Simd.INSTANCE;

    /** {@code y[i] = op(x[i])} for i < n; y may be x. */
    public static void unary(UnaryOp op, long n, MemorySegment x, long xOff, MemorySegment y, long yOff,
                             Parallel pool) {
        chunks(n, pool, (b, e) -> SIMD.unary(op, (int) (e - b), x, (xOff + b) << 2, y, (yOff + b) << 2));
    }

    /** {@code y[i] = act(x[i])} for i < n (Relu, Clip, Sigmoid, Tanh, HardSigmoid, HardSwish, LeakyRelu, Gelu). */
    public static void activation(Act act, long n, MemorySegment x, long xOff, MemorySegment y, long yOff,
                                  Parallel pool) {
        chunks(n, pool, (b, e) -> SIMD.act(act, (int) (e - b), x, (xOff + b) << 2, y, (yOff + b) << 2));
    }

    /** {@code y = op(a, b)} broadcast as {@code s} says; y may be a or b where their shape is the output's. */
    public static void binary(BinaryOp op, Broadcast s, MemorySegment a, long aOff, MemorySegment b, long bOff,
                              MemorySegment y, long yOff, Parallel pool) {
        binary(op, s, s.size(), a, aOff, b, bOff, y, yOff, pool);
    }

    /**
     * As {@link #binary(BinaryOp, Broadcast, MemorySegment, long, MemorySegment, long, MemorySegment, long, Parallel)},
     * for the first {@code elements} of the output only (the CPU's rows of a layer split by rows): a multiple of the
     * broadcast's contiguous run where an operand repeats along the rows.
     */
    public static void binary(BinaryOp op, Broadcast s, long elements, MemorySegment a, long aOff, MemorySegment b,
                              long bOff, MemorySegment y, long yOff, Parallel pool) {
        int inner = s.inner();
        if (s.rows() == 1) {
            long aStep = s.aScalar() ? 0 : 1;
            long bStep = s.bScalar() ? 0 : 1;
            chunks(Math.min(elements, inner), pool, (lo, hi) -> SIMD.binary(op, (int) (hi - lo), a,
                    (aOff + lo * aStep) << 2, s.aScalar(), b, (bOff + lo * bStep) << 2, s.bScalar(), y, (yOff + lo) << 2));
            return;
        }
        if (elements % inner != 0) {
            throw new IllegalArgumentException(elements + " elements are no whole number of rows of " + inner);
        }
        int rows = (int) Math.min(s.rows(), elements / inner);
        pool.parallelFor(rows, Math.max(1, GRAIN / Math.max(1, inner)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                SIMD.binary(op, inner, a, (aOff + s.rowOffset(0, r)) << 2, s.aScalar(),
                        b, (bOff + s.rowOffset(1, r)) << 2, s.bScalar(), y, (yOff + (long) r * inner) << 2);
            }
        });
    }

    interface LongBody {
        void run(long begin, long end);
    }

    /** Runs {@code body} over {@code [0, n)} in chunks of at least {@link #GRAIN}, in parallel when large. */
    static void chunks(long n, Parallel pool, LongBody body) {
        if (n <= GRAIN || pool.threads() == 1) {
            if (n > 0) {
                for (long b = 0; b < n; b += Integer.MAX_VALUE) {
                    body.run(b, Math.min(n, b + Integer.MAX_VALUE));
                }
            }
            return;
        }
        int parts = (int) Math.min(Integer.MAX_VALUE, (n + GRAIN - 1) / GRAIN);
        pool.parallelFor(parts, (p0, p1) -> body.run(n * p0 / parts, n * p1 / parts));
    }
}
