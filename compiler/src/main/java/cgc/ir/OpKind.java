package cgc.ir;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static cgc.ir.Arity.atLeast;
import static cgc.ir.Arity.between;
import static cgc.ir.Arity.exactly;
import static cgc.ir.Cost.HEAVY;
import static cgc.ir.Cost.LIGHT;

/**
 * The op table: every operator cgc knows, described once. Each entry gives the ONNX op_type, the number of inputs and
 * outputs the ONNX Operators spec allows (https://onnx.ai/onnx/operators/), and the cost class. Everything else about
 * an op (attribute defaults, shape rule, export) hangs off this table.
 */
public enum OpKind implements Op {
    // heavy ops: candidates for CPU/GPU splitting
    CONV("Conv", between(2, 3), exactly(1), HEAVY),
    CONV_TRANSPOSE("ConvTranspose", between(2, 3), exactly(1), HEAVY),
    GEMM("Gemm", between(2, 3), exactly(1), HEAVY),
    MATMUL("MatMul", exactly(2), exactly(1), HEAVY),

    // normalisation
    BATCH_NORMALIZATION("BatchNormalization", exactly(5), between(1, 3), LIGHT),
    LAYER_NORMALIZATION("LayerNormalization", between(2, 3), between(1, 3), LIGHT),
    INSTANCE_NORMALIZATION("InstanceNormalization", exactly(3), exactly(1), LIGHT),
    SOFTMAX("Softmax", exactly(1), exactly(1), LIGHT),

    // activations
    RELU("Relu", exactly(1), exactly(1), LIGHT),
    LEAKY_RELU("LeakyRelu", exactly(1), exactly(1), LIGHT),
    PRELU("PRelu", exactly(2), exactly(1), LIGHT),
    CLIP("Clip", between(1, 3), exactly(1), LIGHT),
    SIGMOID("Sigmoid", exactly(1), exactly(1), LIGHT),
    HARD_SIGMOID("HardSigmoid", exactly(1), exactly(1), LIGHT),
    HARD_SWISH("HardSwish", exactly(1), exactly(1), LIGHT),
    TANH("Tanh", exactly(1), exactly(1), LIGHT),
    ERF("Erf", exactly(1), exactly(1), LIGHT),
    GELU("Gelu", exactly(1), exactly(1), LIGHT),

    // elementwise arithmetic (numpy broadcasting)
    ADD("Add", exactly(2), exactly(1), LIGHT),
    SUB("Sub", exactly(2), exactly(1), LIGHT),
    MUL("Mul", exactly(2), exactly(1), LIGHT),
    DIV("Div", exactly(2), exactly(1), LIGHT),
    POW("Pow", exactly(2), exactly(1), LIGHT),
    SQRT("Sqrt", exactly(1), exactly(1), LIGHT),
    EXP("Exp", exactly(1), exactly(1), LIGHT),
    LOG("Log", exactly(1), exactly(1), LIGHT),
    NEG("Neg", exactly(1), exactly(1), LIGHT),
    ABS("Abs", exactly(1), exactly(1), LIGHT),
    RECIPROCAL("Reciprocal", exactly(1), exactly(1), LIGHT),
    FLOOR("Floor", exactly(1), exactly(1), LIGHT),
    CEIL("Ceil", exactly(1), exactly(1), LIGHT),
    ROUND("Round", exactly(1), exactly(1), LIGHT),
    MAX("Max", atLeast(1), exactly(1), LIGHT),
    MIN("Min", atLeast(1), exactly(1), LIGHT),
    SUM("Sum", atLeast(1), exactly(1), LIGHT),
    MEAN("Mean", atLeast(1), exactly(1), LIGHT),

    // comparison and logic
    EQUAL("Equal", exactly(2), exactly(1), LIGHT),
    LESS("Less", exactly(2), exactly(1), LIGHT),
    GREATER("Greater", exactly(2), exactly(1), LIGHT),
    NOT("Not", exactly(1), exactly(1), LIGHT),
    AND("And", exactly(2), exactly(1), LIGHT),
    OR("Or", exactly(2), exactly(1), LIGHT),
    WHERE("Where", exactly(3), exactly(1), LIGHT),

