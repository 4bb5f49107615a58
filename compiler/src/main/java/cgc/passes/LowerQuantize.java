package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * QuantizeLinear and DequantizeLinear, as ONNX defines them: {@code Cast(Min(Max(Round(x / scale) + zero, lo), hi))}
 * and {@code (Cast(x) - zero) * scale}, a per-axis scale and zero point laid along the axis. Fold-constants evaluates
 * them first where x is constant (a QDQ model's weights), so what remains is activations. u8 and i8 quantized values,
 * and i32 ones to dequantize (biases); blocked scales are refused by name.
 */
final class LowerQuantize implements Lowering {
    /** The quantized types this lowering writes or reads (the CPU's Cast handles them). */
    private static final Set<DType> QUANTIZED = Set.of(DType.U8, DType.I8);

    @Override
    public void lower(Node n, Emitter e) {
        boolean quantize = n.is(OpKind.QUANTIZE_LINEAR);
        if (e.opset() >= 21 && n.attrs().getInt("block_size", 0) > 0) {
            throw Emitter.error(n, 1, "blocked quantization (block_size " + n.attrs().getInt("block_size", 0)
                    + ") is not supported, per tensor and per axis are");
        }
        TensorType x = e.staticType(n, 0);
        DType q = quantize ? e.type(n.output(0)).dtype() : x.dtype();
        if (!QUANTIZED.contains(q) && (quantize || q != DType.I32)) {
            throw Emitter.error(n, quantize ? 2 : 0, (quantize ? "quantizing to " : "dequantizing ") + q.text()
                    + " is not supported (u8 and i8 are" + (quantize ? "" : ", and i32") + ")");
        }
        DType f = e.type(n.input(1)).dtype();
        if (f != DType.F32) {
            throw Emitter.error(n, 1, "a scale of type " + f.text() + " is not supported (f32 is), got "
                    + e.type(n.input(1)));
        }
        String name = n.name();
        boolean shifted = n.hasInput(2) && !isZero(e, n.input(2));
        long lo = q == DType.U8 ? 0 : -128, hi = q == DType.U8 ? 255 : 127;
        Node pair = quantize ? null : e.producer(n.input(0)).filter(p -> roundTrip(p, n, e)).orElse(null);
        if (quantize && e.readers(n.output(0)).filter(r -> !r.isEmpty()
                && r.stream().allMatch(dq -> dq.is(OpKind.DEQUANTIZE_LINEAR) && roundTrip(n, dq, e))).isPresent()) {
            // every reader takes the round trip from x itself: the quantized tensor is never made (its readers
            // would keep alive a pass the round trips fused into the op before it no longer need)
            return;
        } else if (quantize) {
            String v = x.dtype() == f ? n.input(0) : cast(e, name + "_x", n.input(0), f);
            v = e.node(name + "_scaled", OpKind.DIV, v, laid(n, 1, x, e));
            v = e.node(name + "_rounded", OpKind.ROUND, v);
            if (shifted) v = e.node(name + "_shifted", OpKind.ADD, v, zero(n, x, f, e));
            v = e.node(name + "_low", OpKind.MAX, v, e.scalar(name + "_min", f, lo));
            v = e.node(name + "_high", OpKind.MIN, v, e.scalar(name + "_max", f, hi));
            e.last(n, OpKind.CAST, List.of(v), castTo(q));
        } else if (pair != null && e.type(n.input(1)).elementCount() == 1 && e.constant(n.input(1))
                .map(w -> w.toFloats()[0]).filter(v -> v > 0 && Float.isFinite(v)).isPresent()) {
            // the usual pair: one f32 scale, known: one node, one pass
            String v = e.type(pair.input(0)).dtype() == f ? pair.input(0) : cast(e, name + "_x", pair.input(0), f);
            long z = n.hasInput(2) ? e.constant(n.input(2)).orElseThrow().toLongs()[0] : 0;
            e.last(n, OpKind.QUANTIZE_ROUND_TRIP, List.of(v), Attrs.EMPTY
                    .with("scale", Attr.of(e.constant(n.input(1)).orElseThrow().toFloats()[0]))
                    .with("lo", Attr.of((float) (lo - z))).with("hi", Attr.of((float) (hi - z))));
        } else if (pair != null) {
            // DequantizeLinear(QuantizeLinear(x)) with one scale and zero point: clamp(round(x / s), lo - z, hi - z)
            // * s, the same numbers with no quantized tensor in between (nor the casts that the GPU leaves to the CPU)
            String v = e.type(pair.input(0)).dtype() == f ? pair.input(0) : cast(e, name + "_x", pair.input(0), f);
            String scale = laid(n, 1, x, e);
            v = e.node(name + "_scaled", OpKind.DIV, v, scale);
            v = e.node(name + "_rounded", OpKind.ROUND, v);
            v = e.node(name + "_low", OpKind.MAX, v, bound(n, x, f, lo, "_min", e));
            v = e.node(name + "_high", OpKind.MIN, v, bound(n, x, f, hi, "_max", e));
            v = e.node(name + "_plus", OpKind.ADD, v, e.scalar(name + "_zero", f, 0));  // rint's -0 to +0, as ONNX Runtime
            e.last(n, OpKind.MUL, List.of(v, scale), null);
        } else {
            String v = cast(e, name + "_x", n.input(0), f);
            if (shifted) v = e.node(name + "_centred", OpKind.SUB, v, zero(n, x, f, e));
            e.last(n, OpKind.MUL, List.of(v, laid(n, 1, x, e)), null);
        }
    }

    /**
     * Whether {@code dq} dequantizes what {@code q} quantized with the same scale, zero point and axis (the same
     * values, or constants of the same contents), so that the pair is a round trip through the quantized grid.
     */
    private static boolean roundTrip(Node q, Node dq, Emitter e) {
        if (!q.is(OpKind.QUANTIZE_LINEAR) || q.input(1).isEmpty()) return false;
        boolean perAxis = e.type(dq.input(1)).elementCount() > 1;
        if (perAxis && Math.floorMod(q.attrs().getInt("axis", 1), e.type(q.input(0)).rank())
                != Math.floorMod(dq.attrs().getInt("axis", 1), e.type(dq.input(0)).rank())) {
            return false;
        }
        if (dq.hasInput(2) && e.constant(dq.input(2)).isEmpty()) return false;
        boolean zeros = !q.hasInput(2) && (!dq.hasInput(2) || isZero(e, dq.input(2)));
        return same(q.input(1), dq.input(1), e) && (zeros || q.hasInput(2) && dq.hasInput(2)
                && same(q.input(2), dq.input(2), e));
    }

    private static boolean same(String a, String b, Emitter e) {
        return a.equals(b) || e.constant(a).isPresent() && e.constant(a).equals(e.constant(b));
    }

    /** {@code limit - zero point}, of type {@code f}, shaped to broadcast against x: a round trip's clamp. */
    private static String bound(Node n, TensorType x, DType f, long limit, String suffix, Emitter e) {
        String hint = n.name() + suffix;
        if (!n.hasInput(2)) return e.scalar(hint, f, limit);
        Weights z = e.constant(n.input(2)).orElseThrow();
        List<Long> shape = alongAxis(n, 2, x, e);
        return e.constant(hint, Emitter.floats(f, (shape == null ? z.shape() : shape).stream().mapToLong(Long::longValue)
                .toArray(), Arrays.stream(z.toLongs()).mapToDouble(v -> limit - v).toArray()));
    }

    private static Attrs castTo(DType t) { return Attrs.EMPTY.with("to", Attr.of((long) t.onnxCode())); }

    private static String cast(Emitter e, String hint, String value, DType t) {
        return e.node(hint, OpKind.CAST, List.of(value), castTo(t));
    }

    /** Whether {@code value} is a constant of zeros (symmetric quantization: no shift to write). */
    private static boolean isZero(Emitter e, String value) {
        return e.constant(value).map(w -> Arrays.stream(w.toLongs()).allMatch(v -> v == 0)).orElse(false);
    }

    /**
     * The shape input {@code i} (the scale or the zero point) takes to broadcast against x: {@code [C, 1, ..., 1]} from
     * the axis on per axis; null per tensor, where it broadcasts as it is.
     */
    private static List<Long> alongAxis(Node n, int i, TensorType x, Emitter e) {
        TensorType t = e.type(n.input(i));
        // per tensor: as it is, but a [1] against a scalar x would make the result [1]
        if (t.elementCount() == 1) return x.rank() == 0 && t.rank() > 0 ? List.of() : null;
        int axis = (int) Math.floorMod(n.attrs().getInt("axis", 1), x.rank());
        return axis == x.rank() - 1 ? null : Emitter.along(t.elementCount(), x.rank() - axis);
    }

    /** Input {@code i}, shaped to broadcast against x ({@link #alongAxis}): a new constant where it is one, a Reshape otherwise. */
    private static String laid(Node n, int i, TensorType x, Emitter e) {
        List<Long> shape = alongAxis(n, i, x, e);
        return shape == null ? n.input(i) : e.reshaped(n.name() + (i == 1 ? "_scale" : "_zero"), n.input(i), shape);
    }

    /** The zero point as a float of type {@code f}, laid along the axis: a constant where it is one, a Cast otherwise. */
    private static String zero(Node n, TensorType x, DType f, Emitter e) {
        String z = laid(n, 2, x, e), hint = n.name() + "_zero_" + f.text();
        var w = e.constant(z);
        if (w.isEmpty()) return cast(e, hint, z, f);
        return e.constant(hint, Emitter.floats(f, w.get().shape().stream().mapToLong(Long::longValue).toArray(),
                Arrays.stream(w.get().toLongs()).asDoubleStream().toArray()));
    }
}
