package cgc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.TestGraphs;
import cgc.onnx.ImportOptions;
import cgc.onnx.OnnxExporter;
import cgc.onnx.OnnxImporter;
import cgc.onnx.OrtRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the default pipeline, verifier after every pass, on every model of {@code examples/models}; after each pass the
 * IR is exported to ONNX and run in ONNX Runtime on fresh random inputs against the original model (relative L2 at
 * most 1e-5). Prints the op counts before and after.
 */
class ExampleModelsPipelineTest {
    static final Path MODELS = Path.of("../examples/models");
    static final double TOLERANCE = 1e-5;
    /** Ops that only compute shapes in these models; none may survive the pipeline. */
    static final Set<String> SHAPE_OPS = Set.of("Constant", "Shape", "Gather", "Unsqueeze", "Concat", "ConstantOfShape",
            "Range", "Expand", "Equal", "Where", "Cast", "Identity", "Slice");

    static {   // ONNX Runtime warns about every initializer a pass left unused until dce: keep the log readable
        try {
            ai.onnxruntime.OrtEnvironment.getEnvironment(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "cgc-tests");
        } catch (RuntimeException e) {
            throw new IllegalStateException(e);
        }
    }

    record Result(Model before, Model after, List<Map<String, Integer>> countsPerPass) {}

    private static Result run(String file, long seed) {
        Path path = MODELS.resolve(file);
        Model model = OnnxImporter.read(path, ImportOptions.DEFAULT);
        Map<String, OrtRunner.Tensor> inputs = new LinkedHashMap<>();
        long next = seed;
        for (String in : model.graph().inputs()) inputs.put(in, OrtRunner.Tensor.random(next++, model.graph().type(in).shape()));
        return run(file, model, inputs, OrtRunner.run(path, inputs), seed);
    }

    /** Runs the pipeline on {@code model}, checking each pass's output against {@code expected} on {@code inputs}. */
    private static Result run(String file, Model model, Map<String, OrtRunner.Tensor> inputs,
                              Map<String, OrtRunner.Tensor> expected, long seed) {
        List<Map<String, Integer>> counts = new ArrayList<>();
        PassManager pm = PassManager.of(Pipeline.standardPasses()).verifyEach(true).listener((run, after) -> {
            counts.add(TestGraphs.opCounts(after.graph()));
            Map<String, OrtRunner.Tensor> actual = OrtRunner.run(OnnxExporter.toProto(after).toByteArray(), inputs);
            for (var e : expected.entrySet()) {
                double err = OrtRunner.relativeL2(e.getValue().data(), actual.get(e.getKey()).data());
                assertTrue(err <= TOLERANCE, file + " after " + run.pass() + ": output " + e.getKey() + " relative L2 " + err
                        + " > " + TOLERANCE + " (inputs seeded from " + seed + ")");
            }
        });
        Model after = pm.run(model);
        System.out.println(file + ": before " + TestGraphs.opCounts(model.graph()));
        System.out.println(file + ": after  " + TestGraphs.opCounts(after.graph()));
        pm.runs().forEach(r -> System.out.printf("  %-16s %6.1f ms  %s%n", r.pass(), r.millis(), r.summary()));
        return new Result(model, after, counts);
    }

    private static long count(Graph g, String op) { return g.nodes().stream().filter(n -> n.op().opType().equals(op)).count(); }

    private static void assertNoShapeArithmetic(Graph g) {
        Map<String, Integer> left = new java.util.TreeMap<>(TestGraphs.opCounts(g));
        left.keySet().retainAll(SHAPE_OPS);
        assertEquals(Map.of(), left, "shape computation left over");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v2.onnx"})
    void mobileNetEndsWithEveryActivationFusedAndNoShapeArithmetic(String file) {
        Result r = run(file, 11);
        Graph g = r.after().graph();
        assertEquals(0, count(g, "BatchNormalization"));
        assertEquals(0, count(g, "Clip"));
        assertNoShapeArithmetic(g);
        long clips = count(r.before().graph(), "Clip");
        long fused = g.nodes().stream().filter(n -> n.attrs().getString("cgc.act", "").equals("clip")).count();
        assertEquals(clips, fused, "every Clip (ReLU6) after a Conv is fused into it");
        for (Node n : g.nodes()) {
            if (n.attrs().has("cgc.act")) {
                assertEquals(0f, n.attrs().getFloat("cgc.act_alpha", Float.NaN));
                assertEquals(6f, n.attrs().getFloat("cgc.act_beta", Float.NaN));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"squeezenet1_1.onnx"})
    void squeezeNetFusesEveryRelu(String file) {
        Result r = run(file, 12);
        Graph g = r.after().graph();
        assertEquals(0, count(g, "Relu"));
        assertEquals(count(g, "Conv"), g.nodes().stream().filter(n -> n.attrs().getString("cgc.act", "").equals("relu")).count());
        assertEquals(0, count(g, "Identity"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"encoder2.onnx"})
    void encoderLosesItsShapeComputation(String file) {
        Result r = run(file, 13);
        Graph g = r.after().graph();
        assertNoShapeArithmetic(g);
        assertTrue(count(g, "Linear") > 0, "MatMul + bias became Linear");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp_small.onnx"})
    void mlpFusesItsRelus(String file) {
        Result r = run(file, 14);
        Graph g = r.after().graph();
        assertEquals(0, count(g, "Relu"));
        assertEquals(2, g.nodes().stream().filter(n -> n.attrs().getString("cgc.act", "").equals("relu")).count());
    }

    /**
     * Each model with its batch made symbolic ({@code N}) and run at batch {@code n}: shape chains on N cannot fold,
     * every type that depends on N must say so (ONNX Runtime checks the exported value types against what it
     * computes), and the results must not change. The encoder runs at N = 1: its exporter baked batch 1 into the
     * attention's Reshape targets.
     */
    @ParameterizedTest
    @CsvSource({"encoder2.onnx, 1", "mobilenet_v2.onnx, 2", "squeezenet1_1.onnx, 3"})
    void symbolicBatch(String file, long n) {
        Model fixed = OnnxImporter.read(MODELS.resolve(file), ImportOptions.DEFAULT);
        String in = fixed.graph().inputs().getFirst();
        List<cgc.ir.Dim> dims = new ArrayList<>(fixed.graph().type(in).dims());
        dims.set(0, cgc.ir.Dim.symbol("N"));
        Graph.Builder b = fixed.graph().toBuilder();
        b.types().keySet().retainAll(fixed.graph().inputs());   // forget the batch-1 types the file recorded
        b.type(in, fixed.graph().type(in).withDims(dims));
        Model symbolic = fixed.withGraph(b.build());
        long[] shape = fixed.graph().type(in).shape();
        shape[0] = n;
        Map<String, OrtRunner.Tensor> inputs = Map.of(in, OrtRunner.Tensor.random(21, shape));
        Map<String, OrtRunner.Tensor> expected = OrtRunner.run(OnnxExporter.toProto(symbolic).toByteArray(), inputs);
        Result r = run(file + " (batch N = " + n + ")", symbolic, inputs, expected, 21);
        Graph g = r.after().graph();
        Node first = g.nodes().getFirst();
        assertEquals(cgc.ir.Dim.symbol("N"), g.type(first.output(0)).dims().getFirst(), first + " keeps the batch symbol");
        if (n > 1) {
            assertEquals(cgc.ir.Dim.symbol("N"), g.type(g.outputs().getFirst()).dims().getFirst(), "the output keeps it too");
        }
    }
}
