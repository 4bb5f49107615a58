package cgc.codegen;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Attrs;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import cgc.runtime.cpu.Act;
import cgc.runtime.cpu.BinaryOp;
import cgc.runtime.cpu.Broadcast;
import cgc.runtime.cpu.Conv2d;
import cgc.runtime.cpu.ConvSpec;
import cgc.runtime.cpu.ConvTranspose;
import cgc.runtime.cpu.ConvTransposeSpec;
import cgc.runtime.cpu.Elementwise;
import cgc.runtime.cpu.Gemm;
import cgc.runtime.cpu.GemmSpec;
import cgc.runtime.cpu.MatMul;
import cgc.runtime.cpu.MatMulSpec;
import cgc.runtime.cpu.UnaryOp;
import cgc.runtime.cpu.Concat;
import cgc.runtime.cpu.Gather;
import cgc.runtime.cpu.GeluTanh;
import cgc.runtime.cpu.Integers;
import cgc.runtime.cpu.LayerNorm;
import cgc.runtime.cpu.LayerNormStats;
import cgc.runtime.cpu.MaxPoolIndices;
import cgc.runtime.cpu.Movement;
import cgc.runtime.cpu.Linear;
import cgc.runtime.cpu.Norms;
import cgc.runtime.cpu.Shaping;
import cgc.runtime.cpu.Pool;
import cgc.runtime.cpu.PoolSpec;
import cgc.runtime.cpu.Reduce;
import cgc.runtime.cpu.ReduceOp;
import cgc.runtime.cpu.Slice;
import cgc.runtime.cpu.SliceSpec;
import cgc.runtime.cpu.Softmax;
import cgc.runtime.cpu.Transpose;
import cgc.runtime.cpu.WeightPacks;
import cgc.runtime.cpu.ArgMax;
import cgc.runtime.cpu.Cast;
import cgc.runtime.cpu.Logic;
import cgc.runtime.cpu.Resize;
import cgc.runtime.cpu.ResizeSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Java that runs one node on the CPU: a call of a {@code cgc.runtime.cpu} kernel with the node's geometry (a
 * {@code static final} constant of the plan class) and its arena and weights offsets in elements, or a plain copy for
 * data movement. One case per op of the op table, and no default: an op added to the table must be decided here.
 */
final class CpuCalls {
    private CpuCalls() {}

    static CodeBlock call(Node n, Layer l) {
        OpKind k = n.kind();
        return switch (k) {
            case RESHAPE, FLATTEN, SQUEEZE, UNSQUEEZE, IDENTITY -> copy(n, l);
            case CONV -> conv(n, l);
            case GEMM -> gemm(n, l);
            case MATMUL, LINEAR -> matmul(n, l);
            case BATCH_NORMALIZATION -> batchNorm(n, l);
            case INSTANCE_NORMALIZATION -> instanceNorm(n, l);
            case EXPAND -> expand(n, l);
            case TILE -> tile(n, l);
            case ADD -> binary(n, l, BinaryOp.ADD);
            case SUB -> binary(n, l, BinaryOp.SUB);
            case MUL -> binary(n, l, BinaryOp.MUL);
            case DIV -> binary(n, l, BinaryOp.DIV);
            case POW -> binary(n, l, BinaryOp.POW);
            case MAX -> binaryOfTwo(n, l, BinaryOp.MAX);
            case MIN -> binaryOfTwo(n, l, BinaryOp.MIN);
            case NEG -> unary(n, l, UnaryOp.NEG);
            case ABS -> unary(n, l, UnaryOp.ABS);
            case SQRT -> unary(n, l, UnaryOp.SQRT);
            case EXP -> unary(n, l, UnaryOp.EXP);
            case LOG -> unary(n, l, UnaryOp.LOG);
            case RECIPROCAL -> unary(n, l, UnaryOp.RECIPROCAL);
            case ERF -> unary(n, l, UnaryOp.ERF);
            case FLOOR -> unary(n, l, UnaryOp.FLOOR);
            case CEIL -> unary(n, l, UnaryOp.CEIL);
            case ROUND -> unary(n, l, UnaryOp.ROUND);
            case RELU -> activation(n, l, CodeBlock.of("$T.RELU", Act.class));
            case SIGMOID -> activation(n, l, CodeBlock.of("$T.SIGMOID", Act.class));
            case TANH -> activation(n, l, CodeBlock.of("$T.TANH", Act.class));
            case HARD_SWISH -> activation(n, l, CodeBlock.of("$T.HARDSWISH", Act.class));
            case GELU -> gelu(n, l);
            case LEAKY_RELU -> activation(n, l, CodeBlock.of("new $T.LeakyRelu($L)", Act.class,
                    Activations.literal(n.attrs().getFloat("alpha", 0.01f))));
            case HARD_SIGMOID -> activation(n, l, CodeBlock.of("new $T.HardSigmoid($L, $L)", Act.class,
                    Activations.literal(n.attrs().getFloat("alpha", 0.2f)), Activations.literal(n.attrs().getFloat("beta", 0.5f))));
            case CLIP -> clip(n, l);
            case MAX_POOL -> pool(n, l, true);
            case AVERAGE_POOL -> pool(n, l, false);
            case GLOBAL_AVERAGE_POOL -> globalPool(n, l, false);
            case GLOBAL_MAX_POOL -> globalPool(n, l, true);
            case SOFTMAX -> softmax(n, l);
            case LAYER_NORMALIZATION -> layerNorm(n, l);
            case TRANSPOSE -> transpose(n, l);
            case CONCAT -> concat(n, l);
            case SPLIT -> split(n, l);
            case SLICE -> slice(n, l);
            case GATHER -> gather(n, l);
            case REDUCE_MEAN -> reduce(n, l, ReduceOp.MEAN);
            case REDUCE_SUM -> reduce(n, l, ReduceOp.SUM);
            case REDUCE_MAX -> reduce(n, l, ReduceOp.MAX);
            case REDUCE_L2 -> reduce(n, l, ReduceOp.L2);
            case CONV_TRANSPOSE -> convTranspose(n, l);
            case PRELU -> binary(n, l, BinaryOp.PRELU);
            case SUM, MEAN -> throw unsupported(n, "(the decompose-variadic pass makes binary ops of it)");
            case WHERE -> where(n, l);
            case DROPOUT -> dropout(n, l);
            case DEPTH_TO_SPACE -> depthToSpace(n, l);
            case RESIZE -> resize(n, l);
            case PAD -> pad(n, l);
            case EQUAL -> logic(n, l, Logic.Op.EQUAL);
            case LESS -> logic(n, l, Logic.Op.LESS);
            case GREATER -> logic(n, l, Logic.Op.GREATER);
            case AND -> logic(n, l, Logic.Op.AND);
            case OR -> logic(n, l, Logic.Op.OR);
            case NOT -> not(n, l);
            case CAST -> cast(n, l);
            case ARG_MAX -> argMax(n, l);
            case SHAPE, CONSTANT_OF_SHAPE, CONSTANT, RANGE, IF -> throw unsupported(n, "");
        };
    }

