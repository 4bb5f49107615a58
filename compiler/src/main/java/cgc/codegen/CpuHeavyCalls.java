package cgc.codegen;

import static cgc.codegen.CpuCalls.asNchw;
import static cgc.codegen.CpuCalls.ints;
import static cgc.codegen.CpuCalls.isInteger;
import static cgc.codegen.CpuCalls.pads;
import static cgc.codegen.CpuCalls.requireConstant;
import static cgc.codegen.CpuCalls.requireFloatData;
import static cgc.codegen.CpuCalls.runtimeType;
import static cgc.codegen.CpuCalls.shape;
import static cgc.codegen.CpuCalls.spatial;
import static cgc.codegen.CpuCalls.unsupported;

import cgc.diag.Where;
import cgc.ir.Attrs;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.runtime.cpu.Conv2d;
import cgc.runtime.cpu.ConvSpec;
import cgc.runtime.cpu.ConvTranspose;
import cgc.runtime.cpu.ConvTransposeSpec;
import cgc.runtime.cpu.Gemm;
import cgc.runtime.cpu.Integers;
import cgc.runtime.cpu.GemmSpec;
import cgc.runtime.cpu.MatMul;
import cgc.runtime.cpu.MatMulSpec;
import cgc.runtime.cpu.Linear;
import cgc.runtime.cpu.WeightPacks;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.util.List;

/**
 * The Java that runs a heavy node on the CPU: Conv and ConvTranspose (1-D as 2-D at height 1), Gemm, MatMul and cgc
 * Linear, whole or (for a split layer) the CPU's part, with constant weights packed once per plan where they are B.
 */
final class CpuHeavyCalls {
    private CpuHeavyCalls() {}

    /** Conv, 2-D NCHW or 1-D NCW, weights and bias constant, any groups, with its fused activation; all of it. */
    static CodeBlock conv(Node n, Layer l) { return conv(n, l, null, null); }

    /**
     * {@link #conv(Node, Layer)} over output channels {@code [0, ocEnd)} and output rows {@code [0, rowEnd)} (int
     * expressions), all where null. A 1-D conv runs as the 2-D one of height 1.
     */
    static CodeBlock conv(Node n, Layer l, Object ocEnd, Object rowEnd) {
        long[] x = shape(l, n.input(0));
        requireConv(n, l, x, true);
        int rank = x.length;
        x = asNchw(x);
        long[] w = asNchw(shape(l, n.input(1))), y = asNchw(shape(l, n.output(0)));
        Attrs a = n.attrs();
        List<Long> strides = spatial(a, "strides", rank), dil = spatial(a, "dilations", rank);
        long[] pads = pads(n, x, w, strides, dil, rank);
        CodeBlock spec = CodeBlock.of("new $T($L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L)",
                ConvSpec.class, x[0], x[1], x[2], x[3], w[0], w[2], w[3], strides.get(0), strides.get(1),
                pads[0], pads[1], pads[2], pads[3], dil.get(0), dil.get(1), a.getInt("group", 1), Activations.fused(n));
        String s = l.constant("spec", ClassName.get(ConvSpec.class), spec);
        long bias = n.hasInput(2) ? l.elementOffset(n.input(2)) : -1;
        Object oc = ocEnd == null ? y[1] : ocEnd, rows = rowEnd == null ? y[2] : rowEnd;
        if (n.hasInput(3)) {   // the residual (fuse-residual), added before the activation
            String r = n.input(3);
            return CodeBlock.of("$T.run($N, f.act(), $LL, f.wts(), $LL, $LL, $L, $LL, $LL, 0, $L, 0, $L, f.packs(), "
                    + "f.pool());\n", Conv2d.class, s, l.elementOffset(n.input(0)), l.elementOffset(n.input(1)), bias,
                    l.segment(r), l.elementOffset(r), l.elementOffset(n.output(0)), oc, rows);
        }
        return CodeBlock.of("$T.run($N, f.act(), $LL, f.wts(), $LL, $LL, $LL, 0, $L, 0, $L, f.packs(), f.pool());\n", Conv2d.class, s,
                l.elementOffset(n.input(0)), l.elementOffset(n.input(1)), bias, l.elementOffset(n.output(0)), oc, rows);
    }

    /**
     * What the CPU's conv kernels take: a 2-D NCHW input {@code x} (or, where {@code oneD}, a 1-D NCW one), constant
     * weights and bias.
     */
    private static void requireConv(Node n, Layer l, long[] x, boolean oneD) {
        if (x.length != 4 && !(oneD && x.length == 3)) {
            throw unsupported(n, "other than " + (oneD ? "1-D or 2-D" : "2-D") + " (input " + l.type(n.input(0)) + ")");
        }
        requireFloatData(n, l);
        requireConstant(n, l, 1, "weights");
        if (n.hasInput(2)) requireConstant(n, l, 2, "bias");
    }

