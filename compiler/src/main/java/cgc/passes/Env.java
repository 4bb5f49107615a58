package cgc.passes;

import cgc.ir.Graph;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * The types and constants of a graph being rebuilt by a pass, in front of those of the enclosing graphs (a branch of
 * {@code If} sees the values around it).
 */
final class Env {
    final Map<String, TensorType> types = new HashMap<>();
    final SequencedMap<String, Weights> constants = new LinkedHashMap<>();
    private final Env outer;

    Env(Env outer) { this.outer = outer; }

    /** An environment holding a graph's inputs' types and its constants. */
    static Env of(Graph g, Env outer) {
        Env e = new Env(outer);
        for (String in : g.inputs()) e.types.put(in, g.type(in));
        e.constants.putAll(g.constants());
        return e;
    }

    TensorType type(String value) {
        Weights w = constants.get(value);
        if (w != null) return w.type();
        TensorType t = types.get(value);
        if (t != null) return t;
        return outer == null ? TensorType.UNKNOWN : outer.type(value);
    }

    Optional<Weights> constant(String value) {
        if (constants.containsKey(value)) return Optional.of(constants.get(value));
        if (types.containsKey(value)) return Optional.empty();
        return outer == null ? Optional.empty() : outer.constant(value);
    }

    boolean defines(String value) {
        return constants.containsKey(value) || types.containsKey(value) || (outer != null && outer.defines(value));
    }
}
