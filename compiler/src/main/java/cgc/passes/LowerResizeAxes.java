package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.Weights;
import java.util.List;

/**
 * A Resize (opset 11 on) that resizes axes before the last two, which the kernels (the last two axes of each plane)
 * do not: nearest, linear and cubic interpolation are separable, so each such axis d is resized on its own, moved
 * into the second-to-last place by a Transpose that swaps it there and back, and the last two axes then as before.
 * A channel-axis nearest resize, a 5-D trilinear one. Every new Resize keeps the node's modes and takes, per axis,
 * what it was given (its scale, or its output size), so the coordinates are those of the original; the sums of a
 * separable interpolation group their terms otherwise than ONNX Runtime's, within a few ulps. Left as it is (the
 * kernels crop the last two axes and refuse a region over any other, with their message): tf_crop_and_resize, and
 * keep_aspect_ratio_policy other than stretch.
 */
final class LowerResizeAxes implements Lowering {
    @Override
    public boolean applies(Node n, Emitter e) {
        if (e.opset() < 11 || !e.type(n.input(0)).isStatic() || !e.type(n.output(0)).isStatic()) return false;
        long[] in = e.type(n.input(0)).shape(), out = e.type(n.output(0)).shape();
        if (in.length < 3 || "tf_crop_and_resize".equals(n.attrs().getString("coordinate_transformation_mode", ""))
                || !"stretch".equals(n.attrs().getString("keep_aspect_ratio_policy", "stretch"))) {
            return false;
        }
        float[] scales = scales(n, e, in.length);
        if (scales == null && sizes(n, e) == null) return false;
        return laterAxis(in, out, scales, -1);
    }

    @Override
    public void lower(Node n, Emitter e) {
        long[] in = e.type(n.input(0)).shape(), out = e.type(n.output(0)).shape();
        int r = in.length;
        float[] scales = scales(n, e, r);
        Attrs attrs = n.attrs().without("axes").without("keep_aspect_ratio_policy");
        String roi = e.constant(n.name() + "_roi", Weights.ofFloats(List.of(0L)));
        String v = n.input(0);
        long[] shape = in.clone();
        boolean lastTwo = in[r - 2] != out[r - 2] || in[r - 1] != out[r - 1]
                || scales != null && (scales[r - 2] != 1f || scales[r - 1] != 1f);
        for (int d = 0; d < r - 2; d++) {
            if (in[d] == out[d] && (scales == null || scales[d] == 1f)) continue;
            long[] perm = new long[r];
            for (int i = 0; i < r; i++) perm[i] = i;
            perm[d] = r - 2;
            perm[r - 2] = d;
            Attrs swap = Attrs.EMPTY.with("perm", Attr.ints(perm));
            String t = e.node(n.name() + "_axis" + d, OpKind.TRANSPOSE, List.of(v), swap);
            long[] moved = shape.clone();
            moved[d] = shape[r - 2];
            moved[r - 2] = out[d];
            String resized = e.node(n.name() + "_axis" + d, OpKind.RESIZE,
                    resizeInputs(n, e, t, roi, scales == null ? null : one(r, r - 2, scales[d]), moved), attrs);
            shape[d] = out[d];
            if (!lastTwo && !laterAxis(in, out, scales, d)) {               // the last resize: its way back ends n
                e.last(n, OpKind.TRANSPOSE, List.of(resized), swap);
                return;
            }
            v = e.node(n.name() + "_axis" + d, OpKind.TRANSPOSE, List.of(resized), swap);
        }
        float[] rest = null;
        if (scales != null) {
            rest = one(r, r - 2, scales[r - 2]);
            rest[r - 1] = scales[r - 1];
        }
        e.last(n, OpKind.RESIZE, resizeInputs(n, e, v, roi, rest, out), attrs);
    }

    /** Whether an axis after d and before the last two is resized. */
    private static boolean laterAxis(long[] in, long[] out, float[] scales, int d) {
        for (int a = d + 1; a < in.length - 2; a++) {
            if (in[a] != out[a] || scales != null && scales[a] != 1f) return true;
        }
        return false;
    }

    /** X, roi, then the scales (where the node gave scales) or an empty scales and the output sizes. */
    private static List<String> resizeInputs(Node n, Emitter e, String x, String roi, float[] scales, long[] sizes) {
        if (scales != null) {
            return List.of(x, roi, e.constant(n.name() + "_scales", Weights.ofFloats(List.of((long) scales.length), scales)));
        }
        String none = e.constant(n.name() + "_scales", Weights.ofFloats(List.of(0L)));
        return List.of(x, roi, none, e.longs(n.name() + "_sizes", sizes));
    }

    private static float[] one(int r, int axis, float s) {
        float[] v = new float[r];
        java.util.Arrays.fill(v, 1f);
        v[axis] = s;
        return v;
    }

    /** The node's scales, one per axis (1 where opset 18's axes leave one out), or null where it gives sizes. */
    private static float[] scales(Node n, Emitter e, int r) {
        if (!n.hasInput(2) || e.type(n.input(2)).elementCount() == 0) return null;
        float[] given = e.constant(n.input(2)).map(Weights::toFloats).orElse(null);
        if (given == null) return null;
        float[] s = new float[r];
        java.util.Arrays.fill(s, 1f);
        long[] axes = axes(n, r);
        for (int i = 0; i < axes.length; i++) s[(int) Math.floorMod(axes[i], r)] = given[i];
        return s;
    }

    /** The node's output sizes, constant, or null. */
    private static long[] sizes(Node n, Emitter e) {
        if (!n.hasInput(3)) return null;
        return e.constant(n.input(3)).map(Weights::toLongs).orElse(null);
    }

    private static long[] axes(Node n, int r) {
        if (n.attrs().has("axes")) return n.attrs().getInts("axes", List.of()).stream().mapToLong(Long::longValue).toArray();
        long[] a = new long[r];
        for (int i = 0; i < r; i++) a[i] = i;
        return a;
    }
}