    /**
     * The CPU's part {@code [0, cut)} of a split heavy node, {@code cut} an int expression of the generated code:
     * output channels or output rows of a Conv, rows ({@code m}) or columns ({@code n}) of a Gemm, MatMul or Linear.
     */
    static CodeBlock part(Node n, Layer l, Split split, String cut) {
        return switch (n.kind()) {
            case CONV -> split.dim().equals("rows") ? conv(n, l, null, cut) : conv(n, l, cut, null);
            case GEMM -> split.dim().equals("n") ? gemm(n, l, null, cut) : gemm(n, l, cut, null);
            case MATMUL, LINEAR -> split.dim().equals("n") ? matmul(n, l, null, cut) : matmul(n, l, cut, null);
            default -> throw new IllegalArgumentException("node \"" + n.name() + "\": " + n.op().opType() + " cannot be split");
        };
    }

    /** Reshape and friends that could not share their input (it is a constant): copy the bytes. */
    private static CodeBlock copy(Node n, Layer l) {
        String in = n.input(0), out = n.output(0);
        return CodeBlock.of("$T.copy($L, $LL, f.act(), $LL, $LL);\n", MemorySegment.class, l.segment(in),
                l.byteOffset(in), l.byteOffset(out), l.bytes(out));
    }

    /** Conv, 2-D NCHW or 1-D NCW, weights and bias constant, any groups, with its fused activation; all of it. */
    private static CodeBlock conv(Node n, Layer l) { return conv(n, l, null, null); }

    /**
     * {@link #conv(Node, Layer)} over output channels {@code [0, ocEnd)} and output rows {@code [0, rowEnd)} (int
     * expressions), all where null. A 1-D conv runs as the 2-D one of height 1.
     */
    private static CodeBlock conv(Node n, Layer l, Object ocEnd, Object rowEnd) {
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
        return CodeBlock.of("$T.run($N, f.act(), $LL, f.wts(), $LL, $LL, $LL, 0, $L, 0, $L, f.packs(), f.pool());\n", Conv2d.class, s,
                l.elementOffset(n.input(0)), l.elementOffset(n.input(1)), n.hasInput(2) ? l.elementOffset(n.input(2)) : -1,
                l.elementOffset(n.output(0)), ocEnd == null ? y[1] : ocEnd, rowEnd == null ? y[2] : rowEnd);
    }

    /**
     * What the CPU's conv kernels take: a 2-D NCHW input {@code x} (or, where {@code oneD}, a 1-D NCW one), constant
     * weights and bias.
     */
    private static void requireConv(Node n, Layer l, long[] x, boolean oneD) {
        if (x.length != 4 && !(oneD && x.length == 3)) {
            throw unsupported(n, "other than " + (oneD ? "1-D or 2-D" : "2-D") + " (input " + l.type(n.input(0)) + ")");
        }
        requireConstant(n, l, 1, "weights");
        if (n.hasInput(2)) requireConstant(n, l, 2, "bias");
    }

    /** The shape of a 1-D conv or pool's operand {@code [n, c, w]} as the 2-D one's {@code [n, c, 1, w]}; others as they are. */
    private static long[] asNchw(long[] shape) {
        return shape.length == 3 ? new long[] {shape[0], shape[1], 1, shape[2]} : shape;
    }

    /** A per-axis attribute of a conv or pool of input rank {@code rank} (default 1 per axis), 1-D as {@code [1, v]}. */
    private static List<Long> spatial(Attrs a, String name, int rank) {
        if (rank == 4) return a.getInts(name, List.of(1L, 1L));
        return List.of(1L, a.getInts(name, List.of(1L)).getFirst());
    }

    /** The explicit pads {@code top, left, bottom, right} of a conv or pool; those of a 1-D one as {@code 0, b, 0, e}. */
    private static long[] pads(Node n, long[] x, long[] w, List<Long> strides, List<Long> dil, int rank) {
        if (rank == 3 && n.attrs().getString("auto_pad", "NOTSET").equals("NOTSET")) {
            List<Long> p = n.attrs().getInts("pads", List.of(0L, 0L));
            return new long[] {0, p.get(0), 0, p.get(1)};
        }
        return ConvPads.of(n, x, w, strides, dil);   // auto_pad pads nothing along a height of 1
    }

