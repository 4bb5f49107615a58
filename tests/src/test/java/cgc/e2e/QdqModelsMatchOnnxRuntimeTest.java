package cgc.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.codegen.CodeGenerator;
import cgc.codegen.Side;
import cgc.conformance.Data;
import cgc.conformance.Ort;
import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.Weights;
import cgc.onnx.ImportOptions;
import cgc.onnx.OnnxImporter;
import cgc.pack.PlanJar;
import cgc.passes.Pass;
import cgc.passes.PassManager;
import cgc.passes.Pipeline;
import cgc.runtime.Plan;
import cgc.runtime.Session;
import cgc.runtime.TensorSpec;
import cgc.runtime.device.Devices;
import cgc.runtime.io.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * QDQ models, the form ONNX Runtime's static quantizer writes: the example CNNs with each Conv's and Gemm's weights
 * as i8 per output channel behind a DequantizeLinear and inputs behind QuantizeLinear-DequantizeLinear pairs (u8, one
 * scale for every activation, as a calibration of these models' O(1) values would give), compiled for each placement,
 * against ONNX Runtime running the same model op by op in float (no optimisations: the semantics ONNX gives it; its
 * fused int8 kernels compute something else, within a quantum).
 *
 * <p>Two forms. <b>Weights and the model's input</b> quantized: every quantizer sees the same floats in both engines,
 * so they must agree as any float model does (1e-4). <b>Every activation</b> quantized: a quantized model is a step
 * function of its float arithmetic, and where two engines' convs differ in the last bit (another order of additions)
 * a value on a rounding boundary moves a whole quantum, which later layers carry and multiply; measured over seeds,
 * from 4e-7 to a few per cent. That form is held to {@value #CASCADE} (a wrong scale, zero point or axis gives errors
 * of order 1) and prints its errors; the exact semantics are the per-op conformance cases' and the first form's job.
 */
class QdqModelsMatchOnnxRuntimeTest {
    static final double CASCADE = 0.25;
    private static final float ACTIVATION_SCALE = 8f / 255;
    private static final Map<String, Path> QDQ = new java.util.concurrent.ConcurrentHashMap<>();

    static Stream<Arguments> cases() {
        return Stream.of(true, false).flatMap(every -> Stream.of("squeezenet1_1", "mobilenet_v2")
                .flatMap(m -> Models.PLACEMENTS.stream().map(p -> Arguments.of(m, every, p))));
    }

    @ParameterizedTest(name = "{0}, every activation quantized: {1}, --placement {2}")
    @MethodSource("cases")
    void matchesOnnxRuntime(String model, boolean everyActivation, String placement) throws IOException {
        Models.assumeDeviceFor(placement);
        String form = model + (everyActivation ? "_qdq" : "_qdq_input");
        Path onnx = QDQ.computeIfAbsent(form, k -> quantized(model, everyActivation, k));
        matchesOnFreshInputs(onnx, form, placement, everyActivation ? CASCADE : Compare.TOLERANCE);
    }

    /**
     * The plan of {@code onnx} for {@code placement} against ONNX Runtime on the same model, on two fresh inputs
     * (every f32 input in [-1, 1)), each output within {@code tolerance} (relative L2), the errors printed.
     */
    static void matchesOnFreshInputs(Path onnx, String form, String placement, double tolerance) throws IOException {
        Path jar = Models.compile(onnx, placement);
        byte[] bytes = Files.readAllBytes(onnx);
        try (Plan plan = Plan.load(jar); Session s = plan.open(Devices.select("auto"), 2)) {
            for (long seed = ModelsMatchOnnxRuntimeTest.SEED; seed < ModelsMatchOnnxRuntimeTest.SEED + 2; seed++) {
                Map<String, Data> feeds = new LinkedHashMap<>();
                Map<String, Tensor> inputs = new LinkedHashMap<>();
                for (TensorSpec in : plan.inputs()) {
                    Data x = Data.random(seed, DType.F32, in.dims(), -1, 1);
                    feeds.put(in.name(), x);
                    inputs.put(in.name(), x.runtimeTensor());
                }
                Map<String, Data> want = Ort.run(bytes, feeds);
                Map<String, Tensor> got = s.run(inputs);
                for (TensorSpec o : plan.outputs()) {
                    String what = "%s (%s), seed %d, output \"%s\"".formatted(form, placement, seed, o.name());
                    double e = Compare.close(what, Compare.of(want.get(o.name())), got.get(o.name()), tolerance);
                    System.out.printf("%s: relative L2 error %.2e%n", what, e);
                }
            }
        }
    }

    /**
     * A round trip fused into the conv before it ({@code fuse-activation}: the "quantize" activation, the conv's Relu6
     * narrowing the grid) gives the very numbers of the conv, the Clip and the round trip apart: compared bit for bit,
     * MobileNetV2 with every activation quantized, compiled with and without that pass, on each side.
     */
    @ParameterizedTest(name = "--placement {0}")
    @MethodSource("placements")
    void fusedRoundTripsAreExact(String placement) throws IOException {
        Models.assumeDeviceFor(placement);
        Path onnx = QDQ.computeIfAbsent("mobilenet_v2_qdq", k -> quantized("mobilenet_v2", true, k));
        Model model = OnnxImporter.read(onnx, ImportOptions.DEFAULT);
        Side side = placement.equals("cpu") ? Side.CPU : Side.GPU;
        List<Pass> passes = Pipeline.standardPasses();
        List<Pass> unfused = passes.stream().filter(p -> !p.name().equals("fuse-activation")).toList();
        Data x = Data.random(ModelsMatchOnnxRuntimeTest.SEED, DType.F32, new long[] {1, 3, 224, 224}, -1, 1);
        float[][] outputs = new float[2][];
        int fused = 0;
        for (int i = 0; i < 2; i++) {
            Model compiled = PassManager.of(i == 0 ? passes : unfused).run(model);
            if (i == 0) {
                fused = (int) compiled.graph().nodes().stream()
                        .filter(n -> n.attrs().getString("cgc.act", "").equals("quantize")).count();
            }
            Path jar = Models.scratch().resolve("mobilenet_v2_qdq." + placement + (i == 0 ? ".fused" : ".apart") + ".jar");
            PlanJar.write(jar, CodeGenerator.generate(compiled, "mobilenet_v2_qdq", side),
                    new PlanJar.Stamp("test", placement));
            try (Plan plan = Plan.load(jar); Session s = plan.open(Devices.select("auto"), 2)) {
                String in = plan.inputs().getFirst().name(), out = plan.outputs().getFirst().name();
                outputs[i] = s.run(Map.of(in, x.runtimeTensor())).get(out).toFloatArray();
            }
        }
        assertTrue(fused > 40, "round trips fused into convs: " + fused);
        org.junit.jupiter.api.Assertions.assertArrayEquals(outputs[1], outputs[0],
                "MobileNetV2 in QDQ form, " + fused + " round trips fused, --placement " + placement);
    }

    static Stream<String> placements() { return Models.PLACEMENTS.stream(); }

    static Stream<Arguments> quantizerCases() {
        return Stream.of("mlp_small_qdq", "squeezenet1_1_qdq", "mobilenet_v2_qop")
                .flatMap(m -> Models.PLACEMENTS.stream().map(p -> Arguments.of(m, p)));
    }

    /**
     * The models of {@code examples/qdq}, which ONNX Runtime's own quantizer wrote (i32 biases behind a
     * DequantizeLinear, scales of one element beside scalar zero points, pairs around pools and Concats; the QOperator
     * form's QLinearConv and com.microsoft ops), on their exported input and on fresh ones, held as the form with every
     * activation quantized is.
     */
    @ParameterizedTest(name = "{0} (ONNX Runtime's quantizer), --placement {1}")
    @MethodSource("quantizerCases")
    void quantizerModelsMatchOnnxRuntime(String model, String placement) throws IOException {
        Models.assumeDeviceFor(placement);
        Path onnx = Models.qdq(model + ".onnx");
        Path jar = Models.compile(onnx, placement);
        byte[] bytes = Files.readAllBytes(onnx);
        try (Plan plan = Plan.load(jar); Session s = plan.open(Devices.select("auto"), 2)) {
            String in = plan.inputs().getFirst().name(), o = plan.outputs().getFirst().name();
            Tensor exported = cgc.runtime.io.Npy.read(Models.qdq(model + ".input.npy"));
            double e = Compare.close(model + " (" + placement + "), exported input",
                    Compare.of(cgc.runtime.io.Npy.read(Models.qdq(model + ".expected.npy"))),
                    s.run(Map.of(in, exported)).get(o), CASCADE);
            System.out.printf("%s (%s), exported input: relative L2 error %.2e%n", model, placement, e);
            long seed = ModelsMatchOnnxRuntimeTest.SEED;
            Data x = Data.random(seed, DType.F32, plan.inputs().getFirst().dims(), -1, 1);
            Map<String, Data> want = Ort.run(bytes, Map.of(in, x));
            String what = "%s (%s), seed %d, output \"%s\"".formatted(model, placement, seed, o);
            e = Compare.close(what, Compare.of(want.get(o)), s.run(Map.of(in, x.runtimeTensor())).get(o), CASCADE);
            System.out.printf("%s: relative L2 error %.2e%n", what, e);
        }
    }

    /**
     * Example {@code model} with its heavy layers' weights quantized and the inputs of all of them, or only those that
     * are the model's input, written once into the scratch folder as {@code form}.onnx.
     */
    private static Path quantized(String model, boolean everyActivation, String form) {
        Model m = OnnxImporter.read(Models.onnx(model), ImportOptions.DEFAULT);
        Graph g = m.graph();
        Graph.Builder b = g.toBuilder();
        b.nodes().clear();
        b.constant("qdq_scale", Weights.ofFloats(List.of(), ACTIVATION_SCALE));
        b.constant("qdq_zero", Weights.of(DType.U8, List.of(), new byte[] {(byte) 128}));
        int quantized = 0;
        for (Node n : g.nodes()) {
            boolean heavy = n.is(OpKind.CONV) || n.is(OpKind.GEMM);
            if (!heavy || g.constant(n.input(1)).map(w -> w.dtype() != DType.F32).orElse(true)) {
                b.node(n);
                continue;
            }
            String x = n.input(0), name = n.name();
            if (everyActivation || g.inputs().contains(x)) {
                b.node(new Node(name + "_q", OpKind.QUANTIZE_LINEAR, List.of(x, "qdq_scale", "qdq_zero"),
                        List.of(name + "_xq"), Attrs.EMPTY));
                b.node(new Node(name + "_dq", OpKind.DEQUANTIZE_LINEAR, List.of(name + "_xq", "qdq_scale", "qdq_zero"),
                        List.of(name + "_x"), Attrs.EMPTY));
                x = name + "_x";
            }
            // output channels: a Conv's dim 0; a Gemm's B rows when transposed (as PyTorch's Linear), else columns
            int axis = n.is(OpKind.GEMM) && n.attrs().getInt("transB", 0) == 0 ? 1 : 0;
            weights(b, name, g.constant(n.input(1)).orElseThrow(), axis);
            b.node(new Node(name + "_wdq", OpKind.DEQUANTIZE_LINEAR, List.of(name + "_wq", name + "_ws", name + "_wz"),
                    List.of(name + "_w"), Attrs.EMPTY.with("axis", Attr.of((long) axis))));
            List<String> in = new ArrayList<>(n.inputs());
            in.set(0, x);
            in.set(1, name + "_w");
            b.node(n.withInputs(in));
            quantized++;
        }
        assertTrue(quantized > 10, model + ": only " + quantized + " layers quantized");
        return Models.writeRewritten(m, g, b, form);
    }

    /** Symmetric i8 weights, one scale per slice along {@code axis} (its largest magnitude over 127). */
    private static void weights(Graph.Builder b, String name, Weights w, int axis) {
        float[] v = w.toFloats();
        long[] shape = w.shape().stream().mapToLong(Long::longValue).toArray();
        int channels = (int) shape[axis];
        long inner = 1;
        for (int d = axis + 1; d < shape.length; d++) inner *= shape[d];
        float[] scale = new float[channels];
        for (int i = 0; i < v.length; i++) {
            int c = (int) ((i / inner) % channels);
            scale[c] = Math.max(scale[c], Math.abs(v[i]) / 127);
        }
        for (int c = 0; c < channels; c++) if (scale[c] == 0) scale[c] = 1;
        byte[] q = new byte[v.length];
        for (int i = 0; i < v.length; i++) q[i] = (byte) Math.rint(v[i] / scale[(int) ((i / inner) % channels)]);
        b.constant(name + "_wq", Weights.of(DType.I8, w.shape(), q));
        b.constant(name + "_ws", Weights.ofFloats(List.of((long) channels), scale));
        b.constant(name + "_wz", Weights.of(DType.I8, List.of((long) channels), new byte[channels]));
    }
}
