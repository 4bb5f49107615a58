package cgc.runtime.cpu;

import static cgc.runtime.cpu.Tensors.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ElementwiseTest {
    /** Lengths around the vector width and the parallel grain. */
    static final int[] LENGTHS = {1, 7, 16, 37, 1000, 40_000};

    static double unaryReference(UnaryOp op, double x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SQRT -> Math.sqrt(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case RECIPROCAL -> 1 / x;
            case ERF -> Tensors.erf(x);
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            case ROUND -> Math.rint(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TAN -> Math.tan(x);
            case ASIN -> Math.asin(x);
            case ACOS -> Math.acos(x);
            case ATAN -> Math.atan(x);
            case SINH -> Math.sinh(x);
            case COSH -> Math.cosh(x);
            case ASINH -> Math.log(x + Math.sqrt(x * x + 1));
            case ACOSH -> Math.log(x + Math.sqrt(x * x - 1));
            case ATANH -> 0.5 * Math.log((1 + x) / (1 - x));
            case SIGN -> Math.signum(x);
            case SOFTPLUS -> Math.log(1 + Math.exp(x));
            case SOFTSIGN -> x / (1 + Math.abs(x));
        };
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryMatchesReference(UnaryOp op) {
        try (Arena arena = Arena.ofShared()) {
            for (int n : LENGTHS) {
                MemorySegment x = Tensors.random(arena, n + 1, n);
                for (long i = 0; i < n + 1; i++) {        // inputs in [-4, 4], within the domain where it is smaller
                    float v = Tensors.at(x, i) * 4;
                    x.setAtIndex(Tensors.F, i, switch (op) {
                        case SQRT, LOG -> Math.abs(v);
                        case ASIN, ACOS, ATANH -> v / 4.5f;           // (-1, 1)
                        case ACOSH -> 1 + Math.abs(v);
                        case TAN -> v / 3;                            // clear of the poles at ±π/2
                        default -> v;
                    });
                }
                double[] want = new double[n];
                for (int i = 0; i < n; i++) {
                    want[i] = unaryReference(op, Tensors.at(x, i + 1));
                }
                MemorySegment y = Tensors.poisoned(arena, n + 2);
                Elementwise.unary(op, n, x, 1, y, 2, Tensors.THREE);
                assertClose(want, y, 2, 1e-6, op + " n=" + n);
            }
        }
    }

    /**
     * The inverse hyperbolics where their plain formulas lose digits: tiny |x| (1 + x rounds to 1), acosh near 1,
     * atanh near ±1, and x whose square overflows a float; each element within a few ulps of a double reference.
     */
    /**
     * Round is rint bit for bit on the vector path ((|x| + 2^23) - 2^23 with x's sign) as on the scalar one: ties to
     * even, -0 for small negatives, 2^23 and up, the float just below it, infinities, NaN, and a million random bit
     * patterns.
     */
    @Test
    void roundIsRintBitForBit() {
        java.util.Random r = new java.util.Random(23);
        float[] special = {0.5f, 1.5f, 2.5f, -0.5f, -2.5f, -0.3f, -0f, 0f, 8388607.5f, -8388607.5f, 8388608f,
            8388609f, Math.nextDown(8388608f), 1e30f, -1e-30f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.NaN, Float.MIN_VALUE, 4194303.5f, 4194304.5f};
        int n = 1 << 20;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = arena.allocate(4L * n, 64), y = arena.allocate(4L * n, 64);
            for (int i = 0; i < n; i++) {
                float v = i < special.length ? special[i]
                        : i % 2 == 0 ? Float.intBitsToFloat(r.nextInt()) : (r.nextFloat() - 0.5f) * (1 << (i % 26));
                x.setAtIndex(Tensors.F, i, v);
            }
            Elementwise.unary(UnaryOp.ROUND, n, x, 0, y, 0, Tensors.SERIAL);
            for (int i = 0; i < n; i++) {
                float v = x.getAtIndex(Tensors.F, i);
                assertEquals(Float.floatToIntBits((float) Math.rint(v)), Float.floatToIntBits(y.getAtIndex(Tensors.F, i)),
                        "Round(" + v + ") on the " + Simd.INSTANCE.name() + " path");
            }
        }
    }

    @Test
    void inverseHyperbolicsAreFloatAccurateOnBothPaths() {
        float[] xs = {1e-30f, -1e-8f, 1e-4f, -0.3f, 0.5f, 2f, -7.5f, 1e5f, -3e19f, 1e38f};
        float[] near1 = {1f, 1.0000001f, 1.000001f, 1.001f, 1.5f, 10f, 5000f, 3e19f, 1e38f};
        float[] open = {1e-30f, -1e-8f, 1e-4f, -0.3f, 0.5f, 0.9f, -0.99999994f, 0.9999f};
        try (Arena arena = Arena.ofShared()) {
            for (UnaryOp op : List.of(UnaryOp.ASINH, UnaryOp.ACOSH, UnaryOp.ATANH)) {
                float[] in = op == UnaryOp.ASINH ? xs : op == UnaryOp.ACOSH ? near1 : open;
                MemorySegment x = arena.allocate(4L * in.length, 64);
                for (int i = 0; i < in.length; i++) x.setAtIndex(Tensors.F, i, in[i]);
                MemorySegment y = arena.allocate(4L * in.length, 64);
                Elementwise.unary(op, in.length, x, 0, y, 0, Tensors.SERIAL);
                for (int i = 0; i < in.length; i++) {
                    double want = switch (op) {                 // double references, exact to well below a float ulp
                        case ASINH -> Math.copySign(Math.log(Math.abs(in[i]) + Math.hypot(in[i], 1)), in[i]);
                        case ACOSH -> Math.log(in[i] + Math.sqrt(((double) in[i] - 1) * ((double) in[i] + 1)));
                        default -> 0.5 * (Math.log1p(in[i]) - Math.log1p(-in[i]));
                    };
                    if (Math.abs(in[i]) < 1e-4 && op != UnaryOp.ACOSH) want = in[i] - Math.pow(in[i], 3) / (op == UnaryOp.ASINH ? 6 : -3);
                    double ulps = 6 * Math.ulp((float) want);
                    assertEquals(want, Tensors.at(y, i), ulps, op + "(" + in[i] + ") on the " + Simd.INSTANCE.name() + " path");
                    assertEquals(want, op.apply(in[i]), ulps, op + "(" + in[i] + ") scalar");
                }
            }
        }
    }

    @Test
    void erfIsFloatAccurateOnBothPaths() {
        double worstVector = 0;
        double worstScalar = 0;
        try (Arena arena = Arena.ofShared()) {
            int n = 80_001;
            MemorySegment x = arena.allocate(4L * n, 64);
            for (int i = 0; i < n; i++) {
                x.setAtIndex(Tensors.F, i, -5f + 10f * i / (n - 1));
            }
            MemorySegment y = arena.allocate(4L * n, 64);
            Elementwise.unary(UnaryOp.ERF, n, x, 0, y, 0, Tensors.SERIAL);
            for (int i = 0; i < n; i++) {
                double xi = Tensors.at(x, i);
                worstVector = Math.max(worstVector, Math.abs(Tensors.at(y, i) - Tensors.erf(xi)));
                worstScalar = Math.max(worstScalar, Math.abs(MathF.erf((float) xi) - Tensors.erf(xi)));
            }
        }
        // the scalar erf (double evaluation) is within 1 ulp of 1; the vector one (float FMAs) within 6 ulps
        assertEquals(0, worstScalar, 1.2e-7, "scalar erf");
        assertEquals(0, worstVector, 4e-7, "erf on the " + Simd.INSTANCE.name() + " path");
    }

    static List<Act> acts() {
        return List.of(Act.NONE, Act.RELU, Act.RELU6, new Act.Clip(-0.5f, 0.25f), Act.SIGMOID, Act.SILU, Act.HARDSWISH,
                new Act.HardSigmoid(0.2f, 0.5f), new Act.LeakyRelu(0.01f), Act.TANH, Act.GELU, new Act.Elu(0.7f),
                new Act.Selu(1.6732632f, 1.050701f), new Act.Celu(1.3f), new Act.ThresholdedRelu(0.4f), new Act.Mish(),
                new Act.Quantize(0.05f, -128f, 127f), new Act.Quantize(0.0125f, -100f, 155f));
    }

    @ParameterizedTest
    @MethodSource("acts")
    void activationsMatchReference(Act act) {
        try (Arena arena = Arena.ofShared()) {
            for (int n : LENGTHS) {
                MemorySegment x = Tensors.random(arena, n, n + 7);
                for (long i = 0; i < n; i++) {
                    x.setAtIndex(Tensors.F, i, Tensors.at(x, i) * 6);
                }
                MemorySegment x0 = arena.allocate(x.byteSize());
                MemorySegment.copy(x, 0, x0, 0, x.byteSize());
                double[] want = new double[n];
                for (int i = 0; i < n; i++) {
                    want[i] = Tensors.act(act, Tensors.at(x, i));
                    assertEquals(want[i], act.apply(Tensors.at(x, i)), 1e-6 * (1 + Math.abs(want[i])),
                            act + ".apply(" + Tensors.at(x, i) + ")");
                }
                Elementwise.activation(act, n, x, 0, x, 0, Tensors.THREE);      // in place
                assertClose(want, x, 0, 1e-6, act + " n=" + n);
                for (int i = 0; i < n; i++) {
                    // element by element: sigmoid and tanh within 4 ulps of the result; the piecewise-linear ones
                    // within 4 ulps of their input's scale (alpha x + beta cancels near the kinks); Gelu's
                    // 1 + erf(x / sqrt 2) cancels for x << 0, so its bound is erf's, 3e-7, times |x|
                    double err = Math.abs(Tensors.at(x, i) - want[i]);
                    double in = Math.abs(Tensors.at(x0, i));
                    double tol = switch (act) {
                        case Act.Gelu g -> 3e-7 * (1 + in);
                        case Act.Sigmoid g -> 2.4e-7 * Math.abs(want[i]);
                        case Act.Tanh g -> 2.4e-7 * Math.abs(want[i]);
                        // e^x - 1 cancels near 0: the error is e^x's, a few ulps of 1, times alpha
                        case Act.Elu e -> 2.4e-7 * Math.max(Math.abs(want[i]), e.alpha());
                        case Act.Selu e -> 2.4e-7 * e.gamma() * Math.max(Math.abs(want[i]), e.alpha());
                        case Act.Celu e -> 2.4e-7 * Math.max(Math.abs(want[i]), e.alpha());
                        case Act.Mish m -> 4.8e-7 * Math.max(Math.abs(want[i]), in);
                        default -> 2.4e-7 * Math.max(Math.abs(want[i]), in);
                    };
                    assertTrue(err <= tol + 1e-30, act + " element " + i + ": got " + Tensors.at(x, i) + ", want "
                            + want[i]);
                }
            }
        }
    }

    /**
     * The QDQ round trip on the values ONNX Runtime's quantizer treats specially: NaN to the grid's lowest point (its
     * clamp keeps the limit), a tiny negative to +0 (its integers have no -0), ties to even, the limits; the scalar
     * and the vector path alike (a vector's worth and a tail).
     */
    @Test
    void quantizeMatchesOnnxRuntimesSpecialValues() {
        Act q = new Act.Quantize(0.5f, -3f, 4f);
        float[] x = {Float.NaN, -0.01f, 0.25f, 0.75f, 1.25f, -0.25f, 100f, Float.NEGATIVE_INFINITY, 1.2f,
                Float.POSITIVE_INFINITY};
        float[] want = {-1.5f, 0f, 0f, 1f, 1f, 0f, 2f, -1.5f, 1f, 2f};
        int n = 37;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment m = arena.allocate(4L * n);
            for (int i = 0; i < n; i++) m.setAtIndex(Tensors.F, i, x[i % x.length]);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(q.apply(x[i])), "apply(" + x[i] + ")");
            }
            Elementwise.activation(q, n, m, 0, m, 0, Tensors.THREE);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToIntBits(want[i % x.length]), Float.floatToIntBits(m.getAtIndex(Tensors.F, i)),
                        "element " + i + " of " + x[i % x.length] + " on the " + Simd.INSTANCE.name() + " path");
            }
        }
    }

    @Test
    void actParsesTheCgcActAttribute() {
        assertEquals(Act.RELU, Act.of("relu", 0, 0));
        assertEquals(new Act.Clip(0, 6), Act.of("clip", 0, 6));
        assertEquals(new Act.LeakyRelu(0.1f), Act.of("leakyrelu", 0.1f, 0));
        assertEquals(Act.NONE, Act.of("", 0, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Act.of("swish", 0, 0));
        assertEquals(true, e.getMessage().startsWith("unknown activation \"swish\""));
    }

    static List<int[][]> broadcastCases() {
        return List.of(new int[][] {{2, 3, 5}, {2, 3, 5}}, new int[][] {{1, 24, 7, 9}, {1, 24, 1, 1}},
                new int[][] {{3, 1}, {1, 4}}, new int[][] {{}, {5, 7}}, new int[][] {{5, 7}, {1}},
                new int[][] {{2, 1, 3, 1}, {4, 1, 5}}, new int[][] {{128, 768}, {768}},
                new int[][] {{200, 300}, {200, 300}}, new int[][] {{7, 1, 37}, {7, 37, 1}});
    }

    @ParameterizedTest
    @MethodSource("broadcastCases")
    void binaryBroadcastsLikeNumpy(int[][] shapes) {
        int[] as = shapes[0];
        int[] bs = shapes[1];
        Broadcast s = Broadcast.of(as, bs);
        int[] out = s.outShape();
        int r = out.length;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment a = Tensors.random(arena, Shapes.size(as), 21);
            MemorySegment b = Tensors.random(arena, Shapes.size(bs), 22);
            for (BinaryOp op : BinaryOp.values()) {
                int n = (int) Shapes.size(out);
                double[] want = new double[n];
                int[] idx = new int[r];
                for (int i = 0; i < n; i++) {
                    double av = Tensors.at(a, offset(as, idx));
                    double bv = Tensors.at(b, offset(bs, idx));
                    if (op == BinaryOp.POW) {
                        av = Math.abs(av);
                    }
                    want[i] = switch (op) {
                        case ADD -> av + bv;
                        case SUB -> av - bv;
                        case MUL -> av * bv;
                        case DIV -> av / bv;
                        case POW -> Math.pow(av, bv);
                        case MAX -> Math.max(av, bv);
                        case MIN -> Math.min(av, bv);
                        case PRELU -> av < 0 ? av * bv : av;
                    };
                    Broadcast.increment(idx, out);
                }
                MemorySegment a2 = a;
                if (op == BinaryOp.POW) {
                    a2 = arena.allocate(a.byteSize(), 64);
                    for (long i = 0; i < a.byteSize() / 4; i++) {
                        a2.setAtIndex(Tensors.F, i, Math.abs(Tensors.at(a, i)));
                    }
                }
                MemorySegment y = Tensors.poisoned(arena, n);
                Elementwise.binary(op, s, a2, 0, b, 0, y, 0, Tensors.THREE);
                assertClose(want, y, 0, 1e-6, op + " " + Shapes.text(as) + " with " + Shapes.text(bs));
                // the first rows only (a split layer's CPU part): two thirds of them, the rest left alone
                int prefix = s.rows() == 1 ? n * 2 / 3 : s.rows() * 2 / 3 * s.inner();
                MemorySegment part = Tensors.poisoned(arena, n);
                Elementwise.binary(op, s, prefix, a2, 0, b, 0, part, 0, Tensors.THREE);
                assertClose(java.util.Arrays.copyOf(want, prefix), part, 0, 1e-6, op + " first " + prefix + " of "
                        + Shapes.text(as) + " with " + Shapes.text(bs));
                for (int i = prefix; i < n; i++) {
                    assertTrue(Float.isNaN(part.getAtIndex(Tensors.F, i)), "element " + i + " past the prefix was written");
                }
            }
        }
    }

    /** Offset in a contiguous tensor of {@code shape} of the output index {@code idx}, broadcast right-aligned. */
    static long offset(int[] shape, int[] idx) {
        long off = 0;
        for (int d = 0; d < shape.length; d++) {
            int i = idx[idx.length - shape.length + d];
            off = off * shape[d] + (shape[d] == 1 ? 0 : i);
        }
        return off;
    }

    @Test
    void broadcastRejectsMismatchedShapes() {
        assertArrayEquals(new int[] {2, 4, 5}, Broadcast.of(new int[] {2, 1, 5}, new int[] {4, 1}).outShape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Broadcast.of(new int[] {2, 3}, new int[] {4, 3}));
        assertEquals("shapes [2, 3] and [4, 3] do not broadcast: dimension 0 is 2 and 4", e.getMessage());
    }
}
