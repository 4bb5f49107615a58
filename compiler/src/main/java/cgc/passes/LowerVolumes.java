package cgc.passes;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * 3-D Conv, MaxPool and AveragePool (video and volume models) as their 2-D forms, one per step of the kernel's depth:
 * the input's depth moved next to the batch ([N, D, C, H, W]) and padded (zeros, or -inf for MaxPool), the planes
 * each depth step of the kernel reads taken by a strided Slice and folded into the batch ([N * D_out, C, H, W]), each
 * put through the 2-D op (its pads, strides and dilations the last two axes'; a Conv with that depth's weights, the
 * bias on the first), the results added (a Conv), their maximum taken (MaxPool) or their mean (AveragePool, whose
 * windows then all hold KD planes: count_include_pad 0 is refused where the depth is padded), and the output's depth
 * moved back. The work is the 3-D op's; the kernels are the 2-D ones.
 */
final class LowerVolumes implements Lowering {
    @Override
    public boolean applies(Node n, Emitter e) {
        return e.type(n.input(0)).rank() == 5;
    }

    @Override
    public void lower(Node n, Emitter e) {
        String name = n.name();
        boolean conv = n.is(OpKind.CONV), max = n.is(OpKind.MAX_POOL);
        if (n.outputs().size() > 1 && !n.output(1).isEmpty()) {
            throw new CgcException(Where.NOWHERE.node(name).op(n.op().opType()),
                    "the indices output of a 3-D MaxPool is not supported");
        }
        TensorType xt = e.staticType(n, 0), yt = e.type(n.output(0));
        long[] x = xt.shape(), y = yt.shape();
        Weights w = conv ? e.constant(n.input(1)).orElseThrow(() -> Emitter.error(n, 1,
                "a 3-D Conv needs its weights known at compile time")) : null;
        long[] kernel = conv ? new long[] {w.shape().get(2), w.shape().get(3), w.shape().get(4)}
                : n.attrs().getInts("kernel_shape", List.of()).stream().mapToLong(Long::longValue).toArray();
        long[] strides = ints(n, "strides", 1), dilations = ints(n, "dilations", 1);
        long[] begin = new long[3], end = new long[3];
        pads(n, x, y, kernel, strides, dilations, begin, end);
        long depth = y[2], kd = kernel[0], sd = strides[0], dd = dilations[0];
        long need = (depth - 1) * sd + (kd - 1) * dd + 1;           // padded depth the windows read
        long front = begin[0], back = Math.max(0, need - x[2] - front);
        if (n.is(OpKind.AVERAGE_POOL) && (front > 0 || back > 0)
                && (n.attrs().getInt("count_include_pad", 0) == 0 || back > end[0])) {
            throw Emitter.error(n, 0, "a 3-D AveragePool with depth padding counts only with count_include_pad 1 and"
                    + " no ceil_mode window past the padding");
        }
        DType t = xt.dtype();
        String v = e.node(name + "_depth_first", OpKind.TRANSPOSE, List.of(n.input(0)), perm());
        if (front > 0 || back > 0) {
            double fill = max ? Double.NEGATIVE_INFINITY : 0;
            List<String> parts = new ArrayList<>();
            if (front > 0) parts.add(e.constant(name + "_front", Emitter.floats(t, new long[] {x[0], front, x[1], x[3], x[4]}, fill)));
            parts.add(v);
            if (back > 0) parts.add(e.constant(name + "_back", Emitter.floats(t, new long[] {x[0], back, x[1], x[3], x[4]}, fill)));
            v = e.node(name + "_padded", OpKind.CONCAT, parts, Attrs.EMPTY.with("axis", Attr.of(1L)));
        }
        Attrs planar = planar(n, kernel, strides, dilations, begin, end, e.opset());
        String sum = null;
        for (long k = 0; k < kd; k++) {
            String hint = name + "_k" + k;
            String s = e.node(hint, OpKind.SLICE, List.of(v, e.longs(hint + "_starts", k * dd),
                    e.longs(hint + "_ends", k * dd + (depth - 1) * sd + 1), e.longs(hint + "_axes", 1),
                    e.longs(hint + "_steps", sd)), null);
            s = e.node(hint + "_planes", OpKind.RESHAPE, s, e.longs(hint + "_shape", x[0] * depth, x[1], x[3], x[4]));
            List<String> in = new ArrayList<>(List.of(s));
            if (conv) {
                in.add(e.constant(hint + "_w", depthSlice(w, k)));
                if (k == 0 && n.hasInput(2)) in.add(n.input(2));
            }
            String part = e.node(hint + "_2d", (OpKind) n.op(), in, planar);
            sum = sum == null ? part : e.node(hint + "_sum", max ? OpKind.MAX : OpKind.ADD, sum, part);
        }
        if (n.is(OpKind.AVERAGE_POOL) && kd > 1) sum = e.node(name + "_mean", OpKind.DIV, sum, e.scalar(name + "_kd", t, kd));
        sum = e.node(name + "_volume", OpKind.RESHAPE, sum, e.longs(name + "_volume_shape", y[0], y[2], y[1], y[3], y[4]));
        e.last(n, OpKind.TRANSPOSE, List.of(sum), perm());
    }

