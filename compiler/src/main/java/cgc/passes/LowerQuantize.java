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
        String name = n.name();
        String scale = scale(n, x, e);
        String zero = n.hasInput(2) && !isZero(e, n.input(2)) ? zero(n, x, f, e) : null;
        if (quantize) {
            String v = x.dtype() == f ? n.input(0) : cast(e, name + "_x", n.input(0), f);
            v = e.node(name + "_scaled", OpKind.DIV, v, scale);
            v = e.node(name + "_rounded", OpKind.ROUND, v);
            if (zero != null) v = e.node(name + "_shifted", OpKind.ADD, v, zero);
            long lo = q == DType.U8 ? 0 : -128, hi = q == DType.U8 ? 255 : 127;
            v = e.node(name + "_low", OpKind.MAX, v, e.scalar(name + "_min", f, lo));
            v = e.node(name + "_high", OpKind.MIN, v, e.scalar(name + "_max", f, hi));
            e.last(n, OpKind.CAST, List.of(v), castTo(q));
        } else {
            String v = cast(e, name + "_x", n.input(0), f);
            if (zero != null) v = e.node(name + "_centred", OpKind.SUB, v, zero);
            e.last(n, OpKind.MUL, List.of(v, scale), null);
        }
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
        int axis = (int) Math.floorMod(n.attrs().getInt("axis", 1), x.rank());
        if (t.rank() == 0 || t.elementCount() == 1 || axis == x.rank() - 1) return null;
        Long[] shape = new Long[x.rank() - axis];
        Arrays.fill(shape, 1L);
        shape[0] = t.elementCount();
        return List.of(shape);
    }

    /** The scale, shaped to broadcast against x (a new constant where it is one, a Reshape otherwise). */
    private static String scale(Node n, TensorType x, Emitter e) {
        String s = n.input(1);
        List<Long> shape = alongAxis(n, 1, x, e);
        if (shape == null) return s;
        String hint = n.name() + "_scale";
        var w = e.constant(s);
        if (w.isPresent()) return e.constant(hint, Weights.of(w.get().dtype(), shape, w.get().copyBytes()));
        return e.node(hint, OpKind.RESHAPE, s, e.longs(hint + "_shape", shape.stream().mapToLong(Long::longValue).toArray()));
    }

    /** The zero point as a float of type {@code f}, shaped to broadcast against x: a constant where it is one. */
    private static String zero(Node n, TensorType x, DType f, Emitter e) {
        String z = n.input(2);
        List<Long> shape = alongAxis(n, 2, x, e);
        String hint = n.name() + "_zero_" + f.text();
        var w = e.constant(z);
        if (w.isPresent()) {
            List<Long> to = shape == null ? w.get().shape() : shape;
            return e.constant(hint, Emitter.floats(f, to.stream().mapToLong(Long::longValue).toArray(),
                    Arrays.stream(w.get().toLongs()).asDoubleStream().toArray()));
        }
        if (shape != null) {
            z = e.node(n.name() + "_zero", OpKind.RESHAPE, z,
                    e.longs(n.name() + "_zero_shape", shape.stream().mapToLong(Long::longValue).toArray()));
        }
        return cast(e, hint, z, f);
    }
}
