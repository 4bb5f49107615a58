package cgc.ir.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cgc.ir.Attr;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class IrDiffTest {
    private static final Model BASE = TestModels.mobilenetStart();

    private static Optional<String> diffAfter(UnaryOperator<Graph> change) {
        return IrDiff.difference(BASE, BASE.withGraph(change.apply(BASE.graph())));
    }

    private static Graph replaceNode(Graph g, int i, UnaryOperator<Node> change) {
        Graph.Builder b = g.toBuilder();
        b.nodes().set(i, change.apply(b.nodes().get(i)));
        return b.build();
    }

    @Test
    void equalModelsHaveNoDifference() {
        assertEquals(Optional.empty(), IrDiff.difference(BASE, TestModels.mobilenetStart()));
    }

    @Test
    void findsAnAttributeChange() {
        assertEquals(Optional.of("graph \"main_graph\": node 0 \"/features/0/0/Conv\": attribute strides: expected "
                        + "Ints[values=[2, 2]], found Ints[values=[1, 1]]"),
                diffAfter(g -> replaceNode(g, 0, n -> n.withAttrs(n.attrs().with("strides", Attr.ints(1, 1))))));
    }

    @Test
    void findsOneFlippedWeightsByte() {
        Weights w = BASE.graph().constants().get("features.0.0.bias");
        byte[] bytes = w.copyBytes();
        bytes[5] ^= 1;
        Optional<String> d = diffAfter(g -> g.toBuilder().constant("features.0.0.bias", Weights.of(DType.F32, w.shape(), bytes)).build());
        assertEquals(true, d.orElseThrow().startsWith("graph \"main_graph\": constant %features.0.0.bias: the bytes differ"), d.get());
    }

    @Test
    void findsConstantOrderThatMapEqualityIgnores() {
        Graph.Builder b = Graph.builder(BASE.graph().name());
        BASE.graph().inputs().forEach(i -> b.input(i, BASE.graph().type(i)));
        BASE.graph().constants().reversed().forEach(b::constant);
        BASE.graph().nodes().forEach(b::node);
        BASE.graph().types().forEach(b::type);
        BASE.graph().outputs().forEach(b::output);
        Graph reordered = b.build();
        assertEquals(BASE.graph(), reordered);                     // records compare maps without order
        assertEquals(true, IrDiff.difference(BASE, BASE.withGraph(reordered)).orElseThrow().contains("constant names"));
    }

    @Test
    void findsATypeChangeButNotAnUnknownRecordedExplicitly() {
        assertEquals(Optional.of("graph \"main_graph\": type of %output: expected f32[1,10], found f32[1,11]"),
                diffAfter(g -> g.toBuilder().type("output", TensorType.of(DType.F32, 1, 11)).build()));
        assertEquals(Optional.empty(),
                diffAfter(g -> g.toBuilder().type("/features/0/2/Constant_output_0", TensorType.UNKNOWN).build()));
        assertEquals(Optional.empty(), diffAfter(g -> g.toBuilder().type("not in the graph", TensorType.of(DType.I8)).build()));
    }

    @Test
    void looksIntoSubGraphs() {
        Model everything = TestModels.everything();
        Graph g = everything.graph();
        int ifIndex = g.nodes().size() - 1;
        Graph changed = replaceNode(g, ifIndex, n -> {
            Graph then = n.attrs().getGraph("then_branch").orElseThrow();
            Graph renamed = replaceNode(then, 0, m -> new Node("renamed", m.op(), m.inputs(), m.outputs(), m.attrs()));
            return n.withAttrs(n.attrs().with("then_branch", new Attr.GraphValue(renamed)));
        });
        assertEquals(Optional.of("graph \"main graph\": node " + ifIndex + " \"If_0\": attribute then_branch: graph \"then\": "
                        + "node 0 \"then_add\": name: expected then_add, found renamed"),
                IrDiff.difference(everything, everything.withGraph(changed)));
    }
}
