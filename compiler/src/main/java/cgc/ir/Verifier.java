package cgc.ir;

import cgc.diag.CgcException;
import cgc.diag.Where;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import java.util.Set;

/**
 * Checks the invariants every pass must keep: each value is defined once and before it is used (a sub-graph may read
 * the values of the graphs around it); each node has the inputs, outputs and attributes the op table allows in the
 * model's opset; and the recorded types agree with what the op's shape rule computes from the recorded input types.
 * Every problem names the graph and node.
 */
public final class Verifier {
    private final long opset;
    private final List<CgcException> problems = new ArrayList<>();

    private Verifier(long opset) { this.opset = opset; }

    /** Throws the first problem found (its message says how many more there are). */
    public static void verify(Model m) {
        List<CgcException> p = problems(m);
        if (p.isEmpty()) return;
        CgcException first = p.getFirst();
        if (p.size() == 1) throw first;
        throw new CgcException(first.where(), first.getMessage() + " (and " + (p.size() - 1) + " more problems)");
    }

    /** Every problem in the model, in graph order. */
    public static List<CgcException> problems(Model m) {
        Verifier v = new Verifier(m.opset());
        v.graph(m.graph(), null, Set.of());
        return List.copyOf(v.problems);
    }

    private void graph(Graph g, Scope outer, Set<String> outerDefined) {
        Scope scope = outer == null ? Scope.of(g) : outer.inner(g);
        Set<String> defined = new HashSet<>(outerDefined);
        Set<String> own = new HashSet<>();
        for (String in : g.inputs()) define(g, null, in, own, defined);
        for (String c : g.constants().keySet()) define(g, null, c, own, defined);
        for (Node n : g.nodes()) {
            for (int i = 0; i < n.inputs().size(); i++) {
                String in = n.input(i);
                if (!in.isEmpty() && !defined.contains(in)) {
                    problem(g, n, "input " + i + " \"" + in + "\"", "used before it is defined (or never defined)");
                }
            }
            if (n.op() instanceof OpKind k) node(g, scope, defined, n, k);
            for (String o : n.outputs()) if (!o.isEmpty()) define(g, n, o, own, defined);
        }
        for (String o : g.outputs()) {
            if (!defined.contains(o)) problem(g, null, "output \"" + o + "\"", "graph output is never defined");
        }
    }

    private void define(Graph g, Node n, String value, Set<String> own, Set<String> defined) {
        if (!own.add(value)) problem(g, n, "value \"" + value + "\"", "defined more than once");
        defined.add(value);
    }

    private void node(Graph g, Scope scope, Set<String> defined, Node n, OpKind k) {
        int before = problems.size();
        if (!k.inputs().accepts(n.inputs().size())) {
            problem(g, n, "inputs", "expected " + k.inputs() + " inputs, got " + n.inputs().size());
            return;
        }
        if (!k.outputs().accepts(n.outputs().size())) {
            problem(g, n, "outputs", "expected " + k.outputs() + " outputs, got " + n.outputs().size());
            return;
        }
        for (int i = 0; i < k.inputs().min(); i++) {
            if (!n.hasInput(i)) problem(g, n, "input " + i, "required input is missing");
        }
        for (var e : n.attrs().asMap().entrySet()) attribute(g, n, k, e.getKey(), e.getValue());
        for (AttrSpec spec : k.attrs()) {
            if (spec.mandatory() && spec.existsIn(opset) && !n.attrs().has(spec.name())) {
                problem(g, n, "attribute \"" + spec.name() + "\"", "required attribute is missing");
            }
        }
        for (Attr a : n.attrs().asMap().values()) {
            if (a instanceof Attr.GraphValue(Graph sub)) graph(sub, scope, defined);
        }
        if (problems.size() > before) return;   // the shape rule would only repeat what is wrong
        List<TensorType> inferred;
        try {
            inferred = k.inferShapes(ShapeContext.of(n, opset, scope::type, scope::constant,
                    b -> b.outputs().stream().map(scope.inner(b)::type).toList()));
        } catch (CgcException e) {
            problems.add(e);
            return;
        }
        for (int i = 0; i < n.outputs().size() && i < inferred.size(); i++) {
            String o = n.output(i);
            if (o.isEmpty()) continue;
            TensorType recorded = g.type(o);
            if (!compatible(recorded, inferred.get(i))) {
                problem(g, n, "output " + i + " \"" + o + "\"", "recorded type " + recorded
                        + " disagrees with the shape rule, which gives " + inferred.get(i));
            }
        }
    }

    private void attribute(Graph g, Node n, OpKind k, String name, Attr value) {
        var spec = k.attr(name);
        if (spec.isEmpty()) {
            // cgc's own attributes other than the fused activation (which only heavy ops declare) are free-form
            if (!name.startsWith("cgc.") || name.startsWith("cgc.act")) {
                problem(g, n, "attribute \"" + name + "\"", "unknown attribute of " + k.opType());
            }
            return;
        }
        if (!spec.get().type().matches(value)) {
            problem(g, n, "attribute \"" + name + "\"", "expected " + spec.get().type().text() + ", got "
                    + describe(value));
        } else if (!spec.get().existsIn(opset)) {
            problem(g, n, "attribute \"" + name + "\"", "is not an attribute of " + k.opType() + " in opset " + opset
                    + (spec.get().until() <= opset ? " (only before opset " + spec.get().until() + ")"
                    : " (only from opset " + spec.get().since() + " on)"));
        } else if (name.equals("cgc.act") && value instanceof Attr.Str(String act)
                && !AttrSpec.ACTIVATIONS.contains(act)) {
            problem(g, n, "attribute \"cgc.act\"", "expected one of " + AttrSpec.ACTIVATIONS + ", got \"" + act + "\"");
        }
    }

    private static String describe(Attr a) {
        return switch (a) {
            case Attr.Int(long v) -> "int " + v;
            case Attr.Float(float v) -> "float " + v;
            case Attr.Str(String v) -> "string \"" + v + "\"";
            case Attr.Ints(List<Long> v) -> "ints " + v;
            case Attr.Floats(List<Float> v) -> "floats " + v;
            case Attr.Strs(List<String> v) -> "strings " + v;
            case Attr.Tensor(Weights w) -> "tensor " + w.type();
            case Attr.GraphValue(Graph g) -> "graph \"" + g.name() + "\"";
            case Attr.Tensors(List<Weights> v) -> v.size() + " tensors";
            case Attr.Graphs(List<Graph> v) -> v.size() + " graphs";
        };
    }

    /** Types agree when every part known on both sides is equal (an unknown dim or rank agrees with anything). */
    static boolean compatible(TensorType a, TensorType b) {
        if (a.dtype() != DType.UNDEFINED && b.dtype() != DType.UNDEFINED && a.dtype() != b.dtype()) return false;
        if (!a.hasRank() || !b.hasRank()) return true;
        if (a.rank() != b.rank()) return false;
        for (int i = 0; i < a.rank(); i++) {
            Dim x = a.dims().get(i), y = b.dims().get(i);
            if (x instanceof Dim.Unknown || y instanceof Dim.Unknown) continue;
            if (!x.equals(y)) return false;
        }
        return true;
    }

    private void problem(Graph g, Node n, String detail, String message) {
        Where w = n == null ? Where.NOWHERE.detail("graph \"" + g.name() + "\", " + detail)
                : Where.NOWHERE.node(n.name()).op(n.op().opType()).detail(detail);
        problems.add(new CgcException(w, message));
    }

    /** For tests and tools: the problems as one-line messages. */
    public static List<String> describe(Model m) { return problems(m).stream().map(CgcException::describe).toList(); }

}
