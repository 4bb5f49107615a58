package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuses trees of elementwise ops into one {@code cgc.FusedElementwise} node, computed in one pass over its output: a
 * quantized model's requantization (Cast, Add, Cast, Mul, Round, Add, Max, Min, Cast after every conv) was eleven
 * passes over each activation, most of that model's time. A node joins the group of a producer whose output it alone
 * reads (not a graph output), when both are ops of the op table's {@link OpKind#FUSIBLE} with outputs of one shape;
 * groups of two or more nodes are fused. Values stay f32, i32, u8 or i8.
 *
 * <p>Runs last in the pipeline: the body's values are named locally ({@code in0}, ..., {@code out}), and passes that
 * rename values of the graph would reach into the body by name.
 */
record FuseElementwise() implements Pass {
    @Override public String name() { return "fuse-elementwise"; }
    @Override public String description() {
        return "fuse chains of elementwise ops (Cast, Add, Mul, Round, Clip, Sigmoid, ...) into one pass over the tensor";
    }

    /** The fusible ops that take integers of one type as well as f32 (Cast converts; the others take f32 only). */
    private static final Set<OpKind> ANY_TYPE_OPS = EnumSet.of(OpKind.ADD, OpKind.SUB, OpKind.MUL, OpKind.MAX, OpKind.MIN);

    /** {@code -Dcgc.fuse-elementwise=false} leaves the chains unfused, for measuring what fusion saves. */
    private static final boolean ON = !"false".equals(System.getProperty("cgc.fuse-elementwise"));

    @Override
    public Model run(Model in, PassContext cx) { return ON ? in.withGraph(fuse(in.graph(), in.opset(), cx)) : in; }

    private static Graph fuse(Graph g, long opset, PassContext cx) {
        Map<String, Integer> uses = GraphEdits.uses(g);
        Map<String, Node> producers = g.producers();
        Map<Node, List<Node>> groupOf = new IdentityHashMap<>();
        for (Node n : g.nodes()) {
            if (!fusible(g, n, opset)) continue;
            List<Node> group = new ArrayList<>();
            for (String v : new LinkedHashSet<>(n.inputs())) {
                Node p = producers.get(v);
                if (p == null || !groupOf.containsKey(p) || g.outputs().contains(v)
                        || uses.getOrDefault(v, 0) != n.inputs().stream().filter(v::equals).count()
                        || !g.type(v).equals(g.type(n.output(0)).withDtype(g.type(v).dtype()))) {
                    continue;
                }
                for (Node member : groupOf.get(p)) if (!group.contains(member)) group.add(member);
            }
            group.add(n);
            for (Node member : group) groupOf.put(member, group);
        }
        Map<Node, List<Node>> byRoot = new IdentityHashMap<>();
        for (List<Node> group : groupOf.values()) if (group.size() > 1) byRoot.put(group.getLast(), group);
        if (byRoot.isEmpty()) return g;
        Set<Node> fused = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        byRoot.values().forEach(fused::addAll);
        Graph.Builder b = g.toBuilder();
        b.nodes().clear();
        for (Node n : g.nodes()) {
            List<Node> group = byRoot.get(n);
            if (group != null) {
                b.node(fusedNode(g, sorted(g, group)));
                cx.count("elementwise ops fused", group.size());
                cx.count("FusedElementwise made");
            } else if (!fused.contains(n)) {
                b.node(n);
            }
        }
        for (List<Node> group : byRoot.values()) {
            for (Node member : group) if (member != group.getLast()) b.types().remove(member.output(0));
        }
        return b.build();
    }

    /** The group's nodes in the graph's order (a topological one). */
    private static List<Node> sorted(Graph g, List<Node> group) {
        Set<Node> members = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        members.addAll(group);
        return g.nodes().stream().filter(members::contains).toList();
    }

    /** The node that computes a group in graph order (its last node the root): its inputs, the root's output, the body. */
    private static Node fusedNode(Graph g, List<Node> ordered) {
        Node root = ordered.getLast();
        Map<String, String> local = new LinkedHashMap<>();   // outer input -> body input
        List<String> inner = new ArrayList<>();
        for (Node m : ordered) inner.add(m.output(0));
        for (Node m : ordered) {
            for (String v : m.inputs()) {
                if (!v.isEmpty() && !inner.contains(v) && !local.containsKey(v)) local.put(v, "in" + local.size());
            }
        }
        String out = root.output(0);
        Graph.Builder body = Graph.builder(root.name().isEmpty() ? "fused" : root.name());
        local.forEach((outer, name) -> body.input(name, g.type(outer)));
        for (Node m : ordered) {
            List<String> ins = m.inputs().stream().map(v -> local.getOrDefault(v, v.equals(out) ? "out" : v)).toList();
            String o = m.output(0).equals(out) ? "out" : m.output(0);
            body.node(m.withInputs(ins).withOutputs(List.of(o)));
            body.type(o, g.type(m.output(0)));
        }
        body.output("out");
        return new Node(root.name(), OpKind.FUSED_ELEMENTWISE, List.copyOf(local.keySet()), List.of(out),
                Attrs.EMPTY.with("body", new Attr.GraphValue(body.build())));
    }

    /** Whether {@code n} is an elementwise op this fusion computes, on static values of the types it holds. */
    static boolean fusible(Graph g, Node n, long opset) {
        if (!(n.op() instanceof OpKind k) || n.outputs().size() != 1 || n.output(0).isEmpty()) return false;
        if (n.inputs().isEmpty() || !n.hasInput(0)) return false;
        List<String> values = new ArrayList<>(n.inputs().stream().filter(v -> !v.isEmpty()).toList());
        values.add(n.output(0));
        for (String v : values) {
            TensorType t = g.type(v);
            if (!t.isStatic() || !OpKind.FUSIBLE_TYPES.contains(t.dtype())) return false;
        }
        DType out = g.type(n.output(0)).dtype();
        boolean allF32 = values.stream().allMatch(v -> g.type(v).dtype() == DType.F32);
        if (k == OpKind.CAST) return n.inputs().size() == 1;
        if (ANY_TYPE_OPS.contains(k)) {
            return values.size() == 3 && values.stream().allMatch(v -> g.type(v).dtype() == out);
        }
        if (!OpKind.FUSIBLE.contains(k) || !allF32) return false;
        return switch (k) {
            case DIV -> n.inputs().size() == 2;
            case CLIP -> clipBoundsKnown(g, n, opset);
            case GELU -> n.attrs().getString("approximate", "none").equals("none") && n.inputs().size() == 1;
            default -> n.inputs().size() == 1;
        };
    }

    /** Clip's bounds: attributes before opset 11, constant inputs after (the kernels bake them in). */
    private static boolean clipBoundsKnown(Graph g, Node clip, long opset) {
        if (opset < 11) return clip.inputs().size() == 1;
        for (int i = 1; i < clip.inputs().size(); i++) {
            if (clip.hasInput(i) && g.constant(clip.input(i)).isEmpty()) return false;
        }
        return true;
    }
}
