package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.List;

/**
 * A 3-D ConvTranspose (volume models' upsampling) as the 3-D Conv it equals, then as {@link LowerVolumes} writes that:
 * the input with stride - 1 zeros put between its elements along each spatial axis, convolved at stride 1 by the
 * filters flipped in every spatial axis with their channel axes swapped (per group), padded by dilation · (kernel - 1)
 * less the transposed conv's pads (output_padding added at the end; a negative pad crops the input instead). The
 * weights must be known at compile time. The zeros cost stride³ times the 2-D kernels' work: a 3-D transposed kernel
 * would not.
 */
final class LowerTransposedVolumes implements Lowering {
    @Override
    public boolean applies(Node n, Emitter e) {
        return e.type(n.input(0)).rank() == 5;
    }

    @Override
    public void lower(Node n, Emitter e) {
        String name = n.name();
        TensorType xt = e.staticType(n, 0), yt = e.type(n.output(0));
        long[] x = xt.shape(), y = yt.shape();
        Weights w = e.constant(n.input(1)).orElseThrow(() -> Emitter.error(n, 1,
                "a 3-D ConvTranspose needs its weights known at compile time"));
        long[] k = {w.shape().get(2), w.shape().get(3), w.shape().get(4)};
        long group = n.attrs().getInt("group", 1);
        long[] s = LowerVolumes.ints(n, "strides", 1), d = LowerVolumes.ints(n, "dilations", 1);
        long[] op = LowerVolumes.ints(n, "output_padding", 0);
        DType t = xt.dtype();
        String v = n.input(0);
        long[] shape = x.clone();
        for (int a = 0; a < 3; a++) {                       // stride - 1 zeros between the elements of each axis
            if (s[a] == 1) continue;
            int axis = 2 + a;
            String hint = name + "_spread" + a;
            long[] one = insert(shape, axis + 1, 1);
            v = e.node(hint, OpKind.RESHAPE, v, e.longs(hint + "_one", one));
            long[] zeros = one.clone();
            zeros[axis + 1] = s[a] - 1;
            v = e.node(hint + "_zeros", OpKind.CONCAT, List.of(v, e.constant(hint + "_z", Emitter.floats(t, zeros, 0))),
                    Attrs.EMPTY.with("axis", Attr.of((long) axis + 1)));
            long[] merged = shape.clone();
            merged[axis] = shape[axis] * s[a];
            v = e.node(hint + "_merged", OpKind.RESHAPE, v, e.longs(hint + "_shape", merged));
            shape[axis] = (shape[axis] - 1) * s[a] + 1;
            v = slice(e, hint + "_cut", v, axis, 0, shape[axis]);
        }
        long[] begin = new long[3], end = new long[3];
        pads(n, x, y, k, s, d, op, begin, end);
        long[] pads = new long[6];
        for (int a = 0; a < 3; a++) {
            long front = d[a] * (k[a] - 1) - begin[a], back = d[a] * (k[a] - 1) - end[a] + op[a];
            if (front < 0 || back < 0) {                    // a pad past the kernel's reach: crop the input instead
                long len = shape[2 + a];
                v = slice(e, name + "_crop" + a, v, 2 + a, Math.max(0, -front), len - Math.max(0, -back));
                shape[2 + a] = len - Math.max(0, -front) - Math.max(0, -back);
            }
            pads[a] = Math.max(0, front);
            pads[3 + a] = Math.max(0, back);
        }
        Attrs conv = Attrs.EMPTY.with("kernel_shape", Attr.ints(k)).with("strides", Attr.ints(1, 1, 1))
                .with("dilations", Attr.ints(d)).with("pads", Attr.ints(pads)).with("group", Attr.of(group));
        String filters = e.constant(name + "_flipped", flipped(w, group));
        List<String> in = n.hasInput(2) ? List.of(v, filters, n.input(2)) : List.of(v, filters);
        new LowerVolumes().lower(new Node(name, OpKind.CONV, in, n.outputs(), conv), e);
    }

    private static long[] insert(long[] shape, int at, long dim) {
        long[] out = new long[shape.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) out[i] = i == at ? dim : shape[j++];
        return out;
    }

    private static String slice(Emitter e, String hint, String v, int axis, long start, long stop) {
        return e.node(hint, OpKind.SLICE, List.of(v, e.longs(hint + "_starts", start), e.longs(hint + "_ends", stop),
                e.longs(hint + "_axes", axis)), null);
    }

    /**
     * The transposed conv's pads, begin and end per axis, as ONNX resolves them: given, or (with output_shape or
     * SAME_*) the total the output's size leaves, split with the odd one at the end (SAME_UPPER) or the beginning.
     */
    private static void pads(Node n, long[] x, long[] y, long[] k, long[] s, long[] d, long[] op, long[] begin,
                             long[] end) {
        String auto = n.attrs().getString("auto_pad", "NOTSET");
        boolean derived = n.attrs().has("output_shape") || auto.startsWith("SAME");
        List<Long> given = n.attrs().getInts("pads", List.of(0L, 0L, 0L, 0L, 0L, 0L));
        for (int a = 0; a < 3; a++) {
            long total = (x[2 + a] - 1) * s[a] + op[a] + (k[a] - 1) * d[a] + 1 - y[2 + a];
            if (auto.equals("VALID")) {
                begin[a] = 0;
                end[a] = total;
            } else if (derived) {
                boolean upper = auto.equals("SAME_UPPER");
                begin[a] = upper ? total / 2 : total - total / 2;
                end[a] = total - begin[a];
            } else {
                begin[a] = given.get(a);
                end[a] = given.get(3 + a);
            }
        }
    }

    /** W [C, M/group, KD, KH, KW] as a Conv's [M, C/group, KD, KH, KW]: each group's channel axes swapped, flipped. */
    private static Weights flipped(Weights w, long group) {
        float[] v = w.toFloats();
        int c = Math.toIntExact(w.shape().get(0)), mg = Math.toIntExact(w.shape().get(1));
        int kd = Math.toIntExact(w.shape().get(2)), kh = Math.toIntExact(w.shape().get(3));
        int kw = Math.toIntExact(w.shape().get(4));
        int cg = Math.toIntExact(c / group), taps = kd * kh * kw;
        float[] out = new float[v.length];
        for (int g = 0; g < group; g++) {
            for (int o = 0; o < mg; o++) {
                for (int ci = 0; ci < cg; ci++) {
                    int from = ((g * cg + ci) * mg + o) * taps, to = ((g * mg + o) * cg + ci) * taps;
                    for (int i = 0; i < taps; i++) out[to + i] = v[from + taps - 1 - i];
                }
            }
        }
        return Weights.ofFloats(List.of((long) group * mg, (long) cg, (long) kd, (long) kh, (long) kw), out);
    }
}
