package cgc.passes;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.Dim;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.ShapeContext;
import cgc.ir.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Gives every value the type its op's shape rule computes, in node order, branches of {@code If} included. A type
 * the graph already records (from the ONNX file's value_info) fills in dims the rule leaves unknown; one that
 * contradicts the rule is an error.
 */
record InferShapes() implements Pass {
    @Override public String name() { return "infer-shapes"; }
    @Override public String description() { return "compute every value's type with the op table's shape rules"; }
    @Override public Set<Stage> establishes() { return Set.of(Stage.SHAPES_KNOWN); }

    @Override
    public Model run(Model in, PassContext cx) {
        Graph g = infer(in.graph(), null, in.opset(), cx);
        return in.withGraph(g);
    }

    static Graph infer(Graph g, Env outer, long opset, PassContext cx) {
        Env env = Env.of(g, outer);
        Graph.Builder b = g.toBuilder();
        b.nodes().clear();
        b.types().clear();
        for (String i : g.inputs()) b.type(i, g.type(i));
        for (Node n : g.nodes()) {
            n = withInferredSubgraphs(n, env, opset, cx);
            List<TensorType> types = outputTypes(n, g, env, opset);
            for (int i = 0; i < n.outputs().size(); i++) {
                String o = n.output(i);
                if (o.isEmpty()) continue;
                env.types.put(o, types.get(i));
                b.type(o, types.get(i));
                if (cx != null) {
                    String what = types.get(i).isStatic() ? "values with static shapes" : "values with unknown or symbolic dims";
                    cx.count(what);
                }
            }
            b.node(n);
        }
        return b.build();
    }

    /** The node with each sub-graph attribute (If's branches) re-inferred in the scope of {@code env}. */
    static Node withInferredSubgraphs(Node n, Env env, long opset, PassContext cx) {
        Attrs a = n.attrs();
        for (var e : n.attrs().asMap().entrySet()) {
            if (e.getValue() instanceof Attr.GraphValue(Graph sub)) {
                a = a.with(e.getKey(), new Attr.GraphValue(infer(sub, env, opset, cx)));
            }
        }
        return a == n.attrs() ? n : n.withAttrs(a);
    }

    /**
     * The output types of {@code n} by its shape rule, refined by the types {@code recorded} in the graph; opaque
     * ops keep their recorded types.
     */
    static List<TensorType> outputTypes(Node n, Graph recorded, Env env, long opset) {
        if (!(n.op() instanceof OpKind k)) return n.outputs().stream().map(recorded::type).toList();
        List<TensorType> inferred = k.inferShapes(ShapeContext.of(n, opset, env::type, env::constant,
                branch -> branch.outputs().stream()
                        .map(o -> ownType(branch, o) ? branch.type(o) : env.type(o)).toList()));
        List<TensorType> out = new ArrayList<>();
        for (int i = 0; i < n.outputs().size(); i++) {
            TensorType t = i < inferred.size() ? inferred.get(i) : TensorType.UNKNOWN;
            String o = n.output(i);
            out.add(o.isEmpty() ? t : refine(n, i, t, recorded.type(o)));
        }
        return out;
    }

    private static boolean ownType(Graph g, String value) {
        return g.types().containsKey(value) || g.isConstant(value);
    }

    /** Fills unknown parts of the inferred type from the recorded one; fails when they contradict each other. */
    private static TensorType refine(Node n, int output, TensorType inferred, TensorType recorded) {
        if (recorded.equals(TensorType.UNKNOWN)) return inferred;
        if (inferred.equals(TensorType.UNKNOWN)) return recorded;
        boolean dtypeClash = recorded.dtype() != cgc.ir.DType.UNDEFINED && inferred.dtype() != recorded.dtype();
        if (dtypeClash || (recorded.hasRank() && inferred.hasRank() && recorded.rank() != inferred.rank())) {
            throw clash(n, output, inferred, recorded);
        }
        if (!inferred.hasRank()) return recorded.hasRank() ? recorded.withDtype(inferred.dtype()) : inferred;
        if (!recorded.hasRank()) return inferred;
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < inferred.rank(); i++) {
            Dim a = inferred.dims().get(i), r = recorded.dims().get(i);
            if (a instanceof Dim.Unknown) dims.add(r);
            else if (a.isKnown() && r.isKnown() && a.size() != r.size()) throw clash(n, output, inferred, recorded);
            else dims.add(a);
        }
        return inferred.withDims(dims);
    }

    private static CgcException clash(Node n, int output, TensorType inferred, TensorType recorded) {
        return new CgcException(Where.NOWHERE.node(n.name()).op(n.op().opType())
                .detail("output " + output + " \"" + n.output(output) + "\""),
                "the model records type " + recorded + ", the shape rule gives " + inferred);
    }
}
