package cgc.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dynamically quantized models, the form ONNX Runtime's {@code quantize_dynamic} writes (the usual way to quantize a
 * transformer): each product with constant weights becomes {@code DynamicQuantizeLinear} of its input (u8, a scale
 * and zero point from the tensor's own range, at run time), {@code MatMulInteger} with i8 weights (symmetric, one
 * scale), a Cast to f32 and a Mul by the two scales' product, then the bias. The example encoder and MLP so
 * rewritten, compiled for each placement, against ONNX Runtime on fresh inputs.
 *
 * <p>Held as the QDQ models are ({@link QdqModelsMatchOnnxRuntimeTest}): where only the first product is quantized,
 * both engines quantize the same floats (or floats a last bit apart), so they agree as float models do (1e-4); with
 * every layer quantized, a value that lands on a rounding boundary in one engine's arithmetic and not the other's moves a
 * whole quantum, which later layers carry, so that form is held to {@link QdqModelsMatchOnnxRuntimeTest#CASCADE}.
 */
class DynamicQuantizedModelsMatchOnnxRuntimeTest {
    private static final Map<String, Path> FORMS = new java.util.concurrent.ConcurrentHashMap<>();

    static Stream<Arguments> cases() {
        return Stream.of(false, true).flatMap(every -> Stream.of("encoder2", "mlp_small")
                .flatMap(m -> Models.PLACEMENTS.stream().map(p -> Arguments.of(m, every, p))));
    }

    @ParameterizedTest(name = "{0}, every layer quantized: {1}, --placement {2}")
    @MethodSource("cases")
    void matchesOnnxRuntime(String model, boolean everyLayer, String placement) throws IOException {
        Models.assumeDeviceFor(placement);
        String form = model + (everyLayer ? "_dynamic" : "_dynamic_first");
        Path onnx = FORMS.computeIfAbsent(form, k -> quantized(model, everyLayer, k));
        QdqModelsMatchOnnxRuntimeTest.matchesOnFreshInputs(onnx, form, placement,
                everyLayer ? QdqModelsMatchOnnxRuntimeTest.CASCADE : Compare.TOLERANCE);
    }

    /**
     * Example {@code model} with its products of constant weights (MatMul with a matrix B, Gemm with alpha and beta
     * 1) in quantize_dynamic's form: all of them, or only the first; written once into the
     * scratch folder as {@code form}.onnx.
     */
    private static Path quantized(String model, boolean everyLayer, String form) {
        Model m = OnnxImporter.read(Models.onnx(model), ImportOptions.DEFAULT);
        Graph g = m.graph();
        Graph.Builder b = g.toBuilder();
        b.nodes().clear();
        int quantized = 0;
        for (Node n : g.nodes()) {
            Weights w = n.inputs().size() > 1 ? g.constant(n.input(1)).orElse(null) : null;
            boolean product = n.is(OpKind.MATMUL) || n.is(OpKind.GEMM) && n.attrs().getInt("transA", 0) == 0
                    && n.attrs().getFloat("alpha", 1f) == 1f && n.attrs().getFloat("beta", 1f) == 1f;
            if (!product || w == null || w.dtype() != DType.F32 || w.shape().size() != 2
                    || !everyLayer && quantized > 0) {
                b.node(n);
                continue;
            }
            String name = n.name();
            boolean transposed = n.is(OpKind.GEMM) && n.attrs().getInt("transB", 0) != 0;
            weights(b, name, w, transposed);
            b.node(new Node(name + "_dql", OpKind.DYNAMIC_QUANTIZE_LINEAR, List.of(n.input(0)),
                    List.of(name + "_xq", name + "_xs", name + "_xz"), Attrs.EMPTY));
            b.node(new Node(name + "_mmi", OpKind.MATMUL_INTEGER,
                    List.of(name + "_xq", name + "_wq", name + "_xz", name + "_wz"), List.of(name + "_int"), Attrs.EMPTY));
            b.node(new Node(name + "_cast", OpKind.CAST, List.of(name + "_int"), List.of(name + "_float"),
                    Attrs.EMPTY.with("to", Attr.of((long) DType.F32.onnxCode()))));
            b.node(new Node(name + "_scales", OpKind.MUL, List.of(name + "_xs", name + "_ws"), List.of(name + "_s"),
                    Attrs.EMPTY));
            boolean bias = n.is(OpKind.GEMM) && n.hasInput(2);
            b.node(new Node(name + "_scaled", OpKind.MUL, List.of(name + "_float", name + "_s"),
                    List.of(bias ? name + "_y" : n.output(0)), Attrs.EMPTY));
            if (bias) b.node(new Node(name, OpKind.ADD, List.of(name + "_y", n.input(2)), n.outputs(), Attrs.EMPTY));
            quantized++;
        }
        assertTrue(quantized >= (everyLayer ? 3 : 1), model + ": only " + quantized + " products quantized");
        return Models.writeRewritten(m, g, b, form);
    }

    /**
     * Symmetric i8 weights [k, n] (a transposed Gemm's B transposed back), one scale, zero point 0: quantize_dynamic's
     * defaults, with its {@code reduce_range} (7 bits, the largest magnitude over 63), which ONNX Runtime's guide
     * advises on x86 without VNNI, where its u8 · i8 kernels saturate full-range weights (cgc's do not: the
     * MatMulInteger conformance cases).
     */
    private static void weights(Graph.Builder b, String name, Weights w, boolean transposed) {
        float[] v = w.toFloats();
        int rows = (int) (long) w.shape().get(0), cols = (int) (long) w.shape().get(1);
        int k = transposed ? cols : rows, n = transposed ? rows : cols;
        float scale = 0;
        for (float x : v) scale = Math.max(scale, Math.abs(x) / 63);
        if (scale == 0) scale = 1;
        byte[] q = new byte[v.length];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < n; j++) {
                q[i * n + j] = (byte) Math.rint((transposed ? v[j * k + i] : v[i * n + j]) / scale);
            }
        }
        b.constant(name + "_wq", Weights.of(DType.I8, List.of((long) k, (long) n), q));
        b.constant(name + "_ws", Weights.ofFloats(List.of(), scale));
        b.constant(name + "_wz", Weights.of(DType.I8, List.of(), new byte[1]));
    }
}
