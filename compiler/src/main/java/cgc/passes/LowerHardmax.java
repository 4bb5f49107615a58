package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import java.util.List;

/**
 * Hardmax: the first maximum's index along the axis (ArgMax, keeping the axis) compared with a constant range of the
 * axis's indices, cast to the input's type: 1 there, 0 elsewhere. Before opset 13 the input is coerced to 2-D at the
 * axis and the maximum taken over the whole second dim, so the lowering reshapes around that.
 */
final class LowerHardmax implements Lowering {
    @Override
    public void lower(Node n, Emitter e) {
        String x = n.input(0), name = n.name();
        TensorType type = e.staticType(n, 0);
        long[] shape = type.shape();
        int rank = shape.length;
        long axisAttr = OpKind.HARDMAX.attrOrDefault(n, "axis", e.opset()).map(a -> ((Attr.Int) a).value()).orElse(-1L);
        int axis = (int) Math.floorMod(axisAttr, rank);
        String in = x;
        long[] work = shape;
        if (e.opset() < 13) {                                   // [d0 ... d(axis-1)] x [d(axis) ...]
            long outer = 1, inner = 1;
            for (int i = 0; i < rank; i++) {
                if (i < axis) outer *= shape[i];
                else inner *= shape[i];
            }
            work = new long[] {outer, inner};
            in = e.node(name + "_2d", OpKind.RESHAPE, List.of(x, e.longs(name + "_2d_shape", work)), null);
            axis = 1;
        }
        String arg = e.node(name + "_argmax", OpKind.ARG_MAX, List.of(in), Attrs.EMPTY.with("axis", Attr.of((long) axis))
                .with("keepdims", Attr.of(1L)));
        String range = e.positions(name + "_indices", work.length, axis, work[axis]);
        String hit = e.node(name + "_hit", OpKind.EQUAL, arg, range);
        Attrs cast = Attrs.EMPTY.with("to", Attr.of((long) type.dtype().onnxCode()));
        if (e.opset() >= 13) {
            e.last(n, OpKind.CAST, List.of(hit), cast);
            return;
        }
        String flat = e.node(name + "_cast", OpKind.CAST, List.of(hit), cast);
        e.last(n, OpKind.RESHAPE, List.of(flat, e.longs(name + "_shape", shape)), null);
    }
}
