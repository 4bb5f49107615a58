package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ConvInteger, exact, with the f32 Conv, as {@link LowerMatMulInteger} does a product: X and W less their zero points
 * (X's padding then counts as its zero point, as ONNX Runtime pads), each output a sum of at most {@link
 * LowerMatMulInteger#CHUNK} integer terms in f32; a convolution of more terms per output (input channels per group
 * times the kernel's size) is cut along its input channels (group 1) into such pieces, each cast to i32 and added
 * there. A constant W (a dynamically quantized model's weights) becomes its f32 pieces at compile time.
 */
final class LowerConvInteger implements Lowering {
    @Override
    public void lower(Node n, Emitter e) {
        String name = n.name();
        TensorType x = e.staticType(n, 0), w = e.staticType(n, 1);
        long[] ws = w.shape();
        long kernel = 1;
        for (int d = 2; d < ws.length; d++) kernel *= ws[d];
        long channels = ws[1], group = n.attrs().getInt("group", 1);
        long perPiece = LowerMatMulInteger.CHUNK / Math.max(1, kernel);
        if (perPiece < 1 || group > 1 && channels > perPiece) {
            throw Emitter.error(n, 1, "a ConvInteger of " + channels * kernel + " terms per output"
                    + (group > 1 ? " in each of " + group + " groups" : " in a kernel of " + kernel)
                    + " is not supported (exact in f32 up to " + LowerMatMulInteger.CHUNK + " terms, or cut along the"
                    + " input channels with group 1 and kernels of at most that many)");
        }
        int pieces = (int) ((channels + perPiece - 1) / perPiece);
        long step = (channels + pieces - 1) / pieces;
        String xf = LowerMatMulInteger.centred(n, 0, e);
        List<String> wf = e.constant(n.input(1)).isPresent() && (!n.hasInput(3) || e.constant(n.input(3)).isPresent())
                ? constantPieces(n, ws, step, pieces, e) : LowerMatMulInteger.slices(centredWeights(n, w, e), 1,
                        channels, step, pieces, e);
        List<String> xs = LowerMatMulInteger.slices(xf, 1, x.shape()[1], step, pieces, e);
        List<String> parts = new ArrayList<>();
        for (int p = 0; p < pieces; p++) {
            parts.add(e.node(name + "_part" + p, OpKind.CONV, List.of(xs.get(p), wf.get(p)), n.attrs()));
        }
        LowerMatMulInteger.sumInI32(n, parts, e);
    }

    /** W as f32 less its zero point, one per output channel laid as [M, 1, ...]. */
    private static String centredWeights(Node n, TensorType w, Emitter e) {
        String v = e.node(n.name() + "_w", OpKind.CAST, List.of(n.input(1)), F32);
        if (!n.hasInput(3)) return v;
        String z = n.input(3);
        if (e.type(z).elementCount() != 1) {
            long[] shape = new long[w.rank()];
            Arrays.fill(shape, 1);
            shape[0] = -1;
            z = e.node(n.name() + "_w_zero_channels", OpKind.RESHAPE, z, e.longs(n.name() + "_w_zero_shape", shape));
        }
        String zf = e.node(n.name() + "_w_zero", OpKind.CAST, List.of(z), F32);
        return e.node(n.name() + "_w_centred", OpKind.SUB, v, zf);
    }

    private static final Attrs F32 = Attrs.EMPTY.with("to", Attr.of((long) DType.F32.onnxCode()));

    /** A constant W less its zero points, in f32 pieces along its input channels (dim 1). */
    private static List<String> constantPieces(Node n, long[] shape, long step, int pieces, Emitter e) {
        long[] v = e.constant(n.input(1)).orElseThrow().toLongs();
        long[] z = n.hasInput(3) ? e.constant(n.input(3)).orElseThrow().toLongs() : new long[] {0};
        long outputs = shape[0], channels = shape[1], inner = 1;
        for (int d = 2; d < shape.length; d++) inner *= shape[d];
        List<String> out = new ArrayList<>();
        for (int p = 0; p < pieces; p++) {
            long c0 = p * step, c1 = Math.min(channels, c0 + step);
            double[] piece = new double[(int) (outputs * (c1 - c0) * inner)];
            int at = 0;
            for (long m = 0; m < outputs; m++) {
                long zero = z[z.length == 1 ? 0 : (int) m];
                for (long c = c0; c < c1; c++) {
                    for (long i = 0; i < inner; i++) piece[at++] = v[(int) ((m * channels + c) * inner + i)] - zero;
                }
            }
            long[] dims = shape.clone();
            dims[1] = c1 - c0;
            out.add(e.constant(n.name() + "_w" + p, Emitter.floats(DType.F32, dims, piece)));
        }
        return out;
    }
}
