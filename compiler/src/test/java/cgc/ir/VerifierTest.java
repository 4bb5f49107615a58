package cgc.ir;

import static cgc.ir.TestGraphs.attrs;
import static cgc.ir.TestGraphs.f32;
import static cgc.ir.TestGraphs.node;
import static cgc.ir.TestGraphs.ramp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerifierTest {

    private static List<String> problems(Graph g, long opset) { return Verifier.describe(TestGraphs.model(g, opset)); }

    @Test void aWellFormedGraphHasNoProblems() {
        Graph g = Graph.builder("g").input("x", f32(1, 3, 8, 8)).constant("w", ramp(4, 3, 3, 3))
                .node(node(OpKind.CONV, "x,w", "c", "cgc.act", "relu")).type("c", f32(1, 4, 6, 6)).output("c").build();
        assertEquals(List.of(), problems(g, 17));
    }

    @Test void useBeforeDefinitionAndDoubleDefinition() {
        Graph g = Graph.builder("g").input("x", f32(4))
                .node(node(OpKind.NEG, "b", "a")).node(node(OpKind.RELU, "x", "b")).node(node(OpKind.ABS, "x", "b"))
                .output("a").output("nowhere").build();
        assertEquals(List.of(
                "node \"a\" (Neg): input 0 \"b\": used before it is defined (or never defined)",
                "node \"b\" (Abs): value \"b\": defined more than once",
                "graph \"g\", output \"nowhere\": graph output is never defined"), problems(g, 17));
    }

    @Test void arityAndAttributes() {
        Graph g = Graph.builder("g").input("x", f32(4))
                .node(node(OpKind.ADD, "x", "a"))
                .node(node(OpKind.RELU, "x", "b", "alpha", 1f))
                .node(node(OpKind.SQUEEZE, "x", "c", "axes", new long[] {0}))
                .node(node(OpKind.CONCAT, "x,x", "d"))
                .node(node(OpKind.LEAKY_RELU, "x", "e", "alpha", 1))
                .node(node(OpKind.CONV, "x,x", "f", "cgc.act", "swish"))
                .node(node(OpKind.CONV, "x,x", "g"))
                .output("a").build();
        assertEquals(List.of(
                "node \"a\" (Add): inputs: expected 2 inputs, got 1",
                "node \"b\" (Relu): attribute \"alpha\": unknown attribute of Relu",
                "node \"c\" (Squeeze): attribute \"axes\": is not an attribute of Squeeze in opset 13 (only before opset 13)",
                "node \"d\" (Concat): attribute \"axis\": required attribute is missing",
                "node \"e\" (LeakyRelu): attribute \"alpha\": expected float, got int 1",
                "node \"f\" (Conv): attribute \"cgc.act\": expected one of [relu, clip, sigmoid, silu, hardswish, hardsigmoid, "
                        + "leakyrelu, tanh, gelu, quantize], got \"swish\"",
                "node \"g\" (Conv): input 0 \"x\": expected rank 3 or more [N, C, D1, ...], got rank 1 [4]"), problems(g, 13));
    }

    @Test void recordedTypesMustAgreeWithTheShapeRule() {
        Graph g = Graph.builder("g").input("x", f32(2, 3)).node(node(OpKind.TRANSPOSE, "x", "y")).type("y", f32(2, 3)).output("y").build();
        assertEquals(List.of("node \"y\" (Transpose): output 0 \"y\": recorded type f32[2,3] disagrees with the shape rule, "
                + "which gives f32[3,2]"), problems(g, 17));
    }

    @Test void branchesMayReadOuterValuesButNotTheOtherWayRound() {
        Graph then = Graph.builder("then").node(node(OpKind.NEG, "x", "t")).output("t").build();
        Graph other = Graph.builder("else").node(node(OpKind.ABS, "x", "e")).output("e").build();
        Graph g = Graph.builder("g").input("x", f32(4)).input("c", TensorType.of(DType.BOOL))
                .node(new Node("if", OpKind.IF, List.of("c"), List.of("y"), attrs("then_branch", then, "else_branch", other)))
                .node(node(OpKind.RELU, "t", "z"))
                .output("y").output("z").build();
        assertEquals(List.of("node \"z\" (Relu): input 0 \"t\": used before it is defined (or never defined)"), problems(g, 17));
    }

    @Test void onlyHeavyOpsCarryAFusedActivationOtherCgcAttributesAreFree() {
        Graph g = Graph.builder("g").input("x", f32(4))
                .node(node(OpKind.RELU, "x", "a", "cgc.act", "relu"))
                .node(node(OpKind.NEG, "a", "y", "cgc.placement", "gpu"))
                .output("y").build();
        assertEquals(List.of("node \"a\" (Relu): attribute \"cgc.act\": unknown attribute of Relu"), problems(g, 17));
    }
}
