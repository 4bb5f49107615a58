package cgc.onnx;

import static cgc.onnx.TestModels.FLOAT;
import static cgc.onnx.TestModels.attr;
import static cgc.onnx.TestModels.floats;
import static cgc.onnx.TestModels.model;
import static cgc.onnx.TestModels.node;
import static cgc.onnx.TestModels.reluGraph;
import static cgc.onnx.TestModels.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.ir.Attr;
import cgc.ir.DType;
import cgc.ir.Dim;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import cgc.onnx.proto.Onnx;
import cgc.onnx.proto.Onnx.AttributeProto.AttributeType;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the importer makes of each construct of a model file. */
class OnnxImporterTest {
    @TempDir Path dir;

    private Model load(Onnx.ModelProto m) {
        return OnnxImporter.read(TestModels.write(dir, "m.onnx", m), ImportOptions.DEFAULT);
    }

    /**
     * Each element type, given once in raw_data (encoded here, independently of the importer) and once in the typed
     * field the ONNX spec assigns to it: both give the same weights, holding the values given.
     */
    static Stream<Arguments> encodings() {
        return Stream.of(
                Arguments.of(DType.F32, new double[] {1.5, -2, 0, 3e-3}),
                Arguments.of(DType.F64, new double[] {1.5, -2, 0, 1e300}),
                Arguments.of(DType.F16, new double[] {1.5, -2, 0, 65504}),
                Arguments.of(DType.BF16, new double[] {1.5, -2, 0, 3.0e38}),
                Arguments.of(DType.I64, new double[] {1, -2, 0, -9.0e15}),
                Arguments.of(DType.I32, new double[] {1, -2, 0, -2147483648.0}),
                Arguments.of(DType.I16, new double[] {1, -2, 0, -32768}),
                Arguments.of(DType.I8, new double[] {1, -2, 0, -128}),
                Arguments.of(DType.U8, new double[] {1, 2, 0, 255}),
                Arguments.of(DType.U16, new double[] {1, 2, 0, 65535}),
                Arguments.of(DType.U32, new double[] {1, 2, 0, 4294967295.0}),
                Arguments.of(DType.U64, new double[] {1, 2, 0, 1.8e19}),
                Arguments.of(DType.BOOL, new double[] {1, 0, 0, 1}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void typedFieldsAndRawDataGiveTheSameWeights(DType t, double[] values) {
        Onnx.TensorProto.Builder typed = Onnx.TensorProto.newBuilder().setName("typed").setDataType(t.onnxCode()).addDims(2).addDims(2);
        ByteBuffer raw = ByteBuffer.allocate(values.length * t.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            switch (t) {
                case F32 -> { typed.addFloatData((float) v); raw.putFloat((float) v); }
                case F64 -> { typed.addDoubleData(v); raw.putDouble(v); }
                case F16 -> { short h = Float.floatToFloat16((float) v); typed.addInt32Data(h & 0xffff); raw.putShort(h); }
                case BF16 -> {
                    short h = (short) (Float.floatToIntBits((float) v) >>> 16);
                    typed.addInt32Data(h & 0xffff);
                    raw.putShort(h);
                }
                case I64 -> { typed.addInt64Data((long) v); raw.putLong((long) v); }
                case I32 -> { typed.addInt32Data((int) v); raw.putInt((int) v); }
                case I16 -> { typed.addInt32Data((int) v); raw.putShort((short) v); }
                case U16 -> { typed.addInt32Data((int) v); raw.putShort((short) (int) v); }
                case I8 -> { typed.addInt32Data((int) v); raw.put((byte) v); }
                case U8, BOOL -> { typed.addInt32Data((int) v); raw.put((byte) (int) v); }
                case U32 -> { typed.addUint64Data((long) v); raw.putInt((int) (long) v); }
                case U64 -> {
                    long bits = new java.math.BigDecimal(v).toBigInteger().longValue(); // unsigned, above 2^63
                    typed.addUint64Data(bits);
                    raw.putLong(bits);
                }
                default -> throw new AssertionError(t);
            }
        }
        Onnx.TensorProto rawTensor = Onnx.TensorProto.newBuilder().setName("raw").setDataType(t.onnxCode())
                .addDims(2).addDims(2).setRawData(ByteString.copyFrom(raw.array())).build();
        Graph g = load(model(17, reluGraph().addInitializer(typed).addInitializer(rawTensor))).graph();

        Weights fromTyped = g.constant("typed").orElseThrow();
        assertEquals(g.constant("raw").orElseThrow(), fromTyped);
        assertEquals(t, fromTyped.dtype());
        assertEquals(List.of(2L, 2L), fromTyped.shape());
        ByteBuffer b = fromTyped.bytes();
        for (int i = 0; i < values.length; i++) {
            double expected = t == DType.F32 ? (float) values[i] : t == DType.F16 || t == DType.BF16
                    ? Weights.wrap(t, List.of(), Arrays.copyOfRange(raw.array(), i * 2, i * 2 + 2)).toFloats()[0]
                    : values[i];
            assertEquals(expected, fromTyped.readDouble(b, i), Math.abs(expected) * 1e-15, t + " element " + i);
        }
    }

    @Test
    void symbolicUnknownAndUnrankedShapesAreKept() {
        Onnx.ValueInfoProto x = Onnx.ValueInfoProto.newBuilder().setName("x").setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(Onnx.TensorShapeProto.newBuilder()
                        .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                        .addDim(Onnx.TensorShapeProto.Dimension.newBuilder())
                        .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(4))))).build();
        Onnx.ValueInfoProto y = Onnx.ValueInfoProto.newBuilder().setName("y").setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(FLOAT))).build();
        Graph g = load(model(17, reluGraph().setInput(0, x).setOutput(0, y))).graph();
        assertEquals(new TensorType(DType.F32, List.of(Dim.symbol("batch"), Dim.UNKNOWN, Dim.of(4))), g.type("x"));
        assertEquals(TensorType.unranked(DType.F32), g.type("y"));
    }

    @Test
    void initializersListedAsInputsAreConstants() {
        // IR version 3 and older list every initializer among the graph inputs
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("old")
                .addInput(value("x", FLOAT, 1, 2)).addInput(value("w", FLOAT, 2, 2))
                .addInitializer(floats("w", new long[] {2, 2}, 1, 2, 3, 4))
                .addNode(node("mm", "MatMul", List.of("x", "w"), List.of("y")))
                .addOutput(value("y", FLOAT, 1, 2));
        Model m = load(model(8, g).toBuilder().setIrVersion(3).build());
        assertEquals(List.of("x"), m.graph().inputs());
        assertTrue(m.graph().isConstant("w"));
        assertFalse(m.graph().types().containsKey("w"));
        assertEquals(3, m.irVersion());
    }

    @Test
    void unnamedNodesGetUniqueNames() {
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("g").addInput(value("x", FLOAT, 4))
                .addNode(node("", "Relu", List.of("x"), List.of("a")))
                .addNode(node("Relu_2", "Neg", List.of("a"), List.of("b")))   // takes the name the next would get
                .addNode(node("", "Relu", List.of("b"), List.of("c")))
                .addOutput(value("c", FLOAT, 4));
        List<String> names = load(model(17, g)).graph().nodes().stream().map(Node::name).toList();
        assertEquals(List.of("Relu_0", "Relu_2", "Relu_2_2"), names);
    }

    @Test
    void constantValuesAreNormalisedToATensor() {
        Onnx.GraphProto.Builder g = reluGraph()
                .addNode(node("f", "Constant", List.of(), List.of("f_out"), attr("value_float", 2.5f)))
                .addNode(node("fs", "Constant", List.of(), List.of("fs_out"), Onnx.AttributeProto.newBuilder()
                        .setName("value_floats").setType(AttributeType.FLOATS).addFloats(1).addFloats(2).build()))
                .addNode(node("i", "Constant", List.of(), List.of("i_out"), attr("value_int", 7L)))
                .addNode(node("is", "Constant", List.of(), List.of("is_out"), Onnx.AttributeProto.newBuilder()
                        .setName("value_ints").setType(AttributeType.INTS).addInts(3).addInts(-4).build()))
                .addNode(node("s", "Constant", List.of(), List.of("s_out"), Onnx.AttributeProto.newBuilder()
                        .setName("value_string").setType(AttributeType.STRING).setS(ByteString.copyFromUtf8("hi")).build()))
                .addNode(node("t", "Constant", List.of(), List.of("t_out"),
                        attr("value", floats("", new long[] {2}, 5, 6))));
        Graph graph = load(model(17, g)).graph();
        assertEquals(Weights.ofFloats(List.of(), 2.5f), tensorOf(graph, "f"));
        assertEquals(Weights.ofFloats(List.of(2L), 1, 2), tensorOf(graph, "fs"));
        assertEquals(Weights.ofLongs(List.of(), 7), tensorOf(graph, "i"));
        assertEquals(Weights.ofLongs(List.of(2L), 3, -4), tensorOf(graph, "is"));
        assertEquals(Weights.ofFloats(List.of(2L), 5, 6), tensorOf(graph, "t"));
        assertEquals(new Attr.Str("hi"), nodeNamed(graph, "s").attrs().get("value_string").orElseThrow());
    }

    private static Node nodeNamed(Graph g, String name) {
        return g.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    private static Weights tensorOf(Graph g, String node) {
        Node n = nodeNamed(g, node);
        assertEquals(1, n.attrs().asMap().size(), "only the value remains");
        return n.attrs().getTensor("value").orElseThrow();
    }

    @Test
    void subGraphsAreImportedAndReadOuterValues() {
        Model m = load(TestModels.small());
        Node ifNode = nodeNamed(m.graph(), "if");
        assertEquals(OpKind.IF, ifNode.op());
        Graph then = ifNode.attrs().getGraph("then_branch").orElseThrow();
        Graph otherwise = ifNode.attrs().getGraph("else_branch").orElseThrow();
        assertEquals(List.of("h"), then.nodes().getFirst().inputs(), "reads h of the enclosing graph");
        assertEquals(OpKind.RELU, then.nodes().getFirst().op());
        assertEquals(OpKind.NEG, otherwise.nodes().getFirst().op());
        assertEquals(List.of("e_out"), otherwise.outputs());
        assertEquals(TensorType.of(DType.F32, 1, 40), otherwise.type("e_out"));
        assertEquals(new TensorType(DType.F32, List.of(Dim.symbol("N"), Dim.of(16))), m.graph().type("x"));
        assertEquals(TensorType.of(DType.F32, 1, 40), m.graph().type("h"), "value_info");
        assertEquals(new Attr.Float(1f), nodeNamed(m.graph(), "gemm").attrs().get("alpha").orElseThrow());
        assertEquals(new Attr.Int(0), nodeNamed(m.graph(), "gemm").attrs().get("transB").orElseThrow());
        Weights cond = nodeNamed(m.graph(), "cond").attrs().getTensor("value").orElseThrow();
        assertArrayEquals(new byte[] {1}, cond.copyBytes());
        assertEquals(DType.BOOL, cond.dtype());
    }

    @Test
    void everyListAttributeTypeIsRead() {
        Onnx.AttributeProto.Builder untyped = Onnx.AttributeProto.newBuilder().setName("old").addInts(5).addInts(6);
        Onnx.GraphProto.Builder g = reluGraph().setNode(0, node("r", "Relu", List.of("x"), List.of("y"),
                Onnx.AttributeProto.newBuilder().setName("fl").setType(AttributeType.FLOATS).addFloats(0.5f).build(),
                Onnx.AttributeProto.newBuilder().setName("st").setType(AttributeType.STRINGS)
                        .addStrings(ByteString.copyFromUtf8("a")).addStrings(ByteString.copyFromUtf8("é")).build(),
                Onnx.AttributeProto.newBuilder().setName("ts").setType(AttributeType.TENSORS)
                        .addTensors(floats("", new long[] {1}, 9)).build(),
                Onnx.AttributeProto.newBuilder().setName("gs").setType(AttributeType.GRAPHS)
                        .addGraphs(Onnx.GraphProto.newBuilder().setName("sub")).build(),
                untyped.build()));
        var attrs = load(model(17, g)).graph().nodes().getFirst().attrs();
        assertEquals(new Attr.Floats(List.of(0.5f)), attrs.get("fl").orElseThrow());
        assertEquals(new Attr.Strs(List.of("a", "é")), attrs.get("st").orElseThrow());
        assertEquals(new Attr.Tensors(List.of(Weights.ofFloats(List.of(1L), 9))), attrs.get("ts").orElseThrow());
        assertEquals(new Attr.Graphs(List.of(Graph.builder("sub").build())), attrs.get("gs").orElseThrow());
        assertEquals(Attr.ints(5, 6), attrs.get("old").orElseThrow(), "type inferred for files before IR version 2");
    }

    @Test
    void opsetsAndOptionalInputsAreKept() {
        Onnx.GraphProto.Builder g = reluGraph().setNode(0, node("c", "Clip", List.of("x", "", "hi", ""), List.of("y")))
                .addInitializer(floats("hi", new long[] {}, 6));
        Onnx.ModelProto p = model(13, g).toBuilder().clearOpsetImport()
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("ai.onnx").setVersion(13))
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("com.example").setVersion(2)).build();
        Model m = load(p);
        assertEquals(13, m.opset());
        assertEquals(List.of("", "com.example"), List.copyOf(m.opsets().keySet()));
        assertEquals(List.of("x", "", "hi"), m.graph().nodes().getFirst().inputs(), "trailing empty inputs dropped");
        assertEquals("cgc-test 1", m.producer());
    }
}