    /** [N, C, D, H, W] to [N, D, C, H, W] and back. */
    private static Attrs perm() { return Attrs.EMPTY.with("perm", Attr.ints(0, 2, 1, 3, 4)); }

    /** A 3-D op's per-axis attribute (strides, dilations, output_padding), {@code dflt} on each axis where absent. */
    static long[] ints(Node n, String attr, long dflt) {
        return n.attrs().getInts(attr, List.of(dflt, dflt, dflt)).stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The explicit pads of each spatial axis, begin and end, resolving auto_pad as ONNX does: SAME_UPPER and
     * SAME_LOWER pad to the output's size (the odd one at the end, or the beginning), VALID nothing.
     */
    private static void pads(Node n, long[] x, long[] y, long[] kernel, long[] strides, long[] dilations, long[] begin,
                             long[] end) {
        String auto = n.attrs().getString("auto_pad", "NOTSET");
        List<Long> given = n.attrs().getInts("pads", List.of(0L, 0L, 0L, 0L, 0L, 0L));
        for (int i = 0; i < 3; i++) {
            long ek = (kernel[i] - 1) * dilations[i] + 1;
            long total = Math.max(0, (y[2 + i] - 1) * strides[i] + ek - x[2 + i]);
            switch (auto) {
                case "SAME_UPPER" -> { begin[i] = total / 2; end[i] = total - total / 2; }
                case "SAME_LOWER" -> { begin[i] = total - total / 2; end[i] = total / 2; }
                case "VALID" -> { begin[i] = 0; end[i] = 0; }
                default -> { begin[i] = given.get(i); end[i] = given.get(i + 3); }
            }
        }
    }

    /** The 2-D op's attributes: the last two axes' kernel, strides, dilations and pads, and the rest as they were. */
    private static Attrs planar(Node n, long[] kernel, long[] strides, long[] dilations, long[] begin, long[] end,
                                long opset) {
        Attrs a = Attrs.EMPTY.with("kernel_shape", Attr.ints(kernel[1], kernel[2]))
                .with("strides", Attr.ints(strides[1], strides[2]))
                .with("pads", Attr.ints(begin[1], begin[2], end[1], end[2]));
        boolean dilated = dilations[1] != 1 || dilations[2] != 1;
        if (dilated) a = a.with("dilations", Attr.ints(dilations[1], dilations[2]));
        for (String keep : List.of("group", "ceil_mode", "count_include_pad")) {
            if (n.attrs().has(keep)) a = a.with(keep, n.attrs().get(keep).orElseThrow());
        }
        return a;
    }

    /** W [M, C/group, KD, KH, KW] at depth k: [M, C/group, KH, KW]. */
    private static Weights depthSlice(Weights w, long k) {
        float[] v = w.toFloats();
        long m = w.shape().get(0), c = w.shape().get(1), kd = w.shape().get(2), plane = w.shape().get(3) * w.shape().get(4);
        float[] out = new float[(int) (m * c * plane)];
        int at = 0;
        for (long o = 0; o < m * c; o++) {
            System.arraycopy(v, (int) ((o * kd + k) * plane), out, at, (int) plane);
            at += plane;
        }
        return Weights.ofFloats(List.of(m, c, w.shape().get(3), w.shape().get(4)), out);
    }
}
