package cgc.passes;

import cgc.ir.DType;
import cgc.ir.Node;
import cgc.ir.OpKind;
import java.util.List;

/** Shrink: {@code Where(x < -lambd, x + bias, Where(x > lambd, x - bias, 0))}, as ONNX defines it. */
final class LowerShrink implements Lowering {
    @Override
    public void lower(Node n, Emitter e) {
        String x = n.input(0), name = n.name();
        DType t = e.type(x).dtype();
        double lambd = n.attrs().getFloat("lambd", 0.5f), bias = n.attrs().getFloat("bias", 0f);
        String b = e.scalar(name + "_bias", t, bias);
        String below = e.node(name + "_below", OpKind.LESS, x, e.scalar(name + "_low", t, -lambd));
        String above = e.node(name + "_above", OpKind.GREATER, x, e.scalar(name + "_high", t, lambd));
        String up = e.node(name + "_up", OpKind.ADD, x, b);
        String down = e.node(name + "_down", OpKind.SUB, x, b);
        String upper = e.node(name + "_upper", OpKind.WHERE, above, down, e.scalar(name + "_zero", t, 0));
        e.last(n, OpKind.WHERE, List.of(below, up, upper), null);
    }
}
