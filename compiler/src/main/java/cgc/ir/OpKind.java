package cgc.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static cgc.ir.Arity.atLeast;
import static cgc.ir.Arity.between;
import static cgc.ir.Arity.exactly;
import static cgc.ir.AttrSpec.f;
import static cgc.ir.AttrSpec.floats;
import static cgc.ir.AttrSpec.graph;
import static cgc.ir.AttrSpec.i;
import static cgc.ir.AttrSpec.ints;
import static cgc.ir.AttrSpec.s;
import static cgc.ir.AttrSpec.strs;
import static cgc.ir.AttrSpec.tensor;
import static cgc.ir.Cost.HEAVY;
import static cgc.ir.Cost.LIGHT;

/**
 * The op table: every operator cgc knows, described once. Each entry gives the op_type, the number of inputs and
 * outputs the ONNX Operators spec allows (https://onnx.ai/onnx/operators/), the cost class, the shape rule (a method of
 * {@link ShapeRules}) and the attributes with their defaults and the opsets in which they are attributes. Heavy ops
 * also accept the fused-activation attributes {@code cgc.act}, {@code cgc.act_alpha}, {@code cgc.act_beta}.
 * Everything else about an op (verification, folding, export, code generation) hangs off this table.
 */
public enum OpKind implements Op {
    // heavy ops: candidates for CPU/GPU splitting
    /**
     * Conv-11: X, W, optional B; and cgc's own optional fourth input, a residual shaped as the output and added to it
     * before the fused activation ({@code fuse-residual}), which an ONNX file may not give.
     */
    CONV("Conv", between(2, 4), exactly(1), HEAVY, ShapeRules::conv, A.CONV),
    /** ConvTranspose-11: X, W, optional B. */
    CONV_TRANSPOSE("ConvTranspose", between(2, 3), exactly(1), HEAVY, ShapeRules::convTranspose,
            A.with(A.CONV, ints("output_padding"), ints("output_shape"))),
    /** Gemm-13: Y = alpha * A' B' + beta * C. */
    GEMM("Gemm", between(2, 3), exactly(1), HEAVY, ShapeRules::gemm,
            f("alpha", 1f), f("beta", 1f), i("transA", 0), i("transB", 0)),
    /** MatMul-13: numpy matmul. */
    MATMUL("MatMul", exactly(2), exactly(1), HEAVY, ShapeRules::matmul),
    /**
     * cgc's own: Y = X·W + B (+ R), batched like MatMul; what {@code fuse-linear} makes of MatMul + Add(bias), with an
     * optional fourth input, a residual shaped as the output and added before the fused activation
     * ({@code fuse-residual}); B may then be absent ("").
     */
    LINEAR("cgc", "Linear", between(2, 4), exactly(1), HEAVY, ShapeRules::linear),

    // normalisation
    /** BatchNormalization-15 (spatial until 9, training_mode from 14). */
    BATCH_NORMALIZATION("BatchNormalization", exactly(5), between(1, 3), LIGHT, ShapeRules::batchNorm,
            f("epsilon", 1e-5f), f("momentum", 0.9f), i("spatial", 1).until(9), i("training_mode", 0).since(14)),
    /** LayerNormalization-17: Y and the optional stashed Mean and InvStdDev. */
    LAYER_NORMALIZATION("LayerNormalization", between(2, 3), between(1, 3), LIGHT, ShapeRules::layerNorm,
            i("axis", -1), f("epsilon", 1e-5f), i("stash_type", 1)),
    INSTANCE_NORMALIZATION("InstanceNormalization", exactly(3), exactly(1), LIGHT, ShapeRules::instanceNorm,
            f("epsilon", 1e-5f)),
    /**
     * GroupNormalization-18 and -21: the channels in num_groups groups, each normalised over its channels and the
     * spatial dims, then scaled and shifted per group (18) or per channel (21); lowered by {@code
     * decompose-functions} to an InstanceNormalization of the groups between two Reshapes, then Mul and Add.
     */
    GROUP_NORMALIZATION("GroupNormalization", exactly(3), exactly(1), LIGHT, ShapeRules::groupNorm,
            f("epsilon", 1e-5f), i("num_groups").required(), i("stash_type", 1).since(21)),
    /** LpNormalization: x divided by its L1 or L2 norm along {@code axis}; lowered by decompose-functions. */
    LP_NORMALIZATION("LpNormalization", exactly(1), exactly(1), LIGHT, ShapeRules::lpNorm, i("axis", -1), i("p", 2)),
    /**
     * MeanVarianceNormalization-13: (x - mean) / (std + 1e-9) over {@code axes} (default N, H, W); lowered by
     * decompose-functions as ONNX's function body computes it.
     */
    MEAN_VARIANCE_NORMALIZATION("MeanVarianceNormalization", exactly(1), exactly(1), LIGHT, ShapeRules::mvn,
            ints("axes")),
    /** LRN-13: normalised across {@code size} neighbouring channels (AlexNet, GoogLeNet). */
    LRN("LRN", exactly(1), exactly(1), LIGHT, ShapeRules::lrn,
            f("alpha", 1e-4f), f("beta", 0.75f), f("bias", 1f), i("size").required()),
    /**
     * Softmax: before opset 13 the input is coerced to 2-D at {@code axis} (default 1) and normalised over all dims
     * from {@code axis} on; from 13 it is normalised over the single dim {@code axis} (default -1).
     */
    SOFTMAX("Softmax", exactly(1), exactly(1), LIGHT, ShapeRules::softmax, i("axis", 1).defaultFrom(13, Attr.of(-1L))),
    /** LogSoftmax: log of Softmax, with Softmax's axis rules. */
    LOG_SOFTMAX("LogSoftmax", exactly(1), exactly(1), LIGHT, ShapeRules::softmax,
            i("axis", 1).defaultFrom(13, Attr.of(-1L))),

