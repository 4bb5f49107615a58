package cgc.runtime.cpu;

/** Elementwise math functions of one argument; activations (Relu, Clip, Sigmoid, ...) are {@link Act}s. */
public enum UnaryOp {
    NEG, ABS, SQRT, EXP, LOG, RECIPROCAL, ERF, FLOOR, CEIL,
    /** ONNX Round: to the nearest integer, halves to even. */
    ROUND, SIN, COS, TAN, ASIN, ACOS, ATAN, SINH, COSH,
    /**
     * log(x + sqrt(x² + 1)), odd, as log1p(a + a² / (1 + sqrt(1 + a²))) of a = |x| with the sign put back: the plain
     * form loses every digit of a tiny x (1 + x rounds to 1) and of a large negative one.
     */
    ASINH,
    /** log(x + sqrt(x² - 1)) for x ≥ 1 (NaN below), as log1p(t + sqrt(t (t + 2))) of t = x - 1, exact near 1. */
    ACOSH,
    /** log((1 + x) / (1 - x)) / 2 for |x| < 1, odd, as log1p(2a / (1 - a)) / 2 of a = |x|: exact near 0. */
    ATANH,
    /** -1, 0 or 1 (NaN stays NaN). */
    SIGN,
    /** log(1 + e^x), computed as max(x, 0) + log1p(e^-|x|) so that large |x| neither overflows nor loses digits. */
    SOFTPLUS,
    /** x / (1 + |x|). */
    SOFTSIGN;

    /** The scalar definition, which the vector path must match (and a fused op's generated loop calls). */
    public float apply(float x) {
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
                yield (float) Math.copySign(Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a))), x);
            }
            case ACOSH -> {
                double t = (double) x - 1;
                yield (float) Math.log1p(t + Math.sqrt(t * (t + 2)));
            }
            case ATANH -> {
                double a = Math.abs((double) x);
                yield (float) Math.copySign(0.5 * Math.log1p(2 * a / (1 - a)), x);
            }
            case SIGN -> Math.signum(x);
            case SOFTPLUS -> (float) (Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x))));
            case SOFTSIGN -> x / (1f + Math.abs(x));
        };
    }
}
