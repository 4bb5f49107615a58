package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Node;
import cgc.ir.OpKind;
import java.util.List;
import java.util.stream.LongStream;

/**
 * com.microsoft QLinearGlobalAveragePool (NCHW) as ONNX Runtime computes it: each channel's sum (exact in f32: at
 * most 255 times the image, which ONNX Runtime keeps under 2^24) less {@code image_size * x_zero}, times {@code x_scale
 * / (y_scale * image_size)} made in f32, then quantized as the QOperator ops' outputs are ({@link LowerQLinear#quantize}).
 */
final class LowerQLinearGlobalAveragePool implements Lowering {
    @Override
    public void lower(Node n, Emitter e) {
        String name = n.name();
        long[] x = e.staticType(n, 0).shape();
        long size = 1;
        for (int d = 2; d < x.length; d++) size *= x[d];
        Attrs f32 = Attrs.EMPTY.with("to", Attr.of((long) DType.F32.onnxCode()));
        String v = e.node(name + "_x", OpKind.CAST, List.of(n.input(0)), f32);
        v = e.reduce(name + "_sum", OpKind.REDUCE_SUM, v, LongStream.range(2, x.length).toArray());
        String zero = e.node(name + "_x_zero", OpKind.CAST, List.of(n.input(2)), f32);
        v = e.node(name + "_centred", OpKind.SUB, v,
                e.node(name + "_zero_sum", OpKind.MUL, zero, e.scalar(name + "_size", DType.F32, size)));
        var xs = e.constant(n.input(1));
        var ys = e.constant(n.input(3));
        String scale = xs.isPresent() && ys.isPresent()
                ? e.scalar(name + "_scale", DType.F32, xs.get().toFloats()[0] / (ys.get().toFloats()[0] * (float) size))
                : e.node(name + "_scale", OpKind.DIV, n.input(1),
                        e.node(name + "_y_area", OpKind.MUL, n.input(3), e.scalar(name + "_area", DType.F32, size)));
        LowerQLinear.quantize(n, e.node(name + "_scaled", OpKind.MUL, v, scale), 4, e);
    }
}