    /**
     * ConvTranspose, 2-D NCHW or 1-D NCW (as 2-D of height 1), weights and bias constant, any groups, pads as {@link
     * ConvPads#ofTranspose}.
     */
    static CodeBlock convTranspose(Node n, Layer l) { return convTranspose(n, l, null); }

    /** {@link #convTranspose(Node, Layer)} over output channels {@code [0, ocEnd)} (an int expression), all where null. */
    static CodeBlock convTranspose(Node n, Layer l, Object ocEnd) {
        long[] x = shape(l, n.input(0));
        requireConv(n, l, x, true);
        int rank = x.length;
        long[] pads = rank == 3 ? transposePads1d(n, x, shape(l, n.input(1)), shape(l, n.output(0)))
                : ConvPads.ofTranspose(n, x, shape(l, n.input(1)), shape(l, n.output(0)));
        x = asNchw(x);
        long[] w = asNchw(shape(l, n.input(1))), y = asNchw(shape(l, n.output(0)));
        Attrs a = n.attrs();
        List<Long> strides = spatial(a, "strides", rank), dil = spatial(a, "dilations", rank);
        List<Long> outPad = rank == 4 ? a.getInts("output_padding", List.of(0L, 0L))
                : List.of(0L, a.getInts("output_padding", List.of(0L)).getFirst());
        CodeBlock spec = CodeBlock.of("new $T($L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L)",
                ConvTransposeSpec.class, x[0], x[1], x[2], x[3], y[1], w[2], w[3], strides.get(0), strides.get(1),
                pads[0], pads[1], pads[2], pads[3], dil.get(0), dil.get(1), outPad.get(0), outPad.get(1),
                a.getInt("group", 1), Activations.fused(n));
        String s = l.constant("spec", ClassName.get(ConvTransposeSpec.class), spec);
        return CodeBlock.of("$T.run($N, f.act(), $LL, f.wts(), $LL, $LL, $LL, 0, $L, 0, $L, f.pool());\n",
                ConvTranspose.class, s, l.elementOffset(n.input(0)), l.elementOffset(n.input(1)),
                n.hasInput(2) ? l.elementOffset(n.input(2)) : -1, l.elementOffset(n.output(0)),
                ocEnd == null ? y[1] : ocEnd, y[2]);
    }

    /**
     * {@link ConvPads#ofTranspose} for a 1-D ConvTranspose ({@code x}, {@code w}, {@code y} of rank 3), as {@code 0, b,
     * 0, e}: the pads attribute, or with output_shape or auto_pad SAME_*, the total padding for the output size
     * {@code y} split the same way.
     */
    private static long[] transposePads1d(Node n, long[] x, long[] w, long[] y) {
        Attrs a = n.attrs();
        String auto = a.getString("auto_pad", "NOTSET");
        if (!a.has("output_shape") && !auto.startsWith("SAME")) {
            if (auto.equals("VALID")) return new long[4];
            List<Long> p = a.getInts("pads", List.of(0L, 0L));
            return new long[] {0, p.get(0), 0, p.get(1)};
        }
        long stride = a.getInts("strides", List.of(1L)).getFirst(), dil = a.getInts("dilations", List.of(1L)).getFirst();
        long outPad = a.getInts("output_padding", List.of(0L)).getFirst();
        long total = stride * (x[2] - 1) + outPad + dil * (w[2] - 1) + 1 - y[2];
        long begin = ConvPads.transposeBegin(auto, total);
        return new long[] {0, begin, 0, total - begin};
    }

    /** ONNX Gemm: {@code Y = act(alpha A'·B' + beta C)}, every operand in the arena or the weights. */
    static CodeBlock gemm(Node n, Layer l) { return gemm(n, l, null, null); }

    /** {@link #gemm(Node, Layer)} over rows {@code [0, mEnd)} and columns {@code [0, nEnd)} (int expressions), all where null. */
    static CodeBlock gemm(Node n, Layer l, Object mEnd, Object nEnd) {
        requireFloatData(n, l);
        Attrs a = n.attrs();
        boolean ta = a.getInt("transA", 0) != 0, tb = a.getInt("transB", 0) != 0;
        long[] as = shape(l, n.input(0)), bs = shape(l, n.input(1));
        long m = ta ? as[1] : as[0], k = ta ? as[0] : as[1], nn = tb ? bs[0] : bs[1];
        long cRows = 0, cCols = 0;
        if (n.hasInput(2)) {
            long[] cs = shape(l, n.input(2));
            cRows = cs.length == 2 ? cs[0] : 1;
            cCols = cs.length == 0 ? 1 : cs[cs.length - 1];
        }
        CodeBlock spec = CodeBlock.of("new $T($L, $L, $L, $L, $L, $L, $L, $L, $L, $L)", GemmSpec.class, m, nn, k, ta, tb,
                Activations.literal(a.getFloat("alpha", 1f)), Activations.literal(a.getFloat("beta", 1f)), cRows, cCols,
                Activations.fused(n));
        String s = l.constant("spec", ClassName.get(GemmSpec.class), spec);
        String c = n.input(2);
        return CodeBlock.of("$T.run($N, $L, $LL, $L, $LL, $L, $LL, f.act(), $LL, 0, $L, 0, $L, $L, f.pool());\n", Gemm.class, s,
                l.segment(n.input(0)), l.elementOffset(n.input(0)), l.segment(n.input(1)), l.elementOffset(n.input(1)),
                c.isEmpty() ? "null" : l.segment(c), c.isEmpty() ? 0 : l.elementOffset(c), l.elementOffset(n.output(0)),
                mEnd == null ? m : mEnd, nEnd == null ? nn : nEnd, packs(l, n.input(1)));
    }

