package cgc.runtime.cpu;

/**
 * An activation fused into a kernel's output (the {@code cgc.act} attribute of a heavy op), or applied on its own.
 *
 * <p>The generated plan holds each layer's activation in a {@code static final} field, but the kernels are shared by
 * every layer, so the JIT does not see a constant there: the vector kernels choose a loop per activation before
 * looping rather than switching per vector (a per-vector call that C2 did not inline boxed every vector).
 */
public sealed interface Act {
    /** The identity. */
    Act NONE = new None();
    /** max(x, 0). */
    Act RELU = new Relu();
    /** clip(x, 0, 6), MobileNet's activation. */
    Act RELU6 = new Clip(0f, 6f);
    /** 1 / (1 + e^-x). */
    Act SIGMOID = new Sigmoid();
    /** x * relu6(x + 3) / 6. */
    Act HARDSWISH = new HardSwish();
    /** tanh(x). */
    Act TANH = new Tanh();
    /** 0.5 x (1 + erf(x / sqrt 2)), ONNX Gelu with approximate = "none". */
    Act GELU = new Gelu();
    /** x sigmoid(x) (SiLU, Swish), exported from PyTorch as Mul(x, Sigmoid(x)). */
    Act SILU = new Silu();

    record None() implements Act {}
    record Relu() implements Act {}
    /** min(max(x, min), max). */
    record Clip(float min, float max) implements Act {}
    record Sigmoid() implements Act {}
    record Silu() implements Act {}
    /** max(0, min(1, alpha x + beta)); ONNX defaults alpha = 0.2, beta = 0.5. */
    record HardSigmoid(float alpha, float beta) implements Act {}
    record HardSwish() implements Act {}
    /** x for x >= 0, alpha x otherwise; ONNX default alpha = 0.01. */
    record LeakyRelu(float alpha) implements Act {}
    record Tanh() implements Act {}
    record Gelu() implements Act {}
    /** x for x >= 0, alpha (e^x - 1) otherwise; ONNX default alpha = 1. */
    record Elu(float alpha) implements Act {}
    /** gamma (x for x > 0, alpha (e^x - 1) otherwise); ONNX defaults alpha ≈ 1.6733, gamma ≈ 1.0507. */
    record Selu(float alpha, float gamma) implements Act {}
    /** max(0, x) + min(0, alpha (e^(x / alpha) - 1)); ONNX default alpha = 1. */
    record Celu(float alpha) implements Act {}
    /** x for x > alpha, 0 otherwise; ONNX default alpha = 1. */
    record ThresholdedRelu(float alpha) implements Act {}
    /** x tanh(log(1 + e^x)). */
    record Mish() implements Act {}
    /**
     * A QuantizeLinear-DequantizeLinear round trip per tensor: {@code clamp(round_half_even(x / scale), lo, hi) *
     * scale}, lo and hi the quantized type's limits less the zero point, x / scale in float as ONNX Runtime divides;
     * NaN quantizes to lo (ONNX Runtime's clamp keeps the limit), and zero is +0.
     */
    record Quantize(float scale, float lo, float hi) implements Act {}

    /**
     * Whether this activation is a clamp to [{@link #clampLow}, {@link #clampHigh}] (none, Relu, Clip): the kernels
     * apply those inline as a max and a min.
     */
    default boolean isClamp() {
        return this instanceof None || this instanceof Relu || this instanceof Clip;
    }

    /** The lower limit of a clamp ({@link #isClamp}): -infinity for none. */
    default float clampLow() {
        return this instanceof Clip c ? c.min() : this instanceof Relu ? 0f : Float.NEGATIVE_INFINITY;
    }

    /** The upper limit of a clamp ({@link #isClamp}): +infinity for none and Relu. */
    default float clampHigh() {
        return this instanceof Clip c ? c.max() : Float.POSITIVE_INFINITY;
    }

    /** This activation applied to one value (the scalar definition every vector path is tested against). */
    default float apply(float x) {
        return switch (this) {
            case None n -> x;
            case Relu r -> Math.max(x, 0f);
            case Clip c -> Math.min(Math.max(x, c.min()), c.max());
            case Sigmoid s -> MathF.sigmoid(x);
            case Silu s -> (float) (x / (1 + Math.exp(-x)));
            case HardSigmoid h -> Math.max(0f, Math.min(1f, h.alpha() * x + h.beta()));
            case HardSwish h -> x * Math.max(0f, Math.min(6f, x + 3f)) * (1f / 6f);
            case LeakyRelu l -> x >= 0f ? x : l.alpha() * x;
            case Tanh t -> (float) Math.tanh(x);
            case Gelu g -> MathF.gelu(x);
            case Elu e -> x >= 0f ? x : e.alpha() * (float) Math.expm1(x);
            case Selu s -> s.gamma() * (x > 0f ? x : s.alpha() * (float) Math.expm1(x));
            case Celu c -> Math.max(0f, x) + Math.min(0f, c.alpha() * (float) Math.expm1(x / c.alpha()));
            case ThresholdedRelu t -> x > t.alpha() ? x : 0f;
            case Mish m -> x * (float) Math.tanh(Math.log1p(Math.exp(x)));
            // NaN to the grid's lowest point and -0 to +0, as ONNX Runtime's quantizer gives them
            case Quantize q -> Float.isNaN(x) ? q.lo() * q.scale()
                    : (Math.min(Math.max((float) Math.rint(x / q.scale()), q.lo()), q.hi()) + 0f) * q.scale();
        };
    }

    /**
     * The activation named by a {@code cgc.act} attribute: relu, relu6, clip, sigmoid, silu, hardswish, hardsigmoid,
     * leakyrelu, tanh, gelu, or none (also for an empty or null name). {@code alpha} and {@code beta} are the values of
     * {@code cgc.act_alpha} / {@code cgc.act_beta} (clip: min, max; leakyrelu: alpha; hardsigmoid: alpha, beta).
     *
     * @throws IllegalArgumentException naming the activation when it is unknown
     */
    static Act of(String name, float alpha, float beta) {
        if (name == null || name.isEmpty()) {
            return NONE;
        }
        return switch (name) {
            case "none" -> NONE;
            case "relu" -> RELU;
            case "relu6" -> RELU6;
            case "clip" -> new Clip(alpha, beta);
            case "sigmoid" -> SIGMOID;
            case "silu" -> SILU;
            case "hardswish" -> HARDSWISH;
            case "hardsigmoid" -> new HardSigmoid(alpha, beta);
            case "leakyrelu" -> new LeakyRelu(alpha);
            case "tanh" -> TANH;
            case "gelu" -> GELU;
            default -> throw new IllegalArgumentException("unknown activation \"" + name
                    + "\" (expected one of none, relu, relu6, clip, sigmoid, silu, hardswish, hardsigmoid, leakyrelu, tanh, "
                    + "gelu)");
        };
    }
}
