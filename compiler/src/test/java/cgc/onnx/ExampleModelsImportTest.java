package cgc.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.ir.Attr;
import cgc.ir.DType;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import cgc.onnx.proto.Onnx;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Imports each model of {@code examples/models}. The expected numbers were read from the files with an independent
 * decoder of the protobuf wire format (not with cgc), and agree with the architectures: MobileNetV2 has 52
 * convolutions and 35 ReLU6 (Clip), SqueezeNet 1.1 has 26 convolutions each followed by a ReLU and 8 fire modules
 * (Concat).
 */
class ExampleModelsImportTest {
    static final Path MODELS = Path.of("../examples/models");

    record Expected(String file, Map<String, Long> ops, String input, TensorType inputType, TensorType outputType,
                    int constants, long constantBytes) {}

    static final Expected MOBILENET = new Expected("mobilenet_v2.onnx",
            Map.of("Conv", 52L, "Clip", 35L, "Constant", 70L, "Add", 10L, "GlobalAveragePool", 1L, "Flatten", 1L,
                    "Gemm", 1L),
            "input", TensorType.of(DType.F32, 1, 3, 224, 224), TensorType.of(DType.F32, 1, 1000), 106, 13_951_264);
    static final Expected SQUEEZENET = new Expected("squeezenet1_1.onnx",
            Map.of("Conv", 26L, "Relu", 26L, "Identity", 18L, "Concat", 8L, "MaxPool", 3L, "GlobalAveragePool", 1L,
                    "Flatten", 1L),
            "input", TensorType.of(DType.F32, 1, 3, 224, 224), TensorType.of(DType.F32, 1, 1000), 34, 4_933_152);
    static final Expected ENCODER = new Expected("encoder2.onnx",
            Map.ofEntries(Map.entry("Add", 15L), Map.entry("Constant", 22L), Map.entry("Div", 4L), Map.entry("Erf", 2L),
                    Map.entry("Gemm", 1L), Map.entry("Identity", 6L), Map.entry("LayerNormalization", 4L),
                    Map.entry("MatMul", 12L), Map.entry("Mul", 4L), Map.entry("Pow", 2L), Map.entry("ReduceMean", 1L),
                    Map.entry("Reshape", 4L), Map.entry("Softmax", 2L), Map.entry("Split", 2L),
                    Map.entry("Squeeze", 6L), Map.entry("Transpose", 6L)),
            "input", TensorType.of(DType.F32, 1, 128, 256), TensorType.of(DType.F32, 1, 10), 21, 6_453_288);
    static final Expected MLP = new Expected("mlp_small.onnx", Map.of("Flatten", 1L, "Gemm", 3L, "Relu", 2L),
            "input", TensorType.of(DType.F32, 1, 1, 28, 28), TensorType.of(DType.F32, 1, 10), 6, 2_678_824);

    static java.util.stream.Stream<Arguments> models() {
        return java.util.stream.Stream.of(MOBILENET, SQUEEZENET, ENCODER, MLP).map(e -> Arguments.of(e.file(), e));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void importsEverythingTheFileHolds(String file, Expected expected) throws IOException {
        Path path = MODELS.resolve(file);
        Model m = OnnxImporter.read(path, ImportOptions.DEFAULT);

        assertEquals(8, m.irVersion());
        assertEquals(17, m.opset());
        assertEquals("pytorch 2.11.0", m.producer());
        assertEquals(file.replace(".onnx", ""), m.name());

        Map<String, Long> ops = m.graph().nodes().stream()
                .collect(Collectors.groupingBy(n -> n.op().opType(), TreeMap::new, Collectors.counting()));
        assertEquals(new TreeMap<>(expected.ops()), ops);
        assertTrue(m.graph().nodes().stream().allMatch(n -> n.op() instanceof OpKind), "every op is in the op table");

        assertEquals(java.util.List.of(expected.input()), m.graph().inputs());
        assertEquals(expected.inputType(), m.graph().type(expected.input()));
        assertEquals(java.util.List.of("output"), m.graph().outputs());
        assertEquals(expected.outputType(), m.graph().type("output"));

        assertEquals(expected.constants(), m.graph().constants().size());
        long bytes = m.graph().constants().values().stream().mapToLong(Weights::byteSize).sum();
        assertEquals(expected.constantBytes(), bytes);
        assertTrue(bytes < Files.size(path));
        assertTrue(m.graph().constants().values().stream().allMatch(w -> w.dtype() == DType.F32));

        // each constant holds exactly the bytes and dims of its initializer, as protobuf-java alone reads them
        Onnx.GraphProto inFile = Onnx.ModelProto.parseFrom(Files.readAllBytes(path)).getGraph();
        for (Onnx.TensorProto t : inFile.getInitializerList()) {
            Weights w = m.graph().constant(t.getName()).orElseThrow();
            assertEquals(t.getDimsList(), w.shape(), t.getName());
            assertEquals(t.getRawData(), ByteString.copyFrom(w.bytes()), t.getName());
        }

        for (Node n : m.graph().nodes()) {
            assertTrue(!n.name().isEmpty(), "node names are kept");
            if (n.is(OpKind.CONSTANT)) {
                assertTrue(n.attrs().get("value").orElseThrow() instanceof Attr.Tensor, n.name() + " has a value tensor");
            }
        }
    }
}
