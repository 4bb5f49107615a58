package cgc.onnx;

/**
 * How {@link OnnxImporter} treats what it does not know.
 *
 * @param allowUnknownOps keep an op that is not in the op table (or of another domain) as an {@link cgc.ir.OpaqueOp}
 *                        instead of refusing the model ({@code --allow-unknown-ops})
 */
public record ImportOptions(boolean allowUnknownOps) {
    public static final ImportOptions DEFAULT = new ImportOptions(false);
}
