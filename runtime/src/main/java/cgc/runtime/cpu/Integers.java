package cgc.runtime.cpu;

import cgc.runtime.io.DType;
import java.lang.foreign.MemorySegment;

/**
 * Arithmetic on integer values (i64, i32, i8, u8), as C++ computes it on the type, which is ONNX Runtime's rule: in
 * 64 bits, the result wrapped to the type's width; division truncates toward zero; integer powers are exact (wrapping
 * too). Binary ops broadcast as a {@link Broadcast} says. Offsets are in elements of the type.
 */
public final class Integers {
    private Integers() {}

    /**
     * The binary ops of integers: Add, Sub, Mul, Div, Max, Min, Pow, and Mod as ONNX defines it: MOD (fmod 0) takes
     * the divisor's sign, as Python's %, FMOD (fmod 1) the dividend's, as C's fmod and % do.
     */
    public enum Op {
        ADD, SUB, MUL, DIV, MAX, MIN, POW, MOD, FMOD;

        long apply(long a, long b) {
            return switch (this) {
                case ADD -> a + b;
                case SUB -> a - b;
                case MUL -> a * b;
                case DIV -> {
                    if (b == 0) {
                        throw new ArithmeticException("Div: integer division by zero");
                    }
                    yield a / b;
                }
                case MAX -> Math.max(a, b);
                case MIN -> Math.min(a, b);
                case POW -> power(a, b);
                case MOD, FMOD -> {
                    if (b == 0) {
                        throw new ArithmeticException("Mod: integer division by zero");
                    }
                    yield this == MOD ? Math.floorMod(a, b) : a % b;
                }
            };
        }
    }

    /** {@code a} to the power {@code b}: by squaring for b >= 0; for b < 0, 1 / a^-b truncated (0 unless a is ±1). */
    static long power(long a, long b) {
        if (b < 0) {
            if (a == 0) {
                throw new ArithmeticException("Pow: 0 to the negative power " + b);
            }
            return a == 1 ? 1 : a == -1 ? ((b & 1) == 0 ? 1 : -1) : 0;
        }
        long result = 1;
        for (long base = a, e = b; e != 0; e >>= 1, base *= base) {
            if ((e & 1) != 0) {
                result *= base;
            }
        }
        return result;
    }

    /** {@code y = op(a, b)}, a, b and y all of integer type {@code t}. */
    public static void binary(Op op, DType t, Broadcast s, MemorySegment a, long aOff, MemorySegment b, long bOff,
                              MemorySegment y, long yOff, Parallel pool) {
        rows(s, pool, (ra, rb, dst, aStep, bStep, inner) -> {
            for (int i = 0; i < inner; i++) {
                long va = Values.getLong(t, a, aOff + ra + i * aStep);
                long vb = Values.getLong(t, b, bOff + rb + i * bStep);
                Values.setLong(t, y, yOff + dst + i, op.apply(va, vb));
            }
        });
    }

    /** ONNX Pow of an f32 base and an integer exponent of type {@code t} (f32 out). */
    public static void powOfFloat(DType t, Broadcast s, MemorySegment a, long aOff, MemorySegment b, long bOff,
                                  MemorySegment y, long yOff, Parallel pool) {
        rows(s, pool, (ra, rb, dst, aStep, bStep, inner) -> {
            for (int i = 0; i < inner; i++) {
                double base = Values.getDouble(DType.FLOAT32, a, aOff + ra + i * aStep);
                double exponent = Values.getLong(t, b, bOff + rb + i * bStep);
                Values.setDouble(DType.FLOAT32, y, yOff + dst + i, (float) Math.pow(base, exponent));
            }
        });
    }

    /**
     * A double converted to an integer as x86-64's truncating conversion does, which ONNX Runtime's
     * {@code static_cast} compiles to: toward zero, and a NaN or a value past the conversion's range (64 bits where
     * {@code wide}, else 32, the narrower types' too) gives that range's least value. Java's cast saturates instead.
     */
    public static long truncate(double v, boolean wide) {
        double t = v < 0 ? Math.ceil(v) : Math.floor(v);
        if (wide) {
            return t >= -0x1p63 && t < 0x1p63 ? (long) t : Long.MIN_VALUE;
        }
        return t >= -0x1p31 && t < 0x1p31 ? (long) t : Integer.MIN_VALUE;
    }

