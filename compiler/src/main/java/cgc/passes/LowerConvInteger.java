package cgc.passes;

import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import java.util.ArrayList;
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
        String xf = LowerMatMulInteger.centred(n, 0, 0, e);
        List<String> wf = LowerMatMulInteger.constantInputs(n, 1, e)
                ? LowerMatMulInteger.constantPieces(n, 1, 1, 0, "_w", step, pieces, e)
                : LowerMatMulInteger.slices(LowerMatMulInteger.centred(n, 1, w.rank(), e), 1, channels, step, pieces, e);
        List<String> xs = LowerMatMulInteger.slices(xf, 1, x.shape()[1], step, pieces, e);
        List<String> parts = new ArrayList<>();
        for (int p = 0; p < pieces; p++) {
            parts.add(e.node(name + "_part" + p, OpKind.CONV, List.of(xs.get(p), wf.get(p)), n.attrs()));
        }
        LowerMatMulInteger.sumInI32(n, parts, e);
    }
}
