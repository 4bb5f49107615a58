package cgc.passes;

import static cgc.ir.TestGraphs.f32;
import static cgc.ir.TestGraphs.node;
import static cgc.ir.TestGraphs.ramp;
import static cgc.ir.TestGraphs.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cgc.ir.Attr;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TestGraphs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FuseActivationTest {

    private static Graph.Builder conv() {
        return Graph.builder("g").input("x", f32(1, 3, 8, 8)).constant("w", ramp(4, 3, 3, 3))
                .node(node(OpKind.CONV, "x,w", "c"));
    }

    private static Node fusedConv(Graph g, long opset) {
        Graph out = PassTesting.run(g, opset, "infer-shapes,fuse-activation").graph();
        assertEquals(1, out.nodes().size(), () -> "left: " + TestGraphs.opCounts(out));
        Node conv = PassTesting.only(out, "Conv");
        assertEquals(List.of("y"), conv.outputs());
        return conv;
    }

    @Test void relu() {
        Node c = fusedConv(conv().node(node(OpKind.RELU, "c", "y")).output("y").build(), 17);
        assertEquals(Map.of("cgc.act", Attr.of("relu")), c.attrs().asMap());
    }

    @Test void relu6AsClipWithConstantInputs() {
        Graph g = conv().constant("lo", scalar(0)).constant("hi", scalar(6))
                .node(node(OpKind.CLIP, "c,lo,hi", "y")).output("y").build();
        Node c = fusedConv(g, 13);
        assertEquals(Map.of("cgc.act", Attr.of("clip"), "cgc.act_alpha", Attr.of(0f), "cgc.act_beta", Attr.of(6f)), c.attrs().asMap());
    }

    @Test void clipWithAttributesBeforeOpset11AndAMissingMin() {
        Node c = fusedConv(conv().node(node(OpKind.CLIP, "c", "y", "max", 6f)).output("y").build(), 9);
        assertEquals(-Float.MAX_VALUE, c.attrs().getFloat("cgc.act_alpha", 0));
        assertEquals(6f, c.attrs().getFloat("cgc.act_beta", 0));
        Node d = fusedConv(conv().constant("hi", scalar(1)).node(node(OpKind.CLIP, "c,,hi", "y")).output("y").build(), 13);
        assertEquals(-Float.MAX_VALUE, d.attrs().getFloat("cgc.act_alpha", 0));
    }

    @Test void parametersTakeTheOpTableDefaults() {
        Node h = fusedConv(conv().node(node(OpKind.HARD_SIGMOID, "c", "y", "alpha", 0.25f)).output("y").build(), 17);
        assertEquals(Map.of("cgc.act", Attr.of("hardsigmoid"), "cgc.act_alpha", Attr.of(0.25f), "cgc.act_beta", Attr.of(0.5f)), h.attrs().asMap());
        Node l = fusedConv(conv().node(node(OpKind.LEAKY_RELU, "c", "y")).output("y").build(), 17);
        assertEquals(0.01f, l.attrs().getFloat("cgc.act_alpha", 0));
        assertEquals("hardswish", fusedConv(conv().node(node(OpKind.HARD_SWISH, "c", "y")).output("y").build(), 17)
                .attrs().getString("cgc.act", ""));
        assertEquals("gelu", fusedConv(conv().node(node(OpKind.GELU, "c", "y")).output("y").build(), 20)
                .attrs().getString("cgc.act", ""));
    }

    @Test void intoMatMulAndGemm() {
        Graph g = Graph.builder("g").input("x", f32(2, 8)).constant("w", ramp(8, 4))
                .node(node(OpKind.MATMUL, "x,w", "m")).node(node(OpKind.SIGMOID, "m", "s"))
                .node(node(OpKind.GEMM, "s,w2", "gm")).node(node(OpKind.TANH, "gm", "y"))
                .constant("w2", ramp(4, 4)).output("y").build();
        // w2 is declared after its use in node order but constants are defined up front
        Graph out = PassTesting.run(g, "infer-shapes,fuse-activation").graph();
        assertEquals(List.of("MatMul", "Gemm"), out.nodes().stream().map(n -> n.op().opType()).toList());
        assertEquals("sigmoid", out.nodes().get(0).attrs().getString("cgc.act", ""));
        assertEquals("tanh", out.nodes().get(1).attrs().getString("cgc.act", ""));
    }

    @Test void doesNotFuseWhenTheHeavyOutputHasAnotherUse() {
        Graph g = conv().node(node(OpKind.RELU, "c", "y")).node(node(OpKind.NEG, "c", "z")).output("y").output("z").build();
        Graph out = PassTesting.run(g, "infer-shapes,fuse-activation").graph();
        assertEquals(3, out.nodes().size());
        assertFalse(out.nodes().getFirst().attrs().has("cgc.act"));
    }

    @Test void doesNotFuseIntoAGraphOutputNorAClipWithAComputedBound() {
        Graph g1 = conv().node(node(OpKind.RELU, "c", "y")).output("y").output("c").build();
        assertEquals(2, PassTesting.run(g1, "infer-shapes,fuse-activation").graph().nodes().size());
        Graph g2 = conv().input("hi", f32()).node(node(OpKind.CLIP, "c,,hi", "y")).output("y").build();
        assertEquals(2, PassTesting.run(g2, 13, "infer-shapes,fuse-activation").graph().nodes().size());
        Graph g3 = conv().node(node(OpKind.GELU, "c", "y", "approximate", "tanh")).output("y").build();
        assertEquals(2, PassTesting.run(g3, 20, "infer-shapes,fuse-activation").graph().nodes().size());
    }

    @Test void doesNotFuseASecondActivation() {
        Graph g = conv().node(node(OpKind.RELU, "c", "r")).node(node(OpKind.SIGMOID, "r", "y")).output("y").build();
        Graph out = PassTesting.run(g, "infer-shapes,fuse-activation").graph();
        assertEquals(List.of("Conv", "Sigmoid"), out.nodes().stream().map(n -> n.op().opType()).toList());
    }

    private static Graph.Builder erfGelu(String scaleOp, float scale, float half) {
        return Graph.builder("g").input("x", f32(2, 8)).constant("w", ramp(8, 4))
                .constant("k", scalar(scale)).constant("one", scalar(1)).constant("half", scalar(half))
                .node(node(OpKind.MATMUL, "x,w", "m"))
                .node(node(scaleOp.equals("Div") ? OpKind.DIV : OpKind.MUL, scaleOp.equals("Div") ? "m,k" : "k,m", "d"))
                .node(node(OpKind.ERF, "d", "e"))
                .node(node(OpKind.ADD, "one,e", "a"))
                .node(node(OpKind.MUL, "a,m", "p"))
                .node(node(OpKind.MUL, "p,half", "y"));
    }

    @Test void theErfFormOfGeluThatOlderExportersWrite() {
        for (Graph g : List.of(erfGelu("Div", (float) Math.sqrt(2), 0.5f).output("y").build(),
                erfGelu("Mul", (float) (1 / Math.sqrt(2)), 0.5f).output("y").build())) {
            Graph out = PassTesting.run(g, "infer-shapes,fuse-activation").graph();
            assertEquals(List.of("MatMul"), out.nodes().stream().map(n -> n.op().opType()).toList());
            assertEquals(Map.of("cgc.act", Attr.of("gelu")), out.nodes().getFirst().attrs().asMap());
            assertEquals(List.of("y"), out.nodes().getFirst().outputs());
        }
    }

    @Test void notGeluWhenAConstantIsOffOrAnIntermediateIsReadElsewhere() {
        Graph wrongHalf = erfGelu("Div", (float) Math.sqrt(2), 0.25f).output("y").build();
        assertEquals(6, PassTesting.run(wrongHalf, "infer-shapes,fuse-activation").graph().nodes().size());
        Graph erfRead = erfGelu("Div", (float) Math.sqrt(2), 0.5f).output("y").output("e").build();
        assertEquals(6, PassTesting.run(erfRead, "infer-shapes,fuse-activation").graph().nodes().size());
    }

    @Test void insideTheBranchesOfIf() {
        Graph then = Graph.builder("then").node(node(OpKind.CONV, "x,w", "c")).node(node(OpKind.RELU, "c", "t"))
                .output("t").build();
        Graph other = Graph.builder("else").node(node(OpKind.CONV, "x,w", "d")).output("d").build();
        Graph g = Graph.builder("g").input("x", f32(1, 3, 8, 8)).input("flag", cgc.ir.TensorType.of(cgc.ir.DType.BOOL))
                .constant("w", ramp(4, 3, 3, 3))
                .node(new Node("if", OpKind.IF, List.of("flag"), List.of("y"),
                        TestGraphs.attrs("then_branch", then, "else_branch", other)))
                .output("y").build();
        Graph out = PassTesting.run(g, "infer-shapes,fuse-activation").graph();
        Graph fused = out.nodes().getFirst().attrs().getGraph("then_branch").orElseThrow();
        assertEquals(List.of("Conv"), fused.nodes().stream().map(n -> n.op().opType()).toList());
        assertEquals("relu", fused.nodes().getFirst().attrs().getString("cgc.act", ""));
        assertEquals(List.of("t"), fused.outputs());
    }
}