    /**
     * ONNX Pow of an integer base of type {@code t} and a floating-point exponent of type {@code te} (t out): the
     * power in double, converted as ONNX Runtime's {@code static_cast} of {@code std::pow} does ({@link #truncate}:
     * 2 ^ 0.5 is 1, 5 ^ -1 is 0, 0 ^ -1 and (-2) ^ 0.5 the type's least value); a single exponent
     * ({@code oneExponent}) of 2 or 3 squares or cubes in the base's type, wrapping (ONNX Runtime's shortcut).
     */
    public static void powToFloat(DType t, DType te, Broadcast s, MemorySegment a, long aOff, MemorySegment b,
                                  long bOff, boolean oneExponent, MemorySegment y, long yOff, Parallel pool) {
        // one exponent of 2 or 3: ONNX Runtime squares or cubes in the base's type instead, wrapping as it goes
        double only = oneExponent ? Values.getDouble(te, b, bOff) : Double.NaN;
        int power = only == 2 ? 2 : only == 3 ? 3 : 0;
        rows(s, pool, (ra, rb, dst, aStep, bStep, inner) -> {
            for (int i = 0; i < inner; i++) {
                long v = Values.getLong(t, a, aOff + ra + i * aStep);
                long r = power == 2 ? v * v : power == 3 ? v * v * v
                        : truncate(Math.pow(v, Values.getDouble(te, b, bOff + rb + i * bStep)), t == DType.INT64);
                Values.setLong(t, y, yOff + dst + i, r);
            }
        });
    }

    /**
     * ONNX MatMul of integers of type {@code t} (numpy's rule, batches broadcast as {@code s} says): each sum in 64
     * bits, wrapped to the type's width, which gives the bits the type's own wrapping arithmetic gives. Rows of the
     * output in parallel, each an axpy over B's rows. A scalar loop: integer products in models are index and shape
     * arithmetic, not layers.
     */
    public static void matMul(DType t, MatMulSpec s, MemorySegment a, long aOff, MemorySegment b, long bOff,
                              MemorySegment y, long yOff, Parallel pool) {
        int m = s.m(), n = s.n(), k = s.k();
        long work = s.macs();
        pool.parallelFor(s.batches() * m, work < Elementwise.GRAIN ? s.batches() * m : 1, (r0, r1) -> {
            long[] acc = new long[n];
            for (int r = r0; r < r1; r++) {
                int batch = r / m;
                int i = r % m;
                long aRow = aOff + s.aBatchOffset(batch) + (long) i * k;
                long bMat = bOff + s.bBatchOffset(batch);
                java.util.Arrays.fill(acc, 0L);
                for (int kk = 0; kk < k; kk++) {
                    long v = Values.getLong(t, a, aRow + kk);
                    long bRow = bMat + (long) kk * n;
                    for (int j = 0; j < n; j++) {
                        acc[j] += v * Values.getLong(t, b, bRow + j);
                    }
                }
                long out = yOff + (long) r * n;
                for (int j = 0; j < n; j++) {
                    Values.setLong(t, y, out + j, acc[j]);
                }
            }
        });
    }

