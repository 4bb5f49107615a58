package cgc.runtime.cpu;

/**
 * The reductions of {@link Reduce}: ONNX ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceL2, ReduceProd, ReduceL1,
 * ReduceSumSquare, ReduceLogSum and ReduceLogSumExp. Each is a start value, a step that folds one element into the
 * accumulator (a double) and a finish; LogSumExp also takes the window's maximum as a shift, so that exp cannot
 * overflow.
 */
public enum ReduceOp {
    SUM, MEAN, MAX, MIN, L2, PROD, L1, SUM_SQUARE,
    /** log of the sum. */
    LOG_SUM,
    /** log of the sum of exp, computed as {@code max + log(sum exp(x - max))}. */
    LOG_SUM_EXP;

    /** The accumulator before any element: the identity of the step. */
    double start() {
        return switch (this) {
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
            case PROD -> 1;
            default -> 0;
        };
    }

    /** {@code acc} with element {@code v} folded in; {@code shift} is the window's maximum (LogSumExp only). */
    double step(double acc, double v, double shift) {
        return switch (this) {
            case SUM, MEAN, LOG_SUM -> acc + v;
            case MAX -> Math.max(acc, v);
            case MIN -> Math.min(acc, v);
            case L2, SUM_SQUARE -> acc + v * v;
            case PROD -> acc * v;
            case L1 -> acc + Math.abs(v);
            case LOG_SUM_EXP -> acc + Math.exp(v - shift);
        };
    }

    /** The reduced value of a window of {@code count} elements whose accumulator is {@code acc}. */
    double finish(double acc, long count, double shift) {
        return switch (this) {
            case SUM, MAX, MIN, PROD, L1, SUM_SQUARE -> acc;
            case MEAN -> acc / count;
            case L2 -> Math.sqrt(acc);
            case LOG_SUM -> Math.log(acc);
            // an all -inf window (or an empty one) has no finite shift: its log-sum-exp is the shift itself
            case LOG_SUM_EXP -> Double.isInfinite(shift) ? shift : shift + Math.log(acc);
        };
    }

    /**
     * Whether a window of one element reduces to that element, so that a reduction over no axes (ONNX's
     * noop_with_empty_axes) is a copy; for the others (L1, L2, SumSquare, LogSum) it is |x|, x² or log x.
     */
    public boolean keepsLoneValues() {
        return this == SUM || this == MEAN || this == MAX || this == MIN || this == PROD || this == LOG_SUM_EXP;
    }

    /**
     * Whether integer tensors may take the reduction: the exact ones (sums, products, extremes) and the mean, the sum
     * divided by the count with the quotient truncated toward zero, as ONNX Runtime's integer ReduceMean.
     */
    public boolean onIntegers() {
        return this == SUM || this == MAX || this == MIN || this == PROD || this == L1 || this == SUM_SQUARE
                || this == MEAN;
    }
}
