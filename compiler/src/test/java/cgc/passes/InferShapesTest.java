package cgc.passes;

import static cgc.ir.TestGraphs.f32;
import static cgc.ir.TestGraphs.node;
import static cgc.ir.TestGraphs.ramp;
import static cgc.ir.TestGraphs.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cgc.diag.CgcException;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.OpKind;
import cgc.ir.TestGraphs;
import java.util.List;
import org.junit.jupiter.api.Test;

class InferShapesTest {

    @Test void typesEveryValueInOrderWithASymbolicBatch() {
        Graph g = Graph.builder("g").input("x", type(DType.F32, "N", 3, 32, 32))
                .constant("w", ramp(8, 3, 3, 3)).constant("fw", ramp(10, 8))
                .node(node(OpKind.CONV, "x,w", "c", "pads", new long[] {1, 1, 1, 1}, "strides", new long[] {2, 2}))
                .node(node(OpKind.RELU, "c", "r"))
                .node(node(OpKind.GLOBAL_AVERAGE_POOL, "r", "p"))
                .node(node(OpKind.FLATTEN, "p", "f"))
                .node(node(OpKind.GEMM, "f,fw", "y", "transB", 1))
                .output("y").build();
        Model m = PassTesting.run(g, "infer-shapes");
        Graph out = m.graph();
        assertEquals(type(DType.F32, "N", 8, 16, 16), out.type("r"));
        assertEquals(type(DType.F32, "N", 8), out.type("f"));
        assertEquals(type(DType.F32, "N", 10), out.type("y"));
    }

    @Test void recordedTypesFillUnknownDimsAndContradictionsFail() {
        Graph.Builder b = Graph.builder("g").input("x", f32(2, 3)).input("s", TestGraphs.i64(2))
                .node(node(OpKind.RESHAPE, "x,s", "y")).output("y");
        Graph refined = PassTesting.run(b.type("y", f32(3, 2)).build(), "infer-shapes").graph();
        assertEquals(f32(3, 2), refined.type("y"));
        CgcException e = assertThrows(CgcException.class,
                () -> PassManager.of("infer-shapes").run(TestGraphs.model(Graph.builder("g").input("x", f32(2, 3))
                        .node(node(OpKind.RELU, "x", "y")).type("y", f32(2, 4)).output("y").build(), 17)));
        assertEquals("node \"y\" (Relu): output 0 \"y\": the model records type f32[2,4], "
                + "the shape rule gives f32[2,3] (in pass infer-shapes)", e.describe());
    }

    @Test void branchesOfIfAreInferredAndMayReadOuterValues() {
        Graph then = Graph.builder("then").node(node(OpKind.RELU, "x", "t")).output("t").build();
        Graph other = Graph.builder("else").node(node(OpKind.NEG, "x", "e")).output("e").build();
        Graph g = Graph.builder("g").input("x", f32(4, 5)).input("c", type(DType.BOOL))
                .node(new cgc.ir.Node("if", OpKind.IF, List.of("c"), List.of("y"),
                        TestGraphs.attrs("then_branch", then, "else_branch", other)))
                .output("y").build();
        Graph out = PassTesting.run(g, "infer-shapes").graph();
        assertEquals(f32(4, 5), out.type("y"));
        Graph inferredThen = out.nodes().getFirst().attrs().getGraph("then_branch").orElseThrow();
        assertEquals(f32(4, 5), inferredThen.type("t"));
        assertEquals(Attrs.EMPTY, inferredThen.nodes().getFirst().attrs());
    }
}