    /**
     * ONNX MaxPool of integers (i8 and u8 from opset 12): each output the largest input of its window, the padding
     * taking no part. A scalar loop: such pools sit in quantized models between integer layers, and are light.
     */
    public static void maxPool(PoolSpec s, DType t, MemorySegment x, long xOff, MemorySegment y, long yOff,
                               Parallel pool) {
        int oh = s.oh(), ow = s.ow();
        pool.parallelFor(s.n() * s.c(), 1, (b, e) -> {
            for (int plane = b; plane < e; plane++) {
                long in = xOff + (long) plane * s.h() * s.w();
                long out = yOff + (long) plane * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        long best = Long.MIN_VALUE;
                        for (int ky = 0; ky < s.kh(); ky++) {
                            int iy = oy * s.strideH() - s.padTop() + ky * s.dilationH();
                            if (iy < 0 || iy >= s.h()) continue;
                            for (int kx = 0; kx < s.kw(); kx++) {
                                int iX = ox * s.strideW() - s.padLeft() + kx * s.dilationW();
                                if (iX < 0 || iX >= s.w()) continue;
                                best = Math.max(best, Values.getLong(t, x, in + (long) iy * s.w() + iX));
                            }
                        }
                        Values.setLong(t, y, out + (long) oy * ow + ox, best);
                    }
                }
            }
        });
    }

    /** The unary ops of integers: Neg and Abs (both wrap at the type's minimum, as C++ does) and Sign. */
    public static boolean unaryOnIntegers(UnaryOp op) {
        return op == UnaryOp.NEG || op == UnaryOp.ABS || op == UnaryOp.SIGN;
    }

    /** ONNX Neg, Abs or Sign ({@link #unaryOnIntegers}) of n integers. */
    public static void unary(UnaryOp op, DType t, long n, MemorySegment x, long xOff, MemorySegment y, long yOff,
                             Parallel pool) {
        if (!unaryOnIntegers(op)) throw new IllegalArgumentException(op + " of integers: not an integer kernel");
        Elementwise.chunks(n, pool, (b, e) -> {
            for (long i = b; i < e; i++) {
                long v = Values.getLong(t, x, xOff + i);
                Values.setLong(t, y, yOff + i, switch (op) {
                    case NEG -> -v;
                    case ABS -> Math.abs(v);
                    default -> Long.signum(v);
                });
            }
        });
    }

    /** ONNX Clip of n integers to {@code [min, max]} (max wins where min > max, as {@code min(max(x, lo), hi)}). */
    public static void clip(DType t, long min, long max, long n, MemorySegment x, long xOff, MemorySegment y,
                            long yOff, Parallel pool) {
        Elementwise.chunks(n, pool, (b, e) -> {
            for (long i = b; i < e; i++) {
                Values.setLong(t, y, yOff + i, Math.min(Math.max(Values.getLong(t, x, xOff + i), min), max));
            }
        });
    }

    /**
     * The ONNX reductions of integers ({@link ReduceOp#onIntegers}: sum, max, min, product, L1, sum of squares, mean) over
     * {@code axes} (negative from the end; none = all); the output holds the kept dimensions in order.
     */
    public static void reduce(ReduceOp op, DType t, int[] shape, int[] axes, MemorySegment x, long xOff,
                              MemorySegment y, long yOff, Parallel pool) {
        if (!op.onIntegers()) {
            throw new IllegalArgumentException("Reduce" + op + " of integers: not exact, not an integer kernel");
        }
        int r = shape.length;
        boolean[] reduced = new boolean[r];
        for (int a : axes) {
            reduced[Shapes.axis(a, r, "Reduce" + op)] = true;
        }
        if (axes.length == 0) {
            java.util.Arrays.fill(reduced, true);
        }
        long[] strides = Shapes.strides(shape);
        int[] outShape = new int[r];          // the reduced axes as size 1: the output's layout
        int[] redShape = new int[r];          // the kept axes as size 1: one output's window
        for (int d = 0; d < r; d++) {
            outShape[d] = reduced[d] ? 1 : shape[d];
            redShape[d] = reduced[d] ? shape[d] : 1;
        }
        int outCount = Shapes.product(outShape, 0, r);
        int redCount = Shapes.product(redShape, 0, r);
        pool.parallelFor(outCount, Math.max(1, Elementwise.GRAIN / Math.max(1, redCount)), (b, e) -> {
            for (int o = b; o < e; o++) {
                long base = xOff + Shapes.offset(o, outShape, strides);
                long acc = switch (op) {
                    case MAX -> Long.MIN_VALUE;
                    case MIN -> Long.MAX_VALUE;
                    case PROD -> 1;
                    default -> 0;
                };
                for (int k = 0; k < redCount; k++) {
                    long v = Values.getLong(t, x, base + Shapes.offset(k, redShape, strides));
                    acc = switch (op) {
                        case SUM, MEAN -> acc + v;
                        case MAX -> Math.max(acc, v);
                        case MIN -> Math.min(acc, v);
                        case PROD -> acc * v;
                        case L1 -> acc + Math.abs(v);
                        case SUM_SQUARE -> acc + v * v;
                        default -> throw new AssertionError(op);
                    };
                }
                Values.setLong(t, y, yOff + o, op == ReduceOp.MEAN ? acc / redCount : acc);
            }
        });
    }

    interface Row {
        void run(long aRow, long bRow, long dst, long aStep, long bStep, int inner);
    }

    /** Runs {@code body} over the rows of a broadcast: each operand's row offset and step (0 for a repeated value). */
    static void rows(Broadcast s, Parallel pool, Row body) {
        int inner = s.inner();
        long aStep = s.aScalar() ? 0 : 1;
        long bStep = s.bScalar() ? 0 : 1;
        pool.parallelFor(s.rows(), Math.max(1, Elementwise.GRAIN / Math.max(1, inner)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                body.run(s.rowOffset(0, r), s.rowOffset(1, r), (long) r * inner, aStep, bStep, inner);
            }
        });
    }
}