    /** The plan's constant {@link MatMulSpec} of a MatMul or Linear: its operands' shapes and fused activation. */
    private static String matMulSpec(Node n, Layer l) {
        return l.constant("spec", ClassName.get(MatMulSpec.class), CodeBlock.of("$T.of(new int[] {$L}, new int[] {$L}, $L)",
                MatMulSpec.class, ints(shape(l, n.input(0))), ints(shape(l, n.input(1))), Activations.fused(n)));
    }

    /** ONNX MatMul and cgc Linear (bias of n elements, residual, fused activation), batched with broadcasting. */
    static CodeBlock matmul(Node n, Layer l) { return matmul(n, l, null, null); }

    /** {@link #matmul(Node, Layer)} over rows {@code [0, mEnd)} and columns {@code [0, nEnd)} (int expressions), all where null. */
    static CodeBlock matmul(Node n, Layer l, Object mEnd, Object nEnd) {
        cgc.ir.DType t = l.type(n.input(0)).dtype();
        if (n.is(OpKind.MATMUL) && isInteger(t) && mEnd == null && nEnd == null) {
            if (l.type(n.input(1)).dtype() != t) throw unsupported(n, "on " + t.text() + " and "
                    + l.type(n.input(1)).dtype().text() + " values");
            if (!n.attrs().getString("cgc.act", "").isEmpty()) {
                throw unsupported(n, "on " + t.text() + " values with a fused activation");
            }
            String s = matMulSpec(n, l);
            return CodeBlock.of("$T.matMul($T.$L, $N, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Integers.class,
                    cgc.runtime.io.DType.class, runtimeType(n, t), s, l.segment(n.input(0)), l.elementOffset(n.input(0)),
                    l.segment(n.input(1)), l.elementOffset(n.input(1)), l.elementOffset(n.output(0)));
        }
        requireFloatData(n, l);
        String s = matMulSpec(n, l);
        CodeBlock rows = mEnd == null ? CodeBlock.of("$N.m()", s) : CodeBlock.of("$L", mEnd);
        CodeBlock cols = nEnd == null ? CodeBlock.of("$N.n()", s) : CodeBlock.of("$L", nEnd);
        String bias = n.is(OpKind.LINEAR) ? n.input(2) : "";
        if (!bias.isEmpty() && l.type(bias).elementCount() != shape(l, n.input(1))[shape(l, n.input(1)).length - 1]) {
            throw unsupported(n, "with a bias that is not one value per output column (" + l.type(bias) + ")");
        }
        if (!n.is(OpKind.LINEAR)) {
            return CodeBlock.of("$T.run($N, $L, $LL, $L, $LL, f.act(), $LL, 0, $L, 0, $L, f.pool());\n",
                    MatMul.class, s, l.segment(n.input(0)), l.elementOffset(n.input(0)), l.segment(n.input(1)),
                    l.elementOffset(n.input(1)), l.elementOffset(n.output(0)), rows, cols);
        }
        String r = n.input(3);   // the residual (fuse-residual), added before the activation; "" for none
        return CodeBlock.of("$T.run($N, $L, $LL, $L, $LL, $L, $LL, $L, $LL, f.act(), $LL, 0, $L, 0, $L, $L, f.pool());\n",
                Linear.class, s, l.segment(n.input(0)), l.elementOffset(n.input(0)), l.segment(n.input(1)),
                l.elementOffset(n.input(1)), bias.isEmpty() ? "null" : l.segment(bias),
                bias.isEmpty() ? -1 : l.elementOffset(bias), r.isEmpty() ? "null" : l.segment(r),
                r.isEmpty() ? -1 : l.elementOffset(r), l.elementOffset(n.output(0)), rows, cols, packs(l, n.input(1)));
    }

    /**
     * Where a product's B operand is packed: the plan's packs for a constant (packed once, read in place by every
     * run), none for an activation, whose values change from run to run.
     */
    private static CodeBlock packs(Layer l, String b) {
        return l.isConstant(b) ? CodeBlock.of("f.packs()") : CodeBlock.of("$T.NONE", WeightPacks.class);
    }
}
