package cgc.onnx;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.OpKind;
import cgc.ir.Weights;
import cgc.onnx.proto.Onnx;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes a model as an ONNX file that ONNX Runtime runs and that computes the same function. Constants become
 * initializers ({@code raw_data}), types become value infos, names and opsets are kept. cgc's own constructs are
 * written as their ONNX decomposition ({@link GraphWriter}): a fused activation ({@code cgc.act}) becomes the
 * activation's node after the heavy op, {@code cgc.Linear} becomes {@code MatMul} then {@code Add} (a second for its
 * residual); attributes named {@code cgc.*} never reach the file.
 */
public final class OnnxExporter {
    /** Room left under protobuf's 2 GiB message limit for everything that is not weights. */
    private static final long MAX_WEIGHT_BYTES = Integer.MAX_VALUE - (64L << 20);

    private OnnxExporter() {}

    public static Onnx.ModelProto toProto(Model model) {
        long opset = model.opset() > 0 ? model.opset() : OpKind.MAX_OPSET;
        Onnx.ModelProto.Builder b = Onnx.ModelProto.newBuilder()
                .setIrVersion(irVersion(model))
                .setProducerName("cgc")
                .setGraph(new GraphWriter(model.graph(), opset).write());
        String version = OnnxExporter.class.getPackage().getImplementationVersion();
        b.setProducerVersion(version == null ? "dev" : version);
        if (!model.opsets().containsKey("") && !model.opsets().containsKey("ai.onnx")) {
            b.addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset));
        }
        for (Map.Entry<String, Long> e : model.opsets().entrySet()) {
            if (e.getKey().equals("cgc")) continue; // cgc's own ops are decomposed, never written
            b.addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain(e.getKey()).setVersion(e.getValue()));
        }
        return b.build();
    }

    /**
     * The model's own IR version, raised to 4 if older (before 4 every initializer had to be listed as a graph input
     * too, and the exporter does not list them); 10 (ONNX 1.16, which has every opset cgc supports) if it has none.
     */
    private static long irVersion(Model model) {
        return model.irVersion() <= 0 ? 10 : Math.max(model.irVersion(), 4);
    }

    /** Writes {@code model} to {@code file} atomically: a temporary file in the same folder, then a move. */
    public static void write(Model model, Path file) {
        long weightBytes = weightBytes(model.graph());
        if (weightBytes > MAX_WEIGHT_BYTES) {
            throw new CgcException(Where.file(file), "the model's constants take " + weightBytes + " bytes, too many"
                    + " for one protobuf file (2 GiB); writing external data is not supported");
        }
        byte[] bytes = toProto(model).toByteArray();
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CgcException(Where.file(file), "cannot write the file: " + e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more can be done; the original error, if any, is the one to report
                }
            }
        }
    }

    private static long weightBytes(Graph g) {
        return g.constants().values().stream().mapToLong(Weights::byteSize).sum();
    }

    /** An initializer or tensor attribute: dense little-endian bytes in {@code raw_data}. */
    static Onnx.TensorProto tensor(String name, Weights w) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder()
                .setDataType(w.dtype().onnxCode())
                .addAllDims(w.shape())
                .setRawData(UnsafeByteOperations.unsafeWrap(w.bytes()));
        if (name != null) t.setName(name);
        return t.build();
    }
}
