package cgc.passes;

import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.Weights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Set;

/**
 * Rewrites the variadic ops Sum, Mean, Max and Min into the binary ops every backend has, so that no kernel needs an
 * input count: {@code Sum(a, b, c)} becomes {@code Add(Add(a, b), c)} (each step broadcasts as numpy does, which is
 * how the variadic op broadcasts), {@code Mean(x1..xk)} the sum divided by a constant k, and a one-input op an
 * Identity. Two-input Max and Min are binary already and stay; so are ops whose type is unknown (Mean of an integer type does
 * not exist in ONNX). Intermediate values are untyped until infer-shapes.
 */
record DecomposeVariadic() implements Pass {
    @Override public String name() { return "decompose-variadic"; }
    @Override public String description() { return "Sum, Mean, Max, Min of any input count as chains of binary ops"; }
    @Override public Set<Stage> requires() { return Set.of(); }
    @Override public Set<Stage> establishes() { return Set.of(); }

    @Override
    public Model run(Model in, PassContext cx) {
        return in.withGraph(rewrite(in.graph(), GraphEdits.names(in.graph()), cx));
    }

    private static Graph rewrite(Graph g, Set<String> taken, PassContext cx) {
        g = GraphEdits.inBranches(g, branch -> rewrite(branch, taken, cx));
        Graph.Builder b = g.toBuilder();
        b.nodes().clear();
        boolean changed = false;
        for (Node n : g.nodes()) {
            OpKind binary = n.op() instanceof OpKind k ? switch (k) {
                case SUM, MEAN -> OpKind.ADD;
                case MAX -> OpKind.MAX;
                case MIN -> OpKind.MIN;
                default -> null;
            } : null;
            List<String> xs = n.inputs().stream().filter(v -> !v.isEmpty()).toList();
            if (binary == null || xs.isEmpty() || xs.size() == 2 && binary != OpKind.ADD) {
                b.node(n);
                continue;
            }
            changed = true;
            cx.count(n.op().opType() + " of " + xs.size() + " decomposed");
            String y = n.output(0);
            boolean mean = n.is(OpKind.MEAN) && xs.size() > 1;
            String acc = xs.getFirst();
            if (xs.size() == 1) {
                b.node(new Node(n.name(), OpKind.IDENTITY, List.of(acc), List.of(y), null));
                continue;
            }
            for (int i = 1; i < xs.size(); i++) {
                boolean last = i == xs.size() - 1 && !mean;
                String out = last ? y : GraphEdits.fresh(taken, y + "_" + (mean ? "sum" : "acc") + i);
                b.node(new Node(last ? n.name() : GraphEdits.fresh(taken, n.name() + "_" + i), binary,
                        List.of(acc, xs.get(i)), List.of(out), null));
                acc = out;
            }
            if (mean) {
                String count = GraphEdits.fresh(taken, n.name() + "_count");
                DType t = g.type(y).dtype() != DType.UNDEFINED ? g.type(y).dtype() : g.type(xs.getFirst()).dtype();
                b.constant(count, scalar(t, xs.size()));
                b.node(new Node(n.name(), OpKind.DIV, List.of(acc, count), List.of(y), null));
            }
        }
        return changed ? b.build() : g;
    }

    /** The count k as a scalar of the mean's float type (f32 when the type is not known yet). */
    private static Weights scalar(DType t, int k) {
        return switch (t) {
            case F64 -> Weights.of(DType.F64, List.of(), ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                    .putDouble(k).array());
            default -> Weights.ofFloats(List.of(), k);
        };
    }
}
