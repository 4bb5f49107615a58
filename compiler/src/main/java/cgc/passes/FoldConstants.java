package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.ShapeRules;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates what can be known before run time, in one walk in node order:
 * <ul>
 * <li>Constant nodes become graph constants;
 * <li>a node whose inputs are all constants is evaluated by {@link ConstantEvaluator} and replaced by its value;
 * <li>{@code Shape} of a value whose shape is static becomes a constant though its input is not one: this is what
 *     dissolves the {@code Shape -> Gather -> Unsqueeze -> Concat -> Reshape} chains exporters write;
 * <li>{@code If} with a constant condition is replaced by the nodes of the branch it takes.
 * </ul>
 * Each kept node's types are recomputed on the way, so a Reshape whose shape has just become a constant gets a static
 * type, and the Shape nodes after it can fold in turn.
 */
record FoldConstants() implements Pass {
    /** Ops that only give their input's elements another shape. */
    private static final Set<OpKind> RELABELS =
            java.util.EnumSet.of(OpKind.IDENTITY, OpKind.RESHAPE, OpKind.FLATTEN, OpKind.SQUEEZE, OpKind.UNSQUEEZE);

    @Override public String name() { return "fold-constants"; }
    @Override public String description() {
        return "evaluate constant subgraphs, static Shape, Constant nodes and If on a constant";
    }
    @Override public Set<Stage> requires() { return Set.of(Stage.SHAPES_KNOWN); }
    @Override public Set<Stage> establishes() { return Set.of(Stage.SHAPES_KNOWN); }

    @Override
    public Model run(Model in, PassContext cx) { return in.withGraph(fold(in.graph(), null, in.opset(), cx)); }

    private static Graph fold(Graph g, Env outer, long opset, PassContext cx) {
        Env env = Env.of(g, outer);
        List<Node> kept = new ArrayList<>();
        Deque<Node> work = new ArrayDeque<>(g.nodes());
        while (!work.isEmpty()) {
            Node n = work.removeFirst();
            if (!(n.op() instanceof OpKind k)) {
                for (String o : n.outputs()) if (!o.isEmpty()) env.types.put(o, g.type(o));
                kept.add(n);
                continue;
            }
            n = foldSubgraphs(n, env, opset, cx);
            if (k == OpKind.CONSTANT) {
                Optional<Weights> w = constantValue(n);
                if (w.isPresent()) {
                    env.constants.put(n.output(0), w.get());
                    cx.count("Constant nodes made constants");
                    continue;
                }
            }
            if (k == OpKind.IF) {
                Optional<List<Node>> branch = inlineIf(n, env);
                if (branch.isPresent()) {
                    branch.get().reversed().forEach(work::addFirst);
                    cx.count("If replaced by a branch");
                    continue;
                }
            }
            List<TensorType> types = InferShapes.outputTypes(n, g, env, opset);
            Optional<List<Weights>> values = evaluate(n, k, env, types);
            if (values.isPresent()) {
                for (int i = 0; i < n.outputs().size(); i++) env.constants.put(n.output(i), values.get().get(i));
                cx.count(k.opType() + " folded");
                continue;
            }
            for (int i = 0; i < n.outputs().size(); i++) {
                if (!n.output(i).isEmpty()) env.types.put(n.output(i), types.get(i));
            }
            kept.add(n);
        }
        Graph.Builder b = g.toBuilder();
        b.nodes().clear();
        kept.forEach(b::node);
        b.constants().clear();
        b.constants().putAll(env.constants);
        b.types().clear();
        for (String i : g.inputs()) b.type(i, g.type(i));
        for (Node n : kept) for (String o : n.outputs()) if (!o.isEmpty()) b.type(o, env.type(o));
        return b.build();
    }

    private static Node foldSubgraphs(Node n, Env env, long opset, PassContext cx) {
        Attrs a = n.attrs();
        for (var e : n.attrs().asMap().entrySet()) {
            if (e.getValue() instanceof Attr.GraphValue(Graph sub)) {
                a = a.with(e.getKey(), new Attr.GraphValue(fold(sub, env, opset, cx)));
            }
        }
        return a == n.attrs() ? n : n.withAttrs(a);
    }

    /** Size and EyeLike: values of the input's type alone, whatever its values. */
    private static Optional<List<Weights>> ofType(Node n, OpKind k, TensorType x, TensorType out) {
        if (!x.isStatic() || !out.isStatic() || out.elementCount() > ConstantEvaluator.MAX_ELEMENTS) {
            return Optional.empty();
        }
        if (k == OpKind.SIZE) return Optional.of(List.of(Weights.ofLongs(List.of(), x.elementCount())));
        long[] shape = out.shape();
        long diagonal = n.attrs().getInt("k", 0);
        long[] eye = new long[(int) out.elementCount()];
        for (int r = 0; r < shape[0]; r++) {
            long c = r + diagonal;
            if (c >= 0 && c < shape[1]) eye[(int) (r * shape[1] + c)] = 1;
        }
        Tensor t = out.dtype().isFloat() ? Tensor.ofReals(out.dtype(), shape, java.util.Arrays.stream(eye)
                .asDoubleStream().toArray()) : Tensor.ofInts(out.dtype(), shape, eye);
        return Optional.of(List.of(t.toWeights()));
    }

