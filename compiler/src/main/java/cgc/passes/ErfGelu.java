package cgc.passes;

import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.Weights;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises GELU in the form exporters write before opset 20 (Gelu-20 does not exist there):
 * <pre>
 *   y = Mul(Mul(x, Add(Erf(Div(x, sqrt 2)), 1)), 0.5)        = x * 0.5 * (1 + erf(x / sqrt 2))
 * </pre>
 * with Div(x, sqrt 2) also accepted as Mul(x, 1 / sqrt 2), and each Add and Mul with its operands in either order.
 * The constants must be scalars equal to the f32 values of sqrt 2, 1 / sqrt 2, 1 and 0.5; every intermediate value
 * must be read by the pattern alone. Anything else is not matched.
 */
final class ErfGelu {
    private ErfGelu() {}

    private static final float SQRT2 = (float) Math.sqrt(2);
    private static final float INV_SQRT2 = (float) (1 / Math.sqrt(2));

    /** The pattern's nodes, in graph order; {@code last} produces y. */
    record Match(List<Node> nodes, Node last) {}

    /** The GELU applied to {@code x}, if the nodes reading {@code x} are exactly those of the pattern. */
    static Optional<Match> match(Graph g, String x, Map<String, Integer> uses) {
        if (uses.getOrDefault(x, 0) != 2 || g.outputs().contains(x)) return Optional.empty();
        List<Node> readers = g.nodes().stream().filter(n -> n.inputs().contains(x)).toList();
        if (readers.size() != 2) return Optional.empty();
        for (Node scale : readers) {
            Node mulX = readers.get(0) == scale ? readers.get(1) : readers.get(0);
            boolean divides = scale.is(OpKind.DIV) && scale.input(0).equals(x) && isScalar(g, scale.input(1), SQRT2);
            boolean multiplies = scale.is(OpKind.MUL) && other(g, scale, x, INV_SQRT2);
            if (!divides && !multiplies) continue;
            Optional<Node> erf = soleReader(g, uses, scale.output(0)).filter(n -> n.is(OpKind.ERF));
            Optional<Node> add = erf.flatMap(e -> soleReader(g, uses, e.output(0)))
                    .filter(n -> n.is(OpKind.ADD) && other(g, n, erf.get().output(0), 1f));
            if (add.isEmpty() || !mulX.is(OpKind.MUL) || !mulX.inputs().containsAll(List.of(x, add.get().output(0)))) {
                continue;
            }
            Optional<Node> half = soleReader(g, uses, mulX.output(0))
                    .filter(n -> n.is(OpKind.MUL) && other(g, n, mulX.output(0), 0.5f));
            if (half.isEmpty() || g.outputs().contains(add.get().output(0))) continue;
            return Optional.of(new Match(List.of(scale, erf.get(), add.get(), mulX, half.get()), half.get()));
        }
        return Optional.empty();
    }

    /** Whether binary node {@code n} reads {@code value} and, as its other operand, a scalar constant {@code c}. */
    private static boolean other(Graph g, Node n, String value, float c) {
        if (n.inputs().size() != 2) return false;
        if (n.input(0).equals(value)) return isScalar(g, n.input(1), c);
        return n.input(1).equals(value) && isScalar(g, n.input(0), c);
    }

    private static boolean isScalar(Graph g, String value, float c) {
        Optional<Weights> w = g.constant(value);
        return w.isPresent() && w.get().elementCount() == 1 && w.get().dtype().isFloat() && w.get().toFloats()[0] == c;
    }

    private static Optional<Node> soleReader(Graph g, Map<String, Integer> uses, String value) {
        if (!GraphEdits.hasSoleUse(g, uses, value)) return Optional.empty();
        return g.nodes().stream().filter(n -> n.inputs().contains(value)).findFirst();
    }
}
