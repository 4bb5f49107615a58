package cgc.onnx;

import static cgc.onnx.TestModels.FLOAT;
import static cgc.onnx.TestModels.attr;
import static cgc.onnx.TestModels.floats;
import static cgc.onnx.TestModels.node;
import static cgc.onnx.TestModels.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.diag.CgcException;
import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.OpaqueOp;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import cgc.onnx.proto.Onnx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The exporter writes models that import back to the same graph and that ONNX Runtime runs to the same results. */
class OnnxExporterTest {
    static final double TOLERANCE = 1e-6;
    static final long SEED = 20261123;

    @TempDir Path dir;

    static Stream<Arguments> examples() {
        return Stream.of("mobilenet_v2", "squeezenet1_1", "encoder2", "mlp_small").map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void importExportImportGivesAnEqualGraph(String name) {
        Model first = OnnxImporter.read(ExampleModelsImportTest.MODELS.resolve(name + ".onnx"), ImportOptions.DEFAULT);
        Path out = dir.resolve(name + ".onnx");
        OnnxExporter.write(first, out);
        Model second = OnnxImporter.read(out, ImportOptions.DEFAULT);
        assertEquals(first.graph(), second.graph());
        assertEquals(first.opsets(), second.opsets());
        assertEquals(first.irVersion(), second.irVersion());
        assertTrue(second.producer().startsWith("cgc "), second.producer());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exportedModelComputesWhatTheOriginalDoes(String name) {
        Path original = ExampleModelsImportTest.MODELS.resolve(name + ".onnx");
        Model m = OnnxImporter.read(original, ImportOptions.DEFAULT);
        String input = m.graph().inputs().getFirst();
        Map<String, OrtRunner.Tensor> feed = Map.of(input,
                OrtRunner.Tensor.random(SEED, m.graph().type(input).shape()));

        float[] expected = OrtRunner.run(original, feed).get("output").data();
        float[] actual = OrtRunner.run(OnnxExporter.toProto(m).toByteArray(), feed).get("output").data();
        double err = OrtRunner.relativeL2(expected, actual);
        assertTrue(err <= TOLERANCE, name + ": relative L2 error " + err + " (seed " + SEED + ")");
    }

    /**
     * The same after the standard passes: what they fuse (Linear with its bias and residual, Conv with its residual and
     * activation, folded BatchNorm) is written back as plain ONNX that ONNX Runtime runs to the original's results.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exportedOptimisedModelComputesWhatTheOriginalDoes(String name) {
        Path original = ExampleModelsImportTest.MODELS.resolve(name + ".onnx");
        Model m = cgc.passes.PassManager.of(cgc.passes.Pipeline.standardPasses())
                .run(OnnxImporter.read(original, ImportOptions.DEFAULT));
        String input = m.graph().inputs().getFirst();
        Map<String, OrtRunner.Tensor> feed = Map.of(input,
                OrtRunner.Tensor.random(SEED + 1, m.graph().type(input).shape()));
        float[] expected = OrtRunner.run(original, feed).get("output").data();
        float[] actual = OrtRunner.run(OnnxExporter.toProto(m).toByteArray(), feed).get("output").data();
        double err = OrtRunner.relativeL2(expected, actual);
        assertTrue(err <= 1e-5, name + ": relative L2 error " + err + " (seed " + (SEED + 1) + ")");
    }

    // --- cgc's own constructs ---------------------------------------------------------------------------------

    record Act(String name, Float alpha, Float beta) {
        Attrs attrs() {
            Attrs a = Attrs.EMPTY.with(GraphWriter.ACT, new Attr.Str(name));
            if (alpha != null) a = a.with(GraphWriter.ACT_ALPHA, new Attr.Float(alpha));
            if (beta != null) a = a.with(GraphWriter.ACT_BETA, new Attr.Float(beta));
            return a;
        }
    }

    static final List<Act> ACTS = List.of(new Act("relu", null, null), new Act("clip", -0.3f, 0.4f),
            new Act("sigmoid", null, null), new Act("silu", null, null), new Act("hardswish", null, null),
            new Act("hardsigmoid", 0.3f, 0.4f), new Act("leakyrelu", 0.1f, null), new Act("tanh", null, null),
            new Act("gelu", null, null));

    static final int M = 3, K = 16, N = 8;

    /**
     * One Gemm per activation, each carrying it as {@code cgc.act}, plus {@code cgc.Linear} with a bias and GELU and
     * without a bias, and a Conv with ReLU: written for a given opset.
     */
    static Model fusedModel(long opset) {
        Graph.Builder g = Graph.builder("fused").input("x", TensorType.of(DType.F32, M, K))
                .input("img", TensorType.of(DType.F32, 1, 2, 5, 5))
                .constant("w", Weights.ofFloats(List.of((long) K, (long) N), TestModels.randomFloats(11, K * N)))
                .constant("b", Weights.ofFloats(List.of((long) N), TestModels.randomFloats(12, N)))
                .constant("k", Weights.ofFloats(List.of(3L, 2L, 3L, 3L), TestModels.randomFloats(13, 54)));
        for (Act a : ACTS) {
            g.node(new Node("gemm_" + a.name(), OpKind.GEMM, List.of("x", "w", "b"), List.of("y_" + a.name()),
                    a.attrs().with("alpha", new Attr.Float(2f))));
            g.output("y_" + a.name()).type("y_" + a.name(), TensorType.of(DType.F32, M, N));
        }
        OpaqueOp linear = new OpaqueOp("cgc", "Linear");
        g.node(new Node("linear_bias_gelu", linear, List.of("x", "w", "b"), List.of("y_linear_bias"),
                new Act("gelu", null, null).attrs()));
        g.node(new Node("linear", linear, List.of("x", "w"), List.of("y_linear"), Attrs.EMPTY));
        g.node(new Node("conv", OpKind.CONV, List.of("img", "k"), List.of("y_conv"),
                new Act("relu", null, null).attrs().with("pads", Attr.ints(1, 1, 1, 1))));
        g.output("y_linear_bias").output("y_linear").output("y_conv");
        Map<String, Long> opsets = new LinkedHashMap<>();
        opsets.put("", opset);
        opsets.put("cgc", 1L);
        return new Model("fused", 8, new java.util.TreeMap<>(opsets), "test", g.build());
    }

    /** The same function written by hand with plain ONNX ops of opset 20 (which has Gelu and Clip with inputs). */
    static Onnx.ModelProto plainModel() {
        Model fused = fusedModel(20);
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("plain")
                .addInput(value("x", FLOAT, M, K)).addInput(value("img", FLOAT, 1, 2, 5, 5));
        fused.graph().constants().forEach((n, w) -> g.addInitializer(floats(n, w.shape().stream().mapToLong(Long::longValue)
                .toArray(), w.toFloats())));
        g.addInitializer(floats("lo", new long[] {}, -0.3f)).addInitializer(floats("hi", new long[] {}, 0.4f));
        for (Act a : ACTS) {
            String t = "t_" + a.name(), y = "y_" + a.name();
            g.addNode(node("gemm_" + a.name(), "Gemm", List.of("x", "w", "b"), List.of(t), attr("alpha", 2f)));
            if (a.name().equals("silu")) g.addNode(node(t + "_sigmoid", "Sigmoid", List.of(t), List.of(t + "_s")));
            g.addNode(switch (a.name()) {
                case "relu" -> node(y, "Relu", List.of(t), List.of(y));
                case "clip" -> node(y, "Clip", List.of(t, "lo", "hi"), List.of(y));
                case "sigmoid" -> node(y, "Sigmoid", List.of(t), List.of(y));
                case "silu" -> node(y, "Mul", List.of(t, t + "_s"), List.of(y));
                case "hardswish" -> node(y, "HardSwish", List.of(t), List.of(y));
                case "hardsigmoid" -> node(y, "HardSigmoid", List.of(t), List.of(y), attr("alpha", 0.3f), attr("beta", 0.4f));
                case "leakyrelu" -> node(y, "LeakyRelu", List.of(t), List.of(y), attr("alpha", 0.1f));
                case "tanh" -> node(y, "Tanh", List.of(t), List.of(y));
                case "gelu" -> node(y, "Gelu", List.of(t), List.of(y));
                default -> throw new AssertionError(a);
            });
            g.addOutput(value(y, FLOAT, M, N));
        }
        g.addNode(node("mm1", "MatMul", List.of("x", "w"), List.of("mm1")))
                .addNode(node("add1", "Add", List.of("mm1", "b"), List.of("lin1")))
                .addNode(node("gelu1", "Gelu", List.of("lin1"), List.of("y_linear_bias")))
                .addNode(node("mm2", "MatMul", List.of("x", "w"), List.of("y_linear")))
                .addNode(node("conv", "Conv", List.of("img", "k"), List.of("c"), Onnx.AttributeProto.newBuilder()
                        .setName("pads").setType(Onnx.AttributeProto.AttributeType.INTS).addAllInts(List.of(1L, 1L, 1L, 1L))
                        .build()))
                .addNode(node("relu", "Relu", List.of("c"), List.of("y_conv")));
        g.addOutput(value("y_linear_bias", FLOAT, M, N)).addOutput(value("y_linear", FLOAT, M, N))
                .addOutput(value("y_conv", FLOAT, 1, 3, 5, 5));
        return TestModels.model(20, g);
    }

    /**
     * Opset 10 writes Clip with attributes and HardSwish and GELU by their formulas, 13 Clip with inputs, 17 HardSwish
     * as an op, 20 GELU as an op: each must compute what the hand-written plain model computes.
     */
    @ParameterizedTest(name = "opset {0}")
    @ValueSource(longs = {10, 13, 17, 20})
    void fusedActivationsAndLinearComputeWhatPlainOnnxDoes(long opset) {
        Onnx.ModelProto exported = OnnxExporter.toProto(fusedModel(opset));
        for (Onnx.NodeProto n : exported.getGraph().getNodeList()) {
            assertTrue(n.getDomain().isEmpty(), n.getName() + " is in the default domain");
            assertTrue(n.getAttributeList().stream().noneMatch(a -> a.getName().startsWith("cgc.")), n.getName());
        }
        assertTrue(exported.getOpsetImportList().stream().noneMatch(o -> o.getDomain().equals("cgc")));
        List<String> ops = exported.getGraph().getNodeList().stream().map(Onnx.NodeProto::getOpType).toList();
        assertEquals(opset >= 14, ops.contains("HardSwish"), ops.toString());
        assertEquals(opset >= 20, ops.contains("Gelu"), ops.toString());

        Map<String, OrtRunner.Tensor> feed = Map.of("x", OrtRunner.Tensor.random(SEED, M, K),
                "img", OrtRunner.Tensor.random(SEED + 1, 1, 2, 5, 5));
        Map<String, OrtRunner.Tensor> expected = OrtRunner.run(plainModel().toByteArray(), feed);
        Map<String, OrtRunner.Tensor> actual = OrtRunner.run(exported.toByteArray(), feed);
        assertEquals(expected.keySet(), actual.keySet());
        List<String> failures = new ArrayList<>();
        for (String out : expected.keySet()) {
            double err = OrtRunner.relativeL2(expected.get(out).data(), actual.get(out).data());
            if (!(err <= TOLERANCE)) failures.add(out + ": relative L2 error " + err);
        }
        assertTrue(failures.isEmpty(), "opset " + opset + ", seed " + SEED + ": " + failures);
    }

    /**
     * A QDQ round trip, as a node and fused into a Conv after its Relu6 (the grid narrowed to [round(0 / s),
     * round(6 / s)]), exports as plain ONNX that computes what the QuantizeLinear-DequantizeLinear pairs they stand
     * for compute, exactly.
     */
    @Test
    void quantizationRoundTripsExportAsWhatTheirPairsCompute() {
        float s = 0.05f;
        int z = 3;                                             // i8 zero point: the grid [-128 - 3, 127 - 3]
        Graph g = Graph.builder("q").input("img", TensorType.of(DType.F32, 1, 2, 5, 5))
                .constant("k", Weights.ofFloats(List.of(3L, 2L, 3L, 3L), TestModels.randomFloats(13, 54)))
                .node(new Node("conv", OpKind.CONV, List.of("img", "k"), List.of("a"), Attrs.EMPTY
                        .with(GraphWriter.ACT, new Attr.Str("quantize")).with(GraphWriter.ACT_ALPHA, new Attr.Float(0))
                        .with(GraphWriter.ACT_BETA, new Attr.Float(Math.min(127 - z, Math.round(6 / s))))
                        .with("cgc.act_scale", new Attr.Float(s))))
                .node(new Node("rt", OpKind.QUANTIZE_ROUND_TRIP, List.of("img"), List.of("b"), Attrs.EMPTY
                        .with("scale", new Attr.Float(s)).with("lo", new Attr.Float(-128 - z))
                        .with("hi", new Attr.Float(127 - z))))
                .output("a").output("b").build();
        Onnx.ModelProto exported = OnnxExporter.toProto(new Model("q", 8, new java.util.TreeMap<>(Map.of("", 13L)), "", g));
        for (Onnx.NodeProto n : exported.getGraph().getNodeList()) {
            assertTrue(n.getDomain().isEmpty() && n.getAttributeList().stream().noneMatch(a -> a.getName()
                    .startsWith("cgc.")), n.getName() + " is plain ONNX");
        }
        Onnx.GraphProto.Builder plain = Onnx.GraphProto.newBuilder().setName("pairs")
                .addInput(value("img", FLOAT, 1, 2, 5, 5))
                .addInitializer(floats("k", new long[] {3, 2, 3, 3}, TestModels.randomFloats(13, 54)))
                .addInitializer(floats("s", new long[0], s)).addInitializer(floats("zero", new long[0], 0))
                .addInitializer(floats("six", new long[0], 6))
                .addInitializer(Onnx.TensorProto.newBuilder().setName("z").setDataType(3).addInt32Data(z))
                .addNode(node("conv", "Conv", List.of("img", "k"), List.of("c")))
                .addNode(node("relu6", "Clip", List.of("c", "zero", "six"), List.of("r")))
                .addNode(node("qa", "QuantizeLinear", List.of("r", "s", "z"), List.of("ra")))
                .addNode(node("da", "DequantizeLinear", List.of("ra", "s", "z"), List.of("a")))
                .addNode(node("qb", "QuantizeLinear", List.of("img", "s", "z"), List.of("rb")))
                .addNode(node("db", "DequantizeLinear", List.of("rb", "s", "z"), List.of("b")))
                .addOutput(value("a", FLOAT, 1, 3, 3, 3)).addOutput(value("b", FLOAT, 1, 2, 5, 5));
        Map<String, OrtRunner.Tensor> feed = Map.of("img", OrtRunner.Tensor.random(SEED, 1, 2, 5, 5));
        Map<String, OrtRunner.Tensor> want = OrtRunner.run(TestModels.model(13, plain).toByteArray(), feed);
        Map<String, OrtRunner.Tensor> got = OrtRunner.run(exported.toByteArray(), feed);
        for (String o : List.of("a", "b")) {
            assertArrayEquals(want.get(o).data(), got.get(o).data(), 0f, o + ", seed " + SEED);
        }
    }

    /** IR version 3 lists initializers as inputs; the importer makes them constants, the export raises the IR to 4. */
    @Test
    void oldIrVersionModelRunsAfterExport() {
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("old")
                .addInput(value("x", FLOAT, 1, 2)).addInput(value("w", FLOAT, 2, 2))
                .addInitializer(floats("w", new long[] {2, 2}, 1, 2, 3, 4))
                .addNode(node("mm", "MatMul", List.of("x", "w"), List.of("y")))
                .addOutput(value("y", FLOAT, 1, 2));
        Onnx.ModelProto old = TestModels.model(8, g).toBuilder().setIrVersion(3).build();
        Model m = OnnxImporter.read(TestModels.write(dir, "old.onnx", old), ImportOptions.DEFAULT);
        Onnx.ModelProto exported = OnnxExporter.toProto(m);
        assertEquals(4, exported.getIrVersion());
        float[] y = OrtRunner.run(exported.toByteArray(), Map.of("x", new OrtRunner.Tensor(new long[] {1, 2},
                new float[] {1, -1}))).get("y").data();
        assertEquals(List.of(-2f, -2f), List.of(y[0], y[1]));  // [1, -1] . [[1, 2], [3, 4]]
    }

    @Test
    void unknownActivationIsRefusedAndNothingIsWritten() throws IOException {
        Graph g = Graph.builder("g").input("x", TensorType.of(DType.F32, 2))
                .node(new Node("r", OpKind.RELU, List.of("x"), List.of("y"), Attrs.EMPTY.with(GraphWriter.ACT,
                        new Attr.Str("swish"))))
                .output("y").build();
        Path out = Files.writeString(dir.resolve("out.onnx"), "previous contents");
        CgcException e = assertThrows(CgcException.class, () -> OnnxExporter.write(
                new Model("m", 8, new java.util.TreeMap<>(Map.of("", 17L)), "", g), out));
        assertEquals("node \"r\" (Relu): unknown fused activation \"swish\" (attribute cgc.act)", e.describe());
        assertEquals("previous contents", Files.readString(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList());
        }
    }

    @Test
    void writingIntoAMissingFolderFailsCleanly() {
        Model m = OnnxImporter.read(ExampleModelsImportTest.MODELS.resolve("mlp_small.onnx"), ImportOptions.DEFAULT);
        Path out = dir.resolve("no/such/folder/m.onnx");
        CgcException e = assertThrows(CgcException.class, () -> OnnxExporter.write(m, out));
        assertTrue(e.describe().startsWith("m.onnx: cannot write the file: "), e.describe());
        assertFalse(Files.exists(dir.resolve("no")));
    }

    @Test
    void subGraphsAndOpaqueOpsAreWrittenBack() {
        Model first = OnnxImporter.read(TestModels.write(dir, "small.onnx", TestModels.small()), ImportOptions.DEFAULT);
        Model second = OnnxImporter.read(TestModels.write(dir, "again.onnx", OnnxExporter.toProto(first)),
                ImportOptions.DEFAULT);
        assertEquals(first.graph(), second.graph());
        Map<String, OrtRunner.Tensor> feed = Map.of("x", OrtRunner.Tensor.random(SEED, 1, 16));
        double err = OrtRunner.relativeL2(OrtRunner.run(TestModels.small().toByteArray(), feed).get("y").data(),
                OrtRunner.run(OnnxExporter.toProto(first).toByteArray(), feed).get("y").data());
        assertTrue(err <= TOLERANCE, "relative L2 error " + err);

        Onnx.ModelProto custom = TestModels.model(17, TestModels.reluGraph()
                .setNode(0, node("c", "Custom", List.of("x"), List.of("y"), attr("k", 3L)).toBuilder().setDomain("org.x")));
        Model opaque = OnnxImporter.read(TestModels.write(dir, "custom.onnx", custom), new ImportOptions(true));
        Onnx.NodeProto written = OnnxExporter.toProto(opaque).getGraph().getNode(0);
        assertEquals("org.x", written.getDomain());
        assertEquals("Custom", written.getOpType());
        assertEquals(3, written.getAttribute(0).getI());
    }
}
