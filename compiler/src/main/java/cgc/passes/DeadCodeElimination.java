package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Mark and sweep: a node is live when one of its outputs is read by a live node (reads inside a live node's sub-graphs
 * count) or is a graph output; everything else, and every constant nothing live reads, is removed. Branches of a live
 * If are swept the same way. Opaque ops are always kept: nothing is known about what they do.
 */
record DeadCodeElimination() implements Pass {
    @Override public String name() { return "dce"; }
    @Override public String description() { return "remove nodes and constants whose values are never read"; }

    @Override
    public Model run(Model in, PassContext cx) { return in.withGraph(sweep(in.graph(), cx)); }

    private static Graph sweep(Graph g, PassContext cx) {
        Set<String> live = new HashSet<>(g.outputs());
        List<Node> kept = new ArrayList<>();
        for (Node n : g.nodes().reversed()) {
            boolean opaque = !(n.op() instanceof cgc.ir.OpKind);   // what it does is unknown: keep it
            if (!opaque && n.outputs().stream().noneMatch(live::contains)) {
                cx.count("nodes removed");
                continue;
            }
            Attrs a = n.attrs();
            for (var e : n.attrs().asMap().entrySet()) {
                if (e.getValue() instanceof Attr.GraphValue(Graph sub)) {
                    Graph swept = sweep(sub, cx);
                    a = a.with(e.getKey(), new Attr.GraphValue(swept));
                    live.addAll(reads(swept));
                }
            }
            live.addAll(n.inputs());
            kept.addFirst(a == n.attrs() ? n : n.withAttrs(a));
        }
        Graph.Builder b = g.toBuilder();
        b.nodes().clear();
        kept.forEach(b::node);
        for (String c : List.copyOf(b.constants().keySet())) {
            if (!live.contains(c)) {
                b.constants().remove(c);
                cx.count("constants removed");
            }
        }
        Set<String> defined = new HashSet<>(g.inputs());
        for (Node n : kept) defined.addAll(n.outputs());
        b.types().keySet().retainAll(defined);
        return b.build();
    }

    /** Every value a graph reads (node inputs and outputs, in nested sub-graphs too), whether or not it defines it. */
    private static Set<String> reads(Graph g) {
        Set<String> r = new HashSet<>(g.outputs());
        for (Node n : g.nodes()) {
            r.addAll(n.inputs());
            for (Attr a : n.attrs().asMap().values()) if (a instanceof Attr.GraphValue(Graph sub)) r.addAll(reads(sub));
        }
        return r;
    }
}
