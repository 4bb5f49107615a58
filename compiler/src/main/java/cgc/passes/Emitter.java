package cgc.passes;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.ShapeContext;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link Lowering} writes with: fresh names, constants, and nodes whose outputs are typed by the op table's
 * shape rules as they are emitted (the passes after decompose-functions read types), in the model's opset (where an
 * op's attribute became an input, the form that opset has).
 */
final class Emitter {
    private final Graph g;
    private final Graph.Builder b;
    private final Set<String> taken;
    private final long opset;
    private final Map<String, Weights> made = new HashMap<>();
    private Map<String, Node> producers;                    // of g, built on first use
    private Map<String, Integer> uses;                      // of g's values, built on first use
    private Map<String, List<Node>> readers;                // of g's values, built with uses

    Emitter(Graph g, Graph.Builder b, Set<String> taken, long opset) {
        this.g = g;
        this.b = b;
        this.taken = taken;
        this.opset = opset;
    }

    long opset() { return opset; }

    TensorType type(String value) {
        Weights w = made.get(value);
        if (w != null) return w.type();
        TensorType t = b.types().get(value);
        return t != null ? t : g.type(value);
    }

    /** The node of the graph being rewritten that writes {@code value}, if one does (not a constant or an input). */
    Optional<Node> producer(String value) {
        if (producers == null) producers = g.producers();
        return Optional.ofNullable(producers.get(value));
    }

    /**
     * The nodes of the graph being rewritten that read {@code value}; empty when anything else does too (a graph
     * output, a sub-graph), so that "all readers" claims hold for every use.
     */
    Optional<List<Node>> readers(String value) {
        if (uses == null) {
            uses = GraphEdits.uses(g);
            readers = new HashMap<>();
            for (Node n : g.nodes()) for (String i : n.inputs()) readers.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
        }
        List<Node> r = readers.getOrDefault(value, List.of());       // a node once per input that reads it
        return g.outputs().contains(value) || r.size() != uses.getOrDefault(value, 0) ? Optional.empty()
                : Optional.of(r.stream().distinct().toList());
    }

    Optional<Weights> constant(String value) {
        return made.containsKey(value) ? Optional.of(made.get(value)) : g.constant(value);
    }

    /** A new constant named after {@code hint}. */
    String constant(String hint, Weights w) {
        String v = GraphEdits.fresh(taken, hint);
        b.constant(v, w);
        made.put(v, w);
        return v;
    }

    /** A fresh value (or node) name after {@code hint}. */
    String fresh(String hint) { return GraphEdits.fresh(taken, hint); }

    /**
     * {@code value} in {@code shape} (the same elements): a constant laid anew where it is one, so that nothing runs
     * for it, else a Reshape.
     */
    String reshaped(String hint, String value, List<Long> shape) {
        Optional<Weights> w = constant(value);
        if (w.isPresent()) return constant(hint, Weights.of(w.get().dtype(), shape, w.get().copyBytes()));
        return node(hint, OpKind.RESHAPE, value, longs(hint + "_shape", shape.stream().mapToLong(Long::longValue).toArray()));
    }

    /** A vector's {@code count} elements laid along the first of {@code rank} dims ([count, 1, ..., 1]). */
    static List<Long> along(long count, int rank) {
        Long[] shape = new Long[rank];
        java.util.Arrays.fill(shape, 1L);
        shape[0] = count;
        return List.of(shape);
    }

    /** An int64 vector constant (shapes, axes). */
    String longs(String hint, long... v) { return constant(hint, Weights.ofLongs(List.of((long) v.length), v)); }

    /** An int64 scalar constant. */
    String longScalar(String hint, long v) { return constant(hint, Weights.ofLongs(List.of(), v)); }

    /** {@code 0, 1, ..., count - 1} along {@code axis} of a constant of rank {@code rank} (1 in every other dim). */
    String positions(String hint, int rank, int axis, long count) {
        Long[] shape = new Long[rank];
        java.util.Arrays.fill(shape, 1L);
        shape[axis] = count;
        long[] v = new long[(int) count];
        for (int i = 0; i < v.length; i++) v[i] = i;
        return constant(hint, Weights.ofLongs(List.of(shape), v));
    }

