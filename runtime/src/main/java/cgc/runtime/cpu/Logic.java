package cgc.runtime.cpu;

import cgc.runtime.io.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ONNX Equal, Less, Greater (two operands of one type, bool out), And, Or (bool operands) with numpy broadcasting,
 * and Not. Floats compare as doubles (so NaN equals nothing), integers and bools as longs.
 */
public final class Logic {
    private Logic() {}

    /** The binary ops, each with its definition on longs and doubles. */
    public enum Op {
        EQUAL, LESS, GREATER, GREATER_OR_EQUAL, LESS_OR_EQUAL, AND, OR;

        boolean test(long a, long b) {
            return switch (this) {
                case EQUAL -> a == b;
                case LESS -> a < b;
                case GREATER -> a > b;
                case GREATER_OR_EQUAL -> a >= b;
                case LESS_OR_EQUAL -> a <= b;
                case AND -> a != 0 && b != 0;
                case OR -> a != 0 || b != 0;
            };
        }

        boolean test(double a, double b) {
            return switch (this) {
                case EQUAL -> a == b;
                case LESS -> a < b;
                case GREATER -> a > b;
                case GREATER_OR_EQUAL -> a >= b;
                case LESS_OR_EQUAL -> a <= b;
                case AND -> a != 0 && b != 0;
                case OR -> a != 0 || b != 0;
            };
        }
    }

    /**
     * {@code y = op(a, b)}, a and b of type {@code t} broadcast as {@code s} says (offsets in elements of t), y bool
     * (offset in bytes).
     */
    public static void binary(Op op, DType t, Broadcast s, MemorySegment a, long aOff, MemorySegment b, long bOff,
                              MemorySegment y, long yOff, Parallel pool) {
        int inner = s.inner();
        long aStep = s.aScalar() ? 0 : 1;
        long bStep = s.bScalar() ? 0 : 1;
        boolean floats = Values.isFloat(t);
        pool.parallelFor(s.rows(), Math.max(1, Elementwise.GRAIN / Math.max(1, inner)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                long ra = aOff + s.rowOffset(0, r);
                long rb = bOff + s.rowOffset(1, r);
                long dst = yOff + (long) r * inner;
                for (int i = 0; i < inner; i++) {
                    boolean v = floats
                            ? op.test(Values.getDouble(t, a, ra + i * aStep), Values.getDouble(t, b, rb + i * bStep))
                            : op.test(Values.getLong(t, a, ra + i * aStep), Values.getLong(t, b, rb + i * bStep));
                    y.set(ValueLayout.JAVA_BYTE, dst + i, (byte) (v ? 1 : 0));
                }
            }
        });
    }

    /** ONNX Not: {@code y[i] = !x[i]} for the n bools of x; offsets in bytes. */
    public static void not(long n, MemorySegment x, long xOff, MemorySegment y, long yOff, Parallel pool) {
        Elementwise.chunks(n, pool, (b, e) -> {
            for (long i = b; i < e; i++) {
                y.set(ValueLayout.JAVA_BYTE, yOff + i, (byte) (x.get(ValueLayout.JAVA_BYTE, xOff + i) == 0 ? 1 : 0));
            }
        });
    }
}
