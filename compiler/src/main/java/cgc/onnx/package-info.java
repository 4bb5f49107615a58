/**
 * ONNX import and export: the first and the last arrow of the data flow.
 *
 * <p>{@link cgc.onnx.OnnxImporter#read} turns a model file into a {@link cgc.ir.Model}: one pass over the bytes with a
 * protobuf stream of its own (so malformed files are reported with a byte offset), then {@code GraphReader} per graph
 * (main graph and sub-graphs), {@code TensorReader} for initializers and tensor attributes in every encoding,
 * {@code ExternalData} for side files (never outside the model's folder), {@code OnnxAttrs} and {@code OnnxTypes}
 * for attributes and value types. Sizes are checked against {@code Limits} before anything is allocated. Every problem
 * with the file is a {@link cgc.diag.CgcException} naming file, node, op and what was expected and found.
 *
 * <p>{@link cgc.onnx.OnnxExporter} writes a model back as plain ONNX that ONNX Runtime runs: {@code GraphWriter}
 * decomposes cgc's own constructs (fused activations, {@code cgc.Linear}) into ONNX ops of the model's opset.
 */
package cgc.onnx;
