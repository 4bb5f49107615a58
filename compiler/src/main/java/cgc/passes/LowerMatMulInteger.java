package cgc.passes;

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
 * MatMulInteger, exact, with the f32 GEMM: A and B less their zero points are integers in [-255, 255], so a product
 * of at most {@link #CHUNK} terms is an integer below 2^24 in magnitude, which f32 holds exactly whatever order the
 * GEMM adds in; longer products are cut along k into such pieces, each cast to i32 and added there. A constant B
 * (a dynamically quantized model's weights) becomes its f32 pieces at compile time.
 */
final class LowerMatMulInteger implements Lowering {
    /** 256 · 255² = 16,646,400 < 2^24. */
    static final int CHUNK = 256;

    @Override
    public void lower(Node n, Emitter e) {
        String name = n.name();
        TensorType a = e.staticType(n, 0), b = e.staticType(n, 1);
        long k = a.dims().getLast().size();
        int pieces = (int) Math.max(1, (k + CHUNK - 1) / CHUNK);
        long step = (k + pieces - 1) / pieces;
        String af = centred(n, 0, 2, e);
        int along = b.rank() == 1 ? 0 : b.rank() - 2;
        List<String> bf = constantInputs(n, 1, e) ? constantPieces(n, 1, along, b.rank() - 1, "_b", step, pieces, e)
                : slices(centred(n, 1, 0, e), along, k, step, pieces, e);
        List<String> aPieces = slices(af, a.rank() - 1, k, step, pieces, e);
        List<String> parts = new ArrayList<>();
        for (int p = 0; p < pieces; p++) {
            parts.add(e.node(name + "_part" + p, OpKind.MATMUL, aPieces.get(p), bf.get(p)));
        }
        sumInI32(n, parts, e);
    }

    /** The f32 pieces of an exact integer result, each cast to i32 and added there; the last node is n's. */
    static void sumInI32(Node n, List<String> parts, Emitter e) {
        String sum = null;
        for (int p = 0; p < parts.size(); p++) {
            List<String> in = List.of(parts.get(p));
            if (p == parts.size() - 1 && sum == null) {
                e.last(n, OpKind.CAST, in, I32);
            } else if (p == parts.size() - 1) {
                e.last(n, OpKind.ADD, List.of(sum, e.node(n.name() + "_int" + p, OpKind.CAST, in, I32)), null);
            } else {
                String part = e.node(n.name() + "_int" + p, OpKind.CAST, in, I32);
                sum = sum == null ? part : e.node(n.name() + "_sum" + p, OpKind.ADD, sum, part);
            }
        }
    }

    private static final Attrs I32 = Attrs.EMPTY.with("to", Attr.of((long) DType.I32.onnxCode()));
    private static final Attrs F32 = Attrs.EMPTY.with("to", Attr.of((long) DType.F32.onnxCode()));

    /** Whether input i (B, W) and its zero point, if any, are constants: its pieces can be made at compile time. */
    static boolean constantInputs(Node n, int i, Emitter e) {
        return e.constant(n.input(i)).isPresent() && (!n.hasInput(i + 2) || e.constant(n.input(i + 2)).isPresent());
    }

    /**
     * Input i (A or B, a ConvInteger's X or W) as f32 less its zero point (input i + 2); a zero point of several
     * elements laid along the first of {@code rank} dims (A's rows: 2; a conv's output channels: W's rank), or as it
     * is where rank is 0 (B's columns, along its last dim already).
     */
    static String centred(Node n, int i, int rank, Emitter e) {
        String v = e.node(n.name() + (i == 0 ? "_a" : "_b"), OpKind.CAST, List.of(n.input(i)), F32);
        if (!n.hasInput(i + 2)) return v;
        String z = n.input(i + 2);
        long count = e.type(z).elementCount();
        if (count != 1 && rank > 0) z = e.reshaped(n.name() + (i == 0 ? "_a" : "_b") + "_zero_laid", z, Emitter.along(count, rank));
        String zf = e.node(n.name() + (i == 0 ? "_a_zero" : "_b_zero"), OpKind.CAST, List.of(z), F32);
        return e.node(n.name() + (i == 0 ? "_a_centred" : "_b_centred"), OpKind.SUB, v, zf);
    }

    /** v cut along {@code axis} into pieces of {@code step} (the last what is left); v itself for one piece. */
    static List<String> slices(String v, int axis, long k, long step, int pieces, Emitter e) {
        if (pieces == 1) return List.of(v);
        List<String> out = new ArrayList<>();
        for (int p = 0; p < pieces; p++) {
            String hint = v + "_k" + p;
            out.add(e.node(hint, OpKind.SLICE, List.of(v, e.longs(hint + "_starts", p * step),
                    e.longs(hint + "_ends", Math.min(k, (p + 1) * step)), e.longs(hint + "_axes", axis)), null));
        }
        return out;
    }

    /**
     * Constant input i (B, W) less its zero point (input i + 2: one, or one per index of dim {@code zeroDim}), in f32
     * pieces of {@code step} along dim {@code cut}, named after {@code suffix}: what {@link #slices} of {@link #centred}
     * would make at run time.
     */
    static List<String> constantPieces(Node n, int i, int cut, int zeroDim, String suffix, long step, int pieces,
                                       Emitter e) {
        Weights w = e.constant(n.input(i)).orElseThrow();
        long[] v = w.toLongs();
        long[] z = n.hasInput(i + 2) ? e.constant(n.input(i + 2)).orElseThrow().toLongs() : new long[] {0};
        long[] shape = w.shape().stream().mapToLong(Long::longValue).toArray();
        long outer = 1, inner = 1, zeroStride = 1;
        for (int d = 0; d < cut; d++) outer *= shape[d];
        for (int d = cut + 1; d < shape.length; d++) inner *= shape[d];
        for (int d = zeroDim + 1; d < shape.length; d++) zeroStride *= shape[d];
        List<String> out = new ArrayList<>();
        for (int p = 0; p < pieces; p++) {
            long k0 = p * step, k1 = Math.min(shape[cut], k0 + step);
            double[] piece = new double[(int) (outer * (k1 - k0) * inner)];
            int at = 0;
            for (long o = 0; o < outer; o++) {
                for (long k = k0; k < k1; k++) {
                    for (long j = 0; j < inner; j++) {
                        long flat = (o * shape[cut] + k) * inner + j;
                        piece[at++] = v[(int) flat] - z[z.length == 1 ? 0 : (int) (flat / zeroStride % shape[zeroDim])];
                    }
                }
            }
            long[] dims = shape.clone();
            dims[cut] = k1 - k0;
            out.add(e.constant(n.name() + suffix + p, Emitter.floats(DType.F32, dims, piece)));
        }
        return out;
    }
}
