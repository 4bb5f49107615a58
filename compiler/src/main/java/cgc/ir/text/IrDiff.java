package cgc.ir.text;

import cgc.ir.Attr;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedSet;

/**
 * Structural comparison of two models, as tests need it: everything the IR text shows, in order (opsets, constants,
 * nodes, attributes, sub-graphs, weights bytes), and the type of every value a graph defines or returns. It ignores
 * only what the text cannot show: whether an unknown type is recorded as {@link TensorType#UNKNOWN} or not at all,
 * and types recorded for values a graph neither defines nor returns.
 */
public final class IrDiff {
    private IrDiff() {}

    /** The first difference, described with its path ({@code graph "main": node 3 "Conv_1": attribute pads: ...}). */
    public static Optional<String> difference(Model expected, Model actual) {
        List<String> found = new ArrayList<>();
        differ("model name", expected.name(), actual.name(), found);
        differ("ir_version", expected.irVersion(), actual.irVersion(), found);
        differ("opsets", List.copyOf(expected.opsets().entrySet()), List.copyOf(actual.opsets().entrySet()), found);
        differ("producer", expected.producer(), actual.producer(), found);
        if (found.isEmpty()) graph("", expected.graph(), actual.graph(), found);
        return found.stream().findFirst();
    }

    private static void graph(String path, Graph a, Graph b, List<String> found) {
        String at = path + "graph " + Lexemes.quote(a.name()) + ": ";
        differ(at + "name", a.name(), b.name(), found);
        differ(at + "inputs", a.inputs(), b.inputs(), found);
        differ(at + "outputs", a.outputs(), b.outputs(), found);
        differ(at + "constant names", List.copyOf(a.constants().keySet()), List.copyOf(b.constants().keySet()), found);
        if (!found.isEmpty()) return;
        for (Map.Entry<String, Weights> c : a.constants().entrySet()) {
            weights(at + "constant " + Lexemes.value(c.getKey()), c.getValue(), b.constants().get(c.getKey()), found);
        }
        differ(at + "node count", a.nodes().size(), b.nodes().size(), found);
        for (int i = 0; i < a.nodes().size() && found.isEmpty(); i++) {
            Node n = a.nodes().get(i);
            node(at + "node " + i + " " + Lexemes.quote(n.name()) + ": ", n, b.nodes().get(i), found);
        }
        SequencedSet<String> typed = new LinkedHashSet<>(a.inputs());
        for (Node n : a.nodes()) for (String o : n.outputs()) if (!o.isEmpty()) typed.add(o);
        typed.addAll(a.outputs());
        for (String v : typed) differ(at + "type of " + Lexemes.value(v), a.type(v), b.type(v), found);
    }

    private static void node(String at, Node a, Node b, List<String> found) {
        differ(at + "name", a.name(), b.name(), found);
        differ(at + "op", a.op(), b.op(), found);
        differ(at + "inputs", a.inputs(), b.inputs(), found);
        differ(at + "outputs", a.outputs(), b.outputs(), found);
        differ(at + "attribute names", List.copyOf(a.attrs().asMap().keySet()), List.copyOf(b.attrs().asMap().keySet()),
                found);
        if (!found.isEmpty()) return;
        for (Map.Entry<String, Attr> e : a.attrs().asMap().entrySet()) {
            attr(at + "attribute " + Lexemes.ident(e.getKey()), e.getValue(), b.attrs().asMap().get(e.getKey()), found);
        }
    }

    private static void attr(String at, Attr a, Attr b, List<String> found) {
        switch (a) {
            case Attr.GraphValue(Graph g) when b instanceof Attr.GraphValue(Graph h) -> graph(at + ": ", g, h, found);
            case Attr.Graphs(List<Graph> gs) when b instanceof Attr.Graphs(List<Graph> hs) -> {
                differ(at + ": graph count", gs.size(), hs.size(), found);
                for (int i = 0; i < gs.size() && found.isEmpty(); i++) {
                    graph(at + "[" + i + "]: ", gs.get(i), hs.get(i), found);
                }
            }
            case Attr.Tensor(Weights w) when b instanceof Attr.Tensor(Weights v) -> weights(at, w, v, found);
            default -> differ(at, a, b, found);
        }
    }

    private static void weights(String at, Weights a, Weights b, List<String> found) {
        if (b == null || a.dtype() != b.dtype() || !a.shape().equals(b.shape())) {
            differ(at, a == null ? null : a.type(), b == null ? null : b.type(), found);
        } else if (!a.equals(b)) {
            found.add(at + ": the bytes differ (#" + a.hash().substring(0, 8) + " vs #" + b.hash().substring(0, 8)
                    + ")");
        }
    }

    private static void differ(String what, Object a, Object b, List<String> found) {
        if (found.isEmpty() && !Objects.equals(a, b)) found.add(what + ": expected " + a + ", found " + b);
    }
}
