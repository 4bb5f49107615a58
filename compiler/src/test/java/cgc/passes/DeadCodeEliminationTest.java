package cgc.passes;

import static cgc.ir.TestGraphs.attrs;
import static cgc.ir.TestGraphs.f32;
import static cgc.ir.TestGraphs.node;
import static cgc.ir.TestGraphs.ramp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.TestGraphs;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadCodeEliminationTest {

    @Test void removesUnreadNodesAndConstants() {
        Graph g = Graph.builder("g").input("x", f32(4)).constant("used", ramp(4)).constant("unused", ramp(4))
                .node(node(OpKind.ADD, "x,used", "a"))
                .node(node(OpKind.RELU, "a", "dead1")).node(node(OpKind.NEG, "dead1", "dead2"))
                .node(node(OpKind.ABS, "a", "y")).output("y").build();
        var pm = PassManager.of("dce").verifyEach(true);
        Graph out = pm.run(TestGraphs.model(g, 17)).graph();
        assertEquals(List.of("Add", "Abs"), out.nodes().stream().map(n -> n.op().opType()).toList());
        assertEquals(List.of("used"), List.copyOf(out.constants().keySet()));
        assertEquals("dce: 2 nodes removed, 1 constants removed", pm.runs().getFirst().summary());
    }

    @Test void readsInsideABranchKeepTheirProducersAlive() {
        Graph then = Graph.builder("then").node(node(OpKind.NEG, "a", "t")).node(node(OpKind.RELU, "t", "dead")).output("t").build();
        Graph other = Graph.builder("else").constant("k", ramp(4)).output("k").build();
        Graph g = Graph.builder("g").input("x", f32(4)).input("c", TensorType.of(DType.BOOL))
                .node(node(OpKind.ABS, "x", "a"))
                .node(new Node("if", OpKind.IF, List.of("c"), List.of("y"), attrs("then_branch", then, "else_branch", other)))
                .output("y").build();
        Graph out = PassTesting.run(g, "infer-shapes,dce").graph();
        assertEquals(List.of("Abs", "If"), out.nodes().stream().map(n -> n.op().opType()).toList());
        Graph swept = out.nodes().get(1).attrs().getGraph("then_branch").orElseThrow();
        assertEquals(List.of("Neg"), swept.nodes().stream().map(n -> n.op().opType()).toList());
    }

    @Test void keepsANodeWithOneLiveOutput() {
        Graph g = Graph.builder("g").input("x", f32(6))
                .node(new Node("s", OpKind.SPLIT, List.of("x"), List.of("a", "b"), attrs())).output("b").build();
        assertEquals(1, PassTesting.run(g, "infer-shapes,dce").graph().nodes().size());
    }

    @Test void keepsOpaqueOpsWhoseEffectIsUnknown() {
        Graph g = Graph.builder("g").input("x", f32(4))
                .node(new Node("print", new cgc.ir.OpaqueOp("com.example", "Print"), List.of("x"), List.of(), attrs()))
                .node(node(OpKind.RELU, "x", "y")).output("y").build();
        assertEquals(2, PassTesting.run(g, "dce").graph().nodes().size());
    }
}