    /** {@code value} as int64: itself where it is, else a Cast. */
    String int64(String hint, String value) {
        if (type(value).dtype() == DType.I64) return value;
        return node(hint, OpKind.CAST, List.of(value), Attrs.EMPTY.with("to", Attr.of((long) DType.I64.onnxCode())));
    }

    /** Input {@code i}'s type, which a lowering needs static (every dim known). */
    TensorType staticType(Node n, int i) {
        TensorType t = type(n.input(i));
        if (!t.isStatic()) throw error(n, i, "the shape must be known at compile time, got " + t);
        return t;
    }

    /** A float scalar constant of type {@code t}. */
    String scalar(String hint, DType t, double v) { return constant(hint, floats(t, new long[0], v)); }

    /** A node of {@code op} with one output, both named after {@code hint}; returns the output. */
    String node(String hint, OpKind op, List<String> inputs, Attrs attrs) {
        String out = GraphEdits.fresh(taken, hint);
        emit(new Node(out, op, inputs, List.of(out), attrs));
        return out;
    }

    String node(String hint, OpKind op, String... inputs) { return node(hint, op, List.of(inputs), null); }

    /** The last node of a lowering: {@code n}'s name and outputs. */
    void last(Node n, OpKind op, List<String> inputs, Attrs attrs) {
        emit(new Node(n.name(), op, inputs, n.outputs(), attrs));
    }

    /**
     * A node writing output {@code i} of {@code n} (a multi-output op's outputs each made by a node of its own), or,
     * where n leaves that output out, a fresh value named after {@code hint}; returns the value.
     */
    String output(Node n, int i, String hint, OpKind op, List<String> inputs, Attrs attrs) {
        if (i >= n.outputs().size() || n.output(i).isEmpty()) return node(hint, op, inputs, attrs);
        emit(new Node(GraphEdits.fresh(taken, hint), op, inputs, List.of(n.output(i)), attrs));
        return n.output(i);
    }

    /** A reduction over {@code axes}, keeping them: axes an attribute before opset 18 (13 for ReduceSum), an input after. */
    String reduce(String hint, OpKind op, String x, long... axes) { return reduce(hint, op, x, true, axes); }

    /** A reduction over {@code axes}, keeping them or not. */
    String reduce(String hint, OpKind op, String x, boolean keepDims, long... axes) {
        Attrs keep = Attrs.EMPTY.with("keepdims", Attr.of(keepDims ? 1L : 0L));
        if (opset < (op == OpKind.REDUCE_SUM ? 13 : 18)) return node(hint, op, List.of(x), keep.with("axes", Attr.ints(axes)));
        return node(hint, op, List.of(x, longs(hint + "_axes", axes)), keep);
    }

    private void emit(Node node) {
        List<TensorType> types = node.kind().inferShapes(ShapeContext.of(node, opset, this::type, this::constant,
                branch -> { throw new IllegalStateException("no branches in a lowering"); }));
        for (int i = 0; i < types.size(); i++) {
            if (!node.output(i).isEmpty()) b.type(node.output(i), types.get(i));
        }
        b.node(node);
    }

    /** An error at input {@code i} of node {@code n}. */
    static CgcException error(Node n, int i, String message) {
        return new CgcException(Where.NOWHERE.node(n.name()).op(n.op().opType())
                .detail("input " + i + " \"" + n.input(i) + "\""), message);
    }

    /** {@code i}, an index into a dim of {@code size} (negative from the end), made non-negative; else an error. */
    static long index(Node n, int input, long i, long size, int dim) {
        if (i < -size || i >= size) {
            throw error(n, input, "index " + i + " is out of range [" + -size + ", " + (size - 1) + "] of dim " + dim);
        }
        return i < 0 ? i + size : i;
    }

    /** A float tensor of type {@code t} (f32, f16, bf16 or f64); a single value fills the shape. */
    static Weights floats(DType t, long[] shape, double... v) {
        long count = 1;
        for (long d : shape) count *= d;
        double[] all = v;
        if (v.length == 1 && count != 1) {
            all = new double[(int) count];
            java.util.Arrays.fill(all, v[0]);
        }
        return Tensor.ofReals(t, shape, all).toWeights();
    }
}