    /**
     * ConvTranspose, 2-D NCHW or 1-D NCW (as 2-D of height 1), weights and bias constant, any groups, pads as {@link
     * ConvPads#ofTranspose}.
     */
    private static CodeBlock convTranspose(Node n, Layer l) {
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
                n.hasInput(2) ? l.elementOffset(n.input(2)) : -1, l.elementOffset(n.output(0)), y[1], y[2]);
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
        long begin = auto.equals("SAME_LOWER") ? total - total / 2 : total / 2;
        return new long[] {0, begin, 0, total - begin};
    }

    /** ONNX Gemm: {@code Y = act(alpha A'·B' + beta C)}, every operand in the arena or the weights. */
    private static CodeBlock gemm(Node n, Layer l) { return gemm(n, l, null, null); }

    /** {@link #gemm(Node, Layer)} over rows {@code [0, mEnd)} and columns {@code [0, nEnd)} (int expressions), all where null. */
    private static CodeBlock gemm(Node n, Layer l, Object mEnd, Object nEnd) {
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

    /** ONNX MatMul and cgc Linear (bias of n elements, fused activation), batched with broadcasting. */
    private static CodeBlock matmul(Node n, Layer l) { return matmul(n, l, null, null); }

    /** {@link #matmul(Node, Layer)} over rows {@code [0, mEnd)} and columns {@code [0, nEnd)} (int expressions), all where null. */
    private static CodeBlock matmul(Node n, Layer l, Object mEnd, Object nEnd) {
        CodeBlock spec = CodeBlock.of("$T.of(new int[] {$L}, new int[] {$L}, $L)", MatMulSpec.class,
                ints(shape(l, n.input(0))), ints(shape(l, n.input(1))), Activations.fused(n));
        String s = l.constant("spec", ClassName.get(MatMulSpec.class), spec);
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
        return CodeBlock.of("$T.run($N, $L, $LL, $L, $LL, $L, $LL, f.act(), $LL, 0, $L, 0, $L, $L, f.pool());\n",
                Linear.class, s, l.segment(n.input(0)), l.elementOffset(n.input(0)), l.segment(n.input(1)),
                l.elementOffset(n.input(1)), bias.isEmpty() ? "null" : l.segment(bias),
                bias.isEmpty() ? -1 : l.elementOffset(bias), l.elementOffset(n.output(0)), rows, cols,
                packs(l, n.input(1)));
    }

    /**
     * Where a product's B operand is packed: the plan's packs for a constant (packed once, read in place by every
     * run), none for an activation, whose values change from run to run.
     */
    private static CodeBlock packs(Layer l, String b) {
        return l.isConstant(b) ? CodeBlock.of("f.packs()") : CodeBlock.of("$T.NONE", WeightPacks.class);
    }

    /**
     * MaxPool (with its optional indices output, flattened as for the 2-D input: the same for a 1-D one) and
     * AveragePool, 2-D NCHW or 1-D NCW (as 2-D of height 1).
     */
    private static CodeBlock pool(Node n, Layer l, boolean max) {
        long[] x = shape(l, n.input(0));
        int rank = x.length;
        if (rank != 4 && rank != 3) throw unsupported(n, "other than 1-D or 2-D (input " + l.type(n.input(0)) + ")");
        boolean indices = n.outputs().size() > 1 && !n.output(1).isEmpty();
        x = asNchw(x);
        Attrs a = n.attrs();
        List<Long> kernel = a.getInts("kernel_shape", List.of());
        if (kernel.size() != rank - 2) throw unsupported(n, "with kernel_shape " + kernel + " on input " + l.type(n.input(0)));
        if (rank == 3) kernel = List.of(1L, kernel.getFirst());
        List<Long> strides = spatial(a, "strides", rank), dil = spatial(a, "dilations", rank);
        long[] pads = pads(n, x, new long[] {0, 0, kernel.get(0), kernel.get(1)}, strides, dil, rank);
        CodeBlock spec = CodeBlock.of("new $T($L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L)",
                PoolSpec.class, x[0], x[1], x[2], x[3], kernel.get(0), kernel.get(1), strides.get(0), strides.get(1),
                pads[0], pads[1], pads[2], pads[3], dil.get(0), dil.get(1), a.getInt("ceil_mode", 0) != 0,
                a.getInt("count_include_pad", 0) != 0);
        String s = l.constant("spec", ClassName.get(PoolSpec.class), spec);
        if (indices) {
            return CodeBlock.of("$T.run($N, $L, f.act(), $LL, f.act(), $LL, f.act(), $LL, f.pool());\n",
                    MaxPoolIndices.class, s, a.getInt("storage_order", 0) != 0, l.elementOffset(n.input(0)),
                    l.elementOffset(n.output(0)), l.elementOffset(n.output(1)));
        }
        return CodeBlock.of("$T.$L($N, f.act(), $LL, f.act(), $LL, f.pool());\n", Pool.class, max ? "max" : "average", s,
                l.elementOffset(n.input(0)), l.elementOffset(n.output(0)));
    }

    private static CodeBlock globalPool(Node n, Layer l, boolean max) {
        long[] x = shape(l, n.input(0));
        if (x.length < 3) throw unsupported(n, "on rank " + x.length);
        long planes = x[0] * x[1], hw = l.type(n.input(0)).elementCount() / planes;
        return CodeBlock.of("$T.global($L, $L, $L, $L, $LL, f.act(), $LL, f.pool());\n", Pool.class, max, planes, hw,
                l.segment(n.input(0)), l.elementOffset(n.input(0)), l.elementOffset(n.output(0)));
    }

    /**
     * Softmax over one axis (opset 13 on); before opset 13, over the input flattened to 2-D at {@code axis} (default 1),
     * which is a softmax over one axis of the shape {@code [outer, rest]}.
     */
    private static CodeBlock softmax(Node n, Layer l) {
        String x = n.input(0);
        long[] shape = shape(l, x);
        String dims;
        long axis;
        if (l.opset() >= 13) {
            dims = l.shape("shape", x);
            axis = n.attrs().getInt("axis", -1);
        } else {
            int a = Math.toIntExact(Math.floorMod(n.attrs().getInt("axis", 1), shape.length == 0 ? 1 : shape.length));
            long outer = 1, rest = 1;
            for (int d = 0; d < shape.length; d++) {
                if (d < a) outer *= shape[d];
                else rest *= shape[d];
            }
            dims = l.ints("shape", new long[] {outer, rest});
            axis = 1;
        }
        return CodeBlock.of("$T.run($N, $L, $L, $LL, f.act(), $LL, f.pool());\n", Softmax.class, dims, axis,
                l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    /** LayerNormalization, with its optional outputs: the mean and inverse deviation of each row. */
    private static CodeBlock layerNorm(Node n, Layer l) {
        requireFloat(n, l);
        String x = n.input(0), scale = n.input(1), bias = n.input(2);
        long axis = n.attrs().getInt("axis", -1);
        String epsilon = Activations.literal(n.attrs().getFloat("epsilon", 1e-5f));
        String shape = l.shape("shape", x);
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("$T.run($N, $L, $L, $L, $LL, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", LayerNorm.class, shape, axis,
                epsilon, l.segment(x), l.elementOffset(x), l.segment(scale), l.elementOffset(scale),
                bias.isEmpty() ? "null" : l.segment(bias), bias.isEmpty() ? 0 : l.elementOffset(bias),
                l.elementOffset(n.output(0)));
        String mean = n.outputs().size() > 1 ? n.output(1) : "", invStd = n.outputs().size() > 2 ? n.output(2) : "";
        if (!mean.isEmpty() || !invStd.isEmpty()) {
            b.add("$T.run($N, $L, $L, $L, $LL, f.act(), $LL, f.act(), $LL, f.pool());\n", LayerNormStats.class, shape,
                    axis, epsilon, l.segment(x), l.elementOffset(x), mean.isEmpty() ? -1 : l.elementOffset(mean),
                    invStd.isEmpty() ? -1 : l.elementOffset(invStd));
        }
        return b.build();
    }

    /** Transpose; values other than f32 through {@link Movement}, as for the other data movement ops. */
    private static CodeBlock transpose(Node n, Layer l) {
        String x = n.input(0);
        int r = l.type(x).rank();
        List<Long> perm = n.attrs().getInts("perm", java.util.stream.LongStream.range(0, r).map(i -> r - 1 - i).boxed().toList());
        String shape = l.shape("shape", x), permField = l.ints("perm", perm.stream().mapToLong(Long::longValue).toArray());
        if (!isF32(l, x)) {
            return CodeBlock.of("$T.transpose($L, $N, $N, $L, $LL, f.act(), $LL, f.pool());\n", Movement.class,
                    movedBytes(n, l), shape, permField, l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
        }
        return CodeBlock.of("$T.run($N, $N, $L, $LL, f.act(), $LL, f.pool());\n", Transpose.class, shape, permField,
                l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    private static CodeBlock concat(Node n, Layer l) {
        List<String> in = n.inputs();
        String shapes = l.constant("shapes", com.palantir.javapoet.ArrayTypeName.of(int[].class), CodeBlock.of("{$L}",
                in.stream().map(v -> "{" + ints(shape(l, v)) + "}").collect(Collectors.joining(", "))));
        CodeBlock kernel = isF32(l, n.output(0)) ? CodeBlock.of("$T.run(", Concat.class)
                : CodeBlock.of("$T.concat($L, ", Movement.class, movedBytes(n, l));
        return CodeBlock.of("$L$L, $N, new $T[] {$L}, new long[] {$L}, f.act(), $LL);\n", kernel,
                n.attrs().getInt("axis", 0), shapes, MemorySegment.class,
                in.stream().map(v -> l.segment(v).toString()).collect(Collectors.joining(", ")),
                in.stream().map(v -> l.elementOffset(v) + "L").collect(Collectors.joining(", ")), l.elementOffset(n.output(0)));
    }

    /** Split: each output is a slice of the input along the axis, its size read off the output's type. */
    private static CodeBlock split(Node n, Layer l) {
        String x = n.input(0);
        CodeBlock kernel = isF32(l, x) ? CodeBlock.of("$T.run(", Slice.class)
                : CodeBlock.of("$T.slice($L, ", Movement.class, movedBytes(n, l));
        long[] shape = shape(l, x);
        int axis = (int) n.attrs().getInt("axis", 0);
        if (axis < 0) axis += shape.length;
        CodeBlock.Builder b = CodeBlock.builder();
        long begin = 0;
        for (int i = 0; i < n.outputs().size(); i++) {
            String out = n.output(i);
            long size = shape(l, out)[axis];
            if (!out.isEmpty()) {
                String s = l.constant("part" + i, ClassName.get(SliceSpec.class), CodeBlock.of("$T.split(new int[] {$L}, $L, $L, $L)",
                        SliceSpec.class, ints(shape), axis, begin, begin + size));
                b.add("$L$N, $L, $LL, f.act(), $LL, f.pool());\n", kernel, s, l.segment(x), l.elementOffset(x),
                        l.elementOffset(out));
            }
            begin += size;
        }
        return b.build();
    }

    /** Slice with constant starts, ends, axes and steps. */
    private static CodeBlock slice(Node n, Layer l) {
        String x = n.input(0);
        long[] starts, ends, axes, steps;
        if (n.hasInput(1)) {   // opset 10 on: constant inputs
            starts = constantLongs(n, l, 1);
            ends = constantLongs(n, l, 2);
            axes = n.hasInput(3) ? constantLongs(n, l, 3) : null;
            steps = n.hasInput(4) ? constantLongs(n, l, 4) : null;
        } else {               // before: attributes, without steps
            starts = longsAttr(n, "starts");
            ends = longsAttr(n, "ends");
            axes = n.attrs().has("axes") ? longsAttr(n, "axes") : null;
            steps = null;
        }
        String s = l.constant("spec", ClassName.get(SliceSpec.class), CodeBlock.of("$T.of(new int[] {$L}, new long[] {$L}, "
                + "new long[] {$L}, $L, $L)", SliceSpec.class, ints(shape(l, x)), longs(starts), longs(ends),
                axes == null ? "null" : "new int[] {" + ints(axes) + "}", steps == null ? "null" : "new long[] {" + longs(steps) + "}"));
        CodeBlock kernel = isF32(l, x) ? CodeBlock.of("$T.run(", Slice.class)
                : CodeBlock.of("$T.slice($L, ", Movement.class, movedBytes(n, l));
        return CodeBlock.of("$L$N, $L, $LL, f.act(), $LL, f.pool());\n", kernel, s, l.segment(x), l.elementOffset(x),
                l.elementOffset(n.output(0)));
    }

    private static CodeBlock gather(Node n, Layer l) {
        String data = n.input(0), idx = n.input(1);
        cgc.ir.DType it = l.type(idx).dtype();
        if (it != cgc.ir.DType.I64 && it != cgc.ir.DType.I32) throw unsupported(n, "with " + it.text() + " indices");
        CodeBlock kernel = isF32(l, data) ? CodeBlock.of("$T.run(", Gather.class)
                : CodeBlock.of("$T.gather($L, ", Movement.class, movedBytes(n, l));
        return CodeBlock.of("$L$N, $L, $LL, $L, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", kernel,
                l.shape("shape", data), n.attrs().getInt("axis", 0), l.type(idx).elementCount(), it == cgc.ir.DType.I64,
                l.segment(data), l.elementOffset(data), l.segment(idx), l.elementOffset(idx), l.elementOffset(n.output(0)));
    }

    /** ReduceMean and friends; axes from the attribute (before opset 18) or a constant input (after). */
    private static CodeBlock reduce(Node n, Layer l, ReduceOp op) {
        String x = n.input(0);
        long[] axes = n.hasInput(1) ? constantLongs(n, l, 1)
                : n.attrs().getInts("axes", List.of()).stream().mapToLong(Long::longValue).toArray();
        if (axes.length == 0 && n.attrs().getInt("noop_with_empty_axes", 0) != 0) return copy(n, l);
        cgc.ir.DType t = l.type(x).dtype();
        if (isInteger(t) && (op == ReduceOp.SUM || op == ReduceOp.MAX)) {
            return CodeBlock.of("$T.reduce($L, $T.$L, $N, new int[] {$L}, $L, $LL, f.act(), $LL, f.pool());\n",
                    Integers.class, op == ReduceOp.MAX, cgc.runtime.io.DType.class, runtimeType(n, t),
                    l.shape("shape", x), ints(axes), l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
        }
        requireFloat(n, l);
        return CodeBlock.of("$T.run($T.$L, $N, new int[] {$L}, $L, $LL, f.act(), $LL, f.pool());\n", Reduce.class,
                ReduceOp.class, op.name(), l.shape("shape", x), ints(axes), l.segment(x), l.elementOffset(x),
                l.elementOffset(n.output(0)));
    }

    private static long[] longsAttr(Node n, String name) {
        return n.attrs().getInts(name, List.of()).stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] constantLongs(Node n, Layer l, int input) {
        return l.constantValue(n.input(input)).orElseThrow(() -> unsupported(n, "with input " + input + " computed at run time"))
                .toLongs();
    }

    static String longs(long[] v) {
        return Arrays.stream(v).mapToObj(x -> x + "L").collect(Collectors.joining(", "));
    }

    /** BatchNormalization in inference form (running statistics, all four constant), NCHW or NC. */
    private static CodeBlock batchNorm(Node n, Layer l) {
        requireFloat(n, l);
        for (int i = 1; i < n.outputs().size(); i++) if (!n.output(i).isEmpty()) throw unsupported(n, "in training mode");
        for (int i = 1; i <= 4; i++) requireConstant(n, l, i, "parameters");
        long[] x = shape(l, n.input(0));
        if (x.length < 2) throw unsupported(n, "on rank " + x.length);
        long spatial = l.type(n.input(0)).elementCount() / (x[0] * x[1]);
        return CodeBlock.of("$T.batchNorm($L, $L, $L, $L, $L, $LL, f.wts(), $LL, $LL, $LL, $LL, f.act(), $LL, f.pool());\n",
                Norms.class, x[0], x[1], spatial, Activations.literal(n.attrs().getFloat("epsilon", 1e-5f)),
                l.segment(n.input(0)), l.elementOffset(n.input(0)), l.elementOffset(n.input(1)), l.elementOffset(n.input(2)),
                l.elementOffset(n.input(3)), l.elementOffset(n.input(4)), l.elementOffset(n.output(0)));
    }

    private static CodeBlock instanceNorm(Node n, Layer l) {
        requireFloat(n, l);
        requireConstant(n, l, 1, "scale");
        requireConstant(n, l, 2, "bias");
        long[] x = shape(l, n.input(0));
        if (x.length < 3) throw unsupported(n, "on rank " + x.length);
        long spatial = l.type(n.input(0)).elementCount() / (x[0] * x[1]);
        return CodeBlock.of("$T.instanceNorm($L, $L, $L, $L, $L, $LL, f.wts(), $LL, $LL, f.act(), $LL, f.pool());\n",
                Norms.class, x[0], x[1], spatial, Activations.literal(n.attrs().getFloat("epsilon", 1e-5f)),
                l.segment(n.input(0)), l.elementOffset(n.input(0)), l.elementOffset(n.input(1)), l.elementOffset(n.input(2)),
                l.elementOffset(n.output(0)));
    }

    /** Expand: the input broadcast to the output's (static) shape. */
    private static CodeBlock expand(Node n, Layer l) {
        String x = n.input(0);
        CodeBlock kernel = isF32(l, x) ? CodeBlock.of("$T.expand(", Shaping.class)
                : CodeBlock.of("$T.expand($L, ", Movement.class, movedBytes(n, l));
        return CodeBlock.of("$L$N, $N, $L, $LL, f.act(), $LL, f.pool());\n", kernel, l.shape("shape", x),
                l.shape("out", n.output(0)), l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    private static CodeBlock tile(Node n, Layer l) {
        String x = n.input(0);
        CodeBlock kernel = isF32(l, x) ? CodeBlock.of("$T.tile(", Shaping.class)
                : CodeBlock.of("$T.tile($L, ", Movement.class, movedBytes(n, l));
        return CodeBlock.of("$L$N, new long[] {$L}, $L, $LL, f.act(), $LL, f.pool());\n", kernel, l.shape("shape", x),
                longs(constantLongs(n, l, 1)), l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    /** Declares the {@link Broadcast} of operands {@code a} and {@code b}; returns its name. */
    private static String broadcast(Layer l, String a, String b) {
        return l.constant("broadcast", ClassName.get(Broadcast.class), CodeBlock.of("$T.of(new int[] {$L}, new int[] {$L})",
                Broadcast.class, ints(shape(l, a)), ints(shape(l, b))));
    }

    /** A broadcast binary op: f32 operands, integer operands of one type, or (Pow) an f32 base and integer exponent. */
    private static CodeBlock binary(Node n, Layer l, BinaryOp op) {
        if (n.inputs().size() != 2) throw unsupported(n, "with " + n.inputs().size() + " inputs");
        String a = n.input(0), b = n.input(1);
        cgc.ir.DType ta = l.type(a).dtype(), tb = l.type(b).dtype();
        if (op == BinaryOp.POW && ta == cgc.ir.DType.F32 && isInteger(tb)) {
            return CodeBlock.of("$T.powOfFloat($T.$L, $N, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Integers.class,
                    cgc.runtime.io.DType.class, runtimeType(n, tb), broadcast(l, a, b), l.segment(a), l.elementOffset(a),
                    l.segment(b), l.elementOffset(b), l.elementOffset(n.output(0)));
        }
        if (ta == tb && isInteger(ta) && op != BinaryOp.PRELU) {
            return CodeBlock.of("$T.binary($T.Op.$L, $T.$L, $N, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n",
                    Integers.class, Integers.class, op.name(), cgc.runtime.io.DType.class, runtimeType(n, ta),
                    broadcast(l, a, b), l.segment(a), l.elementOffset(a), l.segment(b), l.elementOffset(b),
                    l.elementOffset(n.output(0)));
        }
        requireFloatInputs(n, l);
        String s = broadcast(l, a, b);
        return CodeBlock.of("$T.binary($T.$L, $N, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Elementwise.class,
                BinaryOp.class, op.name(), s, l.segment(a), l.elementOffset(a), l.segment(b), l.elementOffset(b),
                l.elementOffset(n.output(0)));
    }

    /**
     * Max and Min of two inputs; the decompose-variadic pass (in the standard pipeline) has made binary ops of every
     * other input count, and of Sum and Mean.
     */
    private static CodeBlock binaryOfTwo(Node n, Layer l, BinaryOp op) {
        if (n.inputs().size() != 2) {
            throw unsupported(n, "with " + n.inputs().size() + " inputs (the decompose-variadic pass makes binary ops of it)");
        }
        return binary(n, l, op);
    }

    /** Where: {@code cond ? a : b}, all three broadcast together; cond is bool, a and b of any one type. */
    private static CodeBlock where(Node n, Layer l) {
        String c = n.input(0), a = n.input(1), b = n.input(2);
        return CodeBlock.of("$T.run($N, $N, $N, $L, $L, $LL, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n",
                cgc.runtime.cpu.Where.class, l.shape("cond", c), l.shape("a", a), l.shape("b", b),
                elementBytes(n, l, a), l.segment(c), l.elementOffset(c), l.segment(a), l.elementOffset(a),
                l.segment(b), l.elementOffset(b), l.elementOffset(n.output(0)));
    }

    /** Equal, Less, Greater (operands of one numeric or bool type), And, Or: bool out, broadcast. */
    private static CodeBlock logic(Node n, Layer l, Logic.Op op) {
        String a = n.input(0), b = n.input(1);
        String s = broadcast(l, a, b);
        return CodeBlock.of("$T.binary($T.Op.$L, $T.$L, $N, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Logic.class,
                Logic.class, op.name(), cgc.runtime.io.DType.class, runtimeType(n, l.type(a).dtype()), s, l.segment(a),
                l.elementOffset(a), l.segment(b), l.elementOffset(b), l.elementOffset(n.output(0)));
    }

    private static CodeBlock not(Node n, Layer l) {
        String x = n.input(0);
        return CodeBlock.of("$T.not($LL, $L, $LL, f.act(), $LL, f.pool());\n", Logic.class, l.type(x).elementCount(),
                l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    /** Cast between the numeric types and bool ({@code saturate} only concerns the f8 types, which have no kernel). */
    private static CodeBlock cast(Node n, Layer l) {
        String x = n.input(0), y = n.output(0);
        cgc.ir.DType from = l.type(x).dtype(), to = l.type(y).dtype();
        if (from == to) return copy(n, l);
        return CodeBlock.of("$T.run($T.$L, $T.$L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Cast.class,
                cgc.runtime.io.DType.class, runtimeType(n, from), cgc.runtime.io.DType.class, runtimeType(n, to),
                l.type(x).elementCount(), l.segment(x), l.elementOffset(x), l.elementOffset(y));
    }

    /** ArgMax along one axis, i64 indices out (keepdims is the output's shape alone). */
    private static CodeBlock argMax(Node n, Layer l) {
        String x = n.input(0);
        return CodeBlock.of("$T.run($T.$L, $N, $L, $L, $L, $LL, f.act(), $LL, f.pool());\n", ArgMax.class,
                cgc.runtime.io.DType.class, runtimeType(n, l.type(x).dtype()), l.shape("shape", x),
                n.attrs().getInt("axis", 0), n.attrs().getInt("select_last_index", 0) != 0, l.segment(x),
                l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    /** The runtime's name of an element type the non-float kernels take; refuses the others. */
    private static String runtimeType(Node n, cgc.ir.DType t) {
        return switch (t) {
            case F32 -> "FLOAT32";
            case F64 -> "FLOAT64";
            case F16 -> "FLOAT16";
            case I64 -> "INT64";
            case I32 -> "INT32";
            case I8 -> "INT8";
            case U8 -> "UINT8";
            case BOOL -> "BOOL";
            default -> throw unsupported(n, "on " + t.text() + " values");
        };
    }

    /**
     * Dropout at inference: the output is the input, and the mask (if read) drops nothing. From opset 12 the spec says
     * so (a mask of true); before, it leaves the inference mask open and ONNX Runtime writes zeros (false, or 0 of
     * the input's type in opset 7-9), which the plan matches. Training mode is refused.
     */
    private static CodeBlock dropout(Node n, Layer l) {
        if (training(n, l)) throw unsupported(n, "in training mode");
        CodeBlock.Builder b = CodeBlock.builder();
        if (!n.output(0).isEmpty()) b.add(copy(n, l));
        if (n.outputs().size() > 1 && !n.output(1).isEmpty()) {
            String mask = n.output(1);
            b.add("f.act().asSlice($LL, $LL).fill((byte) $L);   // the mask: nothing dropped\n", l.byteOffset(mask),
                    l.type(mask).elementCount() * l.type(mask).dtype().byteSize(), l.opset() >= 12 ? 1 : 0);
        }
        return b.build();
    }

    /**
     * Whether a Dropout trains: before opset 7 unless {@code is_test} is set; from opset 12 when its training_mode
     * input is not a constant false.
     */
    private static boolean training(Node n, Layer l) {
        if (l.opset() < 7) return n.attrs().getInt("is_test", 0) == 0;
        if (!n.hasInput(2)) return false;
        return l.constantValue(n.input(2)).map(w -> w.toLongs()[0] != 0).orElse(true);
    }

    /** DepthToSpace on NCHW, in DCR (the default) or CRD order; values other than f32 as a {@link Movement} transpose. */
    private static CodeBlock depthToSpace(Node n, Layer l) {
        String x = n.input(0);
        long[] s = shape(l, x);
        if (s.length != 4) throw unsupported(n, "on rank " + s.length);
        String mode = n.attrs().getString("mode", "DCR");
        if (!mode.equals("DCR") && !mode.equals("CRD")) throw unsupported(n, "with mode=" + mode);
        if (!isF32(l, x)) {   // the transpose Shaping.depthToSpace does, of the input read as 6-D
            long b = n.attrs().getInt("blocksize", 0), c = s[1] / (b * b);
            boolean crd = mode.equals("CRD");
            long[] sixD = crd ? new long[] {s[0], c, b, b, s[2], s[3]} : new long[] {s[0], b, b, c, s[2], s[3]};
            long[] perm = crd ? new long[] {0, 1, 4, 2, 5, 3} : new long[] {0, 3, 4, 1, 5, 2};
            return CodeBlock.of("$T.transpose($L, $N, $N, $L, $LL, f.act(), $LL, f.pool());\n", Movement.class,
                    movedBytes(n, l), l.ints("shape", sixD), l.ints("perm", perm), l.segment(x), l.elementOffset(x),
                    l.elementOffset(n.output(0)));
        }
        return CodeBlock.of("$T.depthToSpace($L, $L, $L, $L, $L, $L, $L, $LL, f.act(), $LL, f.pool());\n", Shaping.class,
                s[0], s[1], s[2], s[3], n.attrs().getInt("blocksize", 0), mode.equals("CRD"), l.segment(x),
                l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    /**
     * Pad in every mode (wrap from opset 19): pads and value attributes before opset 11, constant inputs after, and
     * from opset 18 an axes input that the pads refer to. Values other than f32 through {@link Movement}, the
     * constant_value as its bits.
     */
    private static CodeBlock pad(Node n, Layer l) {
        String x = n.input(0);
        long[] shape = shape(l, x);
        int r = shape.length;
        long[] given;
        Optional<Weights> value = Optional.empty();          // from opset 11 on; absent means 0
        if (l.opset() < 11) {
            given = longsAttr(n, "pads");
        } else {
            given = constantLongs(n, l, 1);
            if (n.hasInput(2)) {
                value = Optional.of(l.constantValue(n.input(2)).orElseThrow(() -> unsupported(n,
                        "with a constant_value computed at run time")));
            }
        }
        long[] axes = n.hasInput(3) ? constantLongs(n, l, 3) : java.util.stream.LongStream.range(0, r).toArray();
        long[] pads = new long[2 * r];
        for (int i = 0; i < axes.length; i++) {
            int axis = Math.toIntExact(Math.floorMod(axes[i], r));
            pads[axis] = given[i];
            pads[r + axis] = given[axes.length + i];
        }
        String mode = n.attrs().getString("mode", "constant");
        Shaping.PadMode m = switch (mode) {
            case "constant" -> Shaping.PadMode.CONSTANT;
            case "reflect" -> Shaping.PadMode.REFLECT;
            case "edge" -> Shaping.PadMode.EDGE;
            case "wrap" -> Shaping.PadMode.WRAP;
            default -> throw unsupported(n, "with mode=" + mode);
        };
        String padsField = l.constant("pads", com.palantir.javapoet.ArrayTypeName.of(long.class),
                CodeBlock.of("{$L}", longs(pads)));
        if (!isF32(l, x)) {
            int bytes = movedBytes(n, l);
            ByteBuffer v = value.map(Weights::bytes).orElse(ByteBuffer.allocate(8));
            long bits = switch (bytes) {
                case 8 -> v.getLong(0);
                case 4 -> v.getInt(0);
                case 2 -> v.getShort(0);
                default -> v.get(0);
            };
            return CodeBlock.of("$T.pad($L, $N, $N, $T.PadMode.$L, $LL, $L, $LL, f.act(), $LL, f.pool());\n",
                    Movement.class, bytes, l.shape("shape", x), padsField, Shaping.class, m.name(), bits, l.segment(x),
                    l.elementOffset(x), l.elementOffset(n.output(0)));
        }
        float f = l.opset() < 11 ? n.attrs().getFloat("value", 0f) : value.map(w -> w.toFloats()[0]).orElse(0f);
        return CodeBlock.of("$T.pad($N, $N, $T.PadMode.$L, $L, $L, $LL, f.act(), $LL, f.pool());\n", Shaping.class,
                l.shape("shape", x), padsField, Shaping.class, m.name(), Activations.literal(f), l.segment(x),
                l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    /**
     * Resize of the last two axes (every other keeps its size): nearest, linear or cubic, in every
     * coordinate_transformation_mode but tf_crop_and_resize, by constant scales or sizes (with opset 18's axes and
     * keep_aspect_ratio_policy). Resize-10 has neither mode attribute: ONNX Runtime maps its coordinates
     * asymmetrically and takes the floor of a nearest source when upsampling, the ceiling when downsampling; the plan
     * does the first and refuses the second, which no spec states.
     */
    private static CodeBlock resize(Node n, Layer l) {
        requireFloat(n, l);
        String x = n.input(0);
        long[] in = shape(l, x), out = shape(l, n.output(0));
        int r = in.length;
        if (r < 2) throw unsupported(n, "on rank " + r);
        Attrs a = n.attrs();
        boolean v10 = l.opset() < 11;
        String mode = a.getString("mode", "nearest");
        ResizeSpec.Mode m = switch (mode) {
            case "nearest" -> ResizeSpec.Mode.NEAREST;
            case "linear" -> ResizeSpec.Mode.LINEAR;
            case "cubic" -> ResizeSpec.Mode.CUBIC;
            default -> throw unsupported(n, "with mode=" + mode);
        };
        String ctm = v10 ? "asymmetric" : a.getString("coordinate_transformation_mode", "half_pixel");
        ResizeSpec.Coordinates c = switch (ctm) {
            case "half_pixel" -> ResizeSpec.Coordinates.HALF_PIXEL;
            case "half_pixel_symmetric" -> ResizeSpec.Coordinates.HALF_PIXEL_SYMMETRIC;
            case "pytorch_half_pixel" -> ResizeSpec.Coordinates.PYTORCH_HALF_PIXEL;
            case "align_corners" -> ResizeSpec.Coordinates.ALIGN_CORNERS;
            case "asymmetric" -> ResizeSpec.Coordinates.ASYMMETRIC;
            default -> throw unsupported(n, "with coordinate_transformation_mode=" + ctm);
        };
        String nm = v10 ? "floor" : a.getString("nearest_mode", "round_prefer_floor");
        ResizeSpec.Nearest near = switch (nm) {
            case "round_prefer_floor" -> ResizeSpec.Nearest.ROUND_PREFER_FLOOR;
            case "round_prefer_ceil" -> ResizeSpec.Nearest.ROUND_PREFER_CEIL;
            case "floor" -> ResizeSpec.Nearest.FLOOR;
            case "ceil" -> ResizeSpec.Nearest.CEIL;
            default -> throw unsupported(n, "with nearest_mode=" + nm);
        };
        float[] scales = resizeScales(n, l, in);
        for (int d = 0; d < r - 2; d++) {
            if (scales[d] != 1f || in[d] != out[d]) throw unsupported(n, "resizing axis " + d + " (only the last two)");
        }
        boolean down = scales[r - 2] < 1f || scales[r - 1] < 1f;
        if (down && v10 && m == ResizeSpec.Mode.NEAREST) throw unsupported(n, "downsampling in nearest mode before opset 11");
        if (down && a.getInt("antialias", 0) != 0 && m != ResizeSpec.Mode.NEAREST) {
            throw unsupported(n, "downsampling with antialias=1");
        }
        long planes = 1;
        for (int d = 0; d < r - 2; d++) planes *= in[d];
        CodeBlock spec = CodeBlock.of("new $T($L, 1, $L, $L, $L, $L, $L, $L, $T.Mode.$L, $T.Coordinates.$L, $T.Nearest.$L, "
                + "$L, $L)", ResizeSpec.class, planes, in[r - 2], in[r - 1], out[r - 2], out[r - 1],
                Activations.literal(scales[r - 2]), Activations.literal(scales[r - 1]), ResizeSpec.class, m.name(),
                ResizeSpec.class, c.name(), ResizeSpec.class, near.name(),
                Activations.literal(a.getFloat("cubic_coeff_a", -0.75f)), a.getInt("exclude_outside", 0) != 0);
        String sp = l.constant("spec", ClassName.get(ResizeSpec.class), spec);
        return CodeBlock.of("$T.run($N, $L, $LL, f.act(), $LL, f.pool());\n", Resize.class, sp, l.segment(x),
                l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    /**
     * Resize's scale of every axis (1 where opset 18's axes leave one out): the constant scales, or else the sizes
     * over the input's (in f32, as ONNX Runtime computes them), one scale for all axes under keep_aspect_ratio_policy
     * not_larger (the smallest) or not_smaller (the largest).
     */
    private static float[] resizeScales(Node n, Layer l, long[] in) {
        int r = in.length;
        long[] axes = l.opset() >= 18 && n.attrs().has("axes") ? longsAttr(n, "axes")
                : java.util.stream.LongStream.range(0, r).toArray();
        float[] scales = new float[r];
        Arrays.fill(scales, 1f);
        int scalesAt = l.opset() < 11 ? 1 : 2;
        if (n.hasInput(scalesAt) && l.type(n.input(scalesAt)).elementCount() > 0) {
            float[] given = l.constantValue(n.input(scalesAt)).orElseThrow(() -> unsupported(n,
                    "with scales computed at run time")).toFloats();
            for (int i = 0; i < axes.length; i++) scales[Math.toIntExact(Math.floorMod(axes[i], r))] = given[i];
            return scales;
        }
        if (!n.hasInput(3)) throw unsupported(n, "without scales or sizes");
        long[] sizes = constantLongs(n, l, 3);
        float[] per = new float[axes.length];
        for (int i = 0; i < axes.length; i++) per[i] = (float) sizes[i] / (float) in[Math.toIntExact(Math.floorMod(axes[i], r))];
        String policy = l.opset() >= 18 ? n.attrs().getString("keep_aspect_ratio_policy", "stretch") : "stretch";
        if (!policy.equals("stretch")) {
            if (!policy.equals("not_larger") && !policy.equals("not_smaller")) {
                throw unsupported(n, "with keep_aspect_ratio_policy=" + policy);
            }
            float one = per[0];
            for (float p : per) one = policy.equals("not_larger") ? Math.min(one, p) : Math.max(one, p);
            Arrays.fill(per, one);
        }
        for (int i = 0; i < axes.length; i++) scales[Math.toIntExact(Math.floorMod(axes[i], r))] = per[i];
        return scales;
    }

    private static CodeBlock unary(Node n, Layer l, UnaryOp op) {
        String x = n.input(0);
        cgc.ir.DType t = l.type(x).dtype();
        if (isInteger(t) && (op == UnaryOp.NEG || op == UnaryOp.ABS)) {
            return CodeBlock.of("$T.negOrAbs($L, $T.$L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Integers.class,
                    op == UnaryOp.ABS, cgc.runtime.io.DType.class, runtimeType(n, t), l.type(x).elementCount(),
                    l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
        }
        requireFloat(n, l);
        return CodeBlock.of("$T.unary($T.$L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Elementwise.class, UnaryOp.class,
                op.name(), l.type(n.output(0)).elementCount(), l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    private static CodeBlock activation(Node n, Layer l, CodeBlock act) {
        requireFloat(n, l);
        String x = n.input(0);
        return CodeBlock.of("$T.activation($L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Elementwise.class, act,
                l.type(n.output(0)).elementCount(), l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    /** Gelu: the exact (erf) form is an activation; the tanh approximation a kernel of its own. */
    private static CodeBlock gelu(Node n, Layer l) {
        String approximate = n.attrs().getString("approximate", "none");
        return switch (approximate) {
            case "none" -> activation(n, l, CodeBlock.of("$T.GELU", Act.class));
            case "tanh" -> {
                requireFloat(n, l);
                String x = n.input(0);
                yield CodeBlock.of("$T.run($LL, $L, $LL, f.act(), $LL, f.pool());\n", GeluTanh.class,
                        l.type(x).elementCount(), l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
            }
            default -> throw unsupported(n, "with approximate=" + approximate);
        };
    }

    /** Clip: of f32 values an activation, of integers a kernel of its own. */
    private static CodeBlock clip(Node n, Layer l) {
        String x = n.input(0);
        cgc.ir.DType t = l.type(x).dtype();
        if (!isInteger(t)) return activation(n, l, clipAct(n, l));
        long[] bounds = {Long.MIN_VALUE, Long.MAX_VALUE};
        for (int i = 1; i <= 2; i++) {
            if (n.hasInput(i)) bounds[i - 1] = constantLongs(n, l, i)[0];
        }
        return CodeBlock.of("$T.clip($T.$L, $LL, $LL, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Integers.class,
                cgc.runtime.io.DType.class, runtimeType(n, t), bounds[0], bounds[1], l.type(x).elementCount(),
                l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    /** Clip's bounds: attributes before opset 11, optional constant inputs after. */
    private static CodeBlock clipAct(Node n, Layer l) {
        float min = n.attrs().getFloat("min", Float.NEGATIVE_INFINITY), max = n.attrs().getFloat("max", Float.POSITIVE_INFINITY);
        for (int i = 1; i <= 2; i++) {
            if (!n.hasInput(i)) continue;
            Weights w = l.constantValue(n.input(i)).orElseThrow(() -> unsupported(n, "with bounds computed at run time"));
            if (i == 1) min = w.toFloats()[0];
            else max = w.toFloats()[0];
        }
        return Activations.clip(min, max);
    }

    private static boolean isF32(Layer l, String value) { return l.type(value).dtype() == cgc.ir.DType.F32; }

    /** The integer types the {@link Integers} kernels compute on. */
    private static boolean isInteger(cgc.ir.DType t) {
        return t == cgc.ir.DType.I64 || t == cgc.ir.DType.I32 || t == cgc.ir.DType.I8 || t == cgc.ir.DType.U8;
    }

    /** The bytes per element of the values a data movement node copies (its first input's). */
    private static int movedBytes(Node n, Layer l) { return elementBytes(n, l, n.input(0)); }

    /** The bytes per element of {@code value}, which a kernel copies bit for bit; refuses strings. */
    private static int elementBytes(Node n, Layer l, String value) {
        cgc.ir.DType t = l.type(value).dtype();
        if (t.byteSize() == 0) throw unsupported(n, "on " + t.text() + " values");
        return t.byteSize();
    }

    /** The kernels compute in f32: refuses a node with an output of another type (a Cast is not these kernels'). */
    private static void requireFloat(Node n, Layer l) {
        for (String v : n.outputs()) {
            if (!v.isEmpty() && l.type(v).dtype() != cgc.ir.DType.F32) {
                throw unsupported(n, "on " + l.type(v).dtype().text() + " values");
            }
        }
    }

    /** As {@link #requireFloat(Node, Layer)}, and every input must be f32 too (Pow's exponent may be an integer). */
    private static void requireFloatInputs(Node n, Layer l) {
        requireFloat(n, l);
        for (String v : n.inputs()) {
            if (!v.isEmpty() && l.type(v).dtype() != cgc.ir.DType.F32) {
                throw unsupported(n, "with " + l.type(v).dtype().text() + " input " + v);
            }
        }
    }

    private static void requireConstant(Node n, Layer l, int input, String what) {
        if (!l.isConstant(n.input(input))) throw unsupported(n, "with " + what + " computed at run time");
    }

    static long[] shape(Layer l, String v) {
        TensorType t = l.type(v);
        return t.shape();
    }

    static String ints(long[] dims) {
        return Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(", "));
    }

    static CgcException unsupported(Node n, String how) {
        return new CgcException(Where.NOWHERE.node(n.name()).op(n.op().opType()),
                "no CPU kernel for " + n.op().opType() + (how.isEmpty() ? "" : " " + how) + " in this version of cgc");
    }
}
