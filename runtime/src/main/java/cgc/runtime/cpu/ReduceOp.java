package cgc.runtime.cpu;

/** The reductions of {@link Reduce}: ONNX ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceL2. */
public enum ReduceOp {
    SUM, MEAN, MAX, MIN, L2
}
