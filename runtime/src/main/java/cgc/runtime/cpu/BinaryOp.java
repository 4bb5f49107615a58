package cgc.runtime.cpu;

/** Elementwise functions of two arguments, broadcast the numpy way by {@link Binary}. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAX, MIN,
    /** ONNX PRelu: {@code a} where it is not negative, else {@code a * b} (b the slope). */
    PRELU;

    /** The scalar definition, which the vector path must match. */
    float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> (float) Math.pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case PRELU -> a < 0 ? a * b : a;
        };
    }
}
