package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.Graph;
import cgc.ir.Node;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small rewrites shared by the passes: use counts that see into sub-graphs, renaming, fresh names. */
final class GraphEdits {
    private GraphEdits() {}

    /** How often each value is read: node inputs, reads inside sub-graphs, and graph outputs all count. */
    static Map<String, Integer> uses(Graph g) {
        Map<String, Integer> m = new HashMap<>();
        countUses(g, m);
        return m;
    }

    private static void countUses(Graph g, Map<String, Integer> m) {
        for (Node n : g.nodes()) {
            for (String i : n.inputs()) if (!i.isEmpty()) m.merge(i, 1, Integer::sum);
            for (Attr a : n.attrs().asMap().values()) if (a instanceof Attr.GraphValue(Graph sub)) countUses(sub, m);
        }
        for (String o : g.outputs()) m.merge(o, 1, Integer::sum);
    }

    /** Whether {@code value} is read exactly once (by a node) and is not a graph output. */
    static boolean hasSoleUse(Graph g, Map<String, Integer> uses, String value) {
        return uses.getOrDefault(value, 0) == 1 && !g.outputs().contains(value);
    }

    /** Replaces reads of values (node inputs, in sub-graphs too, and sub-graph outputs); graph outputs stay. */
    static Graph substituteUses(Graph g, Map<String, String> subst) {
        if (subst.isEmpty()) return g;
        Graph.Builder b = g.toBuilder();
        b.nodes().replaceAll(n -> substitute(n, subst));
        return b.build();
    }

    static Node substitute(Node n, Map<String, String> subst) {
        List<String> in = n.inputs().stream().map(i -> subst.getOrDefault(i, i)).toList();
        Attrs a = n.attrs();
        for (var e : n.attrs().asMap().entrySet()) {
            if (e.getValue() instanceof Attr.GraphValue(Graph sub)) {
                Graph.Builder sb = substituteUses(sub, subst).toBuilder();
                sb.outputs().replaceAll(o -> subst.getOrDefault(o, o));
                a = a.with(e.getKey(), new Attr.GraphValue(sb.build()));
            }
        }
        Node out = in.equals(n.inputs()) ? n : n.withInputs(in);
        return a == n.attrs() ? out : out.withAttrs(a);
    }

    /** Renames a value everywhere in {@code g}: where it is defined, read, typed, and listed as an output. */
    static Graph rename(Graph g, String from, String to) {
        Map<String, String> subst = Map.of(from, to);
        Graph.Builder b = substituteUses(g, subst).toBuilder();
        b.nodes().replaceAll(n -> n.outputs().contains(from)
                ? n.withOutputs(n.outputs().stream().map(o -> o.equals(from) ? to : o).toList()) : n);
        b.outputs().replaceAll(o -> o.equals(from) ? to : o);
        b.inputs().replaceAll(o -> o.equals(from) ? to : o);
        if (b.types().containsKey(from)) b.type(to, b.types().remove(from));
        if (b.constants().containsKey(from)) b.constant(to, b.constants().remove(from));
        return b.build();
    }

    /**
     * Removes node {@code n}, which forwards value {@code from} unchanged as {@code to}. Readers of {@code to} read
     * {@code from}; when {@code to} is a graph output it keeps its name, so {@code from} is renamed to {@code to}
     * instead, which needs {@code from} to be made by a node and not be a graph output itself. Returns {@code null}
     * when neither is possible.
     */
    static Graph bypass(Graph g, Node n, String from, String to) {
        Graph without = withoutNode(g, n);
        if (!g.outputs().contains(to)) {
            Graph.Builder b = substituteUses(without, Map.of(to, from)).toBuilder();
            b.types().remove(to);
            return b.build();
        }
        boolean fromNode = g.nodes().stream().anyMatch(p -> p != n && p.outputs().contains(from));
        if (!fromNode || g.outputs().contains(from)) return null;
        Graph.Builder b = without.toBuilder();
        b.types().remove(to);
        return rename(b.build(), from, to);
    }

    static Graph withoutNode(Graph g, Node n) {
        Graph.Builder b = g.toBuilder();
        b.nodes().remove(n);
        return b.build();
    }

    /**
     * Replaces {@code producer} and its sole reader {@code consumer} by {@code merged}, placed where the consumer
     * was (so every input of either is defined before it).
     */
    static Graph replacePair(Graph g, Node producer, Node consumer, Node merged) {
        Graph.Builder b = g.toBuilder();
        int at = b.nodes().indexOf(consumer);
        b.nodes().set(at, merged);
        b.nodes().remove(producer);
        for (String o : producer.outputs()) b.types().remove(o);
        return b.build();
    }

    /** {@code g} with {@code f} applied to each sub-graph (the branches of If) of its nodes. */
    static Graph inBranches(Graph g, java.util.function.UnaryOperator<Graph> f) {
        Graph.Builder b = g.toBuilder();
        b.nodes().replaceAll(n -> {
            Attrs a = n.attrs();
            for (var e : n.attrs().asMap().entrySet()) {
                if (e.getValue() instanceof Attr.GraphValue(Graph sub)) a = a.with(e.getKey(), new Attr.GraphValue(f.apply(sub)));
            }
            return a == n.attrs() ? n : n.withAttrs(a);
        });
        return b.build();
    }

    /** Every value name in use in the graph and its sub-graphs. */
    static Set<String> names(Graph g) {
        Set<String> s = new HashSet<>(g.inputs());
        s.addAll(g.constants().keySet());
        s.addAll(g.outputs());
        for (Node n : g.nodes()) {
            s.addAll(n.inputs());
            s.addAll(n.outputs());
            for (Attr a : n.attrs().asMap().values()) if (a instanceof Attr.GraphValue(Graph sub)) s.addAll(names(sub));
        }
        return s;
    }

    /** {@code base}, or {@code base_1}, {@code base_2}, ... whichever is not taken; adds it to {@code taken}. */
    static String fresh(Set<String> taken, String base) {
        String name = base;
        for (int i = 1; taken.contains(name); i++) name = base + "_" + i;
        taken.add(name);
        return name;
    }
}
