package cgc.codegen;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Attrs;
import cgc.ir.Node;
import cgc.runtime.cpu.Act;
import com.palantir.javapoet.CodeBlock;

/**
 * The Java of an activation ({@link Act}): fused into a heavy op as its {@code cgc.act} attributes, or a standalone
 * activation node. Parameterless activations are {@code Act}'s constants; the others are records with literals.
 */
final class Activations {
    private Activations() {}

    /** The fused activation of a heavy op: {@code Act.NONE} when it has none. */
    static CodeBlock fused(Node n) {
        Attrs a = n.attrs();
        String act = a.getString("cgc.act", "");
        float alpha = a.getFloat("cgc.act_alpha", Float.NaN), beta = a.getFloat("cgc.act_beta", Float.NaN);
        return switch (act) {
            case "" -> CodeBlock.of("$T.NONE", Act.class);
            case "relu" -> CodeBlock.of("$T.RELU", Act.class);
            case "sigmoid" -> CodeBlock.of("$T.SIGMOID", Act.class);
            case "silu" -> CodeBlock.of("$T.SILU", Act.class);
            case "hardswish" -> CodeBlock.of("$T.HARDSWISH", Act.class);
            case "tanh" -> CodeBlock.of("$T.TANH", Act.class);
            case "gelu" -> CodeBlock.of("$T.GELU", Act.class);
            case "clip" -> clip(alpha, beta);
            case "leakyrelu" -> CodeBlock.of("new $T.LeakyRelu($L)", Act.class, literal(alpha));
            case "hardsigmoid" -> CodeBlock.of("new $T.HardSigmoid($L, $L)", Act.class, literal(alpha), literal(beta));
            case "quantize" -> CodeBlock.of("new $T.Quantize($L, $L, $L)", Act.class,
                    literal(a.getFloat("cgc.act_scale", Float.NaN)), literal(alpha), literal(beta));
            default -> throw new CgcException(Where.NOWHERE.node(n.name()).op(n.op().opType()).detail("attribute \"cgc.act\""),
                    "unknown fused activation \"" + act + "\"");
        };
    }

    static CodeBlock clip(float min, float max) {
        if (min == 0f && max == 6f) return CodeBlock.of("$T.RELU6", Act.class);
        return CodeBlock.of("new $T.Clip($L, $L)", Act.class, literal(min), literal(max));
    }

    /** A float literal that reads back to exactly {@code v}: {@code 0.1f}, {@code Float.NEGATIVE_INFINITY}. */
    static String literal(float v) {
        if (Float.isNaN(v)) throw new IllegalArgumentException("NaN activation parameter");
        if (v == Float.POSITIVE_INFINITY) return "Float.POSITIVE_INFINITY";
        if (v == Float.NEGATIVE_INFINITY) return "Float.NEGATIVE_INFINITY";
        return Float.toString(v) + "f";
    }
}
