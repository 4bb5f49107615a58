package cgc.passes;

import cgc.ir.DType;
import cgc.ir.Dim;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Two bias rewrites, each on an Add with a constant operand (on either side: exporters write {@code Add(bias, y)} as
 * well as {@code Add(y, bias)}) whose other operand is read by the Add alone and is not a graph output:
 * <ul>
 * <li>{@code Add(MatMul(X, W), B)} with B broadcasting over the last dim only becomes {@code cgc.Linear(X, W, B)};
 * <li>{@code Add(Conv(X, W[, b]), B)} with B one value per output channel ([M, 1, 1], [1, M, 1, 1], or a single
 *     value) becomes {@code Conv(X, W, b + B)}.
 * </ul>
 * The bias is stored as a vector of the channel count ({@code [N]}, {@code [M]}).
 */
record FuseLinear() implements Pass {
    @Override public String name() { return "fuse-linear"; }
    @Override public String description() {
        return "MatMul + Add(bias) -> cgc.Linear; Conv + Add(bias) -> Conv with bias";
    }
    @Override public Set<Stage> requires() { return Set.of(Stage.SHAPES_KNOWN); }
    @Override public Set<Stage> establishes() { return Set.of(Stage.SHAPES_KNOWN); }

    @Override
    public Model run(Model in, PassContext cx) { return in.withGraph(rewrite(in.graph(), GraphEdits.names(in.graph()), cx)); }

    /** Rewrites the branches of If first, then {@code g} itself. */
    private static Graph rewrite(Graph g, Set<String> taken, PassContext cx) {
        g = GraphEdits.inBranches(g, branch -> rewrite(branch, taken, cx));
        for (Node add : List.copyOf(g.nodes())) {
            if (!add.is(OpKind.ADD)) continue;
            for (int side = 0; side < 2; side++) {
                Optional<Graph> next = fuse(g, add, add.input(side), add.input(1 - side), taken, cx);
                if (next.isPresent()) {
                    g = next.get();
                    break;
                }
            }
        }
        return g;
    }

    private static Optional<Graph> fuse(Graph g, Node add, String y, String biasName, Set<String> taken,
                                        PassContext cx) {
        Node p = g.producers().get(y);
        Optional<Weights> bias = g.constant(biasName);
        if (p == null || bias.isEmpty() || p.attrs().has("cgc.act")
                || !GraphEdits.hasSoleUse(g, GraphEdits.uses(g), y)) {
            return Optional.empty();
        }
        TensorType t = g.type(y);
        if (!t.hasRank() || t.rank() < 1 || t.dtype() != DType.F32 || bias.get().dtype() != DType.F32) {
            return Optional.empty();
        }
        if (p.is(OpKind.MATMUL)) {
            TensorType w = g.type(p.input(1));
            if (!w.hasRank() || w.rank() < 2) return Optional.empty();
            Optional<Weights> b = vector(bias.get(), t.dims(), t.rank() - 1);
            if (b.isEmpty()) return Optional.empty();
            String name = storeName(g, biasName, b.get(), taken);
            Node linear = new Node(p.name(), OpKind.LINEAR, List.of(p.input(0), p.input(1), name),
                    List.of(add.output(0)), p.attrs());
            cx.count("MatMul + Add fused into Linear");
            return Optional.of(withConstant(GraphEdits.replacePair(g, p, add, linear), name, b.get()));
        }
        if (p.is(OpKind.CONV) && t.rank() >= 3) {
            Optional<Weights> b = vector(bias.get(), t.dims(), 1);
            if (b.isEmpty()) return Optional.empty();
            Weights sum = b.get();
            if (p.hasInput(2)) {
                Optional<Weights> old = g.constant(p.input(2)).filter(w -> w.dtype() == DType.F32);
                if (old.isEmpty()) return Optional.empty();
                float[] x = old.get().toFloats(), z = b.get().toFloats();
                for (int i = 0; i < z.length; i++) z[i] = (float) ((double) x[i] + z[i]);
                sum = Weights.ofFloats(b.get().shape(), z);
            }
            String name = storeName(g, p.hasInput(2) ? p.input(2) : biasName, sum, taken);
            Node conv = p.withInputs(List.of(p.input(0), p.input(1), name)).withOutputs(List.of(add.output(0)));
            cx.count("Add folded into Conv bias");
            return Optional.of(withConstant(GraphEdits.replacePair(g, p, add, conv), name, sum));
        }
        return Optional.empty();
    }

    /**
     * The bias as a vector along {@code axis} of a value with dims {@code y}: B must broadcast onto y without
     * growing it and vary along that axis only (or be a single value, then repeated). Empty otherwise.
     */
    static Optional<Weights> vector(Weights b, List<Dim> y, int axis) {
        Dim d = y.get(axis);
        if (!d.isKnown()) return Optional.empty();
        long n = d.size();
        List<Long> s = b.shape();
        if (s.size() > y.size()) return Optional.empty();
        float[] v = b.toFloats();
        if (v.length == 1) {
            float[] r = new float[(int) n];
            Arrays.fill(r, v[0]);
            return Optional.of(Weights.ofFloats(List.of(n), r));
        }
        int off = y.size() - s.size();
        for (int i = 0; i < s.size(); i++) {
            long expected = i + off == axis ? n : 1;
            if (s.get(i) != expected) return Optional.empty();
        }
        if (off > axis) return Optional.empty();
        return Optional.of(Weights.ofFloats(List.of(n), v));
    }

    /** The existing name when the constant already has exactly this value, else a fresh name. */
    private static String storeName(Graph g, String base, Weights w, Set<String> taken) {
        return g.constant(base).filter(w::equals).isPresent() ? base : GraphEdits.fresh(taken, base + "_vec");
    }

    private static Graph withConstant(Graph g, String name, Weights w) {
        return g.toBuilder().constant(name, w).build();
    }
}
