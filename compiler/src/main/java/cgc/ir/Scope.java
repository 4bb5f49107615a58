package cgc.ir;

import java.util.Optional;

/**
 * The values visible inside a graph: its own, then those of the graphs that enclose it (a branch of {@code If} may read
 * any value of the graph around it).
 */
record Scope(Graph graph, Scope outer) {

    static Scope of(Graph g) { return new Scope(g, null); }

    Scope inner(Graph sub) { return new Scope(sub, this); }

    TensorType type(String value) {
        for (Scope s = this; s != null; s = s.outer) {
            if (s.graph.types().containsKey(value) || s.graph.isConstant(value)) return s.graph.type(value);
        }
        return TensorType.UNKNOWN;
    }

    Optional<Weights> constant(String value) {
        for (Scope s = this; s != null; s = s.outer) {
            if (s.graph.isConstant(value)) return s.graph.constant(value);
            if (s.graph.types().containsKey(value)) return Optional.empty();
        }
        return Optional.empty();
    }
}
