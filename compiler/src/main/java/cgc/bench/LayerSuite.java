package cgc.bench;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.Cost;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import cgc.onnx.ImportOptions;
import cgc.onnx.OnnxImporter;
import cgc.passes.PassManager;
import cgc.passes.Pipeline;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The layers of the {@code layers} benchmark: every distinct heavy layer (Conv, Gemm, MatMul, Linear) of some models
 * after the standard pass pipeline (so with the activations they carry fused, as the plans run them), and a few large
 * layers of the kind the papers split (issue 6 names 1x4096·4096x4096 and 128x1024·1024x1024 linear layers).
 */
final class LayerSuite {
    private LayerSuite() {}

    /** The distinct heavy layers of {@code models}, in order of first appearance, each with all its sites. */
    static List<LayerCase> of(List<Path> models) {
        Map<String, LayerCase> cases = new LinkedHashMap<>();
        for (Path file : models) {
            Model m = PassManager.of(Pipeline.standardPasses()).run(OnnxImporter.read(file, ImportOptions.DEFAULT));
            String model = file.getFileName().toString().replaceFirst("\\.onnx$", "");
            for (Node n : m.graph().nodes()) {
                if (!(n.op() instanceof OpKind k) || k.cost() != Cost.HEAVY) continue;
                String key = key(m.graph(), n);
                String site = model + ":" + n.name();
                cases.merge(key, new LayerCase(key, single(m, n), List.of(site)), (a, b) -> a.withSite(site));
            }
        }
        return List.copyOf(cases.values());
    }

    /** Large layers, weights drawn from {@code seed}. */
    static List<LayerCase> large(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LayerCase> out = new ArrayList<>();
        out.add(linear("linear_1x4096x4096", 1, 4096, 4096, random));
        out.add(linear("linear_128x1024x1024", 128, 1024, 1024, random));
        out.add(conv("conv3x3_64x56x56_to_128", 64, 56, 56, 128, 3, 1, random));
        out.add(conv("conv3x3_256x28x28_to_256", 256, 28, 28, 256, 3, 1, random));
        out.add(conv("conv1x1_256x56x56_to_256", 256, 56, 56, 256, 1, 1, random));
        return out;
    }

    /** What makes two layers the same work: op, input and output shapes, attributes. */
    static String key(Graph g, Node n) {
        String shapes = n.inputs().stream().filter(i -> !i.isEmpty())
                .map(i -> (g.isConstant(i) ? "w" : "x") + Arrays.toString(g.type(i).shape()).replace(" ", ""))
                .collect(Collectors.joining(" "));
        String attrs = n.attrs().asMap().entrySet().stream().map(e -> e.getKey() + "=" + format(e.getValue()))
                .collect(Collectors.joining(" "));
        return n.op().opType() + " " + shapes + " -> " + Arrays.toString(g.type(n.output(0)).shape()).replace(" ", "")
                + (attrs.isEmpty() ? "" : " " + attrs);
    }

    private static String format(Attr a) {
        return switch (a) {
            case Attr.Int(long v) -> Long.toString(v);
            case Attr.Float(float v) -> Float.toString(v);
            case Attr.Str(String v) -> v;
            case Attr.Ints(List<Long> v) -> v.toString().replace(" ", "");
            case Attr.Floats(List<Float> v) -> v.toString().replace(" ", "");
            default -> "…";
        };
    }

    /** A model of node {@code n} of {@code m} alone: its activation inputs become graph inputs, its constants stay. */
    static Model single(Model m, Node n) {
        Graph g = m.graph();
        Graph.Builder b = Graph.builder(n.name());
        for (String in : n.inputs()) {
            if (in.isEmpty()) continue;
            if (g.isConstant(in)) b.constant(in, g.constant(in).orElseThrow());
            else if (!b.inputs().contains(in)) b.input(in, g.type(in));
        }
        for (String out : n.outputs()) {
            if (out.isEmpty()) continue;
            b.output(out).type(out, g.type(out));
        }
        b.node(n);
        return new Model(sanitize(n.name()), m.irVersion(), m.opsets(), m.producer(), b.build());
    }

    private static LayerCase linear(String name, int m, int k, int n, SplittableRandom random) {
        Graph.Builder b = Graph.builder(name)
                .input("x", TensorType.of(DType.F32, m, k))
                .constant("w", randomWeights(random, k, n))
                .constant("b", randomWeights(random, n))
                .node(new Node(name, OpKind.LINEAR, List.of("x", "w", "b"), List.of("y"), Attrs.EMPTY))
                .output("y").type("y", TensorType.of(DType.F32, m, n));
        return caseOf(name, b);
    }

    private static LayerCase conv(String name, int c, int h, int w, int oc, int kernel, int stride, SplittableRandom random) {
        int pad = kernel / 2, oh = (h + 2 * pad - kernel) / stride + 1, ow = (w + 2 * pad - kernel) / stride + 1;
        Attrs attrs = Attrs.of(Map.of(
                "kernel_shape", new Attr.Ints(List.of((long) kernel, (long) kernel)),
                "pads", new Attr.Ints(List.of((long) pad, (long) pad, (long) pad, (long) pad)),
                "strides", new Attr.Ints(List.of((long) stride, (long) stride)),
                "cgc.act", new Attr.Str("relu")));
        Graph.Builder b = Graph.builder(name)
                .input("x", TensorType.of(DType.F32, 1, c, h, w))
                .constant("w", randomWeights(random, oc, c, kernel, kernel))
                .constant("b", randomWeights(random, oc))
                .node(new Node(name, OpKind.CONV, List.of("x", "w", "b"), List.of("y"), attrs))
                .output("y").type("y", TensorType.of(DType.F32, 1, oc, oh, ow));
        return caseOf(name, b);
    }

    private static LayerCase caseOf(String name, Graph.Builder b) {
        Model m = new Model(name, 8, new TreeMap<>(Map.of("", 17L, "cgc", 1L)), "cgc bench", b.build());
        return new LayerCase(key(m.graph(), m.graph().nodes().getFirst()), m, List.of("large:" + name));
    }

    /** Uniform in [-1/sqrt(fan-in), 1/sqrt(fan-in)], as PyTorch initialises these layers; never all zeros. */
    private static Weights randomWeights(SplittableRandom random, long... shape) {
        long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        double bound = 1 / Math.sqrt(shape.length > 1 ? count / shape[0] : count);
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(count * 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < count; i++) bytes.putFloat((float) random.nextDouble(-bound, bound));
        return Weights.wrap(DType.F32, Arrays.stream(shape).boxed().toList(), bytes.array());
    }

    private static String sanitize(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_]", "_").replaceAll("^_+", "");
        return s.isEmpty() ? "layer" : s;
    }
}
