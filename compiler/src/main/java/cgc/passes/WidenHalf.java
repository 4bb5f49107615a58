package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * f16 arithmetic in f32: a node that computes on f16 values (a conv, a product, an activation, a normalisation, ...)
 * reads them through a Cast to f32 and writes f32, which a Cast rounds back to f16, as ONNX Runtime's CPU provider
 * does for the f16 nodes it has no kernel for (its InsertCastTransformer). Each node rounds its own outputs, so the
 * values between nodes are those ONNX Runtime's f16 graph holds. Nodes that only move f16 values (Reshape, Transpose,
 * Concat, Gather, ...), Cast and Mod (whose kernel takes f16) stay as they are; so do nodes of several outputs, which
 * the kernels then refuse as before. The Casts of f16 constants fold away in the fold-constants that follows.
 */
final class WidenHalf implements Pass {
    private static final Set<OpKind> KEPT = Set.of(OpKind.CAST, OpKind.MOD, OpKind.RESHAPE, OpKind.FLATTEN,
            OpKind.TRANSPOSE, OpKind.SQUEEZE, OpKind.UNSQUEEZE, OpKind.CONCAT, OpKind.SLICE, OpKind.GATHER,
            OpKind.SHAPE, OpKind.SIZE, OpKind.IDENTITY, OpKind.EXPAND, OpKind.TILE, OpKind.WHERE,
            OpKind.CONSTANT_OF_SHAPE);
    private static final Attrs TO_F32 = Attrs.EMPTY.with("to", Attr.of((long) DType.F32.onnxCode()));
    private static final Attrs TO_F16 = Attrs.EMPTY.with("to", Attr.of((long) DType.F16.onnxCode()));

    @Override public String name() { return "widen-half"; }
    @Override public String description() { return "f16 arithmetic computed in f32, each node's outputs rounded to f16"; }
    @Override public Set<Stage> requires() { return Set.of(Stage.SHAPES_KNOWN); }
    @Override public Set<Stage> establishes() { return Set.of(Stage.SHAPES_KNOWN); }

    @Override
    public Model run(Model in, PassContext cx) {
        return in.withGraph(rewrite(in.graph(), GraphEdits.names(in.graph()), in.opset(), cx));
    }

    private static Graph rewrite(Graph g, Set<String> taken, long opset, PassContext cx) {
        g = GraphEdits.inBranches(g, branch -> rewrite(branch, taken, opset, cx));
        Graph graph = g;
        if (g.nodes().stream().noneMatch(n -> widens(n, graph))) return g;
        Graph.Builder b = g.toBuilder();
        b.nodes().clear();
        Emitter e = new Emitter(g, b, taken, opset);
        Map<String, String> wide = new HashMap<>();            // an f16 value -> its f32 Cast, made once
        for (Node n : g.nodes()) {
            if (!widens(n, g)) {
                b.node(n);
                continue;
            }
            List<String> inputs = new ArrayList<>();
            for (String x : n.inputs()) {
                inputs.add(x.isEmpty() || e.type(x).dtype() != DType.F16 ? x
                        : wide.computeIfAbsent(x, v -> e.node(v + "_f32", OpKind.CAST, List.of(v), TO_F32)));
            }
            String y = n.output(0);
            if (e.type(y).dtype() != DType.F16) {
                e.last(n, (OpKind) n.op(), inputs, n.attrs());     // f16 in, another type out (a comparison)
            } else {
                String computed = e.node(n.name() + "_f32", (OpKind) n.op(), inputs, n.attrs());
                e.last(n, OpKind.CAST, List.of(computed), TO_F16);
            }
            cx.count(n.op().opType() + " widened");
        }
        return b.build();
    }

    /** A node of one output that reads or writes f16 values and computes on them. */
    private static boolean widens(Node n, Graph g) {
        if (!(n.op() instanceof OpKind k) || KEPT.contains(k) || n.outputs().size() != 1) return false;
        for (String v : n.inputs()) {
            if (!v.isEmpty() && g.type(v).dtype() == DType.F16) return true;
        }
        return false;
    }
}
