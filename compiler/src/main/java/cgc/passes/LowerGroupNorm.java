package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.List;
import java.util.Optional;

/**
 * GroupNormalization: each group's channels and spatial dims are one run of the input, so X [N, C, D...] reshaped to
 * [N, G, C/G · D...] has the groups as channels, and an InstanceNormalization of that (scale 1, bias 0) normalises
 * each group; reshaped back, it is scaled and shifted per channel by a Mul and an Add ([C, 1, ...] broadcast). Before
 * opset 21 scale and bias are per group: as constants, each value is repeated over its group's channels; computed at
 * run time, they are refused (opset 21 takes them as they are).
 */
final class LowerGroupNorm implements Lowering {
    @Override
    public void lower(Node n, Emitter e) {
        TensorType x = e.staticType(n, 0);
        DType t = x.dtype();
        if (t != DType.F32) {
            throw Emitter.error(n, 0, "GroupNormalization of " + t.text() + " is not supported (f32 is), got " + x);
        }
        long[] shape = x.shape();
        long groups = n.attrs().getInt("num_groups", 1);
        long rest = 1;
        for (int i = 1; i < shape.length; i++) rest *= shape[i];
        long[] perChannel = new long[Math.max(1, shape.length - 1)];
        java.util.Arrays.fill(perChannel, 1);
        perChannel[0] = shape[1];
        String base = n.name();
        String grouped = e.node(base + "_groups", OpKind.RESHAPE, List.of(n.input(0),
                e.longs(base + "_grouped_shape", shape[0], groups, rest / groups)), null);
        Attrs eps = Attrs.EMPTY.with("epsilon", Attr.of(n.attrs().getFloat("epsilon", 1e-5f)));
        String normalised = e.node(base + "_normalised", OpKind.INSTANCE_NORMALIZATION, List.of(grouped,
                e.constant(base + "_ones", Emitter.floats(t, new long[] {groups}, 1)),
                e.constant(base + "_zeros", Emitter.floats(t, new long[] {groups}, 0))), eps);
        String channels = e.node(base + "_channels", OpKind.RESHAPE, List.of(normalised,
                e.longs(base + "_shape", shape)), null);
        String scale = perChannel(n, 1, e, shape[1] / groups, perChannel);
        String bias = perChannel(n, 2, e, shape[1] / groups, perChannel);
        String scaled = e.node(base + "_scaled", OpKind.MUL, channels, scale);
        e.last(n, OpKind.ADD, List.of(scaled, bias), null);
    }

    /** Input {@code i} (scale or bias) as [C, 1, ...]: a constant, else a Reshape of the run-time value (opset 21). */
    private static String perChannel(Node n, int i, Emitter e, long groupSize, long[] perChannel) {
        String what = n.name() + (i == 1 ? "_scale" : "_bias");
        Optional<Weights> w = e.constant(n.input(i));
        DType t = e.type(n.input(0)).dtype();
        if (w.isPresent()) {
            Tensor v = Tensor.of(w.get());
            double[] c = new double[(int) perChannel[0]];
            for (int ch = 0; ch < c.length; ch++) c[ch] = v.real(e.opset() < 21 ? (int) (ch / groupSize) : ch);
            return e.constant(what, Emitter.floats(t, perChannel, c));
        }
        if (e.opset() < 21) {
            throw Emitter.error(n, i, "a " + (i == 1 ? "scale" : "bias") + " per group computed at run time is not "
                    + "supported (a constant is, and opset 21 takes one per channel)");
        }
        return e.node(what, OpKind.RESHAPE, List.of(n.input(i), e.longs(what + "_shape", perChannel)), null);
    }
}
