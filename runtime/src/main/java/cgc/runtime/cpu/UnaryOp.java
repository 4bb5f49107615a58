package cgc.runtime.cpu;

/** Elementwise math functions of one argument; activations (Relu, Clip, Sigmoid, ...) are {@link Act}s. */
public enum UnaryOp {
    NEG, ABS, SQRT, EXP, LOG, RECIPROCAL, ERF, FLOOR, CEIL,
    /** ONNX Round: to the nearest integer, halves to even. */
    ROUND, SIN, COS, TAN, ASIN, ACOS, ATAN, SINH, COSH,
    /** log(x + sqrt(x² + 1)), odd: computed for |x| and the sign put back, so that large negative x loses no digits. */
    ASINH,
    /** log(x + sqrt(x² - 1)) for x ≥ 1, NaN below. */
    ACOSH,
    /** log((1 + x) / (1 - x)) / 2 for |x| < 1. */
    ATANH,
    /** -1, 0 or 1 (NaN stays NaN). */
    SIGN,
    /** log(1 + e^x), computed as max(x, 0) + log1p(e^-|x|) so that large |x| neither overflows nor loses digits. */
    SOFTPLUS,
    /** x / (1 + |x|). */
    SOFTSIGN;

    /** The scalar definition, which the vector path must match. */
    float apply(float x) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SQRT -> (float) Math.sqrt(x);
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case RECIPROCAL -> 1f / x;
            case ERF -> MathF.erf(x);
            case FLOOR -> (float) Math.floor(x);
            case CEIL -> (float) Math.ceil(x);
            case ROUND -> (float) Math.rint(x);
            case SIN -> (float) Math.sin(x);
            case COS -> (float) Math.cos(x);
            case TAN -> (float) Math.tan(x);
            case ASIN -> (float) Math.asin(x);
            case ACOS -> (float) Math.acos(x);
            case ATAN -> (float) Math.atan(x);
            case SINH -> (float) Math.sinh(x);
            case COSH -> (float) Math.cosh(x);
            case ASINH -> {
                double a = Math.abs((double) x);
                yield (float) Math.copySign(Math.log(a + Math.sqrt(a * a + 1)), x);
            }
            case ACOSH -> (float) Math.log(x + Math.sqrt((double) x * x - 1));
            case ATANH -> (float) (0.5 * Math.log((1.0 + x) / (1.0 - x)));
            case SIGN -> Math.signum(x);
            case SOFTPLUS -> (float) (Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x))));
            case SOFTSIGN -> x / (1f + Math.abs(x));
        };
    }
}
