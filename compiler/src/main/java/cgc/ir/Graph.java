package cgc.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * A dataflow graph: inputs, constants (ONNX initializers), nodes in topological order, outputs, and the type of every
 * value that has one. Immutable: passes build a new graph ({@link #toBuilder()}); that is cheap at the size of real
 * models and rules out aliasing between a pass's input and output. Sub-graphs (the branches of {@code If}) are graphs
 * too; they may read values of the enclosing graph by name.
 */
public record Graph(
        String name,
        List<String> inputs,
        List<String> outputs,
        SequencedMap<String, Weights> constants,
        List<Node> nodes,
        Map<String, TensorType> types) {

    public Graph {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        constants = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(constants));
        nodes = List.copyOf(nodes);
        types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
    }

    /** The type of a value; {@link TensorType#UNKNOWN} when none is recorded (constants know their own). */
    public TensorType type(String value) {
        TensorType t = types.get(value);
        if (t != null) return t;
        Weights w = constants.get(value);
        return w != null ? w.type() : TensorType.UNKNOWN;
    }

    public boolean isConstant(String value) { return constants.containsKey(value); }

    public Optional<Weights> constant(String value) { return Optional.ofNullable(constants.get(value)); }

    /** Maps each value name to the node that defines it. */
    public Map<String, Node> producers() {
        Map<String, Node> m = new HashMap<>();
        for (Node n : nodes) for (String o : n.outputs()) if (!o.isEmpty()) m.put(o, n);
        return m;
    }

    /** Maps each value name to the nodes that read it, in node order (sub-graph reads are not counted). */
    public Map<String, List<Node>> users() {
        Map<String, List<Node>> m = new HashMap<>();
        for (Node n : nodes) for (String i : n.inputs()) if (!i.isEmpty()) m.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
        return m;
    }

    public Builder toBuilder() { return new Builder(this); }

    public static Builder builder(String name) { return new Builder(name); }

    /** Mutable staging area for a new graph; {@link #build()} freezes it. */
    public static final class Builder {
        private String name;
        private final List<String> inputs = new ArrayList<>();
        private final List<String> outputs = new ArrayList<>();
        private final SequencedMap<String, Weights> constants = new LinkedHashMap<>();
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, TensorType> types = new LinkedHashMap<>();

        private Builder(String name) { this.name = name; }

        private Builder(Graph g) {
            this(g.name);
            inputs.addAll(g.inputs);
            outputs.addAll(g.outputs);
            constants.putAll(g.constants);
            nodes.addAll(g.nodes);
            types.putAll(g.types);
        }

        public Builder name(String n) { name = n; return this; }
        public Builder input(String value, TensorType type) { inputs.add(value); types.put(value, type); return this; }
        public Builder output(String value) { outputs.add(value); return this; }
        public Builder constant(String value, Weights w) { constants.put(value, w); return this; }
        public Builder node(Node n) { nodes.add(n); return this; }
        public Builder type(String value, TensorType t) { types.put(value, t); return this; }

        public List<String> inputs() { return inputs; }
        public List<String> outputs() { return outputs; }
        public SequencedMap<String, Weights> constants() { return constants; }
        public List<Node> nodes() { return nodes; }
        public Map<String, TensorType> types() { return types; }

        public Graph build() { return new Graph(name, inputs, outputs, constants, nodes, types); }
    }
}
