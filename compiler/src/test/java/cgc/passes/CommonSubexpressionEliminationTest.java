package cgc.passes;

import static cgc.ir.TestGraphs.f32;
import static cgc.ir.TestGraphs.longs;
import static cgc.ir.TestGraphs.node;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cgc.ir.Graph;
import cgc.ir.OpKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommonSubexpressionEliminationTest {

    private static List<String> ops(Graph g) {
        return g.nodes().stream().map(n -> n.op().opType() + "(" + String.join(",", n.inputs()) + ")->" + n.output(0)).toList();
    }

    @Test void mergesEqualConstantsThenTheNodesThatBecomeEqual() {
        Graph g = Graph.builder("g").input("x", f32(2, 3)).constant("s1", longs(3, 2)).constant("s2", longs(3, 2))
                .node(node(OpKind.RESHAPE, "x,s1", "a")).node(node(OpKind.RESHAPE, "x,s2", "b"))
                .node(node(OpKind.ADD, "a,b", "y")).output("y").build();
        Graph out = PassTesting.run(g, "infer-shapes,cse").graph();
        assertEquals(List.of("Reshape(x,s1)->a", "Add(a,a)->y"), ops(out));
        assertEquals(List.of("s1"), List.copyOf(out.constants().keySet()));
    }

    @Test void doesNotMergeNodesWithDifferentAttributesOrAGraphOutput() {
        Graph g = Graph.builder("g").input("x", f32(2, 3))
                .node(node(OpKind.LEAKY_RELU, "x", "a", "alpha", 0.1f)).node(node(OpKind.LEAKY_RELU, "x", "b", "alpha", 0.2f))
                .node(node(OpKind.RELU, "x", "c")).node(node(OpKind.RELU, "x", "d"))
                .output("a").output("b").output("c").output("d").build();
        assertEquals(4, PassTesting.run(g, "infer-shapes,cse").graph().nodes().size());
    }
}
