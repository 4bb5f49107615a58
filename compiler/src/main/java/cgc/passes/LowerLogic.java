package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Node;
import cgc.ir.OpKind;
import java.util.List;

/** Xor, IsNaN and IsInf as Equal and Not (|x| for both infinities), and CastLike as the Cast it is. */
final class LowerLogic implements Lowering {
    @Override
    public void lower(Node n, Emitter e) {
        String x = n.input(0);
        switch (n.kind()) {
            // a ^ b is a != b for bools
            case XOR -> e.last(n, OpKind.NOT, List.of(e.node(n.name() + "_same", OpKind.EQUAL, x, n.input(1))), null);
            // NaN is the one value not equal to itself
            case IS_NAN -> e.last(n, OpKind.NOT, List.of(e.node(n.name() + "_ordered", OpKind.EQUAL, x, x)), null);
            case IS_INF -> {
                DType t = e.type(x).dtype();
                boolean negative = n.attrs().getInt("detect_negative", 1) != 0;
                boolean positive = n.attrs().getInt("detect_positive", 1) != 0;
                if (negative && positive) {
                    String abs = e.node(n.name() + "_abs", OpKind.ABS, x);
                    e.last(n, OpKind.EQUAL, List.of(abs, e.scalar(n.name() + "_inf", t, Double.POSITIVE_INFINITY)),
                            null);
                } else {                                            // detecting neither: equal to NaN, never true
                    double v = positive ? Double.POSITIVE_INFINITY : negative ? Double.NEGATIVE_INFINITY : Double.NaN;
                    e.last(n, OpKind.EQUAL, List.of(x, e.scalar(n.name() + "_inf", t, v)), null);
                }
            }
            case CAST_LIKE -> e.last(n, OpKind.CAST, List.of(x),
                    Attrs.EMPTY.with("to", Attr.of((long) e.type(n.input(1)).dtype().onnxCode())));
            default -> throw new IllegalArgumentException(n.kind().opType());
        }
    }
}
