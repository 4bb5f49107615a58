package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Node;
import cgc.ir.OpKind;
import java.util.List;

/**
 * com.microsoft QLinearAdd as ONNX Runtime's reference computes it: {@code a_scale * (a - a_zero) + b_scale * (b -
 * b_zero)} in f32, divided by {@code c_scale}, then quantized as the QOperator ops' outputs are ({@link
 * LowerQLinear#quantize}).
 */
final class LowerQLinearAdd implements Lowering {
    @Override
    public void lower(Node n, Emitter e) {
        String a = dequantized(n, 0, e), b = dequantized(n, 3, e);
        String sum = e.node(n.name() + "_sum", OpKind.ADD, a, b);
        LowerQLinear.quantize(n, e.node(n.name() + "_scaled", OpKind.DIV, sum, n.input(6)), 7, e);
    }

    /** {@code scale * (x - zero)} of the operand at input i (its scale i + 1, its zero point i + 2). */
    private static String dequantized(Node n, int i, Emitter e) {
        String hint = n.name() + (i == 0 ? "_a" : "_b");
        String v = e.node(hint, OpKind.CAST, List.of(n.input(i)), Attrs.EMPTY.with("to", Attr.of((long) DType.F32.onnxCode())));
        if (n.hasInput(i + 2)) {
            v = e.node(hint + "_centred", OpKind.SUB, v, e.node(hint + "_zero", OpKind.CAST, List.of(n.input(i + 2)),
                    Attrs.EMPTY.with("to", Attr.of((long) DType.F32.onnxCode()))));
        }
        return e.node(hint + "_real", OpKind.MUL, n.input(i + 1), v);
    }
}
