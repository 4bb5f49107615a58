package cgc.ir;

import cgc.diag.CgcException;
import cgc.diag.Where;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sizes for a model's free input dimensions. A plan is compiled for one shape, but exported models often leave the
 * batch (or a sequence length) free: a symbolic dim ({@code N}, {@code batch_size}) or an unnamed unknown one. Symbolic
 * dims are fixed by name wherever they appear among the graph's inputs ({@code --dim N=1}); a whole input shape
 * replaces the declared one and fixes its unknown dims too ({@code --input-shape x=1,3,224,224}), after checking it
 * against the declared rank and fixed sizes. Shape inference then carries the sizes through the graph.
 *
 * @param dims     size of each symbolic dim, by name
 * @param inputs   shape of each graph input, by name
 * @param defaults shape of graph inputs that are still free once {@code dims} and {@code inputs} are bound, by name
 *                 ({@code cgc run MODEL.onnx}: the shapes of the arrays given); ignored for the others
 */
public record ShapeBindings(SequencedMap<String, Long> dims, SequencedMap<String, List<Long>> inputs,
                            SequencedMap<String, List<Long>> defaults) {
    /** Nothing to bind. */
    public static final ShapeBindings NONE = new ShapeBindings(new LinkedHashMap<>(), new LinkedHashMap<>(),
            new LinkedHashMap<>());

    /** The largest size a bound dim may have (as the importer's limit on any dim). */
    public static final long MAX_DIM = 1L << 40;

    public ShapeBindings {
        dims = new LinkedHashMap<>(dims);
        inputs = new LinkedHashMap<>(inputs);
        defaults = new LinkedHashMap<>(defaults);
        for (var e : dims.entrySet()) checkSize("dim " + e.getKey(), e.getValue());
        for (var e : inputs.entrySet()) {
            for (long d : e.getValue()) checkSize("input " + e.getKey(), d);
        }
        for (var e : defaults.entrySet()) {
            for (long d : e.getValue()) checkSize("input " + e.getKey(), d);
        }
    }

    public boolean isEmpty() { return dims.isEmpty() && inputs.isEmpty() && defaults.isEmpty(); }

    /**
     * The model with its graph inputs' types bound. Fails, naming the option's subject, on an input or dim name the
     * model does not have, a shape of another rank than the declared one, or a size that contradicts a fixed one.
     */
    public Model apply(Model m) {
        if (isEmpty()) return m;
        Graph g = m.graph();
        Set<String> inputNames = new java.util.LinkedHashSet<>(g.inputs());
        g.constants().keySet().forEach(inputNames::remove);   // initializers listed as inputs are not free
        for (String name : inputs.keySet()) {
            if (!inputNames.contains(name)) {
                throw new CgcException(Where.NOWHERE.detail("input shape of \"" + name + "\""),
                        "the model has no input \"" + name + "\" (its inputs: " + String.join(", ", inputNames) + ")");
            }
        }
        Set<String> symbols = symbols(g, inputNames);
        for (String name : dims.keySet()) {
            if (!symbols.contains(name)) {
                throw new CgcException(Where.NOWHERE.detail("dim " + name),
                        "no input of the model has a dimension named \"" + name + "\" ("
                                + (symbols.isEmpty() ? "its inputs have none" : "theirs: " + String.join(", ", symbols))
                                + ")");
            }
        }
        Graph.Builder b = g.toBuilder();
        for (String name : inputNames) {
            TensorType t = bind(name, g.type(name), inputs.get(name));
            if (!t.isStatic() && defaults.containsKey(name)) t = bind(name, t, defaults.get(name));
            b.type(name, t);
        }
        return m.withGraph(b.build());
    }

    private TensorType bind(String input, TensorType declared, List<Long> shape) {
        if (shape != null) {
            if (declared.hasRank() && declared.rank() != shape.size()) {
                throw new CgcException(Where.NOWHERE.detail("input shape of \"" + input + "\""), "the model declares "
                        + declared + ", of rank " + declared.rank() + "; the shape given has rank " + shape.size());
            }
            List<Dim> dimsOut = new ArrayList<>();
            for (int i = 0; i < shape.size(); i++) {
                Dim d = declared.hasRank() ? declared.dims().get(i) : Dim.UNKNOWN;
                long size = shape.get(i);
                Long named = d instanceof Dim.Symbolic(String s) ? dims.get(s) : null;
                if ((d.isKnown() && d.size() != size) || (named != null && named != size)) {
                    throw new CgcException(Where.NOWHERE.detail("input shape of \"" + input + "\""), "dimension " + i
                            + " is " + (d.isKnown() ? "fixed at " + d.size() : d + " = " + named) + " in " + declared
                            + ", the shape given has " + size);
                }
                dimsOut.add(Dim.of(size));
            }
            return declared.withDims(dimsOut);
        }
        if (!declared.hasRank()) return declared;
        return declared.withDims(declared.dims().stream()
                .map(d -> d instanceof Dim.Symbolic(String s) && dims.containsKey(s) ? Dim.of(dims.get(s)) : d)
                .toList());
    }

    /** The names of the symbolic dims among the graph inputs' types. */
    public static Set<String> symbols(Graph g, Iterable<String> inputs) {
        Set<String> out = new TreeSet<>();
        for (String i : inputs) {
            TensorType t = g.type(i);
            if (!t.hasRank()) continue;
            for (Dim d : t.dims()) if (d instanceof Dim.Symbolic(String s)) out.add(s);
        }
        return out;
    }

    private static void checkSize(String what, long size) {
        if (size < 1 || size >= MAX_DIM) {
            throw new CgcException(Where.NOWHERE.detail(what), "a size must be at least 1 and below 2^40, got " + size);
        }
    }

    /** {@code NAME=VALUE} options ({@code --dim N=1}), in order; a name given twice is an error. */
    public static SequencedMap<String, Long> parseDims(List<String> options) {
        SequencedMap<String, Long> out = new LinkedHashMap<>();
        for (String o : options) {
            int eq = o.lastIndexOf('=');
            if (eq <= 0) throw new CgcException(Where.NOWHERE.detail("--dim " + o), "expected NAME=SIZE, as in N=1");
            String name = o.substring(0, eq);
            if (out.put(name, parseSize(o, o.substring(eq + 1))) != null) {
                throw new CgcException(Where.NOWHERE.detail("--dim " + o), "dim " + name + " is given twice");
            }
        }
        return out;
    }

    /** {@code NAME=D,D,...} (or {@code DxDx...}) options ({@code --input-shape x=1,3,224,224}), in order. */
    public static SequencedMap<String, List<Long>> parseInputShapes(List<String> options) {
        SequencedMap<String, List<Long>> out = new LinkedHashMap<>();
        for (String o : options) {
            int eq = o.lastIndexOf('=');
            if (eq <= 0 || eq == o.length() - 1) {
                throw new CgcException(Where.NOWHERE.detail("--input-shape " + o), "expected NAME=D,D,..., as in x=1,3,224,224");
            }
            String name = o.substring(0, eq);
            List<Long> shape = new ArrayList<>();
            for (String d : o.substring(eq + 1).split("[,x]", -1)) shape.add(parseSize(o, d));
            if (out.put(name, List.copyOf(shape)) != null) {
                throw new CgcException(Where.NOWHERE.detail("--input-shape " + o), "input " + name + " is given twice");
            }
        }
        return out;
    }

    private static long parseSize(String option, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new CgcException(Where.NOWHERE.detail(option), "\"" + text + "\" is not a size");
        }
    }

    /** The free (symbolic or unknown) dims of the graph's inputs, as "x: f32[N,16]" lines; empty when none. */
    public static List<String> freeInputs(Graph g) {
        List<String> out = new ArrayList<>();
        for (String i : g.inputs()) {
            if (g.isConstant(i)) continue;
            TensorType t = g.type(i);
            if (!t.isStatic()) out.add("\"" + i + "\" " + t);
        }
        return out;
    }
}
