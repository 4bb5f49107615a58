package cgc.ir;

import cgc.diag.CgcException;
import cgc.diag.Where;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a {@link ShapeRule} sees of one node: its input types, the constant values of inputs that are constants, its
 * attributes with the op table's defaults for the model's opset, and a way to infer the outputs of a sub-graph.
 * Errors raised through it name the node, the input or attribute, and what was expected and found.
 */
public final class ShapeContext {

    /** Infers the output types of a sub-graph (a branch of {@code If}) in the scope of the node. */
    @FunctionalInterface
    public interface SubgraphTypes {
        List<TensorType> outputs(Graph branch);
    }

    /**
     * Thrown when an input's rank, or the value of an input the rule needs, is unknown: {@link OpKind#inferShapes}
     * then gives the node unknown output types (a later {@code infer-shapes}, after folding, may do better).
     */
    static final class Undetermined extends RuntimeException {
        Undetermined() { super(null, null, false, false); }
    }

    private final Node node;
    private final OpKind op;
    private final long opset;
    private final Function<String, TensorType> types;
    private final Function<String, Optional<Weights>> constants;
    private final SubgraphTypes subgraphs;

    private ShapeContext(Node node, long opset, Function<String, TensorType> types,
                         Function<String, Optional<Weights>> constants, SubgraphTypes subgraphs) {
        this.node = node;
        this.op = node.kind();
        this.opset = opset;
        this.types = types;
        this.constants = constants;
        this.subgraphs = subgraphs;
    }

    /** A context over a graph's recorded types and constants. */
    public static ShapeContext of(Node node, long opset, Graph g, SubgraphTypes subgraphs) {
        return new ShapeContext(node, opset, g::type, g::constant, subgraphs);
    }

    public static ShapeContext of(Node node, long opset, Function<String, TensorType> types,
                                  Function<String, Optional<Weights>> constants, SubgraphTypes subgraphs) {
        return new ShapeContext(node, opset, types, constants, subgraphs);
    }

    public Node node() { return node; }
    public long opset() { return opset; }
    public int inputCount() { return node.inputs().size(); }
    public int outputCount() { return node.outputs().size(); }
    public boolean has(int i) { return node.hasInput(i); }

    /** The type of input {@code i} (possibly unranked). */
    public TensorType type(int i) {
        if (!has(i)) throw error(inputWhere(i), "required input is missing");
        return types.apply(node.input(i));
    }

    public DType dtype(int i) { return type(i).dtype(); }

    /** The dims of input {@code i}; aborts inference (outputs become unknown) when its rank is unknown. */
    public List<Dim> dims(int i) {
        TensorType t = type(i);
        if (!t.hasRank()) throw new Undetermined();
        return t.dims();
    }

    public int rank(int i) { return dims(i).size(); }

    /** The dims of input {@code i}, which must have the given rank. */
    public List<Dim> dims(int i, int expectedRank) {
        List<Dim> d = dims(i);
        if (d.size() != expectedRank) {
            throw error(inputWhere(i), "expected rank " + expectedRank + ", got rank " + d.size() + " " + d);
        }
        return d;
    }

    /** The value of input {@code i} when it is a constant. */
    public Optional<Weights> constant(int i) { return has(i) ? constants.apply(node.input(i)) : Optional.empty(); }

    /** The integer values of constant input {@code i}. */
    public Optional<long[]> constantLongs(int i) { return constant(i).map(Weights::toLongs); }

    public Optional<float[]> constantFloats(int i) { return constant(i).map(Weights::toFloats); }

    // --- attributes, with the op table's defaults ---

    public boolean hasAttr(String name) { return node.attrs().has(name); }

    /** The attribute's value, or its default in this opset; empty when neither exists. */
    public Optional<Attr> attr(String name) {
        AttrSpec spec = op.attr(name).orElseThrow(
                () -> new IllegalStateException(op.opType() + " has no attribute \"" + name + "\" in the op table"));
        Optional<Attr> given = node.attrs().get(name);
        if (given.isPresent()) return given;
        if (spec.mandatory()) throw error(attrWhere(name), "required attribute is missing");
        return spec.defaultAt(opset);
    }

    public long intAttr(String name) {
        Attr a = attr(name).orElseThrow(() -> error(attrWhere(name), "attribute is missing and has no default"));
        if (a instanceof Attr.Int(long v)) return v;
        throw error(attrWhere(name), "expected an int, got " + a);
    }

    public float floatAttr(String name) {
        Attr a = attr(name).orElseThrow(() -> error(attrWhere(name), "attribute is missing and has no default"));
        if (a instanceof Attr.Float(float v)) return v;
        throw error(attrWhere(name), "expected a float, got " + a);
    }

    public String stringAttr(String name) {
        Attr a = attr(name).orElseThrow(() -> error(attrWhere(name), "attribute is missing and has no default"));
        if (a instanceof Attr.Str(String v)) return v;
        throw error(attrWhere(name), "expected a string, got " + a);
    }

    public Optional<List<Long>> intsAttr(String name) {
        return attr(name).map(a -> {
            if (a instanceof Attr.Ints(List<Long> v)) return v;
            throw error(attrWhere(name), "expected a list of ints, got " + a);
        });
    }

    /**
     * An integer list that is an attribute before opset {@code inputSince} and input {@code inputIndex} from then on
     * (Squeeze's axes, Split's split, ReduceSum's axes, Pad's pads). Empty when absent; when given as an input that
     * is not a constant, the output types are undetermined.
     */
    public Optional<List<Long>> intsAttrOrInput(String name, int inputIndex, long inputSince) {
        if (opset < inputSince) return intsAttr(name);
        if (!has(inputIndex)) return Optional.empty();
        return Optional.of(requireLongs(inputIndex));
    }

    /** The values of input {@code i}, which must be a constant for the output types to be known. */
    public List<Long> requireLongs(int i) {
        long[] v = constantLongs(i).orElseThrow(Undetermined::new);
        return java.util.Arrays.stream(v).boxed().toList();
    }

    /** Gives up on this node: its output types are unknown for now. */
    public RuntimeException undetermined() { return new Undetermined(); }

    public List<TensorType> subgraphOutputs(Graph branch) { return subgraphs.outputs(branch); }

    // --- errors ---

    public String inputWhere(int i) { return "input " + i + (has(i) ? " \"" + node.input(i) + "\"" : ""); }

    public String attrWhere(String name) { return "attribute \"" + name + "\""; }

    public CgcException error(String detail, String message) {
        return new CgcException(Where.NOWHERE.node(node.name()).op(node.op().opType()).detail(detail), message);
    }

    /** An error about input {@code i}. */
    public CgcException inputError(int i, String message) { return error(inputWhere(i), message); }

    /** An error about attribute {@code name}. */
    public CgcException attrError(String name, String message) { return error(attrWhere(name), message); }
}
