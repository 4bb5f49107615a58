package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.Op;
import cgc.ir.Weights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges constants with identical contents (type, shape and bytes) and nodes with the same op, inputs and attributes
 * (after the merges before them), keeping the first. Nodes with sub-graphs and opaque ops are left alone, and so is a
 * duplicate whose output is a graph output (that name must stay).
 */
record CommonSubexpressionElimination() implements Pass {
    @Override public String name() { return "cse"; }
    @Override public String description() { return "merge identical constants and identical nodes"; }

    /** A duplicate can go when no output of it is a graph output and each output it has, the first has too. */
    private static boolean mergeable(Graph g, Node dup, Node first) {
        for (int i = 0; i < dup.outputs().size(); i++) {
            String o = dup.output(i);
            if (o.isEmpty()) continue;
            if (g.outputs().contains(o) || first.output(i).isEmpty()) return false;
        }
        return true;
    }

    private record Key(Op op, List<String> inputs, Attrs attrs, int outputs) {}

    @Override
    public Model run(Model in, PassContext cx) { return in.withGraph(rewrite(in.graph(), cx)); }

    /** Rewrites the branches of If first, then {@code g} itself. */
    private static Graph rewrite(Graph g, PassContext cx) {
        g = GraphEdits.inBranches(g, branch -> rewrite(branch, cx));
        Map<String, String> subst = new HashMap<>();
        Map<Weights, String> firstConstant = new HashMap<>();
        Graph.Builder b = g.toBuilder();
        for (var e : g.constants().entrySet()) {
            String first = firstConstant.putIfAbsent(e.getValue(), e.getKey());
            if (first != null && !g.outputs().contains(e.getKey())) {
                subst.put(e.getKey(), first);
                b.constants().remove(e.getKey());
                cx.count("duplicate constants merged");
            }
        }
        Map<Key, Node> firstNode = new HashMap<>();
        List<Node> kept = new ArrayList<>();
        for (Node n0 : g.nodes()) {
            Node n = GraphEdits.substitute(n0, subst);
            boolean hasSubgraph = n.attrs().asMap().values().stream().anyMatch(a -> a instanceof Attr.GraphValue);
            boolean opaque = !(n.op() instanceof cgc.ir.OpKind);   // might not be a function of its inputs
            Key key = new Key(n.op(), n.inputs(), n.attrs(), n.outputs().size());
            Node first = hasSubgraph || opaque ? null : firstNode.putIfAbsent(key, n);
            if (first == null || !mergeable(g, n, first)) {
                kept.add(n);
                continue;
            }
            for (int i = 0; i < n.outputs().size(); i++) {
                if (n.output(i).isEmpty()) continue;
                subst.put(n.output(i), first.output(i));
                b.types().remove(n.output(i));
            }
            cx.count("duplicate nodes merged");
        }
        b.nodes().clear();
        kept.forEach(b::node);
        return b.build();
    }
}
