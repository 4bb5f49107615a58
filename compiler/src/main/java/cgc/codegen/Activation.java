package cgc.codegen;

import cgc.ir.Attrs;
import java.util.Locale;

/**
 * An activation fused into a kernel's store (attribute {@code cgc.act} with {@code cgc.act_alpha}/{@code cgc.act_beta}),
 * or applied by the elementwise template. Templates receive it as a C expression of the variable {@code x}, the
 * value about to be stored; constants are float literals.
 */
public record Activation(Kind kind, float alpha, float beta, float scale) {
    public enum Kind { NONE, RELU, CLIP, SIGMOID, SILU, HARDSWISH, HARDSIGMOID, LEAKYRELU, TANH, GELU, QUANTIZE }

    public Activation(Kind kind, float alpha, float beta) { this(kind, alpha, beta, 0); }

    public static final Activation NONE = new Activation(Kind.NONE, 0, 0);

    public static Activation of(Kind kind) { return new Activation(kind, 0, 0); }
    public static Activation clip(float min, float max) { return new Activation(Kind.CLIP, min, max); }
    public static Activation leakyRelu(float alpha) { return new Activation(Kind.LEAKYRELU, alpha, 0); }
    /** ONNX HardSigmoid: {@code max(0, min(1, alpha * x + beta))}. */
    public static Activation hardSigmoid(float alpha, float beta) { return new Activation(Kind.HARDSIGMOID, alpha, beta); }

    /**
     * The activation a heavy op carries, from {@code cgc.act}; absent means none. Defaults follow ONNX: leakyrelu
     * alpha 0.01, hardsigmoid alpha 0.2 and beta 0.5, clip unbounded.
     */
    public static Activation fromAttrs(Attrs attrs) {
        String name = attrs.getString("cgc.act", "none");
        Kind kind;
        try {
            kind = Kind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown fused activation cgc.act = \"" + name + "\"", e);
        }
        return switch (kind) {
            case CLIP -> clip(attrs.getFloat("cgc.act_alpha", Float.NEGATIVE_INFINITY),
                    attrs.getFloat("cgc.act_beta", Float.POSITIVE_INFINITY));
            case LEAKYRELU -> leakyRelu(attrs.getFloat("cgc.act_alpha", 0.01f));
            case HARDSIGMOID -> hardSigmoid(attrs.getFloat("cgc.act_alpha", 0.2f), attrs.getFloat("cgc.act_beta", 0.5f));
            case QUANTIZE -> new Activation(kind, attrs.getFloat("cgc.act_alpha", 0), attrs.getFloat("cgc.act_beta", 0),
                    attrs.getFloat("cgc.act_scale", 1));
            default -> of(kind);
        };
    }

    /** This activation applied to the C expression {@code v} (which must be side-effect free: it may appear twice). */
    public String apply(String v) {
        String a = CLiterals.floatLiteral(alpha), b = CLiterals.floatLiteral(beta);
        return switch (kind) {
            case NONE -> v;
            case RELU -> "fmax(" + v + ", 0.0f)";
            case CLIP -> "fmin(fmax(" + v + ", " + a + "), " + b + ")";
            case SIGMOID -> "(1.0f / (1.0f + exp(-(" + v + "))))";
            case SILU -> "(" + v + " / (1.0f + exp(-(" + v + "))))";
            // ONNX HardSwish: x * max(0, min(1, x / 6 + 1/2))
            case HARDSWISH -> "(" + v + " * clamp(" + v + " * (1.0f / 6.0f) + 0.5f, 0.0f, 1.0f))";
            case HARDSIGMOID -> "clamp(" + a + " * " + v + " + " + b + ", 0.0f, 1.0f)";
            case LEAKYRELU -> "(" + v + " >= 0.0f ? " + v + " : " + a + " * " + v + ")";
            case TANH -> "tanh(" + v + ")";
            // Gelu, erf form (ONNX Gelu approximate="none"): x/2 * (1 + erf(x / sqrt 2))
            case GELU -> "(0.5f * " + v + " * (1.0f + " + GpuCalls.ERF + "(" + v + " * 0.70710678118654752f)))";
            // a QDQ pair (cgc.QuantizeRoundTrip) after the op: alpha and beta the grid's limits, scale its step
            case QUANTIZE -> {
                String s = CLiterals.floatLiteral(scale);
                // fmax and fmin take the limit for NaN; + 0.0f makes rint's -0 a +0, as ONNX Runtime's integers do
                yield "((clamp(rint(" + v + " / " + s + "), " + a + ", " + b + ") + 0.0f) * " + s + ")";
            }
        };
    }

    /** As a template sees it: the expression of {@code x}. */
    @Override public String toString() { return apply("x"); }
}
