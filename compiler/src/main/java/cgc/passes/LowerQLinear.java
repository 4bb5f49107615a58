package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.Weights;
import java.util.List;
import java.util.Optional;

/**
 * QLinearMatMul, QLinearConv and QGemm (ONNX Runtime's QOperator form) as ONNX Runtime computes them: the integer
 * sum exact (MatMulInteger's or ConvInteger's lowering, plus QLinearConv's or QGemm's i32 bias), converted to f32,
 * times the multiplier {@code a_scale * b_scale (* alpha) / y_scale} made in f32 (one per output channel or column
 * where B's scale is), rounded to even, plus y's zero point, clamped to y's type; a QGemm without y's scale gives the
 * f32 product {@code acc * a_scale * b_scale * alpha}.
 */
final class LowerQLinear implements Lowering {
    @Override
    public void lower(Node n, Emitter e) {
        boolean conv = n.is(OpKind.QLINEAR_CONV), gemm = n.is(OpKind.QGEMM);
        String name = n.name();
        int rank = e.type(n.output(0)).rank();
        String a = n.input(0), b = n.input(3);
        if (gemm && n.attrs().getInt("transA", 0) != 0) a = e.node(name + "_a_t", OpKind.TRANSPOSE, a);
        if (gemm && n.attrs().getInt("transB", 0) != 0) b = transposed(n, e);
        String acc = e.fresh(name + "_acc");
        Node integer = new Node(e.fresh(name + "_integer"), conv ? OpKind.CONV_INTEGER : OpKind.MATMUL_INTEGER,
                List.of(a, b, n.input(2), n.input(5)), List.of(acc), conv ? n.attrs() : Attrs.EMPTY);
        (conv ? new LowerConvInteger() : new LowerMatMulInteger()).lower(integer, e);
        int bias = conv ? 8 : gemm ? 6 : -1;
        if (bias > 0 && n.hasInput(bias)) acc = e.node(name + "_biased", OpKind.ADD, acc, laid(n, bias, rank, e));
        String v = e.node(name + "_acc_f32", OpKind.CAST, List.of(acc), F32);
        if (gemm && !n.hasInput(7)) {                             // f32 out: acc * alpha * a_scale * b_scale
            e.last(n, OpKind.MUL, List.of(v, multiplier(n, false, rank, e)), null);
            return;
        }
        quantize(n, e.node(name + "_scaled", OpKind.MUL, v, multiplier(n, conv, rank, e)), gemm ? 8 : 7, e);
    }

    /**
     * f32 {@code v} rounded to even, plus the zero point of input {@code zi} (0 where it is absent), clamped to its
     * type (u8 without one), cast: n's output.
     */
    static void quantize(Node n, String v, int zi, Emitter e) {
        String name = n.name();
        v = e.node(name + "_rounded", OpKind.ROUND, v);
        DType q = n.hasInput(zi) ? e.type(n.input(zi)).dtype() : DType.U8;
        var z = n.hasInput(zi) ? e.constant(n.input(zi)) : Optional.<Weights>empty();
        if (n.hasInput(zi) && (z.isEmpty() || z.get().toLongs()[0] != 0)) {
            String zf = z.isPresent() ? e.scalar(name + "_zero", DType.F32, z.get().toLongs()[0])
                    : e.node(name + "_zero", OpKind.CAST, List.of(n.input(zi)), F32);
            v = e.node(name + "_shifted", OpKind.ADD, v, zf);
        }
        v = e.node(name + "_low", OpKind.MAX, v, e.scalar(name + "_min", DType.F32, q == DType.U8 ? 0 : -128));
        v = e.node(name + "_high", OpKind.MIN, v, e.scalar(name + "_max", DType.F32, q == DType.U8 ? 255 : 127));
        e.last(n, OpKind.CAST, List.of(v), Attrs.EMPTY.with("to", Attr.of((long) q.onnxCode())));
    }

    /** QGemm's B [N, K] (transB) as [K, N]: a constant transposed here, else a Transpose. */
    private static String transposed(Node n, Emitter e) {
        var w = e.constant(n.input(3));
        if (w.isEmpty()) return e.node(n.name() + "_b_t", OpKind.TRANSPOSE, n.input(3));
        long rows = w.get().shape().get(0), cols = w.get().shape().get(1);
        byte[] in = w.get().copyBytes(), out = new byte[in.length];          // one byte an element (u8, i8)
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) out[(int) (c * rows + r)] = in[(int) (r * cols + c)];
        return e.constant(n.name() + "_b_t", Weights.of(w.get().dtype(), List.of(cols, rows), out));
    }

    private static final Attrs F32 = Attrs.EMPTY.with("to", Attr.of((long) DType.F32.onnxCode()));

    /**
     * {@code a_scale * b_scale / y_scale}: a constant computed in f32 as ONNX Runtime does where the scales are
     * known, else those nodes; one per output channel (laid [M, 1, ...]) or column where B's scale has several.
     */
    private static String multiplier(Node n, boolean conv, int rank, Emitter e) {
        boolean gemm = n.is(OpKind.QGEMM), toFloat = gemm && !n.hasInput(7);
        float alpha = gemm ? n.attrs().getFloat("alpha", 1f) : 1f;
        var a = e.constant(n.input(1));
        var b = e.constant(n.input(4));
        var y = toFloat ? Optional.of(Weights.ofFloats(List.of(), 1f)) : e.constant(n.input(gemm ? 7 : 6));
        if (a.isPresent() && b.isPresent() && y.isPresent()) {
            float as = a.get().toFloats()[0], ys = y.get().toFloats()[0];
            float[] bs = b.get().toFloats();
            float[] m = new float[bs.length];
            for (int i = 0; i < m.length; i++) m[i] = toFloat ? as * bs[i] * alpha : as * bs[i] * alpha / ys;
            return e.constant(n.name() + "_multiplier", Weights.ofFloats(shape(conv, rank, m.length), m));
        }
        String ab = e.node(n.name() + "_ab_scale", OpKind.MUL, n.input(1), laid(n, 4, rank, e));
        if (alpha != 1f) ab = e.node(n.name() + "_alpha_scale", OpKind.MUL, ab, e.scalar(n.name() + "_alpha", DType.F32, alpha));
        return toFloat ? ab : e.node(n.name() + "_multiplier", OpKind.DIV, ab, n.input(gemm ? 7 : 6));
    }

    /** Input i (B's scale, a bias) laid to broadcast against the output: as it is per tensor or per column. */
    private static String laid(Node n, int i, int rank, Emitter e) {
        long count = e.type(n.input(i)).elementCount();
        if (count == 1 || !n.is(OpKind.QLINEAR_CONV)) return n.input(i);
        return e.reshaped(n.name() + "_laid" + i, n.input(i), Emitter.along(count, rank - 1));
    }

    /** A per-tensor scalar, a per-column vector, or a conv's per-channel [M, 1, ...] (of the output's rank - 1). */
    private static List<Long> shape(boolean conv, int rank, int count) {
        return count == 1 ? List.of() : conv ? Emitter.along(count, rank - 1) : List.of((long) count);
    }
}
