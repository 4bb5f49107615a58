package cgc.passes;

import static cgc.ir.TestGraphs.f32;
import static cgc.ir.TestGraphs.longs;
import static cgc.ir.TestGraphs.node;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.OpKind;
import cgc.ir.Weights;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoveIdentityTest {

    private static List<String> ops(Graph g) { return g.nodes().stream().map(n -> n.op().opType() + "(" + String.join(",", n.inputs()) + ")->" + n.output(0)).toList(); }

    @Test void identityInsideTheGraphIsBypassed() {
        Graph g = Graph.builder("g").input("x", f32(4)).node(node(OpKind.RELU, "x", "a")).node(node(OpKind.IDENTITY, "a", "b"))
                .node(node(OpKind.NEG, "b", "y")).output("y").build();
        assertEquals(List.of("Relu(x)->a", "Neg(a)->y"), ops(PassTesting.run(g, "infer-shapes,remove-identity").graph()));
    }

    @Test void aGraphOutputKeepsItsNameByRenamingTheProducer() {
        Graph g = Graph.builder("g").input("x", f32(4)).node(node(OpKind.RELU, "x", "a")).node(node(OpKind.IDENTITY, "a", "y"))
                .node(node(OpKind.NEG, "a", "z")).output("y").output("z").build();
        Graph out = PassTesting.run(g, "infer-shapes,remove-identity").graph();
        assertEquals(List.of("Relu(x)->y", "Neg(y)->z"), ops(out));
        assertEquals(List.of("y", "z"), out.outputs());
    }

    @Test void anIdentityFromAGraphInputToAGraphOutputStays() {
        Graph g = Graph.builder("g").input("x", f32(4)).node(node(OpKind.IDENTITY, "x", "y")).output("y").build();
        assertEquals(1, PassTesting.run(g, "infer-shapes,remove-identity").graph().nodes().size());
    }

    @Test void inferenceDropoutNoOpReshapeAndCast() {
        Graph g = Graph.builder("g").input("x", f32(2, 3)).constant("s", longs(2, 3))
                .constant("train", Weights.of(DType.BOOL, List.of(), new byte[] {0}))
                .node(node(OpKind.DROPOUT, "x,,train", "d"))
                .node(node(OpKind.RESHAPE, "d,s", "r"))
                .node(node(OpKind.CAST, "r", "c", "to", 1))
                .node(node(OpKind.RELU, "c", "y")).output("y").build();
        var pm = PassManager.of("infer-shapes,remove-identity").verifyEach(true);
        Graph out = pm.run(cgc.ir.TestGraphs.model(g, 17)).graph();
        assertEquals(List.of("Relu(x)->y"), ops(out));
        assertEquals("remove-identity: 1 Dropout removed, 1 Reshape removed, 1 Cast removed", pm.runs().get(1).summary());
    }

    @Test void doesNotRemoveTrainingDropoutARealReshapeOrARealCast() {
        Graph g = Graph.builder("g").input("x", f32(2, 3)).input("train", cgc.ir.TensorType.of(DType.BOOL)).constant("s", longs(3, 2))
                .node(node(OpKind.DROPOUT, "x,,train", "d"))
                .node(node(OpKind.RESHAPE, "d,s", "r"))
                .node(node(OpKind.CAST, "r", "y", "to", 11)).output("y").build();
        assertEquals(3, PassTesting.run(g, "infer-shapes,remove-identity").graph().nodes().size());
    }

    @Test void doesNotRemoveADropoutWhoseMaskIsRead() {
        Graph g = Graph.builder("g").input("x", f32(2, 3))
                .node(node(OpKind.DROPOUT, "x", "d,mask")).node(node(OpKind.NOT, "mask", "y")).output("d").output("y").build();
        assertEquals(2, PassTesting.run(g, "infer-shapes,remove-identity").graph().nodes().size());
    }
}