    // activations
    RELU("Relu", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    LEAKY_RELU("LeakyRelu", exactly(1), exactly(1), LIGHT, ShapeRules::same, f("alpha", 0.01f)),
    PRELU("PRelu", exactly(2), exactly(1), LIGHT, ShapeRules::same),
    /** Clip: min and max are attributes before opset 11 (defaults: the float range), optional inputs after. */
    CLIP("Clip", between(1, 3), exactly(1), LIGHT, ShapeRules::same,
            f("min", -Float.MAX_VALUE).until(11), f("max", Float.MAX_VALUE).until(11)),
    SIGMOID("Sigmoid", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    HARD_SIGMOID("HardSigmoid", exactly(1), exactly(1), LIGHT, ShapeRules::same, f("alpha", 0.2f), f("beta", 0.5f)),
    HARD_SWISH("HardSwish", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    TANH("Tanh", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    ERF("Erf", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    /** Gelu-20: approximate "none" (erf) or "tanh". */
    GELU("Gelu", exactly(1), exactly(1), LIGHT, ShapeRules::same, s("approximate", "none")),
    ELU("Elu", exactly(1), exactly(1), LIGHT, ShapeRules::same, f("alpha", 1f)),
    SELU("Selu", exactly(1), exactly(1), LIGHT, ShapeRules::same,
            f("alpha", 1.67326319217681884765625f), f("gamma", 1.05070102214813232421875f)),
    CELU("Celu", exactly(1), exactly(1), LIGHT, ShapeRules::same, f("alpha", 1f)),
    THRESHOLDED_RELU("ThresholdedRelu", exactly(1), exactly(1), LIGHT, ShapeRules::same, f("alpha", 1f)),
    MISH("Mish", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    SOFTPLUS("Softplus", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    SOFTSIGN("Softsign", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    /** Shrink-9: x + bias below -lambd, x - bias above lambd, 0 between; lowered by decompose-functions. */
    SHRINK("Shrink", exactly(1), exactly(1), LIGHT, ShapeRules::sameFloat, f("bias", 0f), f("lambd", 0.5f)),
    /**
     * Hardmax: 1 at the first maximum along {@code axis}, 0 elsewhere; before opset 13 over the input coerced to 2-D
     * at {@code axis}, as Softmax then. Lowered by decompose-functions (ArgMax, Equal to a range, Cast).
     */
    HARDMAX("Hardmax", exactly(1), exactly(1), LIGHT, ShapeRules::softmax, i("axis", 1).defaultFrom(13, Attr.of(-1L))),

    // elementwise arithmetic (numpy broadcasting)
    ADD("Add", exactly(2), exactly(1), LIGHT, ShapeRules::broadcast),
    SUB("Sub", exactly(2), exactly(1), LIGHT, ShapeRules::broadcast),
    MUL("Mul", exactly(2), exactly(1), LIGHT, ShapeRules::broadcast),
    DIV("Div", exactly(2), exactly(1), LIGHT, ShapeRules::broadcast),
    POW("Pow", exactly(2), exactly(1), LIGHT, ShapeRules::pow),
    /**
     * Mod-13: the remainder of a / b; of integers with the divisor's sign when {@code fmod} is 0 (Python's %), with
     * the dividend's when 1 (C's fmod); floats only with {@code fmod} 1.
     */
    MOD("Mod", exactly(2), exactly(1), LIGHT, ShapeRules::mod, i("fmod", 0)),
    SQRT("Sqrt", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    EXP("Exp", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    LOG("Log", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    NEG("Neg", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    ABS("Abs", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    RECIPROCAL("Reciprocal", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    FLOOR("Floor", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    CEIL("Ceil", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    ROUND("Round", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    SIN("Sin", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    COS("Cos", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    TAN("Tan", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    ASIN("Asin", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    ACOS("Acos", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    ATAN("Atan", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    SINH("Sinh", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    COSH("Cosh", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    ASINH("Asinh", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    ACOSH("Acosh", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    ATANH("Atanh", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    SIGN("Sign", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    MAX("Max", atLeast(1), exactly(1), LIGHT, ShapeRules::broadcast),
    MIN("Min", atLeast(1), exactly(1), LIGHT, ShapeRules::broadcast),
    SUM("Sum", atLeast(1), exactly(1), LIGHT, ShapeRules::broadcast),
    MEAN("Mean", atLeast(1), exactly(1), LIGHT, ShapeRules::broadcast),

    // comparison and logic
    EQUAL("Equal", exactly(2), exactly(1), LIGHT, ShapeRules::compare),
    LESS("Less", exactly(2), exactly(1), LIGHT, ShapeRules::compare),
    GREATER("Greater", exactly(2), exactly(1), LIGHT, ShapeRules::compare),
    GREATER_OR_EQUAL("GreaterOrEqual", exactly(2), exactly(1), LIGHT, ShapeRules::compare),
    LESS_OR_EQUAL("LessOrEqual", exactly(2), exactly(1), LIGHT, ShapeRules::compare),
    NOT("Not", exactly(1), exactly(1), LIGHT, ShapeRules::not),
    AND("And", exactly(2), exactly(1), LIGHT, ShapeRules::compare),
    OR("Or", exactly(2), exactly(1), LIGHT, ShapeRules::compare),
    /** Xor: lowered by decompose-functions to Not(Equal). */
    XOR("Xor", exactly(2), exactly(1), LIGHT, ShapeRules::logic),
    /** IsNaN: lowered by decompose-functions to Not(Equal(x, x)). */
    IS_NAN("IsNaN", exactly(1), exactly(1), LIGHT, ShapeRules::floatTest),
    /** IsInf: lowered by decompose-functions to Equal(x, ±inf) for the infinities it detects. */
    IS_INF("IsInf", exactly(1), exactly(1), LIGHT, ShapeRules::floatTest, i("detect_negative", 1), i("detect_positive", 1)),
    WHERE("Where", exactly(3), exactly(1), LIGHT, ShapeRules::where),

    // shape and data movement
    /** Reshape-14: 0 copies the input dim unless allowzero; -1 is inferred. */
    RESHAPE("Reshape", exactly(2), exactly(1), LIGHT, ShapeRules::reshape, i("allowzero", 0).since(14)),
    FLATTEN("Flatten", exactly(1), exactly(1), LIGHT, ShapeRules::flatten, i("axis", 1)),
    /** Transpose: perm defaults to reversing the dims. */
    TRANSPOSE("Transpose", exactly(1), exactly(1), LIGHT, ShapeRules::transpose, ints("perm")),
    SQUEEZE("Squeeze", between(1, 2), exactly(1), LIGHT, ShapeRules::squeeze, ints("axes").until(13)),
    UNSQUEEZE("Unsqueeze", between(1, 2), exactly(1), LIGHT, ShapeRules::unsqueeze, ints("axes").until(13)),
    CONCAT("Concat", atLeast(1), exactly(1), LIGHT, ShapeRules::concat, i("axis").required()),
    /** Split: split is an attribute before opset 13, an input after; num_outputs from 18. */
    SPLIT("Split", between(1, 2), atLeast(1), LIGHT, ShapeRules::split,
            i("axis", 0), ints("split").until(13), i("num_outputs").since(18)),
    /** Slice: starts/ends/axes are attributes before opset 10; inputs (plus steps) from 10. */
    SLICE("Slice", between(1, 5), exactly(1), LIGHT, ShapeRules::slice,
            ints("starts").until(10), ints("ends").until(10), ints("axes").until(10)),
    GATHER("Gather", exactly(2), exactly(1), LIGHT, ShapeRules::gather, i("axis", 0)),
    /** GatherElements-13: the output takes the indices' shape; each index picks along {@code axis}, in place. */
    GATHER_ELEMENTS("GatherElements", exactly(2), exactly(1), LIGHT, ShapeRules::gatherElements, i("axis", 0)),
    /**
     * GatherND: slices of the data picked by index tuples (the indices' last dim); lowered by decompose-functions to a
     * Gather of the data's leading dims flattened, at the tuples' flat indices (batch_dims 0, or any with constant indices).
     */
    GATHER_ND("GatherND", exactly(2), exactly(1), LIGHT, ShapeRules::gatherNd, i("batch_dims", 0).since(12)),
    /**
     * ScatterND and ScatterElements: the data with updates written (or combined by {@code reduction}) at indices
     * known at compile time; lowered by decompose-functions to Gathers of the updates and Wheres.
     */
    SCATTER_ND("ScatterND", exactly(3), exactly(1), LIGHT, ShapeRules::scatterNd, s("reduction", "none").since(16)),
    SCATTER_ELEMENTS("ScatterElements", exactly(3), exactly(1), LIGHT, ShapeRules::scatterElements, i("axis", 0),
            s("reduction", "none").since(16)),
    /** Shape: start and end from opset 15. */
    SHAPE("Shape", exactly(1), exactly(1), LIGHT, ShapeRules::shape, i("start", 0).since(15), i("end").since(15)),
    /**
     * OneHot-11: {@code values[1]} where an index (negative from the end) matches the position along the new axis,
     * {@code values[0]} elsewhere; depth known at compile time. Lowered by decompose-functions (Equal to a range, Where).
     */
    ONE_HOT("OneHot", exactly(3), exactly(1), LIGHT, ShapeRules::oneHot, i("axis", -1)),
    /**
     * Einsum-12: a sum of products over the labels of an equation; lowered by decompose-functions to Transposes,
     * Reshapes, ReduceSums and batched MatMuls, so it is not heavy itself (its MatMuls are).
     */
    EINSUM("Einsum", atLeast(1), exactly(1), LIGHT, ShapeRules::einsum, s("equation").required()),
    /** Size: the element count, an int64 scalar; evaluated at compile time (shapes are static). */
    SIZE("Size", exactly(1), exactly(1), LIGHT, ShapeRules::size),
    /** EyeLike: ones on diagonal k of a matrix of the input's shape; evaluated at compile time. */
    EYE_LIKE("EyeLike", exactly(1), exactly(1), LIGHT, ShapeRules::eyeLike, i("dtype"), i("k", 0)),
    CONSTANT_OF_SHAPE("ConstantOfShape", exactly(1), exactly(1), LIGHT, ShapeRules::constantOfShape, tensor("value")),
    CONSTANT("Constant", exactly(0), exactly(1), LIGHT, ShapeRules::constant,
            tensor("value"), f("value_float"), floats("value_floats"), i("value_int"), ints("value_ints"),
            s("value_string"), strs("value_strings"), tensor("sparse_value")),
    IDENTITY("Identity", exactly(1), exactly(1), LIGHT, ShapeRules::same),
    /** Dropout: ratio is an attribute before opset 12, an input (with training_mode) after. */
    DROPOUT("Dropout", between(1, 3), between(1, 2), LIGHT, ShapeRules::dropout,
            f("ratio", 0.5f).until(12), i("seed").since(12)),
    CAST("Cast", exactly(1), exactly(1), LIGHT, ShapeRules::cast, i("to").required(), i("saturate", 1).since(19)),
    /** CastLike-15: Cast to the element type of the second input; lowered by decompose-functions. */
    CAST_LIKE("CastLike", exactly(2), exactly(1), LIGHT, ShapeRules::castLike, i("saturate", 1).since(19)),
    /**
     * QuantizeLinear: {@code saturate(round_half_even(x / scale) + zero_point)} of the zero point's type (u8 without
     * one); per tensor, or per axis from opset 13; lowered by decompose-functions, folded where x is constant.
     */
    QUANTIZE_LINEAR("QuantizeLinear", between(2, 3), exactly(1), LIGHT, ShapeRules::quantizeLinear,
            i("axis", 1).since(13), i("saturate", 1).since(19), i("block_size", 0).since(21),
            i("output_dtype", 0).since(21)),
    /**
     * cgc's own: a QuantizeLinear-DequantizeLinear round trip with one scale, {@code clamp(round_half_even(x / scale),
     * lo, hi) * scale} (lo and hi the quantized type's limits less the zero point), what decompose-functions makes of
     * a QDQ model's pairs: one pass over the tensor, no quantized tensor between.
     */
    QUANTIZE_ROUND_TRIP("cgc", "QuantizeRoundTrip", exactly(1), exactly(1), LIGHT, ShapeRules::quantizeRoundTrip,
            f("scale"), f("lo"), f("hi")),
    /**
     * cgc's own: a tree of elementwise ops computed in one pass over the output, what {@code fuse-elementwise} makes
     * of chains such as a quantized model's requantization (Cast, Add, Mul, Round, Max, Min, Cast). The {@code body}
     * graph holds the ops: its inputs are this node's inputs (each of its type; broadcast to the output), its one
     * output is this node's output. Every value of the body is f32, i32, u8 or i8.
     */
    FUSED_ELEMENTWISE("cgc", "FusedElementwise", atLeast(1), exactly(1), LIGHT, ShapeRules::fusedElementwise,
            graph("body").required()),
    /** DequantizeLinear: {@code (x - zero_point) * scale}, of the scale's type; as QuantizeLinear. */
    DEQUANTIZE_LINEAR("DequantizeLinear", between(2, 3), exactly(1), LIGHT, ShapeRules::dequantizeLinear,
            i("axis", 1).since(13), i("block_size", 0).since(21)),
    /**
     * DynamicQuantizeLinear-11: x quantized to u8 with a scale and zero point made from its own range (widened to hold
     * 0): {@code scale = (max - min) / 255}, {@code zero = saturate(round(-min / scale))}, {@code y = saturate(round(x /
     * scale) + zero)}; the three as outputs, what ONNX Runtime's dynamic quantization feeds MatMulInteger. Lowered by
     * decompose-functions.
     */
    DYNAMIC_QUANTIZE_LINEAR("DynamicQuantizeLinear", exactly(1), exactly(3), LIGHT,
            ShapeRules::dynamicQuantizeLinear),
    /**
     * MatMulInteger-10: MatMul of u8 or i8 matrices less their zero points (A's a scalar or one per row, B's a scalar
     * or one per column), exact, in i32. Lowered by decompose-functions to f32 products of at most 256 terms (each
     * exact there: |sum| < 2^24) added in i32.
     */
    MATMUL_INTEGER("MatMulInteger", between(2, 4), exactly(1), LIGHT, ShapeRules::matmulInteger),
    /**
     * ConvInteger-10: Conv of u8 or i8 X and W less their zero points (X's a scalar, W's a scalar or one per output
     * channel; padding counts as X's zero point), exact, in i32. Lowered by decompose-functions as MatMulInteger is, the
     * input channels cut into pieces of at most 256 terms per output.
     */
    CONV_INTEGER("ConvInteger", between(2, 4), exactly(1), LIGHT, ShapeRules::convInteger, A.CONV),
    /**
     * QLinearMatMul-10 (ONNX Runtime's QOperator form): MatMulInteger of A and B less their zero points, requantized to
     * y's grid, {@code saturate(round(acc * (a_scale * b_scale / y_scale)) + y_zero)}, as ONNX Runtime computes it (the
     * sum exact in i32, the multiplier in f32). Lowered by decompose-functions.
     */
    QLINEAR_MATMUL("QLinearMatMul", exactly(8), exactly(1), LIGHT, ShapeRules::qlinearMatMul),
    /** QLinearConv-10: ConvInteger plus an i32 bias, requantized as QLinearMatMul (W's scale per output channel). */
    QLINEAR_CONV("QLinearConv", between(8, 9), exactly(1), LIGHT, ShapeRules::qlinearConv, A.CONV),
    /**
     * com.microsoft QLinearAdd (ONNX Runtime's QOperator form, between its QLinearConvs): {@code saturate(round((
     * a_scale * (a - a_zero) + b_scale * (b - b_zero)) / c_scale) + c_zero)}, broadcasting, as ONNX Runtime's
     * reference computes it in f32. Lowered by decompose-functions.
     */
    QLINEAR_ADD("com.microsoft", "QLinearAdd", between(7, 8), exactly(1), LIGHT, ShapeRules::qlinearAdd),
    /**
     * com.microsoft QLinearGlobalAveragePool: each channel's sum less image_size * x_zero, requantized with {@code
     * x_scale / (y_scale * image_size)} as ONNX Runtime does (NCHW; channels_last is refused).
     */
    QLINEAR_GLOBAL_AVERAGE_POOL("com.microsoft", "QLinearGlobalAveragePool", exactly(5), exactly(1), LIGHT,
            ShapeRules::qlinearGlobalAveragePool, i("channels_last", 0)),
    /**
     * com.microsoft QGemm: the exact sum of A and B less their zero points (transposed as Gemm's flags say), plus C
     * (i32), requantized as QLinearMatMul with {@code alpha} in the multiplier, or, without y's scale, in f32 times
     * {@code alpha * a_scale * b_scale}.
     */
    QGEMM("com.microsoft", "QGemm", between(6, 9), exactly(1), LIGHT, ShapeRules::qgemm,
            f("alpha", 1f), i("transA", 0), i("transB", 0)),
    EXPAND("Expand", exactly(2), exactly(1), LIGHT, ShapeRules::expand),
    TILE("Tile", exactly(2), exactly(1), LIGHT, ShapeRules::tile),
    RANGE("Range", exactly(3), exactly(1), LIGHT, ShapeRules::range),
    /**
     * Trilu-14: the upper (or lower) triangle of each matrix of the last two dims, from diagonal k (an optional int64
     * scalar, known at compile time), the rest zero; lowered by {@code decompose-functions} to a Where over a constant mask.
     */
    TRILU("Trilu", between(1, 2), exactly(1), LIGHT, ShapeRules::trilu, i("upper", 1)),
    DEPTH_TO_SPACE("DepthToSpace", exactly(1), exactly(1), LIGHT, ShapeRules::depthToSpace,
            i("blocksize").required(), s("mode", "DCR")),
    SPACE_TO_DEPTH("SpaceToDepth", exactly(1), exactly(1), LIGHT, ShapeRules::spaceToDepth, i("blocksize").required()),
    /** Resize: (X, scales) in opset 10, (X, roi, scales, sizes) from 11. */
    RESIZE("Resize", between(1, 4), exactly(1), LIGHT, ShapeRules::resize,
            s("mode", "nearest"), s("coordinate_transformation_mode", "half_pixel").since(11),
            f("cubic_coeff_a", -0.75f).since(11), i("exclude_outside", 0).since(11),
            f("extrapolation_value", 0f).since(11), s("nearest_mode", "round_prefer_floor").since(11),
            i("antialias", 0).since(18), ints("axes").since(18), s("keep_aspect_ratio_policy", "stretch").since(18)),
    /**
     * Upsample-7 and -9, deprecated from opset 10 where Resize replaced it: Resize-10 by another name (nearest or
     * linear, asymmetric coordinates, the floor of a nearest source), with scales of at least 1, an attribute before
     * opset 9 and an input from 9. Lowered as the Resize it is.
     */
    UPSAMPLE("Upsample", between(1, 2), exactly(1), LIGHT, ShapeRules::upsample,
            s("mode", "nearest"), floats("scales").required().until(9)),
    /** Pad: pads (and value) are attributes before opset 11, inputs after; axes input from 18. */
    PAD("Pad", between(1, 4), exactly(1), LIGHT, ShapeRules::pad,
            s("mode", "constant"), ints("pads").until(11), f("value", 0f).until(11)),

    // recurrent layers: X, W, R, optional B, sequence_lens, initial_h (and LSTM's initial_c, P); every output optional
    /** RNN-14: Ht = f(Xt·Wᵀ + Ht-1·Rᵀ + Wb + Rb). */
    RNN("RNN", between(3, 6), between(0, 2), LIGHT, ShapeRules::recurrent, A.recurrent()),
    /** GRU-14: update, reset and hidden gates (W, R, B in the order z, r, h). */
    GRU("GRU", between(3, 6), between(0, 2), LIGHT, ShapeRules::recurrent,
            A.with(A.recurrent(), i("linear_before_reset", 0))),
    /** LSTM-14: input, output, forget and cell gates (W, R, B in the order i, o, f, c), peepholes P (i, o, f). */
    LSTM("LSTM", between(3, 8), between(0, 3), LIGHT, ShapeRules::recurrent,
            A.with(A.recurrent(), i("input_forget", 0))),

    // reductions and pooling
    /**
     * CumSum-14: running sums along the axis given as input 1 (0-D or one element; cgc needs it constant), without
     * each element itself when {@code exclusive}, from the end when {@code reverse}.
     */
    CUM_SUM("CumSum", exactly(2), exactly(1), LIGHT, ShapeRules::cumSum, i("exclusive", 0), i("reverse", 0)),
    /**
     * TopK: the k largest (or smallest) elements along {@code axis} and their i64 indices; k an attribute before
     * opset 10, an input (known at compile time) from 10; largest and sorted from 11. Always sorted here.
     */
    TOP_K("TopK", between(1, 2), exactly(2), LIGHT, ShapeRules::topK,
            i("axis", -1), i("k").until(10), i("largest", 1).since(11), i("sorted", 1).since(11)),
    ARG_MAX("ArgMax", exactly(1), exactly(1), LIGHT, ShapeRules::argMax,
            i("axis", 0), i("keepdims", 1), i("select_last_index", 0).since(12)),
    ARG_MIN("ArgMin", exactly(1), exactly(1), LIGHT, ShapeRules::argMax,
            i("axis", 0), i("keepdims", 1), i("select_last_index", 0).since(12)),
    /** ReduceMean: axes an attribute before opset 18, an input from 18. */
    REDUCE_MEAN("ReduceMean", between(1, 2), exactly(1), LIGHT, ShapeRules::reduce, A.reduce(18)),
    /** ReduceSum: axes an attribute before opset 13, an input from 13. */
    REDUCE_SUM("ReduceSum", between(1, 2), exactly(1), LIGHT, ShapeRules::reduce, A.reduce(13)),
    REDUCE_MAX("ReduceMax", between(1, 2), exactly(1), LIGHT, ShapeRules::reduce, A.reduce(18)),
    REDUCE_MIN("ReduceMin", between(1, 2), exactly(1), LIGHT, ShapeRules::reduce, A.reduce(18)),
    REDUCE_L2("ReduceL2", between(1, 2), exactly(1), LIGHT, ShapeRules::reduce, A.reduce(18)),
    REDUCE_L1("ReduceL1", between(1, 2), exactly(1), LIGHT, ShapeRules::reduce, A.reduce(18)),
    REDUCE_PROD("ReduceProd", between(1, 2), exactly(1), LIGHT, ShapeRules::reduce, A.reduce(18)),
    REDUCE_SUM_SQUARE("ReduceSumSquare", between(1, 2), exactly(1), LIGHT, ShapeRules::reduce, A.reduce(18)),
    REDUCE_LOG_SUM("ReduceLogSum", between(1, 2), exactly(1), LIGHT, ShapeRules::reduce, A.reduce(18)),
    REDUCE_LOG_SUM_EXP("ReduceLogSumExp", between(1, 2), exactly(1), LIGHT, ShapeRules::reduce, A.reduce(18)),
    MAX_POOL("MaxPool", exactly(1), between(1, 2), LIGHT, ShapeRules::pool,
            A.with(A.POOL, ints("dilations").since(10), i("storage_order", 0))),
    AVERAGE_POOL("AveragePool", exactly(1), exactly(1), LIGHT, ShapeRules::pool,
            A.with(A.POOL, i("count_include_pad", 0), ints("dilations").since(19))),
    GLOBAL_AVERAGE_POOL("GlobalAveragePool", exactly(1), exactly(1), LIGHT, ShapeRules::globalPool),
    GLOBAL_MAX_POOL("GlobalMaxPool", exactly(1), exactly(1), LIGHT, ShapeRules::globalPool),

    // control flow
    /** If: the outputs are those of the branch the condition picks; branches may read outer values. */
    IF("If", exactly(1), atLeast(1), LIGHT, ShapeRules::ifThenElse,
            graph("then_branch").required(), graph("else_branch").required());

    /** The newest version of the default ONNX operator set that cgc follows. */
    public static final long MAX_OPSET = 22;
    /** The oldest version of the default ONNX operator set that cgc accepts. */
    public static final long MIN_OPSET = 7;

    public static final Set<OpKind> HEAVY_OPS = EnumSet.of(CONV, CONV_TRANSPOSE, GEMM, MATMUL, LINEAR);
    /** Ops whose single output is their first input transformed element by element. */
    public static final Set<OpKind> UNARY_ELEMENTWISE = EnumSet.of(RELU, LEAKY_RELU, CLIP, SIGMOID, HARD_SIGMOID,
            HARD_SWISH, TANH, ERF, GELU, ELU, SELU, CELU, THRESHOLDED_RELU, MISH, SOFTPLUS, SOFTSIGN, SQRT, EXP, LOG, NEG,
            ABS, RECIPROCAL, FLOOR, CEIL, ROUND, SIN, COS, TAN, ASIN, ACOS, ATAN, SINH, COSH, ASINH, ACOSH, ATANH, SIGN,
            NOT);
    /**
     * The ops a {@code cgc.FusedElementwise} body may hold: the unary ops but Not (f32), Div (f32), and Add, Sub, Mul,
     * Max, Min (f32, or integers of one type) and Cast, all among f32, i32, u8 and i8.
     */
    public static final Set<OpKind> FUSIBLE = fusible();
    /** The element types a fused body computes in. */
    public static final Set<DType> FUSIBLE_TYPES = EnumSet.of(DType.F32, DType.I32, DType.U8, DType.I8);

    private static Set<OpKind> fusible() {
        Set<OpKind> s = EnumSet.copyOf(UNARY_ELEMENTWISE);
        s.remove(NOT);
        s.addAll(EnumSet.of(DIV, ADD, SUB, MUL, MAX, MIN, CAST));
        return java.util.Collections.unmodifiableSet(s);
    }

    /** Binary and variadic ops with numpy broadcasting. */
    public static final Set<OpKind> BROADCASTING = EnumSet.of(ADD, SUB, MUL, DIV, POW, MOD, MAX, MIN, SUM, MEAN, EQUAL,
            LESS, GREATER, GREATER_OR_EQUAL, LESS_OR_EQUAL, AND, OR, WHERE, PRELU);

    private static final Map<String, OpKind> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(k -> key(k.domain, k.onnxName), k -> k));

    private final String domain;
    private final String onnxName;
    private final Arity inputs;
    private final Arity outputs;
    private final Cost cost;
    private final ShapeRule shapeRule;
    private final List<AttrSpec> attrs;

    OpKind(String onnxName, Arity inputs, Arity outputs, Cost cost, ShapeRule rule, AttrSpec... attrs) {
        this("", onnxName, inputs, outputs, cost, rule, attrs);
    }

    OpKind(String domain, String onnxName, Arity inputs, Arity outputs, Cost cost, ShapeRule rule, AttrSpec... attrs) {
        this.domain = domain;
        this.onnxName = onnxName;
        this.inputs = inputs;
        this.outputs = outputs;
        this.cost = cost;
        this.shapeRule = rule;
        List<AttrSpec> all = new ArrayList<>(List.of(attrs));
        if (cost == HEAVY) all.addAll(AttrSpec.FUSED_ACTIVATION);
        this.attrs = List.copyOf(all);
    }

    @Override public String opType() { return onnxName; }
    @Override public String domain() { return domain; }
    public Arity inputs() { return inputs; }

    /** The inputs an ONNX node of this op may have: {@link #inputs}, but for a residual, which fuse-residual adds. */
    public Arity onnxInputs() { return this == CONV || this == LINEAR ? Arity.between(2, 3) : inputs; }
    public Arity outputs() { return outputs; }
    public Cost cost() { return cost; }
    public boolean isHeavy() { return cost == Cost.HEAVY; }
    public ShapeRule shapeRule() { return shapeRule; }
    /** The attributes of this op, with defaults, in the order the table lists them. */
    public List<AttrSpec> attrs() { return attrs; }

    /** The op's page in the ONNX Operators spec; for cgc's own ops, the javadoc of this table. */
    public String specUrl() {
        return domain.isEmpty() ? "https://onnx.ai/onnx/operators/onnx__" + onnxName + ".html"
                : "cgc.ir.OpKind#" + name();
    }

    /**
     * The value of attribute {@code name} of node {@code n} (of this op): as given, else the table's default for the
     * opset; empty when neither exists. Later stages (code generation) read attributes through this, so that defaults
     * live in the table only.
     */
    public Optional<Attr> attrOrDefault(Node n, String name, long opset) {
        AttrSpec spec = attr(name).orElseThrow(
                () -> new IllegalArgumentException(onnxName + " has no attribute \"" + name + "\" in the op table"));
        return n.attrs().get(name).or(() -> spec.defaultAt(opset));
    }

    public Optional<AttrSpec> attr(String name) {
        return attrs.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /**
     * The output types of a node of this op, by its shape rule. When an input's rank or element type, or a value the
     * rule needs, is not known yet, the outputs it affects are {@link TensorType#UNKNOWN}. Throws
     * {@link cgc.diag.CgcException} when the inputs or attributes contradict the op's definition.
     */
    public List<TensorType> inferShapes(ShapeContext cx) {
        try {
            // an element type the rule could not tell (its inputs are unknown yet) makes the whole type unknown
            return shapeRule.apply(cx).stream()
                    .map(t -> t.dtype() == DType.UNDEFINED ? TensorType.UNKNOWN : t).toList();
        } catch (ShapeContext.Undetermined e) {
            List<TensorType> unknown = new ArrayList<>();
            for (int k = 0; k < cx.outputCount(); k++) unknown.add(TensorType.UNKNOWN);
            return unknown;
        }
    }

    /** Looks up an op of the default ONNX domain by its op_type. */
    public static Optional<OpKind> byOnnxName(String opType) { return lookup("", opType); }

    /** Looks up an op by domain ({@code ""} or {@code "ai.onnx"} for the default one, {@code "cgc"}) and op_type. */
    public static Optional<OpKind> lookup(String domain, String opType) {
        String d = domain.equals("ai.onnx") ? "" : domain;
        return Optional.ofNullable(BY_NAME.get(key(d, opType)));
    }

    private static String key(String domain, String opType) {
        return domain.isEmpty() ? opType : domain + "." + opType;
    }

    /** Attribute lists shared by families of ops (a nested class, so that enum constants may use them). */
    private static final class A {
        static final AttrSpec[] CONV = {s("auto_pad", "NOTSET"), ints("dilations"), i("group", 1),
                ints("kernel_shape"), ints("pads"), ints("strides")};
        static final AttrSpec[] POOL = {s("auto_pad", "NOTSET"), i("ceil_mode", 0), ints("kernel_shape").required(),
                ints("pads"), ints("strides")};

        static AttrSpec[] with(AttrSpec[] base, AttrSpec... more) {
            List<AttrSpec> all = new ArrayList<>(List.of(base));
            all.addAll(List.of(more));
            return all.toArray(AttrSpec[]::new);
        }

        /** RNN, GRU and LSTM: activations with their alphas and betas per direction; layout from opset 14. */
        static AttrSpec[] recurrent() {
            return new AttrSpec[] {floats("activation_alpha"), floats("activation_beta"), strs("activations"),
                    f("clip"), s("direction", "forward"), i("hidden_size"), i("layout", 0).since(14)};
        }

        /** A reduction whose axes become an input at opset {@code inputSince}. */
        static AttrSpec[] reduce(long inputSince) {
            return new AttrSpec[] {ints("axes").until(inputSince), i("keepdims", 1),
                    i("noop_with_empty_axes", 0).since(inputSince)};
        }
    }
}
