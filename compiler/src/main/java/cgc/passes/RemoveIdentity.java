package cgc.passes;

import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Removes nodes that pass their input through unchanged: Identity, Dropout at inference (no training_mode, or a
 * constant false one, and no mask read), Reshape to the shape the input already has, Cast to the type the input
 * already has. Readers are pointed at the input; a graph output keeps its name (the input is renamed instead, when the
 * input is made by a node; otherwise the node stays).
 */
record RemoveIdentity() implements Pass {
    @Override public String name() { return "remove-identity"; }
    @Override public String description() { return "remove Identity, inference Dropout, no-op Reshape and Cast"; }
    @Override public Set<Stage> requires() { return Set.of(Stage.SHAPES_KNOWN); }
    @Override public Set<Stage> establishes() { return Set.of(Stage.SHAPES_KNOWN); }

    @Override
    public Model run(Model in, PassContext cx) { return in.withGraph(rewrite(in.graph(), cx)); }

    /** Rewrites the branches of If first, then {@code g} itself. */
    private static Graph rewrite(Graph g, PassContext cx) {
        g = GraphEdits.inBranches(g, branch -> rewrite(branch, cx));
        // By index into the current graph: a bypass rewrites the readers after it.
        for (int i = 0; i < g.nodes().size(); i++) {
            Node n = g.nodes().get(i);
            if (!(n.op() instanceof OpKind k) || !isNoOp(g, n, k, GraphEdits.uses(g))) continue;
            Graph next = GraphEdits.bypass(g, n, n.input(0), n.output(0));
            if (next == null) continue;
            g = next;
            i--;
            cx.count(k.opType() + " removed");
        }
        return g;
    }

    static boolean isNoOp(Graph g, Node n, OpKind k, Map<String, Integer> uses) {
        return switch (k) {
            case IDENTITY -> true;
            case DROPOUT -> (n.outputs().size() < 2 || uses.getOrDefault(n.output(1), 0) == 0) && !training(g, n);
            case RESHAPE -> {
                TensorType x = g.type(n.input(0)), y = g.type(n.output(0));
                yield x.hasRank() && x.dims().stream().noneMatch(d -> d instanceof cgc.ir.Dim.Unknown)
                        && x.dims().equals(y.dims());
            }
            case CAST -> g.type(n.input(0)).dtype() == g.type(n.output(0)).dtype()
                    && g.type(n.input(0)).dtype() != cgc.ir.DType.UNDEFINED;
            default -> false;
        };
    }

    /** Dropout-12 on takes training_mode as input 2; absent or a constant false means inference. */
    private static boolean training(Graph g, Node n) {
        if (!n.hasInput(2)) return false;
        Optional<Weights> mode = g.constant(n.input(2));
        return mode.isEmpty() || mode.get().toLongs()[0] != 0;
    }
}
