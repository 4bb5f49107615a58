package cgc.codegen;

import static cgc.codegen.CpuElementwiseCalls.activation;
import static cgc.codegen.CpuElementwiseCalls.binary;
import static cgc.codegen.CpuElementwiseCalls.binaryOfTwo;
import static cgc.codegen.CpuElementwiseCalls.cast;
import static cgc.codegen.CpuElementwiseCalls.clip;
import static cgc.codegen.CpuElementwiseCalls.gelu;
import static cgc.codegen.CpuElementwiseCalls.logic;
import static cgc.codegen.CpuElementwiseCalls.mod;
import static cgc.codegen.CpuElementwiseCalls.not;
import static cgc.codegen.CpuElementwiseCalls.unary;
import static cgc.codegen.CpuElementwiseCalls.where;
import static cgc.codegen.CpuHeavyCalls.conv;
import static cgc.codegen.CpuHeavyCalls.convTranspose;
import static cgc.codegen.CpuHeavyCalls.gemm;
import static cgc.codegen.CpuHeavyCalls.matmul;
import static cgc.codegen.CpuMovementCalls.concat;
import static cgc.codegen.CpuMovementCalls.depthToSpace;
import static cgc.codegen.CpuMovementCalls.spaceToDepth;
import static cgc.codegen.CpuMovementCalls.dropout;
import static cgc.codegen.CpuMovementCalls.expand;
import static cgc.codegen.CpuMovementCalls.gather;
import static cgc.codegen.CpuMovementCalls.gatherElements;
import static cgc.codegen.CpuMovementCalls.pad;
import static cgc.codegen.CpuMovementCalls.resize;
import static cgc.codegen.CpuMovementCalls.slice;
import static cgc.codegen.CpuMovementCalls.split;
import static cgc.codegen.CpuMovementCalls.tile;
import static cgc.codegen.CpuMovementCalls.transpose;
import static cgc.codegen.CpuNormPoolCalls.argMax;
import static cgc.codegen.CpuNormPoolCalls.topK;
import static cgc.codegen.CpuNormPoolCalls.lrn;
import static cgc.codegen.CpuNormPoolCalls.batchNorm;
import static cgc.codegen.CpuNormPoolCalls.cumSum;
import static cgc.codegen.CpuNormPoolCalls.globalPool;
import static cgc.codegen.CpuNormPoolCalls.instanceNorm;
import static cgc.codegen.CpuNormPoolCalls.layerNorm;
import static cgc.codegen.CpuNormPoolCalls.pool;
import static cgc.codegen.CpuNormPoolCalls.reduce;
import static cgc.codegen.CpuNormPoolCalls.softmax;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Attrs;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.runtime.cpu.Act;
import cgc.runtime.cpu.BinaryOp;
import cgc.runtime.cpu.Gemm;
import cgc.runtime.cpu.MatMul;
import cgc.runtime.cpu.UnaryOp;
import cgc.runtime.cpu.Integers;
import cgc.runtime.cpu.Linear;
import cgc.runtime.cpu.ReduceOp;
import cgc.runtime.cpu.Cast;
import cgc.runtime.cpu.Logic;
import com.palantir.javapoet.CodeBlock;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Java that runs one node on the CPU: a call of a {@code cgc.runtime.cpu} kernel with the node's geometry (a
 * {@code static final} constant of the plan class) and its arena and weights offsets in elements, or a plain copy for
 * data movement. One case per op of the op table, and no default: an op added to the table must be decided here. The
 * cases are written by op family ({@link CpuHeavyCalls}, {@link CpuElementwiseCalls}, {@link CpuMovementCalls},
 * {@link CpuNormPoolCalls}); the checks and conversions they share are here.
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
            case LRN -> lrn(n, l);
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
            case SIN -> unary(n, l, UnaryOp.SIN);
            case COS -> unary(n, l, UnaryOp.COS);
            case TAN -> unary(n, l, UnaryOp.TAN);
            case ASIN -> unary(n, l, UnaryOp.ASIN);
            case ACOS -> unary(n, l, UnaryOp.ACOS);
            case ATAN -> unary(n, l, UnaryOp.ATAN);
            case SINH -> unary(n, l, UnaryOp.SINH);
            case COSH -> unary(n, l, UnaryOp.COSH);
            case ASINH -> unary(n, l, UnaryOp.ASINH);
            case ACOSH -> unary(n, l, UnaryOp.ACOSH);
            case ATANH -> unary(n, l, UnaryOp.ATANH);
            case SIGN -> unary(n, l, UnaryOp.SIGN);
            case SOFTPLUS -> unary(n, l, UnaryOp.SOFTPLUS);
            case SOFTSIGN -> unary(n, l, UnaryOp.SOFTSIGN);
            case ELU, SELU, CELU, QUANTIZE_ROUND_TRIP, THRESHOLDED_RELU, MISH, RELU, SIGMOID, TANH, HARD_SWISH,
                 LEAKY_RELU, HARD_SIGMOID -> activation(n, l, act(n, l));
            case GELU -> gelu(n, l);
            case CLIP -> clip(n, l);
            case MAX_POOL -> pool(n, l, true);
            case AVERAGE_POOL -> pool(n, l, false);
            case GLOBAL_AVERAGE_POOL -> globalPool(n, l, false);
            case GLOBAL_MAX_POOL -> globalPool(n, l, true);
            case SOFTMAX, LOG_SOFTMAX -> softmax(n, l);
            case LAYER_NORMALIZATION -> layerNorm(n, l);
            case TRANSPOSE -> transpose(n, l);
            case CONCAT -> concat(n, l);
            case SPLIT -> split(n, l);
            case SLICE -> slice(n, l);
            case GATHER -> gather(n, l);
            case REDUCE_MEAN -> reduce(n, l, ReduceOp.MEAN);
            case REDUCE_SUM -> reduce(n, l, ReduceOp.SUM);
            case REDUCE_MAX -> reduce(n, l, ReduceOp.MAX);
            case REDUCE_MIN -> reduce(n, l, ReduceOp.MIN);
            case REDUCE_L2 -> reduce(n, l, ReduceOp.L2);
            case REDUCE_L1 -> reduce(n, l, ReduceOp.L1);
            case REDUCE_PROD -> reduce(n, l, ReduceOp.PROD);
            case REDUCE_SUM_SQUARE -> reduce(n, l, ReduceOp.SUM_SQUARE);
            case REDUCE_LOG_SUM -> reduce(n, l, ReduceOp.LOG_SUM);
            case REDUCE_LOG_SUM_EXP -> reduce(n, l, ReduceOp.LOG_SUM_EXP);
            case CONV_TRANSPOSE -> convTranspose(n, l);
            case PRELU -> binary(n, l, BinaryOp.PRELU);
            case SUM, MEAN -> throw unsupported(n, "(the decompose-variadic pass makes binary ops of it)");
            case TRILU, GROUP_NORMALIZATION, LP_NORMALIZATION, MEAN_VARIANCE_NORMALIZATION, SHRINK, HARDMAX, XOR, IS_NAN,
                 IS_INF, CAST_LIKE, GATHER_ND, SCATTER_ND, SCATTER_ELEMENTS, ONE_HOT, EINSUM, QUANTIZE_LINEAR,
                 DYNAMIC_QUANTIZE_LINEAR, MATMUL_INTEGER, CONV_INTEGER, QLINEAR_MATMUL, QLINEAR_CONV,
                 QLINEAR_ADD, QLINEAR_GLOBAL_AVERAGE_POOL, QGEMM,
                 DEQUANTIZE_LINEAR -> throw unsupported(n, "(the decompose-functions pass lowers it to other ops)");
            case SIZE, EYE_LIKE -> throw unsupported(n, "(fold-constants evaluates it where the input's shape is known)");
            case WHERE -> where(n, l);
            case FUSED_ELEMENTWISE -> CpuFusedCalls.fused(n, l);
            case DROPOUT -> dropout(n, l);
            case DEPTH_TO_SPACE -> depthToSpace(n, l);
            case SPACE_TO_DEPTH -> spaceToDepth(n, l);
            case RESIZE, UPSAMPLE -> resize(n, l);
            case PAD -> pad(n, l);
            case EQUAL -> logic(n, l, Logic.Op.EQUAL);
            case LESS -> logic(n, l, Logic.Op.LESS);
            case GREATER -> logic(n, l, Logic.Op.GREATER);
            case GREATER_OR_EQUAL -> logic(n, l, Logic.Op.GREATER_OR_EQUAL);
            case LESS_OR_EQUAL -> logic(n, l, Logic.Op.LESS_OR_EQUAL);
            case AND -> logic(n, l, Logic.Op.AND);
            case OR -> logic(n, l, Logic.Op.OR);
            case NOT -> not(n, l);
            case CAST -> cast(n, l);
            case ARG_MAX, ARG_MIN -> argMax(n, l);
            case TOP_K -> topK(n, l);
            case CUM_SUM -> cumSum(n, l);
            case MOD -> mod(n, l);
            case RNN, GRU, LSTM -> CpuRecurrentCalls.recurrent(n, l);
            case GATHER_ELEMENTS -> gatherElements(n, l);
            case SHAPE, CONSTANT_OF_SHAPE, CONSTANT, RANGE, IF -> throw unsupported(n, "");
        };
    }

    /**
     * The CPU's part {@code [0, cut)} of a split heavy node, {@code cut} an int expression of the generated code:
     * output channels or output rows of a Conv, output channels of a ConvTranspose, rows ({@code m}) or columns ({@code n}) of a Gemm, MatMul or Linear.
     */
    static CodeBlock part(Node n, Layer l, Split split, String cut) {
        return switch (n.kind()) {
            case CONV -> split.dim().equals("rows") ? conv(n, l, null, cut) : conv(n, l, cut, null);
            case CONV_TRANSPOSE -> convTranspose(n, l, cut);
            case GEMM -> split.dim().equals("n") ? gemm(n, l, null, cut) : gemm(n, l, cut, null);
            case MATMUL, LINEAR -> split.dim().equals("n") ? matmul(n, l, null, cut) : matmul(n, l, cut, null);
            case ADD -> CpuElementwiseCalls.binaryRows(n, l, BinaryOp.ADD, cut);
            case SUB -> CpuElementwiseCalls.binaryRows(n, l, BinaryOp.SUB, cut);
            case MUL -> CpuElementwiseCalls.binaryRows(n, l, BinaryOp.MUL, cut);
            case DIV -> CpuElementwiseCalls.binaryRows(n, l, BinaryOp.DIV, cut);
            case LAYER_NORMALIZATION -> CpuNormPoolCalls.layerNormRows(n, l, cut);
            default -> throw new IllegalArgumentException("node \"" + n.name() + "\": " + n.op().opType() + " cannot be split");
        };
    }

    /** Reshape and friends that could not share their input (it is a constant): copy the bytes. */
    /** The float literal of attribute {@code alpha}, ONNX's default when absent. */
    private static String alpha(Node n, float defaultValue) {
        return Activations.literal(n.attrs().getFloat("alpha", defaultValue));
    }

    static CodeBlock copy(Node n, Layer l) {
        String in = n.input(0), out = n.output(0);
        return CodeBlock.of("$T.copy($L, $LL, f.act(), $LL, $LL);\n", MemorySegment.class, l.segment(in),
                l.byteOffset(in), l.byteOffset(out), l.bytes(out));
    }

    /** The shape of a 1-D conv or pool's operand {@code [n, c, w]} as the 2-D one's {@code [n, c, 1, w]}; others as they are. */
    static long[] asNchw(long[] shape) {
        return shape.length == 3 ? new long[] {shape[0], shape[1], 1, shape[2]} : shape;
    }

    /** A per-axis attribute of a conv or pool of input rank {@code rank} (default 1 per axis), 1-D as {@code [1, v]}. */
    static List<Long> spatial(Attrs a, String name, int rank) {
        if (rank == 4) return a.getInts(name, List.of(1L, 1L));
        return List.of(1L, a.getInts(name, List.of(1L)).getFirst());
    }

    /** The explicit pads {@code top, left, bottom, right} of a conv or pool; those of a 1-D one as {@code 0, b, 0, e}. */
    static long[] pads(Node n, long[] x, long[] w, List<Long> strides, List<Long> dil, int rank) {
        if (rank == 3 && n.attrs().getString("auto_pad", "NOTSET").equals("NOTSET")) {
            List<Long> p = n.attrs().getInts("pads", List.of(0L, 0L));
            return new long[] {0, p.get(0), 0, p.get(1)};
        }
        return ConvPads.of(n, x, w, strides, dil);   // auto_pad pads nothing along a height of 1
    }

    static long[] longsAttr(Node n, String name) {
        return n.attrs().getInts(name, List.of()).stream().mapToLong(Long::longValue).toArray();
    }

    static long[] constantLongs(Node n, Layer l, int input) {
        return l.constantValue(n.input(input)).orElseThrow(() -> unsupported(n, "with input " + input + " computed at run time"))
                .toLongs();
    }

    /**
     * The {@link Act} of an activation node, as a standalone node runs it and a fused one ({@code FusedElementwise})
     * does: Clip's bounds from its attributes or constant inputs, Gelu in its exact form.
     */
    static CodeBlock act(Node n, Layer l) {
        return switch (n.kind()) {
            case ELU -> CodeBlock.of("new $T.Elu($L)", Act.class, alpha(n, 1f));
            case SELU -> CodeBlock.of("new $T.Selu($L, $L)", Act.class, alpha(n, 1.67326319217681884765625f),
                    Activations.literal(n.attrs().getFloat("gamma", 1.05070102214813232421875f)));
            case CELU -> CodeBlock.of("new $T.Celu($L)", Act.class, alpha(n, 1f));
            case QUANTIZE_ROUND_TRIP -> CodeBlock.of("new $T.Quantize($L, $L, $L)", Act.class,
                    Activations.literal(n.attrs().getFloat("scale", 1f)), Activations.literal(n.attrs().getFloat("lo", 0f)),
                    Activations.literal(n.attrs().getFloat("hi", 0f)));
            case THRESHOLDED_RELU -> CodeBlock.of("new $T.ThresholdedRelu($L)", Act.class, alpha(n, 1f));
            case MISH -> CodeBlock.of("new $T.Mish()", Act.class);
            case RELU -> CodeBlock.of("$T.RELU", Act.class);
            case SIGMOID -> CodeBlock.of("$T.SIGMOID", Act.class);
            case TANH -> CodeBlock.of("$T.TANH", Act.class);
            case HARD_SWISH -> CodeBlock.of("$T.HARDSWISH", Act.class);
            case GELU -> CodeBlock.of("$T.GELU", Act.class);
            case LEAKY_RELU -> CodeBlock.of("new $T.LeakyRelu($L)", Act.class,
                    Activations.literal(n.attrs().getFloat("alpha", 0.01f)));
            case HARD_SIGMOID -> CodeBlock.of("new $T.HardSigmoid($L, $L)", Act.class,
                    Activations.literal(n.attrs().getFloat("alpha", 0.2f)), Activations.literal(n.attrs().getFloat("beta", 0.5f)));
            case CLIP -> CpuElementwiseCalls.clipAct(n, l);
            default -> throw new IllegalArgumentException(n.op().opType() + " is no activation");
        };
    }

    static String longs(long[] v) {
        return Arrays.stream(v).mapToObj(x -> x + "L").collect(Collectors.joining(", "));
    }

    /** The runtime's name of an element type the non-float kernels take; refuses the others. */
    static String runtimeType(Node n, cgc.ir.DType t) {
        return RuntimeTypes.of(t).orElseThrow(() -> unsupported(n, "on " + t.text() + " values"));
    }

    static boolean isF32(Layer l, String value) { return l.type(value).dtype() == cgc.ir.DType.F32; }

    /** The integer types the {@link Integers} kernels compute on. */
    static boolean isInteger(cgc.ir.DType t) {
        return t == cgc.ir.DType.I64 || t == cgc.ir.DType.I32 || t == cgc.ir.DType.I8 || t == cgc.ir.DType.U8;
    }

    /** The bytes per element of the values a data movement node copies (its first input's). */
    static int movedBytes(Node n, Layer l) { return elementBytes(n, l, n.input(0)); }

    /** The bytes per element of {@code value}, which a kernel copies bit for bit; refuses strings. */
    static int elementBytes(Node n, Layer l, String value) {
        cgc.ir.DType t = l.type(value).dtype();
        if (t.byteSize() == 0) throw unsupported(n, "on " + t.text() + " values");
        return t.byteSize();
    }

    /** The kernels compute in f32: refuses a node with an output of another type (a Cast is not these kernels'). */
    static void requireFloat(Node n, Layer l) {
        for (String v : n.outputs()) {
            if (!v.isEmpty() && l.type(v).dtype() != cgc.ir.DType.F32) {
                throw unsupported(n, "on " + l.type(v).dtype().text() + " values");
            }
        }
    }

    /**
     * The f32 kernels of products, convolutions and pools: refuses a node whose data (its first input and first
     * output) is of another type, which those kernels would read as floats (a MatMul on i64 gave zeros, a MaxPool on
     * u8 failed a range check at run time).
     */
    static void requireFloatData(Node n, Layer l) {
        for (String v : List.of(n.input(0), n.output(0))) {
            if (l.type(v).dtype() != cgc.ir.DType.F32) throw unsupported(n, "on " + l.type(v).dtype().text() + " values");
        }
    }

    /** As {@link #requireFloat(Node, Layer)}, and every input must be f32 too (Pow's exponent may be an integer). */
    static void requireFloatInputs(Node n, Layer l) {
        requireFloat(n, l);
        for (String v : n.inputs()) {
            if (!v.isEmpty() && l.type(v).dtype() != cgc.ir.DType.F32) {
                throw unsupported(n, "with " + l.type(v).dtype().text() + " input " + v);
            }
        }
    }

    static void requireConstant(Node n, Layer l, int input, String what) {
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
