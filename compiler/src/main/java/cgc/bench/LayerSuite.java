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
        out.add(linear("linear_1x4096x4096", 1, 4096, 4096, random, "large:linear_1x4096x4096"));
        out.add(linear("linear_128x1024x1024", 128, 1024, 1024, random, "large:linear_128x1024x1024"));
        out.add(conv("conv3x3_64x56x56_to_128", 64, 56, 56, 128, 3, 1, 1, random, "large:conv3x3_64x56x56_to_128"));
        out.add(conv("conv3x3_256x28x28_to_256", 256, 28, 28, 256, 3, 1, 1, random, "large:conv3x3_256x28x28_to_256"));
        out.add(conv("conv1x1_256x56x56_to_256", 256, 56, 56, 256, 1, 1, 1, random, "large:conv1x1_256x56x56_to_256"));
        return out;
    }

    /** The most multiply-adds a designed layer may have: a measurement of it stays within tens of milliseconds. */
    static final double DESIGN_MAX_MACS = 2e9;

    /**
     * {@code count} synthetic layers spread over the shapes a profile should know (its design): dense convs, depthwise
     * convs and linear layers in turn, channels and matrix sides log-uniform (8–512 channels, 16–1024 depthwise,
     * 1–512 rows and 64–4096 columns), planes of 7–112, 1x1 and 3x3 kernels, strides 1 and 2, at most
     * {@value #DESIGN_MAX_MACS} multiply-adds; the same for the same {@code seed}. A model's own layers cover a
     * narrow band of sizes: a side model fitted to them alone extrapolates badly (bench/NOTES.md, the real pair).
     */
    static List<LayerCase> design(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, LayerCase> out = new LinkedHashMap<>();
        int[] planes = {7, 14, 28, 56, 112};
        while (out.size() < count) {
            int i = out.size();
            String name = "design" + i;
            LayerCase c = switch (i % 3) {
                case 0 -> {
                    int cin = logUniform(random, 8, 512, 8), oc = logUniform(random, 8, 512, 8);
                    int hw = planes[random.nextInt(planes.length)], kernel = random.nextBoolean() ? 3 : 1;
                    int stride = kernel == 3 && random.nextInt(4) == 0 ? 2 : 1;
                    yield (double) oc * cin * kernel * kernel * hw * hw / (stride * stride) > DESIGN_MAX_MACS ? null
                            : conv(name, cin, hw, hw, oc, kernel, stride, 1, random, "design:" + name);
                }
                case 1 -> {
                    int ch = logUniform(random, 16, 1024, 16), hw = planes[random.nextInt(planes.length)];
                    yield conv(name, ch, hw, hw, ch, 3, random.nextInt(3) == 0 ? 2 : 1, ch, random, "design:" + name);
                }
                default -> {
                    int m = logUniform(random, 1, 512, 1), k = logUniform(random, 64, 4096, 16);
                    int n = logUniform(random, 64, 4096, 16);
                    yield (double) m * k * n > DESIGN_MAX_MACS ? null : linear(name, m, k, n, random, "design:" + name);
                }
            };
            if (c != null && !out.containsKey(c.key())) out.put(c.key(), c);
        }
        return List.copyOf(out.values());
    }

    /** Log-uniform in [lo, hi], rounded to a multiple of {@code step}. */
    private static int logUniform(SplittableRandom random, int lo, int hi, int step) {
        double v = Math.exp(random.nextDouble(Math.log(lo), Math.log(hi)));
        return Math.max(lo, Math.min(hi, (int) Math.round(v / step) * step));
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

    private static LayerCase linear(String name, int m, int k, int n, SplittableRandom random, String site) {
        Graph.Builder b = Graph.builder(name)
                .input("x", TensorType.of(DType.F32, m, k))
                .constant("w", randomWeights(random, k, n))
                .constant("b", randomWeights(random, n))
                .node(new Node(name, OpKind.LINEAR, List.of("x", "w", "b"), List.of("y"), Attrs.EMPTY))
                .output("y").type("y", TensorType.of(DType.F32, m, n));
        return caseOf(name, b, site);
    }

    private static LayerCase conv(String name, int c, int h, int w, int oc, int kernel, int stride, int groups,
                                  SplittableRandom random, String site) {
        int pad = kernel / 2, oh = (h + 2 * pad - kernel) / stride + 1, ow = (w + 2 * pad - kernel) / stride + 1;
        Map<String, Attr> a = new LinkedHashMap<>(Map.of(
                "kernel_shape", new Attr.Ints(List.of((long) kernel, (long) kernel)),
                "pads", new Attr.Ints(List.of((long) pad, (long) pad, (long) pad, (long) pad)),
                "strides", new Attr.Ints(List.of((long) stride, (long) stride)),
                "cgc.act", new Attr.Str("relu")));
        if (groups > 1) a.put("group", new Attr.Int(groups));
        Attrs attrs = Attrs.of(a);
        Graph.Builder b = Graph.builder(name)
                .input("x", TensorType.of(DType.F32, 1, c, h, w))
                .constant("w", randomWeights(random, oc, c / groups, kernel, kernel))
                .constant("b", randomWeights(random, oc))
                .node(new Node(name, OpKind.CONV, List.of("x", "w", "b"), List.of("y"), attrs))
                .output("y").type("y", TensorType.of(DType.F32, 1, oc, oh, ow));
        return caseOf(name, b, site);
    }

    private static LayerCase caseOf(String name, Graph.Builder b, String site) {
        Model m = new Model(name, 8, new TreeMap<>(Map.of("", 17L, "cgc", 1L)), "cgc bench", b.build());
        return new LayerCase(key(m.graph(), m.graph().nodes().getFirst()), m, List.of(site));
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
