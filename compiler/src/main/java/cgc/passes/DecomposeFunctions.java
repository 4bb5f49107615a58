package cgc.passes;

import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import java.util.Map;
import java.util.Set;

/**
 * Lowers the ops that other ops express (Einsum, Trilu, GroupNormalization, GatherND, IsNaN, ...; some ONNX defines as
 * functions of others, some cgc writes so) to those ops, so that no backend needs kernels of their own: one
 * {@link Lowering} per op, in the table below. Runs after
 * fold-constants, so that such an op of constants (a causal mask's Trilu) has been evaluated already and the constants
 * a lowering needs (Trilu's k, a per-group scale) are known.
 */
record DecomposeFunctions() implements Pass {
    private static final Map<OpKind, Lowering> LOWERINGS = Map.ofEntries(
            Map.entry(OpKind.TRILU, new LowerTrilu()),
            Map.entry(OpKind.RESIZE, new LowerResizeAxes()),
            Map.entry(OpKind.GROUP_NORMALIZATION, new LowerGroupNorm()),
            Map.entry(OpKind.LP_NORMALIZATION, new LowerNorms()),
            Map.entry(OpKind.MEAN_VARIANCE_NORMALIZATION, new LowerNorms()),
            Map.entry(OpKind.SHRINK, new LowerShrink()),
            Map.entry(OpKind.HARDMAX, new LowerHardmax()),
            Map.entry(OpKind.XOR, new LowerLogic()),
            Map.entry(OpKind.IS_NAN, new LowerLogic()),
            Map.entry(OpKind.IS_INF, new LowerLogic()),
            Map.entry(OpKind.CAST_LIKE, new LowerLogic()),
            Map.entry(OpKind.GATHER_ND, new LowerGatherNd()),
            Map.entry(OpKind.SCATTER_ND, new LowerScatter()),
            Map.entry(OpKind.SCATTER_ELEMENTS, new LowerScatter()),
            Map.entry(OpKind.ONE_HOT, new LowerOneHot()),
            Map.entry(OpKind.EINSUM, new LowerEinsum()),
            Map.entry(OpKind.QUANTIZE_LINEAR, new LowerQuantize()),
            Map.entry(OpKind.DEQUANTIZE_LINEAR, new LowerQuantize()),
            Map.entry(OpKind.DYNAMIC_QUANTIZE_LINEAR, new LowerDynamicQuantize()),
            Map.entry(OpKind.MATMUL_INTEGER, new LowerMatMulInteger()),
            Map.entry(OpKind.CONV_INTEGER, new LowerConvInteger()),
            Map.entry(OpKind.QLINEAR_MATMUL, new LowerQLinear()),
            Map.entry(OpKind.QLINEAR_CONV, new LowerQLinear()),
            Map.entry(OpKind.QGEMM, new LowerQLinear()),
            Map.entry(OpKind.QLINEAR_ADD, new LowerQLinearAdd()),
            Map.entry(OpKind.QLINEAR_GLOBAL_AVERAGE_POOL, new LowerQLinearGlobalAveragePool()),
            Map.entry(OpKind.CONV, new LowerVolumes()),
            Map.entry(OpKind.CONV_TRANSPOSE, new LowerTransposedVolumes()),
            Map.entry(OpKind.MAX_POOL, new LowerVolumes()),
            Map.entry(OpKind.AVERAGE_POOL, new LowerVolumes()));

    @Override public String name() { return "decompose-functions"; }
    @Override public String description() {
        return "ops that other ops express (" + String.join(", ", LOWERINGS.keySet().stream()
                .map(OpKind::opType).sorted().toList()) + ") as those ops";
    }
    @Override public Set<Stage> requires() { return Set.of(Stage.SHAPES_KNOWN); }
    @Override public Set<Stage> establishes() { return Set.of(Stage.SHAPES_KNOWN); }

    private static boolean lowers(OpKind op) { return LOWERINGS.containsKey(op); }

    @Override
    public Model run(Model in, PassContext cx) {
        return in.withGraph(rewrite(in.graph(), GraphEdits.names(in.graph()), in.opset(), cx));
    }

    private static Graph rewrite(Graph g, Set<String> taken, long opset, PassContext cx) {
        g = GraphEdits.inBranches(g, branch -> rewrite(branch, taken, opset, cx));
        if (g.nodes().stream().noneMatch(n -> n.op() instanceof OpKind k && lowers(k))) return g;
        Graph.Builder b = g.toBuilder();
        b.nodes().clear();
        Emitter e = new Emitter(g, b, taken, opset);
        for (Node n : g.nodes()) {
            Lowering l = n.op() instanceof OpKind k ? LOWERINGS.get(k) : null;
            if (l == null || !l.applies(n, e)) {
                b.node(n);
                continue;
            }
            l.lower(n, e);
            cx.count(n.op().opType() + " lowered");
        }
        return b.build();
    }
}
