package cgc.ir;

/** What a node computes: an operator of the op table ({@link OpKind}) or an opaque op kept by request. */
public sealed interface Op permits OpKind, OpaqueOp {
    /** The ONNX op_type, e.g. {@code Conv}. */
    String opType();

    /** The ONNX domain; {@code ""} for the default operator set. */
    String domain();
}
