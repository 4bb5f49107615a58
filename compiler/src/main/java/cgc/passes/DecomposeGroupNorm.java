package cgc.passes;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lowers GroupNormalization to ops every backend has. Each group's channels and spatial dims are one run of the input,
 * so X [N, C, D...] reshaped to [N, G, C/G · D...] has the groups as channels, and an InstanceNormalization of that
 * (scale 1, bias 0) normalises each group; reshaped back, it is scaled and shifted per channel by a Mul and an Add
 * ([C, 1, ...] broadcast). Before opset 21 scale and bias are per group: as constants, each value is repeated over its
 * group's channels; computed at run time, they are refused (opset 21 takes them as they are).
 */
record DecomposeGroupNorm() implements Pass {
    @Override public String name() { return "decompose-group-norm"; }
    @Override public String description() {
        return "GroupNormalization as InstanceNormalization of the groups, then Mul and Add per channel";
    }
    @Override public Set<Stage> requires() { return Set.of(Stage.SHAPES_KNOWN); }
    @Override public Set<Stage> establishes() { return Set.of(Stage.SHAPES_KNOWN); }

    @Override
    public Model run(Model in, PassContext cx) {
        long opset = in.opset();
        return in.withGraph(rewrite(in.graph(), GraphEdits.names(in.graph()), opset, cx));
    }

    private static Graph rewrite(Graph g, Set<String> taken, long opset, PassContext cx) {
        g = GraphEdits.inBranches(g, branch -> rewrite(branch, taken, opset, cx));
        if (g.nodes().stream().noneMatch(n -> n.is(OpKind.GROUP_NORMALIZATION))) return g;
        Graph.Builder b = g.toBuilder();
        b.nodes().clear();
        for (Node n : g.nodes()) {
            if (n.is(OpKind.GROUP_NORMALIZATION)) {
                lower(g, b, n, taken, opset);
                cx.count("GroupNormalization lowered");
            } else {
                b.node(n);
            }
        }
        return b.build();
    }

    private static void lower(Graph g, Graph.Builder b, Node n, Set<String> taken, long opset) {
        TensorType x = g.type(n.input(0));
        if (!x.isStatic()) throw new CgcException(at(n, 0), "the shape must be known at compile time, got " + x);
        DType t = x.dtype();
        long[] shape = x.shape();
        long channels = shape[1];
        long groups = n.attrs().getInt("num_groups", 1);
        long rest = 1;
        for (int i = 1; i < shape.length; i++) rest *= shape[i];
        List<Long> grouped = List.of(shape[0], groups, rest / groups);
        List<Long> perChannel = new ArrayList<>(List.of(channels));
        for (int i = 2; i < shape.length; i++) perChannel.add(1L);
        String base = n.name();
        String groupedShape = constant(b, taken, base + "_grouped_shape", Weights.ofLongs(List.of(3L),
                longs(grouped)));
        String shapeBack = constant(b, taken, base + "_shape", Weights.ofLongs(List.of((long) shape.length), shape));
        String ones = constant(b, taken, base + "_ones", filled(t, List.of(groups), 1));
        String zeros = constant(b, taken, base + "_zeros", filled(t, List.of(groups), 0));
        String r1 = value(b, taken, base + "_groups", TensorType.of(t, longs(grouped)));
        String norm = value(b, taken, base + "_normalised", TensorType.of(t, longs(grouped)));
        String r2 = value(b, taken, base + "_channels", x);
        String scaled = value(b, taken, base + "_scaled", x);
        b.node(new Node(fresh(taken, base + "_to_groups"), OpKind.RESHAPE, List.of(n.input(0), groupedShape),
                List.of(r1), null));
        Attrs eps = Attrs.EMPTY.with("epsilon", Attr.of(n.attrs().getFloat("epsilon", 1e-5f)));
        b.node(new Node(fresh(taken, base + "_instance_norm"), OpKind.INSTANCE_NORMALIZATION, List.of(r1, ones, zeros),
                List.of(norm), eps));
        b.node(new Node(fresh(taken, base + "_to_channels"), OpKind.RESHAPE, List.of(norm, shapeBack), List.of(r2),
                null));
        String scale = perChannel(g, b, n, 1, taken, opset, channels / groups, perChannel);
        String bias = perChannel(g, b, n, 2, taken, opset, channels / groups, perChannel);
        b.node(new Node(fresh(taken, base + "_mul"), OpKind.MUL, List.of(r2, scale), List.of(scaled), null));
        b.node(new Node(base, OpKind.ADD, List.of(scaled, bias), n.outputs(), null));
    }

    /** Input {@code i} (scale or bias) as [C, 1, ...]: a constant, else a Reshape of the run-time value (opset 21). */
    private static String perChannel(Graph g, Graph.Builder b, Node n, int i, Set<String> taken, long opset,
                                     long groupSize, List<Long> perChannel) {
        String what = i == 1 ? "scale" : "bias";
        Optional<Weights> w = g.constant(n.input(i));
        TensorType x = g.type(n.input(0));
        if (w.isPresent()) {
            double[] v = doubles(w.get());
            double[] c = new double[(int) (long) perChannel.getFirst()];
            for (int ch = 0; ch < c.length; ch++) c[ch] = opset < 21 ? v[(int) (ch / groupSize)] : v[ch];
            return constant(b, taken, n.name() + "_" + what, of(x.dtype(), perChannel, c));
        }
        if (opset < 21) {
            throw new CgcException(at(n, i), "a " + what + " per group computed at run time is not supported (a "
                    + "constant is, and opset 21 takes one per channel)");
        }
        String shape = constant(b, taken, n.name() + "_" + what + "_shape", Weights.ofLongs(
                List.of((long) perChannel.size()), longs(perChannel)));
        String out = value(b, taken, n.name() + "_" + what, TensorType.of(x.dtype(), longs(perChannel)));
        b.node(new Node(fresh(taken, n.name() + "_" + what + "_reshape"), OpKind.RESHAPE, List.of(n.input(i), shape),
                List.of(out), null));
        return out;
    }

    private static String constant(Graph.Builder b, Set<String> taken, String name, Weights w) {
        String v = fresh(taken, name);
        b.constant(v, w);
        return v;
    }

    private static String value(Graph.Builder b, Set<String> taken, String name, TensorType t) {
        String v = fresh(taken, name);
        b.type(v, t);
        return v;
    }

    private static long[] longs(List<Long> v) { return v.stream().mapToLong(Long::longValue).toArray(); }

    private static String fresh(Set<String> taken, String name) { return GraphEdits.fresh(taken, name); }

    private static Where at(Node n, int input) {
        return Where.NOWHERE.node(n.name()).op(n.op().opType()).detail("input " + input + " \"" + n.input(input) + "\"");
    }

    private static Weights filled(DType t, List<Long> shape, double v) {
        double[] d = new double[(int) (long) shape.getFirst()];
        java.util.Arrays.fill(d, v);
        return of(t, shape, d);
    }

    private static double[] doubles(Weights w) {
        Tensor t = Tensor.of(w);
        double[] d = new double[t.size()];
        for (int i = 0; i < d.length; i++) d[i] = t.real(i);
        return d;
    }

    /** A float constant of type {@code t} (f32, f16, bf16 or f64). */
    private static Weights of(DType t, List<Long> shape, double[] v) {
        return Tensor.ofReals(t, longs(shape), v).toWeights();
    }
}
