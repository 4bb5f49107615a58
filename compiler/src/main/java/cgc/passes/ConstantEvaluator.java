package cgc.passes;

import cgc.ir.DType;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.ShapeRules;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import cgc.runtime.cpu.Integers;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * A small reference evaluator for light ops whose inputs are all constants: the shape arithmetic exporters write
 * (Shape, Gather, Unsqueeze, Concat, Reshape, Slice, Range, ConstantOfShape, Equal, Where, Expand ...) and elementwise
 * arithmetic on ints and floats. Floats are computed in double and rounded once to the element type, which is exact for
 * + - * / and sqrt on f32. Says no (empty) for any op or case it does not handle, and for results over
 * {@link #MAX_ELEMENTS} elements.
 */
final class ConstantEvaluator {
    private ConstantEvaluator() {}

    static final long MAX_ELEMENTS = 1 << 22;
    static final long MAX_DEQUANTIZED = 1 << 25;

    /**
     * The most elements of an input or result of {@code k} evaluated here: a QDQ model's weights are dequantized
     * (and quantized) up to {@link #MAX_DEQUANTIZED}, since its convs and products need them constant.
     */
    static long cap(OpKind k) {
        // a float weight behind a QuantizeLinear-DequantizeLinear pair (as quantization-aware training exports it)
        // needs both folded
        return k == OpKind.DEQUANTIZE_LINEAR || k == OpKind.QUANTIZE_LINEAR ? MAX_DEQUANTIZED : MAX_ELEMENTS;
    }

    /**
     * The values of {@code n}'s outputs.
     *
     * @param in       the inputs' values, {@code null} for an absent optional input
     * @param outTypes the outputs' types by the shape rule (static, or the node is not evaluated)
     */
    static Optional<List<Weights>> eval(Node n, List<Tensor> in, List<TensorType> outTypes) {
        if (!(n.op() instanceof OpKind k) || n.outputs().size() != 1) return Optional.empty();
        TensorType t = outTypes.getFirst();
        if (!t.isStatic() || t.elementCount() > cap(k)) return Optional.empty();
        long[] shape = t.shape();
        try {
            Tensor r = eval(n, k, in, shape, t.dtype());
            if (r == null) return Optional.empty();
            if (!java.util.Arrays.equals(r.shape(), shape) || r.dtype() != t.dtype()) {
                throw new IllegalStateException("evaluating " + n.name() + " gave " + r.dtype()
                        + java.util.Arrays.toString(r.shape())
                        + ", its shape rule " + t);
            }
            return Optional.of(List.of(r.toWeights()));
        } catch (ArithmeticException e) {
            return Optional.empty();   // integer division by zero and the like: leave it to run time
        }
    }

    /** The value of the single output, of the given shape; {@code null} when this op or case is not handled here. */
    private static Tensor eval(Node n, OpKind k, List<Tensor> in, long[] shape, DType out) {
        Tensor x = in.isEmpty() ? null : in.getFirst();
        return switch (k) {
            case IDENTITY, RESHAPE, FLATTEN, SQUEEZE, UNSQUEEZE -> x.reshaped(shape);
            case TRANSPOSE -> transpose(n, x, shape);
            case CONCAT -> concat(n, in, shape);
            case GATHER -> gather(n, x, in.get(1), shape);
            case GATHER_ELEMENTS -> gatherElements(n, x, in.get(1));
            case SLICE -> slice(n, x, in, shape);
            case EXPAND -> x.gather(shape, Tensor.broadcastIndex(x.shape(), shape));
            case TILE -> tile(x, shape);
            case CAST -> cast(x, shape, n.attrs().getInt("to", 0));
            case RANGE -> range(in, shape);
            case CONSTANT_OF_SHAPE -> constantOfShape(n, shape);
            case EQUAL -> compare(in, shape, (a, b) -> a == b);
            case LESS -> compare(in, shape, (a, b) -> a < b);
            case GREATER -> compare(in, shape, (a, b) -> a > b);
            case GREATER_OR_EQUAL -> compare(in, shape, (a, b) -> a >= b);
            case LESS_OR_EQUAL -> compare(in, shape, (a, b) -> a <= b);
            case AND -> logic(in, shape, (a, b) -> (a != 0 && b != 0) ? 1 : 0);
            case OR -> logic(in, shape, (a, b) -> (a != 0 || b != 0) ? 1 : 0);
            case NOT -> logic(List.of(x, x), shape, (a, b) -> a != 0 ? 0 : 1);
            case WHERE -> where(in, shape);
            case ADD -> arith(in, shape, Long::sum, Double::sum);
            case SUB -> arith(in, shape, (a, b) -> a - b, (a, b) -> a - b);
            case MUL -> arith(in, shape, (a, b) -> a * b, (a, b) -> a * b);
            case DIV -> arith(in, shape, (a, b) -> a / b, (a, b) -> a / b);
            case POW -> !in.get(0).isFloat() && in.get(1).isFloat() ? integerToRealPower(in, shape)
                    : arith(in, shape, (a, b) -> (long) Math.pow(a, b), Math::pow);
            // Java's % is C's fmod on doubles too; floorMod takes the divisor's sign (floats with fmod 0 are refused)
            case MOD -> n.attrs().getInt("fmod", 0) != 0 ? arith(in, shape, (a, b) -> a % b, (a, b) -> a % b)
                    : arith(in, shape, Math::floorMod, null);
            case MAX -> in.size() == 1 ? x : in.size() == 2 ? arith(in, shape, Math::max, Math::max) : null;
            case MIN -> in.size() == 1 ? x : in.size() == 2 ? arith(in, shape, Math::min, Math::min) : null;
            case NEG -> unary(x, a -> -a, a -> -a);
            case ABS -> unary(x, Math::abs, Math::abs);
            case SQRT -> floatUnary(x, Math::sqrt);
            case RECIPROCAL -> floatUnary(x, a -> 1 / a);
            case EXP -> floatUnary(x, Math::exp);
            case LOG -> floatUnary(x, Math::log);
            case FLOOR -> floatUnary(x, Math::floor);
            case CEIL -> floatUnary(x, Math::ceil);
            case ROUND -> floatUnary(x, Math::rint);   // half to even, as ONNX Round
            case CUM_SUM -> cumSum(n, x, in.get(1));
            case QUANTIZE_LINEAR, DEQUANTIZE_LINEAR -> quantization(n, k, in, shape, out);
            case TRILU -> {                                    // as decompose-functions lowers it: Where(mask, x, 0)
                long rows = shape[shape.length - 2], cols = shape[shape.length - 1];
                long diagonal = in.size() > 1 && in.get(1) != null ? in.get(1).integer(0) : 0;
                Tensor mask = Tensor.ofInts(DType.BOOL, new long[] {rows, cols},
                        LowerTrilu.mask(n.attrs().getInt("upper", 1) != 0, diagonal, (int) rows, (int) cols));
                Tensor zero = x.isFloat() ? Tensor.ofReals(x.dtype(), new long[0], new double[] {0})
                        : Tensor.ofInts(x.dtype(), new long[0], new long[] {0});
                yield where(List.of(mask, x, zero), shape);
            }
            default -> null;
        };
    }

    /**
     * QuantizeLinear (x / scale in the scale's precision, rounded half to even, shifted, saturated to u8 or i8) or
     * DequantizeLinear ((x - zero) * scale), per tensor or per axis, as decompose-functions lowers them; {@code null}
     * for blocked scales and other quantized types, which the lowering refuses by name.
     */
    private static Tensor quantization(Node n, OpKind k, List<Tensor> in, long[] shape, DType out) {
        Tensor x = in.get(0), scale = in.get(1), zero = in.size() > 2 ? in.get(2) : null;
        boolean quantize = k == OpKind.QUANTIZE_LINEAR;
        DType q = quantize ? out : x.dtype();
        if (scale.rank() > 1 || n.attrs().getInt("block_size", 0) > 0                  // blocked: refused by name
                || (q != DType.U8 && q != DType.I8 && (quantize || q != DType.I32))) {
            return null;
        }
        long inner = 1;
        if (scale.size() > 1) {
            int axis = (int) Math.floorMod(n.attrs().getInt("axis", 1), shape.length);
            for (int d = axis + 1; d < shape.length; d++) inner *= shape[d];
        }
        boolean f32 = scale.dtype() == DType.F32;
        int count = Math.toIntExact(Tensor.count(shape));
        long[] ints = quantize ? new long[count] : null;
        double[] reals = quantize ? null : new double[count];
        for (int i = 0; i < count; i++) {
            int c = scale.size() == 1 ? 0 : (int) ((i / inner) % scale.size());
            double s = scale.real(c);
            long z = zero == null ? 0 : zero.integer(c);
            if (quantize) {
                double v = x.real(i) / s;
                long r = (long) Math.rint(f32 ? (float) v : v) + z;
                ints[i] = Math.clamp(r, q == DType.U8 ? 0 : -128, q == DType.U8 ? 255 : 127);
            } else {
                long d = x.integer(i) - z;                 // in float, as at run time and as ONNX Runtime does
                reals[i] = f32 ? (float) d * (float) s : (double) d * s;
            }
        }
        return quantize ? Tensor.ofInts(q, shape, ints) : Tensor.ofReals(out, shape, reals);
    }

    private static Tensor transpose(Node n, Tensor x, long[] shape) {
        int r = x.rank();
        List<Long> perm = n.attrs().getInts("perm", null);
        int[] p = new int[r];
        for (int i = 0; i < r; i++) p[i] = perm == null ? r - 1 - i : perm.get(i).intValue();
        long[] inStrides = Tensor.strides(x.shape());
        return x.gather(shape, indexMap(shape, (d, pos) -> pos * inStrides[p[d]]));
    }

    private static Tensor concat(Node n, List<Tensor> in, long[] shape) {
        int axis = (int) n.attrs().getInt("axis", 0);
        if (axis < 0) axis += shape.length;
        long outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= shape[i];
        for (int i = axis + 1; i < shape.length; i++) inner *= shape[i];
        Tensor first = in.getFirst();
        int total = Math.toIntExact(Tensor.count(shape));
        double[] reals = first.isFloat() ? new double[total] : null;
        long[] ints = first.isFloat() ? null : new long[total];
        int o = 0;
        for (long a = 0; a < outer; a++) {
            for (Tensor t : in) {
                long chunk = t.shape()[axis] * inner;
                for (long j = 0; j < chunk; j++, o++) {
                    int src = (int) (a * chunk + j);
                    if (reals != null) reals[o] = t.real(src); else ints[o] = t.integer(src);
                }
            }
        }
        return reals != null ? Tensor.ofReals(first.dtype(), shape, reals) : Tensor.ofInts(first.dtype(), shape, ints);
    }

    private static Tensor gather(Node n, Tensor data, Tensor indices, long[] shape) {
        int axis = (int) n.attrs().getInt("axis", 0);
        if (axis < 0) axis += data.rank();
        long d = data.shape()[axis];
        long outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= data.shape()[i];
        for (int i = axis + 1; i < data.rank(); i++) inner *= data.shape()[i];
        int m = indices.size();
        int[] from = new int[Math.toIntExact(Tensor.count(shape))];
        int o = 0;
        for (long i = 0; i < outer; i++) {
            for (int j = 0; j < m; j++) {
                long idx = indices.integer(j);
                if (idx < 0) idx += d;
                for (long k = 0; k < inner; k++) from[o++] = (int) ((i * d + idx) * inner + k);
            }
        }
        return data.gather(shape, from);
    }

    /** GatherElements: indices in range (the shape rule checked them, as they are constants). */
    private static Tensor gatherElements(Node n, Tensor data, Tensor indices) {
        long[] shape = indices.shape(), strides = Tensor.strides(data.shape());
        int r = shape.length;
        int axis = (int) Math.floorMod(n.attrs().getInt("axis", 0), r);
        long len = data.shape()[axis];
        int[] from = new int[indices.size()];
        for (int o = 0; o < from.length; o++) {
            long k = indices.integer(o), src = (k < 0 ? k + len : k) * strides[axis];
            for (int d = r - 1, rest = o; d >= 0; d--) {
                if (d != axis) src += (rest % shape[d]) * strides[d];
                rest /= (int) shape[d];
            }
            from[o] = (int) src;
        }
        return data.gather(shape, from);
    }

    private static Tensor slice(Node n, Tensor x, List<Tensor> in, long[] shape) {
        int r = x.rank();
        long[] start = new long[r];
        long[] step = new long[r];
        java.util.Arrays.fill(step, 1);
        long[] starts, ends, axes, steps;
        if (in.size() == 1) {   // opset < 10: attributes
            starts = n.attrs().getInts("starts", List.of()).stream().mapToLong(Long::longValue).toArray();
            ends = n.attrs().getInts("ends", List.of()).stream().mapToLong(Long::longValue).toArray();
            List<Long> ax = n.attrs().getInts("axes", null);
            axes = ax == null ? null : ax.stream().mapToLong(Long::longValue).toArray();
            steps = null;
        } else {
            starts = longs(in.get(1));
            ends = longs(in.get(2));
            axes = in.size() > 3 && in.get(3) != null ? longs(in.get(3)) : null;
            steps = in.size() > 4 && in.get(4) != null ? longs(in.get(4)) : null;
        }
        for (int i = 0; i < starts.length; i++) {
            int a = (int) (axes == null ? i : axes[i] < 0 ? axes[i] + r : axes[i]);
            step[a] = steps == null ? 1 : steps[i];
            start[a] = ShapeRules.sliceRange(x.shape()[a], starts[i], ends[i], step[a])[0];
        }
        long[] inStrides = Tensor.strides(x.shape());
        return x.gather(shape, indexMap(shape, (d, pos) -> (start[d] + pos * step[d]) * inStrides[d]));
    }

    /** CumSum (position ids from a mask, in exported shape arithmetic): floats summed in double, rounded once. */
    private static Tensor cumSum(Node n, Tensor x, Tensor axis) {
        long[] shape = x.shape();
        int a = (int) Math.floorMod(axis.integer(0), shape.length);   // in range: the shape rule checked it
        long len = shape[a], inner = 1;
        for (int d = a + 1; d < shape.length; d++) inner *= shape[d];
        boolean exclusive = n.attrs().getInt("exclusive", 0) != 0, reverse = n.attrs().getInt("reverse", 0) != 0;
        int count = x.size();
        double[] reals = x.isFloat() ? new double[count] : null;
        long[] ints = x.isFloat() ? null : new long[count];
        for (long line = 0; line < count / Math.max(1, len); line++) {
            long base = line / inner * len * inner + line % inner;
            double real = 0;
            long whole = 0;
            for (long k = 0; k < len; k++) {
                int at = (int) (base + (reverse ? len - 1 - k : k) * inner);
                if (reals != null) {
                    reals[at] = exclusive ? real : real + x.real(at);
                    real += x.real(at);
                } else {
                    ints[at] = exclusive ? whole : whole + x.integer(at);
                    whole += x.integer(at);
                }
            }
        }
        return reals != null ? Tensor.ofReals(x.dtype(), shape, reals) : Tensor.ofInts(x.dtype(), shape, ints);
    }

    private static Tensor tile(Tensor x, long[] shape) {
        long[] inStrides = Tensor.strides(x.shape());
        return x.gather(shape, indexMap(shape, (d, pos) -> (pos % x.shape()[d]) * inStrides[d]));
    }

    private static Tensor cast(Tensor x, long[] shape, long to) {
        DType t = DType.fromOnnx((int) to).orElseThrow();
        int n = x.size();
        if (t.isFloat()) {
            double[] r = new double[n];
            for (int i = 0; i < n; i++) r[i] = x.real(i);
            return Tensor.ofReals(t, shape, r);
        }
        if (t == DType.STRING) return null;
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            if (t == DType.BOOL) v[i] = x.real(i) != 0 ? 1 : 0;
            else if (x.isFloat() && !Double.isFinite(x.real(i))) return null;   // undefined in C, left to run time
            else v[i] = x.integer(i);
        }
        return Tensor.ofInts(t, shape, v);
    }

    /** Range as ONNX Runtime computes it: the value accumulates {@code delta} in the element type. */
    private static Tensor range(List<Tensor> in, long[] shape) {
        Tensor s = in.get(0), d = in.get(2);
        int n = (int) shape[0];
        if (s.isFloat()) {
            double[] r = new double[n];
            double v = s.real(0);
            boolean f32 = s.dtype() == DType.F32;
            for (int i = 0; i < n; i++) { r[i] = v; v = f32 ? (float) v + (float) d.real(0) : v + d.real(0); }
            return Tensor.ofReals(s.dtype(), shape, r);
        }
        long[] r = new long[n];
        for (int i = 0; i < n; i++) r[i] = s.integer(0) + i * d.integer(0);
        return Tensor.ofInts(s.dtype(), shape, r);
    }

    private static Tensor constantOfShape(Node n, long[] shape) {
        Tensor zero = Tensor.ofReals(DType.F32, new long[] {1}, new double[] {0});
        Tensor v = n.attrs().getTensor("value").map(Tensor::of).orElse(zero);
        return v.gather(shape, new int[Math.toIntExact(Tensor.count(shape))]);
    }

    private interface Compare { boolean test(double a, double b); }

    private static Tensor compare(List<Tensor> in, long[] shape, Compare c) {
        Tensor a = in.get(0), b = in.get(1);
        int[] ia = Tensor.broadcastIndex(a.shape(), shape), ib = Tensor.broadcastIndex(b.shape(), shape);
        long[] v = new long[ia.length];
        boolean exact = !a.isFloat() && !b.isFloat();
        for (int i = 0; i < v.length; i++) {
            boolean r = exact ? c.test(Long.compare(a.integer(ia[i]), b.integer(ib[i])), 0)
                    : c.test(a.real(ia[i]), b.real(ib[i]));
            v[i] = r ? 1 : 0;
        }
        return Tensor.ofInts(DType.BOOL, shape, v);
    }

    private static Tensor logic(List<Tensor> in, long[] shape, LongBinaryOperator op) {
        Tensor a = in.get(0), b = in.get(1);
        int[] ia = Tensor.broadcastIndex(a.shape(), shape), ib = Tensor.broadcastIndex(b.shape(), shape);
        long[] v = new long[ia.length];
        for (int i = 0; i < v.length; i++) v[i] = op.applyAsLong(a.integer(ia[i]), b.integer(ib[i]));
        return Tensor.ofInts(DType.BOOL, shape, v);
    }

    private static Tensor where(List<Tensor> in, long[] shape) {
        Tensor c = in.get(0), x = in.get(1), y = in.get(2);
        int[] ic = Tensor.broadcastIndex(c.shape(), shape);
        int[] ix = Tensor.broadcastIndex(x.shape(), shape), iy = Tensor.broadcastIndex(y.shape(), shape);
        int n = ic.length;
        if (x.isFloat()) {
            double[] r = new double[n];
            for (int i = 0; i < n; i++) r[i] = c.integer(ic[i]) != 0 ? x.real(ix[i]) : y.real(iy[i]);
            return Tensor.ofReals(x.dtype(), shape, r);
        }
        long[] r = new long[n];
        for (int i = 0; i < n; i++) r[i] = c.integer(ic[i]) != 0 ? x.integer(ix[i]) : y.integer(iy[i]);
        return Tensor.ofInts(x.dtype(), shape, r);
    }

    /** {@code ints} or {@code reals} (null: not evaluated) over both operands broadcast to {@code shape}. */
    private static Tensor arith(List<Tensor> in, long[] shape, LongBinaryOperator ints, DoubleBinaryOperator reals) {
        Tensor a = in.get(0), b = in.get(1);
        int[] ia = Tensor.broadcastIndex(a.shape(), shape), ib = Tensor.broadcastIndex(b.shape(), shape);
        int n = ia.length;
        if (a.isFloat()) {
            if (reals == null) return null;
            double[] r = new double[n];
            for (int i = 0; i < n; i++) r[i] = reals.applyAsDouble(a.real(ia[i]), b.real(ib[i]));
            return Tensor.ofReals(a.dtype(), shape, r);
        }
        if (a.dtype() == DType.BOOL) return null;
        long[] r = new long[n];
        for (int i = 0; i < n; i++) r[i] = ints.applyAsLong(a.integer(ia[i]), b.integer(ib[i]));
        return Tensor.ofInts(a.dtype(), shape, r);
    }

    /** Pow of an integer base to a float exponent (its T and T1 differ): the power in double, as the plan converts it. */
    private static Tensor integerToRealPower(List<Tensor> in, long[] shape) {
        Tensor a = in.get(0), b = in.get(1);
        if (a.dtype() == DType.BOOL) return null;
        int[] ia = Tensor.broadcastIndex(a.shape(), shape), ib = Tensor.broadcastIndex(b.shape(), shape);
        long[] r = new long[ia.length];
        // one exponent of 2 or 3 squares or cubes in the base's type, as the plan (and ONNX Runtime) does
        double only = b.size() == 1 ? b.real(0) : Double.NaN;
        for (int i = 0; i < r.length; i++) {
            long v = a.integer(ia[i]);
            r[i] = only == 2 ? v * v : only == 3 ? v * v * v
                    : Integers.truncate(Math.pow(v, b.real(ib[i])), a.dtype() == DType.I64);
        }
        return Tensor.ofInts(a.dtype(), shape, r);
    }

    private static Tensor unary(Tensor x, java.util.function.LongUnaryOperator ints, DoubleUnaryOperator reals) {
        if (!x.isFloat()) {
            long[] r = new long[x.size()];
            for (int i = 0; i < r.length; i++) r[i] = ints.applyAsLong(x.integer(i));
            return Tensor.ofInts(x.dtype(), x.shape(), r);
        }
        return floatUnary(x, reals);
    }

    private static Tensor floatUnary(Tensor x, DoubleUnaryOperator op) {
        if (!x.isFloat()) return null;
        double[] r = new double[x.size()];
        for (int i = 0; i < r.length; i++) r[i] = op.applyAsDouble(x.real(i));
        return Tensor.ofReals(x.dtype(), x.shape(), r);
    }

    private static long[] longs(Tensor t) {
        long[] v = new long[t.size()];
        for (int i = 0; i < v.length; i++) v[i] = t.integer(i);
        return v;
    }

    private interface Offset { long of(int dim, long pos); }

    /** For each position of {@code shape} (row-major), the sum over dims of {@code offset(dim, position in dim)}. */
    private static int[] indexMap(long[] shape, Offset offset) {
        int n = Math.toIntExact(Tensor.count(shape));
        int[] idx = new int[n];
        long[] pos = new long[shape.length];
        for (int i = 0; i < n; i++) {
            long src = 0;
            for (int d = 0; d < shape.length; d++) src += offset.of(d, pos[d]);
            idx[i] = (int) src;
            for (int d = shape.length - 1; d >= 0; d--) { if (++pos[d] < shape[d]) break; pos[d] = 0; }
        }
        return idx;
    }
}