    private static Optional<List<Weights>> evaluate(Node n, OpKind k, Env env, List<TensorType> types) {
        if (k == OpKind.SHAPE) {
            TensorType x = env.type(n.input(0));
            if (!x.isStatic()) return Optional.empty();
            long[] dims = x.shape();
            long[] se = ShapeRules.shapeRange(dims.length, n.attrs().getInt("start", 0),
                    n.attrs().getInt("end", dims.length));
            long[] v = Arrays.copyOfRange(dims, (int) se[0], (int) Math.max(se[0], se[1]));
            return Optional.of(List.of(Weights.ofLongs(List.of((long) v.length), v)));
        }
        if (k == OpKind.SIZE || k == OpKind.EYE_LIKE) return ofType(n, k, env.type(n.input(0)), types.getFirst());
        if (k.isHeavy()) return Optional.empty();
        if (n.inputs().stream().anyMatch(i -> !i.isEmpty() && env.constant(i).isEmpty())) return Optional.empty();
        // the same bytes under another shape: no evaluation
        if (RELABELS.contains(k) && types.getFirst().isStatic()) {
            Optional<Weights> w = env.constant(n.input(0));
            if (k == OpKind.IDENTITY) return Optional.of(List.of(w.get()));
            List<Long> shape = Arrays.stream(types.getFirst().shape()).boxed().toList();
            return Optional.of(List.of(Weights.wrap(w.get().dtype(), shape, w.get().copyBytes())));
        }
        List<Tensor> in = new ArrayList<>();
        for (String i : n.inputs()) {
            if (i.isEmpty()) { in.add(null); continue; }
            Optional<Weights> w = env.constant(i);
            if (w.isEmpty() || w.get().dtype() == DType.STRING
                    || w.get().elementCount() > ConstantEvaluator.cap(k)) {
                return Optional.empty();
            }
            in.add(Tensor.of(w.get()));
        }
        return ConstantEvaluator.eval(n, in, types);
    }

    /** The value of a Constant node, from whichever of its value attributes is given (strings are left alone). */
    static Optional<Weights> constantValue(Node n) {
        Attrs a = n.attrs();
        if (a.getTensor("value").isPresent()) return a.getTensor("value");
        if (a.get("value_float").orElse(null) instanceof Attr.Float(float f)) {
            return Optional.of(Weights.ofFloats(List.of(), f));
        }
        if (a.get("value_int").orElse(null) instanceof Attr.Int(long v)) {
            return Optional.of(Weights.ofLongs(List.of(), v));
        }
        if (a.get("value_floats").orElse(null) instanceof Attr.Floats(List<Float> fs)) {
            float[] v = new float[fs.size()];
            for (int i = 0; i < v.length; i++) v[i] = fs.get(i);
            return Optional.of(Weights.ofFloats(List.of((long) v.length), v));
        }
        if (a.get("value_ints").orElse(null) instanceof Attr.Ints(List<Long> is)) {
            return Optional.of(Weights.ofLongs(List.of((long) is.size()),
                    is.stream().mapToLong(Long::longValue).toArray()));
        }
        return Optional.empty();
    }

    /**
     * The nodes that replace an If whose condition is a constant: the taken branch's nodes, its outputs renamed to
     * the If's outputs (an output the branch only forwards becomes an Identity), its constants moved out. Empty
     * when the condition is not constant or a branch name would clash with a name outside.
     */
    private static Optional<List<Node>> inlineIf(Node n, Env env) {
        Optional<Weights> cond = env.constant(n.input(0));
        if (cond.isEmpty() || cond.get().elementCount() != 1) return Optional.empty();
        boolean taken = cond.get().toLongs()[0] != 0;
        Graph branch = n.attrs().getGraph(taken ? "then_branch" : "else_branch").orElseThrow();
        for (String c : branch.constants().keySet()) if (env.defines(c)) return Optional.empty();
        for (Node b : branch.nodes()) {
            for (String o : b.outputs()) if (!o.isEmpty() && env.defines(o)) return Optional.empty();
        }
        List<Node> extra = new ArrayList<>();
        for (int i = 0; i < n.outputs().size(); i++) {
            String y = n.output(i), o = branch.outputs().get(i);
            if (y.isEmpty()) continue;
            boolean made = branch.nodes().stream().anyMatch(b -> b.outputs().contains(o));
            if (made && !branch.outputs().subList(0, i).contains(o)) {
                branch = GraphEdits.rename(branch, o, y);
            } else {
                extra.add(new Node(n.name() + "/" + y, OpKind.IDENTITY, List.of(o), List.of(y), Attrs.EMPTY));
            }
        }
        env.constants.putAll(branch.constants());
        List<Node> nodes = new ArrayList<>(branch.nodes());
        nodes.addAll(extra);
        return Optional.of(nodes);
    }
}
