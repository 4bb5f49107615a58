package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.Weights;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Folds an activation into the heavy op before it, as the attributes {@code cgc.act} (relu, clip, sigmoid, silu,
 * hardswish, hardsigmoid, leakyrelu, tanh, gelu) and {@code cgc.act_alpha} / {@code cgc.act_beta} (clip: min, max; leakyrelu:
 * alpha; hardsigmoid: alpha, beta). Only when the heavy op's output is read by the activation alone and is not a graph
 * output, the heavy op carries no activation yet, and every parameter is known (Clip's min and max are attributes
 * before opset 11 and constant inputs after; Relu6 is Clip(0, 6)). Gelu fuses only in its exact (erf) form: the Gelu
 * op of opset 20, or the Div/Erf/Add/Mul/Mul subgraph earlier exporters write ({@link ErfGelu}). SiLU (Swish) has no
 * ONNX op before opset 24: it fuses as the Mul(x, Sigmoid(x)) PyTorch writes, the heavy op's output read by those two
 * nodes alone. A QDQ round trip ({@code cgc.QuantizeRoundTrip}) fuses as {@code quantize} (alpha and beta the grid's
 * limits, {@code cgc.act_scale} its step) into a heavy op with no activation, Relu or Clip, which narrow the limits.
 */
record FuseActivation() implements Pass {
    @Override public String name() { return "fuse-activation"; }
    @Override public String description() {
        return "fold Relu, Clip, Sigmoid, HardSwish, ... into the heavy op before them";
    }

    @Override
    public Model run(Model in, PassContext cx) { return in.withGraph(rewrite(in.graph(), in.opset(), cx)); }

    /** Rewrites the branches of If first, then {@code g} itself. */
    private static Graph rewrite(Graph g, long opset, PassContext cx) {
        g = GraphEdits.inBranches(g, branch -> rewrite(branch, opset, cx));
        for (Node heavy : List.copyOf(g.nodes())) {
            if (!(heavy.op() instanceof OpKind hk) || !hk.isHeavy() || heavy.attrs().has("cgc.act")
                    || heavy.outputs().size() != 1) {
                continue;
            }
            Optional<Chain> chain = chain(g, heavy.output(0));
            if (chain.isEmpty()) continue;
            List<Node> nodes = chain.get().nodes();
            Node merged = heavy.withAttrs(heavy.attrs().with("cgc.act", Attr.of(chain.get().act())))
                    .withOutputs(nodes.getLast().outputs());
            g = replaceChain(g, heavy, nodes, merged);
            cx.count(chain.get().what() + " fused into " + hk.opType());
        }
        for (Node act : List.copyOf(g.nodes())) {
            if (!(act.op() instanceof OpKind k) || !OpKind.UNARY_ELEMENTWISE.contains(k)) continue;
            Map<String, Node> producers = g.producers();
            Node heavy = producers.get(act.input(0));
            if (heavy == null || !(heavy.op() instanceof OpKind hk) || !hk.isHeavy() || heavy.attrs().has("cgc.act")
                    || heavy.outputs().size() != 1 || !GraphEdits.hasSoleUse(g, GraphEdits.uses(g), act.input(0))
                    || !g.type(act.input(0)).dtype().isFloat()) {
                continue;
            }
            Optional<Attrs> fused = activation(g, act, k, opset);
            if (fused.isEmpty()) continue;
            Attrs attrs = heavy.attrs();
            for (var e : fused.get().asMap().entrySet()) attrs = attrs.with(e.getKey(), e.getValue());
            Node merged = heavy.withAttrs(attrs).withOutputs(List.of(act.output(0)));
            g = GraphEdits.replacePair(g, heavy, act, merged);
            cx.count(k.opType() + " fused into " + hk.opType());
        }
        for (Node q : List.copyOf(g.nodes())) {
            if (q.op() != OpKind.QUANTIZE_ROUND_TRIP) continue;
            Node heavy = g.producers().get(q.input(0));
            if (heavy == null || !(heavy.op() instanceof OpKind hk) || !hk.isHeavy() || heavy.outputs().size() != 1
                    || !GraphEdits.hasSoleUse(g, GraphEdits.uses(g), q.input(0))) {
                continue;
            }
            Optional<Attrs> fused = quantized(heavy.attrs(), q.attrs());
            if (fused.isEmpty()) continue;
            g = GraphEdits.replacePair(g, heavy, q, heavy.withAttrs(fused.get()).withOutputs(List.of(q.output(0))));
            cx.count("QuantizeRoundTrip fused into " + hk.opType());
        }
        return g;
    }

    /**
     * The heavy op's attributes with a QDQ round trip after its activation folded into it: one {@code quantize}
     * activation, where the activation is none, Relu or Clip. Rounding x / s is monotonic, so
     * {@code round(clamp(x, a, b) / s) = clamp(round(x / s), round(a / s), round(b / s))}: the clamp narrows the grid's
     * limits, exactly. Empty for any other activation, or where the two ranges do not meet.
     */
    private static Optional<Attrs> quantized(Attrs heavy, Attrs q) {
        String act = heavy.getString("cgc.act", "");
        float lo = Float.NEGATIVE_INFINITY, hi = Float.POSITIVE_INFINITY;
        switch (act) {
            case "" -> {}
            case "relu" -> lo = 0;
            case "clip" -> {
                lo = heavy.getFloat("cgc.act_alpha", lo);
                hi = heavy.getFloat("cgc.act_beta", hi);
            }
            default -> { return Optional.empty(); }
        }
        float s = q.getFloat("scale", 1f);
        float min = Math.max(q.getFloat("lo", 0f), (float) Math.rint(lo / s));
        float max = Math.min(q.getFloat("hi", 0f), (float) Math.rint(hi / s));
        if (!(min <= max)) return Optional.empty();
        return Optional.of(heavy.with("cgc.act", Attr.of("quantize")).with("cgc.act_alpha", Attr.of(min))
                .with("cgc.act_beta", Attr.of(max)).with("cgc.act_scale", Attr.of(s)));
    }

