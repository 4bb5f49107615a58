package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.List;
import java.util.Optional;

/**
 * OneHot: the indices (cast to int64, negative ones moved up by depth) reshaped with a 1 at the new axis, compared
 * with a constant range of the depth along it, pick {@code values[1]} (on) or {@code values[0]} (off) by a Where.
 * An index outside [-depth, depth) matches no position: all off, as ONNX asks.
 */
final class LowerOneHot implements Lowering {
    @Override
    public void lower(Node n, Emitter e) {
        String name = n.name(), idx = n.input(0);
        TensorType out = e.type(n.output(0));
        if (!out.isStatic()) throw Emitter.error(n, 0, "the shape must be known at compile time, got " + out);
        long[] shape = out.shape();
        int axis = (int) Math.floorMod(n.attrs().getInt("axis", -1), shape.length);
        long depth = shape[axis];
        idx = e.int64(name + "_i64", idx);
        String negative = e.node(name + "_negative", OpKind.LESS, idx, e.longScalar(name + "_zero", 0));
        String wrapped = e.node(name + "_wrapped", OpKind.ADD, idx, e.longScalar(name + "_depth", depth));
        String index = e.node(name + "_index", OpKind.WHERE, negative, wrapped, idx);
        long[] withAxis = shape.clone();
        withAxis[axis] = 1;
        String column = e.node(name + "_column", OpKind.RESHAPE, List.of(index, e.longs(name + "_column_shape",
                withAxis)), null);
        String range = e.positions(name + "_positions", shape.length, axis, depth);
        String hit = e.node(name + "_hit", OpKind.EQUAL, column, range);
        e.last(n, OpKind.WHERE, List.of(hit, value(n, e, 1), value(n, e, 0)), null);
    }

    /** values[i] as a scalar: a constant where the values are, else a Gather. */
    private static String value(Node n, Emitter e, int i) {
        String what = n.name() + (i == 1 ? "_on" : "_off");
        Optional<Weights> values = e.constant(n.input(2));
        if (values.isPresent()) {
            Tensor t = Tensor.of(values.get());
            Tensor one = t.isFloat() ? Tensor.ofReals(t.dtype(), new long[0], new double[] {t.real(i)})
                    : Tensor.ofInts(t.dtype(), new long[0], new long[] {t.integer(i)});
            return e.constant(what, one.toWeights());
        }
        return e.node(what, OpKind.GATHER, List.of(n.input(2), e.longScalar(what + "_at", i)),
                Attrs.EMPTY.with("axis", Attr.of(0L)));
    }
}
