package cgc.runtime.cpu;

import cgc.runtime.io.DType;
import java.lang.foreign.MemorySegment;
import java.util.function.DoubleBinaryOperator;

/**
 * Arithmetic on f64 values, in double: the broadcast binary ops and the unary ops whose double form Java's {@link
 * Math} gives. Scalar loops: f64 tensors in models are pre- and post-processing arithmetic (where f32 would
 * cancel or round away what the model computes), not layers. The reductions of f64 are {@link Reduce}'s, which
 * accumulate in double for every type, and Mod's C fmod is {@link Mod}'s. Offsets are in f64 elements.
 */
public final class Doubles {
    private Doubles() {}

    /** {@code y = op(a, b)} over a broadcast, all three f64. */
    public static void binary(BinaryOp op, Broadcast s, MemorySegment a, long aOff, MemorySegment b, long bOff,
                              MemorySegment y, long yOff, Parallel pool) {
        binary(DType.FLOAT64, s, a, aOff, b, bOff, y, yOff, pool, (va, vb) -> apply(op, va, vb));
    }

    /** {@code y = f(a, b)} over a broadcast, a, b and y of float type {@code t}, each pair computed in double. */
    static void binary(DType t, Broadcast s, MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment y,
                       long yOff, Parallel pool, DoubleBinaryOperator f) {
        Integers.rows(s, pool, (ra, rb, dst, aStep, bStep, inner) -> {
            for (int i = 0; i < inner; i++) {
                double va = Values.getDouble(t, a, aOff + ra + i * aStep);
                double vb = Values.getDouble(t, b, bOff + rb + i * bStep);
                Values.setDouble(t, y, yOff + dst + i, f.applyAsDouble(va, vb));
            }
        });
    }

    /** {@link BinaryOp#apply}'s definitions, in double. */
    static double apply(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case PRELU -> a < 0 ? a * b : a;
        };
    }

    /** The unary ops with a double kernel here: those {@link Math} computes in double (not Erf and friends). */
    public static boolean unaryOnDoubles(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, SQRT, EXP, LOG, RECIPROCAL, FLOOR, CEIL, ROUND, SIN, COS, TAN, ASIN, ACOS, ATAN, SINH, COSH,
                 SIGN -> true;
            default -> false;
        };
    }

    /** {@code op} ({@link #unaryOnDoubles}) of n f64 values. */
    public static void unary(UnaryOp op, long n, MemorySegment x, long xOff, MemorySegment y, long yOff,
                             Parallel pool) {
        if (!unaryOnDoubles(op)) throw new IllegalArgumentException(op + " of f64: no double kernel");
        Elementwise.chunks(n, pool, (b, e) -> {
            for (long i = b; i < e; i++) {
                double v = Values.getDouble(DType.FLOAT64, x, xOff + i);
                Values.setDouble(DType.FLOAT64, y, yOff + i, switch (op) {
                    case NEG -> -v;
                    case ABS -> Math.abs(v);
                    case SQRT -> Math.sqrt(v);
                    case EXP -> Math.exp(v);
                    case LOG -> Math.log(v);
                    case RECIPROCAL -> 1 / v;
                    case FLOOR -> Math.floor(v);
                    case CEIL -> Math.ceil(v);
                    case ROUND -> Math.rint(v);                 // halves to even, as ONNX Round
                    case SIN -> Math.sin(v);
                    case COS -> Math.cos(v);
                    case TAN -> Math.tan(v);
                    case ASIN -> Math.asin(v);
                    case ACOS -> Math.acos(v);
                    case ATAN -> Math.atan(v);
                    case SINH -> Math.sinh(v);
                    case COSH -> Math.cosh(v);
                    default -> Math.signum(v);                  // SIGN: NaN stays NaN
                });
            }
        });
    }
}