    /** The {@code cgc.act} attributes equivalent to {@code act}; empty when it has none or a parameter is unknown. */
    static Optional<Attrs> activation(Graph g, Node act, OpKind k, long opset) {
        Attrs a = act.attrs();
        return switch (k) {
            case RELU -> Optional.of(named("relu"));
            case SIGMOID -> Optional.of(named("sigmoid"));
            case TANH -> Optional.of(named("tanh"));
            case HARD_SWISH -> Optional.of(named("hardswish"));
            case LEAKY_RELU -> Optional.of(named("leakyrelu")
                    .with("cgc.act_alpha", Attr.of(a.getFloat("alpha", 0.01f))));
            case HARD_SIGMOID -> Optional.of(named("hardsigmoid")
                    .with("cgc.act_alpha", Attr.of(a.getFloat("alpha", 0.2f)))
                    .with("cgc.act_beta", Attr.of(a.getFloat("beta", 0.5f))));
            case GELU -> a.getString("approximate", "none").equals("none") ? Optional.of(named("gelu"))
                    : Optional.empty();
            case CLIP -> clipBounds(g, act, opset).map(b -> named("clip")
                    .with("cgc.act_alpha", Attr.of(b[0])).with("cgc.act_beta", Attr.of(b[1])));
            default -> Optional.empty();
        };
    }

    /** Clip's {min, max}: attributes before opset 11, optional scalar constant inputs after (absent: float range). */
    private static Optional<float[]> clipBounds(Graph g, Node clip, long opset) {
        if (opset < 11) {
            float min = clip.attrs().getFloat("min", -Float.MAX_VALUE);
            float max = clip.attrs().getFloat("max", Float.MAX_VALUE);
            return Optional.of(new float[] {min, max});
        }
        float[] b = {-Float.MAX_VALUE, Float.MAX_VALUE};
        for (int i = 1; i <= 2; i++) {
            if (!clip.hasInput(i)) continue;
            Optional<Weights> w = g.constant(clip.input(i));
            if (w.isEmpty() || w.get().elementCount() != 1) return Optional.empty();
            b[i - 1] = w.get().toFloats()[0];
        }
        return Optional.of(b);
    }

    /** An activation written as several nodes after a heavy op: the nodes, in order, and the {@code cgc.act} they are. */
    private record Chain(List<Node> nodes, String act, String what) {}

    /** The activation chain reading {@code x}, if any: the exact (erf) GELU, or SiLU on a float output. */
    private static Optional<Chain> chain(Graph g, String x) {
        Optional<ErfGelu.Match> gelu = ErfGelu.match(g, x, GraphEdits.uses(g));
        if (gelu.isPresent()) return Optional.of(new Chain(gelu.get().nodes(), "gelu", "Erf GELU"));
        if (!g.type(x).dtype().isFloat()) return Optional.empty();
        return silu(g, x).map(nodes -> new Chain(nodes, "silu", "SiLU (Mul of Sigmoid)"));
    }

    /**
     * The Sigmoid and Mul of {@code x * Sigmoid(x)} (either operand order), when they are the only readers of {@code x}
     * and the Sigmoid's output is read by the Mul alone and is not a graph output.
     */
    private static Optional<List<Node>> silu(Graph g, String x) {
        var uses = GraphEdits.uses(g);                            // sub-graph reads and graph outputs count too
        List<Node> readers = g.nodes().stream().filter(n -> n.inputs().contains(x)).toList();
        if (readers.size() != 2 || uses.getOrDefault(x, 0) != 2) return Optional.empty();
        Node sigmoid = readers.stream().filter(n -> n.op() == OpKind.SIGMOID).findFirst().orElse(null);
        Node mul = readers.stream().filter(n -> n.op() == OpKind.MUL).findFirst().orElse(null);
        if (sigmoid == null || mul == null || mul.inputs().size() != 2
                || !GraphEdits.hasSoleUse(g, uses, sigmoid.output(0))) {
            return Optional.empty();
        }
        boolean operands = mul.input(0).equals(x) && mul.input(1).equals(sigmoid.output(0))
                || mul.input(1).equals(x) && mul.input(0).equals(sigmoid.output(0));
        if (!operands || !g.type(mul.output(0)).equals(g.type(x))) return Optional.empty();
        return Optional.of(List.of(sigmoid, mul));                // the Mul reads the Sigmoid, so comes after it
    }

    /** Replaces {@code heavy} and the {@code chain} after it by {@code merged}, placed where the chain ended. */
    private static Graph replaceChain(Graph g, Node heavy, List<Node> chain, Node merged) {
        Graph.Builder b = g.toBuilder();
        b.nodes().set(b.nodes().indexOf(chain.getLast()), merged);
        b.nodes().remove(heavy);
        b.types().remove(heavy.output(0));
        for (Node n : chain.subList(0, chain.size() - 1)) {
            b.nodes().remove(n);
            b.types().remove(n.output(0));
        }
        return b.build();
    }

    private static Attrs named(String act) { return Attrs.EMPTY.with("cgc.act", Attr.of(act)); }
}
