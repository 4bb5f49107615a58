package cgc.ir;

import cgc.diag.CgcException;
import cgc.diag.Where;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The attributes of one RNN, GRU or LSTM node, read and checked once for the shape rule and code generation: the
 * direction, the hidden size (when given), the layout, the cell clip and each direction's activation functions with
 * their alphas and betas.
 *
 * @param hiddenSize the attribute, or -1 when absent (the shape rule then reads it off R)
 * @param clip       the cell clip threshold; infinite when there is none
 * @param activations {@link #functionsPerDirection()} per direction, the forward direction's first
 */
public record Recurrence(OpKind op, String direction, long hiddenSize, long layout, float clip, boolean inputForget,
                         boolean linearBeforeReset, List<Activation> activations) {

    /** The activation functions the spec lists for the recurrent ops. */
    public enum Function {
        RELU("Relu"), TANH("Tanh"), SIGMOID("Sigmoid"), AFFINE("Affine"), LEAKY_RELU("LeakyRelu"),
        THRESHOLDED_RELU("ThresholdedRelu"), SCALED_TANH("ScaledTanh"), HARD_SIGMOID("HardSigmoid"), ELU("Elu"),
        SOFTSIGN("Softsign"), SOFTPLUS("Softplus");

        private final String onnxName;

        Function(String onnxName) { this.onnxName = onnxName; }

        public String onnxName() { return onnxName; }

        boolean takesAlpha() {
            return switch (this) {
                case AFFINE, LEAKY_RELU, THRESHOLDED_RELU, SCALED_TANH, HARD_SIGMOID, ELU -> true;
                default -> false;
            };
        }

        boolean takesBeta() { return this == AFFINE || this == SCALED_TANH || this == HARD_SIGMOID; }

        /**
         * The defaults of the ONNX ops of the same name (Affine-1: 1 and 0); ScaledTanh never had any, and takes
         * ONNX Runtime's 0.
         */
        float defaultAlpha() {
            return switch (this) {
                case LEAKY_RELU -> 0.01f;
                case HARD_SIGMOID -> 0.2f;
                case AFFINE, THRESHOLDED_RELU, ELU -> 1f;
                default -> 0f;
            };
        }

        float defaultBeta() { return this == HARD_SIGMOID ? 0.5f : 0f; }

        static Optional<Function> byName(String name) {
            return Arrays.stream(values()).filter(f -> f.onnxName.equalsIgnoreCase(name)).findFirst();
        }
    }

    /** One activation function with its alpha and beta (0 where it takes none). */
    public record Activation(Function function, float alpha, float beta) {}

    public Recurrence {
        activations = List.copyOf(activations);
    }

    public int directions() { return direction.equals("bidirectional") ? 2 : 1; }

    /** Whether the first (or only) direction runs from the last step to the first. */
    public boolean reverse() { return direction.equals("reverse"); }

    /** The blocks of hidden_size rows in W and R: 1 (RNN), 3 (GRU: z, r, h), 4 (LSTM: i, o, f, c). */
    public int gates() { return gates(op); }

    /** How many activation functions each direction takes: f (RNN); f, g (GRU); f, g, h (LSTM). */
    public int functionsPerDirection() { return op == OpKind.RNN ? 1 : op == OpKind.GRU ? 2 : 3; }

    static int gates(OpKind op) { return op == OpKind.RNN ? 1 : op == OpKind.GRU ? 3 : 4; }

    /** Reads and checks the attributes of {@code n} (an RNN, GRU or LSTM node) with the op table's defaults. */
    public static Recurrence of(Node n, long opset) {
        OpKind op = n.kind();
        String direction = string(n, opset, "direction");
        if (!List.of("forward", "reverse", "bidirectional").contains(direction)) {
            throw attrError(n, "direction", "expected forward, reverse or bidirectional, got \"" + direction + "\"");
        }
        long hidden = op.attrOrDefault(n, "hidden_size", opset).map(a -> ((Attr.Int) a).value()).orElse(-1L);
        if (n.attrs().has("hidden_size") && hidden < 1) {
            throw attrError(n, "hidden_size", "expected 1 or more, got " + hidden);
        }
        long layout = op.attrOrDefault(n, "layout", opset).map(a -> ((Attr.Int) a).value()).orElse(0L);
        if (layout != 0 && layout != 1) throw attrError(n, "layout", "expected 0 or 1, got " + layout);
        float clip = n.attrs().has("clip") ? n.attrs().getFloat("clip", 0f) : Float.POSITIVE_INFINITY;
        if (!(clip > 0)) throw attrError(n, "clip", "expected a threshold above 0, got " + clip);
        long inputForget = op == OpKind.LSTM ? n.attrs().getInt("input_forget", 0) : 0;
        long linearBeforeReset = op == OpKind.GRU ? n.attrs().getInt("linear_before_reset", 0) : 0;
        int directions = direction.equals("bidirectional") ? 2 : 1;
        return new Recurrence(op, direction, hidden, layout, clip, inputForget != 0, linearBeforeReset != 0,
                activations(n, directions));
    }

    /**
     * The activations, defaults for each direction when absent (Sigmoid, Tanh, Tanh; Sigmoid, Tanh; Tanh); the alphas
     * and betas are consumed in order by the functions that take one, the rest taking the defaults of the ONNX op of
     * the same name.
     */
    private static List<Activation> activations(Node n, int directions) {
        OpKind op = n.kind();
        int per = op == OpKind.RNN ? 1 : op == OpKind.GRU ? 2 : 3;
        List<String> defaults = op == OpKind.RNN ? List.of("Tanh") : op == OpKind.GRU ? List.of("Sigmoid", "Tanh")
                : List.of("Sigmoid", "Tanh", "Tanh");
        List<String> names = n.attrs().get("activations").map(a -> ((Attr.Strs) a).values()).orElse(null);
        if (names == null) {
            names = new ArrayList<>();
            for (int d = 0; d < directions; d++) names.addAll(defaults);
        } else if (op == OpKind.RNN && directions == 1 && names.size() == 2) {
            names = names.subList(0, 1);   // the spec's default list, ["Tanh", "Tanh"], for one direction
        }
        if (names.size() != per * directions) {
            throw attrError(n, "activations", "expected " + per * directions + " functions (" + per + " per direction"
                    + " of " + directions + "), got " + names.size() + " " + names);
        }
        List<Float> alphas = floats(n, "activation_alpha"), betas = floats(n, "activation_beta");
        int nextAlpha = 0, nextBeta = 0;
        List<Activation> out = new ArrayList<>();
        for (String name : names) {
            Function f = Function.byName(name).orElseThrow(() -> attrError(n, "activations", "expected one of "
                    + Arrays.stream(Function.values()).map(Function::onnxName).toList() + ", got \"" + name + "\""));
            float alpha = f.takesAlpha() && nextAlpha < alphas.size() ? alphas.get(nextAlpha++) : f.defaultAlpha();
            float beta = f.takesBeta() && nextBeta < betas.size() ? betas.get(nextBeta++) : f.defaultBeta();
            out.add(new Activation(f, f.takesAlpha() ? alpha : 0f, f.takesBeta() ? beta : 0f));
        }
        return out;
    }

    private static List<Float> floats(Node n, String name) {
        return n.attrs().getFloats(name, List.of());
    }

    private static String string(Node n, long opset, String name) {
        return n.kind().attrOrDefault(n, name, opset).map(a -> ((Attr.Str) a).value()).orElseThrow();
    }

    private static CgcException attrError(Node n, String name, String message) {
        return new CgcException(Where.NOWHERE.node(n.name()).op(n.op().opType()).detail("attribute \"" + name + "\""),
                message);
    }
}