    // shape and data movement
    RESHAPE("Reshape", between(1, 2), exactly(1), LIGHT),
    FLATTEN("Flatten", exactly(1), exactly(1), LIGHT),
    TRANSPOSE("Transpose", exactly(1), exactly(1), LIGHT),
    SQUEEZE("Squeeze", between(1, 2), exactly(1), LIGHT),
    UNSQUEEZE("Unsqueeze", between(1, 2), exactly(1), LIGHT),
    CONCAT("Concat", atLeast(1), exactly(1), LIGHT),
    SPLIT("Split", between(1, 2), atLeast(1), LIGHT),
    SLICE("Slice", between(1, 5), exactly(1), LIGHT),
    GATHER("Gather", exactly(2), exactly(1), LIGHT),
    SHAPE("Shape", exactly(1), exactly(1), LIGHT),
    CONSTANT_OF_SHAPE("ConstantOfShape", exactly(1), exactly(1), LIGHT),
    CONSTANT("Constant", exactly(0), exactly(1), LIGHT),
    IDENTITY("Identity", exactly(1), exactly(1), LIGHT),
    DROPOUT("Dropout", between(1, 3), between(1, 2), LIGHT),
    CAST("Cast", exactly(1), exactly(1), LIGHT),
    EXPAND("Expand", exactly(2), exactly(1), LIGHT),
    TILE("Tile", exactly(2), exactly(1), LIGHT),
    RANGE("Range", exactly(3), exactly(1), LIGHT),
    DEPTH_TO_SPACE("DepthToSpace", exactly(1), exactly(1), LIGHT),
    RESIZE("Resize", between(1, 4), exactly(1), LIGHT),
    PAD("Pad", between(1, 4), exactly(1), LIGHT),

    // reductions and pooling
    ARG_MAX("ArgMax", exactly(1), exactly(1), LIGHT),
    REDUCE_MEAN("ReduceMean", between(1, 2), exactly(1), LIGHT),
    REDUCE_SUM("ReduceSum", between(1, 2), exactly(1), LIGHT),
    REDUCE_MAX("ReduceMax", between(1, 2), exactly(1), LIGHT),
    REDUCE_L2("ReduceL2", between(1, 2), exactly(1), LIGHT),
    MAX_POOL("MaxPool", exactly(1), between(1, 2), LIGHT),
    AVERAGE_POOL("AveragePool", exactly(1), exactly(1), LIGHT),
    GLOBAL_AVERAGE_POOL("GlobalAveragePool", exactly(1), exactly(1), LIGHT),
    GLOBAL_MAX_POOL("GlobalMaxPool", exactly(1), exactly(1), LIGHT),

    // control flow
    IF("If", exactly(1), atLeast(1), LIGHT);

    /** The newest version of the default ONNX operator set that cgc follows. */
    public static final long MAX_OPSET = 22;
    /** The oldest version of the default ONNX operator set that cgc accepts. */
    public static final long MIN_OPSET = 7;

    public static final Set<OpKind> HEAVY_OPS = EnumSet.of(CONV, CONV_TRANSPOSE, GEMM, MATMUL);

    private static final Map<String, OpKind> BY_ONNX_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(OpKind::opType, Function.identity()));

    private final String onnxName;
    private final Arity inputs;
    private final Arity outputs;
    private final Cost cost;

    OpKind(String onnxName, Arity inputs, Arity outputs, Cost cost) {
        this.onnxName = onnxName;
        this.inputs = inputs;
        this.outputs = outputs;
        this.cost = cost;
    }

    @Override public String opType() { return onnxName; }
    @Override public String domain() { return ""; }
    public Arity inputs() { return inputs; }
    public Arity outputs() { return outputs; }
    public Cost cost() { return cost; }
    public boolean isHeavy() { return cost == Cost.HEAVY; }

    /** Looks up an op of the default ONNX domain by its op_type. */
    public static Optional<OpKind> byOnnxName(String opType) { return Optional.ofNullable(BY_ONNX_NAME.get(opType)); }
}
