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
        if (e.type(idx).dtype() != DType.I64) {
            idx = e.node(name + "_i64", OpKind.CAST, List.of(idx), Attrs.EMPTY.with("to", Attr.of(7L)));
        }
        String negative = e.node(name + "_negative", OpKind.LESS, idx, e.constant(name + "_zero",
                Weights.ofLongs(List.of(), 0)));
        String wrapped = e.node(name + "_wrapped", OpKind.ADD, idx, e.constant(name + "_depth",
                Weights.ofLongs(List.of(), depth)));
        String index = e.node(name + "_index", OpKind.WHERE, negative, wrapped, idx);
        long[] withAxis = shape.clone();
        withAxis[axis] = 1;
        String column = e.node(name + "_column", OpKind.RESHAPE, List.of(index, e.longs(name + "_column_shape",
                withAxis)), null);
        long[] along = new long[shape.length];
        Arrays.fill(along, 1);
        along[axis] = depth;
        long[] positions = new long[(int) depth];
        for (int i = 0; i < positions.length; i++) positions[i] = i;
        String range = e.constant(name + "_positions", Weights.ofLongs(Arrays.stream(along).boxed().toList(),
                positions));
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
        return e.node(what, OpKind.GATHER, List.of(n.input(2), e.constant(what + "_at", Weights.ofLongs(List.of(), i))),
                Attrs.EMPTY.with("axis", Attr.of(0L)));
    }
}
