package cgc.passes;

import static cgc.ir.TestGraphs.attrs;
import static cgc.ir.TestGraphs.f32;
import static cgc.ir.TestGraphs.longs;
import static cgc.ir.TestGraphs.node;
import static cgc.ir.TestGraphs.type;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TestGraphs;
import cgc.ir.Weights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FoldConstantsTest {

    /** x -> Reshape(x, Concat(Unsqueeze(Gather(Shape(x), 0)), [-1])): what exporters write for a flatten. */
    private static Graph shapeChain(cgc.ir.TensorType x) {
        return Graph.builder("g").input("x", x)
                .constant("zero", Weights.ofLongs(List.of(), 0)).constant("minus1", longs(-1)).constant("axes0", longs(0))
                .node(node(OpKind.SHAPE, "x", "s"))
                .node(node(OpKind.GATHER, "s,zero", "n", "axis", 0))
                .node(node(OpKind.UNSQUEEZE, "n,axes0", "n1"))
                .node(node(OpKind.CONCAT, "n1,minus1", "target", "axis", 0))
                .node(node(OpKind.RESHAPE, "x,target", "flat"))
                .node(node(OpKind.RELU, "flat", "y"))
                .output("y").build();
    }

    @Test void shapeChainOnAStaticShapeFoldsAwayAndTheReshapeGetsAStaticType() {
        var m = PassTesting.run(shapeChain(f32(2, 3, 4)), "infer-shapes,fold-constants");
        Graph g = m.graph();
        assertEquals(Map.of("Relu", 1, "Reshape", 1), TestGraphs.opCounts(g));
        assertArrayEquals(new long[] {2, -1}, g.constant("target").orElseThrow().toLongs());
        assertEquals(f32(2, 12), g.type("flat"));
        assertEquals(f32(2, 12), g.type("y"));
    }

    @Test void shapeOfASymbolicShapeDoesNotFold() {
        Graph g = PassTesting.run(shapeChain(type(DType.F32, "N", 3, 4)), "infer-shapes,fold-constants").graph();
        assertTrue(TestGraphs.opCounts(g).containsKey("Shape"));
        assertTrue(TestGraphs.opCounts(g).containsKey("Concat"));
    }

    @Test void constantNodesBecomeConstantsAndArithmeticFolds() {
        Graph g = Graph.builder("g").input("x", f32(3))
                .node(node(OpKind.CONSTANT, "", "a", "value", TestGraphs.floats(new long[] {3}, 1, 4, 9)))
                .node(node(OpKind.CONSTANT, "", "b", "value_float", 2f))
                .node(node(OpKind.SQRT, "a", "r"))
                .node(node(OpKind.DIV, "r,b", "q"))
                .node(node(OpKind.NEG, "q", "nq"))
                .node(node(OpKind.ADD, "x,nq", "y"))
                .output("y").build();
        Graph out = PassTesting.run(g, "infer-shapes,fold-constants").graph();
        assertEquals(List.of("Add"), out.nodes().stream().map(n -> n.op().opType()).toList());
        assertArrayEquals(new float[] {-0.5f, -1f, -1.5f}, out.constant("nq").orElseThrow().toFloats());
    }

    @Test void evaluatorMovesDataLikeTheSpec() {
        // x = [[0,1,2,3],[4,5,6,7],[8,9,10,11]]
        Weights x = Weights.ofLongs(List.of(3L, 4L), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        Graph g = Graph.builder("g")
                .constant("x", x).constant("st", longs(-1, 3)).constant("en", longs(Long.MIN_VALUE, 0))
                .constant("ax", longs(0, 1)).constant("sp", longs(-2, -2)).constant("idx", longs(2, 0))
                .constant("shape", longs(3, 1, 2)).constant("lim", longs(1, 5, 6, 10))
                .constant("zero", Weights.ofLongs(List.of(), 0))
                .node(node(OpKind.SLICE, "x,st,en,ax,sp", "sl"))          // rows 2,0; cols 3,1
                .node(node(OpKind.TRANSPOSE, "x", "tr"))
                .node(node(OpKind.GATHER, "x,idx", "ga", "axis", 1))
                .node(node(OpKind.EXPAND, "idx,shape", "ex"))
                .node(node(OpKind.CAST, "x", "fx", "to", 1))
                .node(node(OpKind.GREATER, "x,lim", "gt"))
                .node(node(OpKind.WHERE, "gt,x,zero", "wh"))
                .output("sl").output("tr").output("ga").output("ex").output("fx").output("wh").build();
        Graph out = PassTesting.run(g, "infer-shapes,fold-constants").graph();
        assertTrue(out.nodes().isEmpty(), () -> "left: " + out.nodes());
        assertArrayEquals(new long[] {11, 9, 3, 1}, out.constant("sl").orElseThrow().toLongs());
        assertArrayEquals(new long[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, out.constant("tr").orElseThrow().toLongs());
        assertArrayEquals(new long[] {2, 0, 6, 4, 10, 8}, out.constant("ga").orElseThrow().toLongs());
        assertEquals(List.of(3L, 1L, 2L), out.constant("ex").orElseThrow().shape());
        assertArrayEquals(new long[] {2, 0, 2, 0, 2, 0}, out.constant("ex").orElseThrow().toLongs());
        assertArrayEquals(new long[] {0, 0, 0, 0, 4, 0, 0, 0, 8, 9, 10, 11}, out.constant("wh").orElseThrow().toLongs());
        assertEquals(DType.F32, out.constant("fx").orElseThrow().dtype());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, out.constant("fx").orElseThrow().toFloats());
    }

    @Test void rangeConstantOfShapeAndIntegerDivision() {
        Graph g = Graph.builder("g")
                .constant("a", Weights.ofLongs(List.of(), 1)).constant("b", Weights.ofLongs(List.of(), 10))
                .constant("c", Weights.ofLongs(List.of(), 3)).constant("s", longs(2, 2)).constant("m7", longs(-7))
                .node(node(OpKind.RANGE, "a,b,c", "r"))
                .node(node(OpKind.CONSTANT_OF_SHAPE, "s", "k", "value", Weights.ofLongs(List.of(1L), 5)))
                .node(node(OpKind.DIV, "m7,c", "d"))
                .output("r").output("k").output("d").build();
        Graph out = PassTesting.run(g, "infer-shapes,fold-constants").graph();
        assertArrayEquals(new long[] {1, 4, 7}, out.constant("r").orElseThrow().toLongs());
        assertArrayEquals(new long[] {5, 5, 5, 5}, out.constant("k").orElseThrow().toLongs());
        assertArrayEquals(new long[] {-2}, out.constant("d").orElseThrow().toLongs(), "integer Div truncates toward zero");
    }

    @Test void ifWithAConstantConditionIsReplacedByItsBranch() {
        Graph then = Graph.builder("then").node(node(OpKind.RELU, "x", "t")).output("t").build();
        Graph other = Graph.builder("else").node(node(OpKind.NEG, "x", "e")).output("e").build();
        Graph g = Graph.builder("g").input("x", f32(4)).constant("c", Weights.of(DType.BOOL, List.of(), new byte[] {0}))
                .node(new Node("if", OpKind.IF, List.of("c"), List.of("y"), attrs("then_branch", then, "else_branch", other)))
                .node(node(OpKind.ABS, "y", "z"))
                .output("z").build();
        Graph out = PassTesting.run(g, "infer-shapes,fold-constants").graph();
        assertEquals(List.of("Neg", "Abs"), out.nodes().stream().map(n -> n.op().opType()).toList());
        assertEquals(List.of("y"), out.nodes().getFirst().outputs());
        assertEquals(f32(4), out.type("y"));
    }

    @Test void ifWithAnInputConditionStays() {
        Graph then = Graph.builder("then").node(node(OpKind.RELU, "x", "t")).output("t").build();
        Graph other = Graph.builder("else").node(node(OpKind.NEG, "x", "e")).output("e").build();
        Graph g = Graph.builder("g").input("x", f32(4)).input("c", type(DType.BOOL))
                .node(new Node("if", OpKind.IF, List.of("c"), List.of("y"), attrs("then_branch", then, "else_branch", other)))
                .output("y").build();
        Graph out = PassTesting.run(g, "infer-shapes,fold-constants").graph();
        assertEquals(List.of("If"), out.nodes().stream().map(n -> n.op().opType()).toList());
    }

    @Test void arithmeticAndComparisonOnIntsAndFloats() {
        Graph g = Graph.builder("g")
                .constant("i", longs(2, 3, 4)).constant("j", longs(3))
                .constant("f", TestGraphs.floats(new long[] {2}, 1.5f, -2f)).constant("h", TestGraphs.scalar(2f))
                .constant("ax", longs(0))
                .node(node(OpKind.ADD, "i,j", "add")).node(node(OpKind.SUB, "i,j", "sub"))
                .node(node(OpKind.MUL, "i,j", "mul")).node(node(OpKind.POW, "i,j", "pow"))
                .node(node(OpKind.EQUAL, "i,j", "eq")).node(node(OpKind.POW, "f,h", "fpow"))
                .node(node(OpKind.MUL, "f,h", "fmul")).node(node(OpKind.SUB, "h,f", "fsub"))
                .node(node(OpKind.UNSQUEEZE, "f,ax", "u")).node(node(OpKind.CONCAT, "u,u", "cat", "axis", 0))
                .node(node(OpKind.SQUEEZE, "j", "sq"))
                .output("add").output("sub").output("mul").output("pow").output("eq").output("fpow").output("fmul")
                .output("fsub").output("cat").output("sq").build();
        Graph out = PassTesting.run(g, "infer-shapes,fold-constants").graph();
        assertTrue(out.nodes().isEmpty(), () -> "left: " + out.nodes());
        assertArrayEquals(new long[] {5, 6, 7}, out.constant("add").orElseThrow().toLongs());
        assertArrayEquals(new long[] {-1, 0, 1}, out.constant("sub").orElseThrow().toLongs());
        assertArrayEquals(new long[] {6, 9, 12}, out.constant("mul").orElseThrow().toLongs());
        assertArrayEquals(new long[] {8, 27, 64}, out.constant("pow").orElseThrow().toLongs());
        assertEquals(DType.BOOL, out.constant("eq").orElseThrow().dtype());
        assertArrayEquals(new long[] {0, 1, 0}, out.constant("eq").orElseThrow().toLongs());
        assertArrayEquals(new float[] {2.25f, 4f}, out.constant("fpow").orElseThrow().toFloats());
        assertArrayEquals(new float[] {3f, -4f}, out.constant("fmul").orElseThrow().toFloats());
        assertArrayEquals(new float[] {0.5f, 4f}, out.constant("fsub").orElseThrow().toFloats());
        assertEquals(List.of(2L, 2L), out.constant("cat").orElseThrow().shape());
        assertArrayEquals(new float[] {1.5f, -2f, 1.5f, -2f}, out.constant("cat").orElseThrow().toFloats());
        assertEquals(List.of(), out.constant("sq").orElseThrow().shape());
    }
}
