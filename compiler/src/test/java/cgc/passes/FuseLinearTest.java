package cgc.passes;

import static cgc.ir.TestGraphs.f32;
import static cgc.ir.TestGraphs.floats;
import static cgc.ir.TestGraphs.node;
import static cgc.ir.TestGraphs.ramp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class FuseLinearTest {

    private static Graph.Builder matmul() {
        return Graph.builder("g").input("x", f32(1, 8, 16)).constant("w", ramp(16, 4)).node(node(OpKind.MATMUL, "x,w", "m"));
    }

    @Test void matmulPlusBiasBecomesLinear() {
        Graph g = matmul().constant("b", floats(new long[] {4}, 1, 2, 3, 4)).node(node(OpKind.ADD, "m,b", "y")).output("y").build();
        Graph out = PassTesting.run(g, "infer-shapes,fuse-linear").graph();
        Node lin = PassTesting.only(out, "Linear");
        assertEquals(OpKind.LINEAR, lin.op());
        assertEquals(List.of("x", "w", "b"), lin.inputs());
        assertEquals(List.of("y"), lin.outputs());
        assertEquals(f32(1, 8, 4), out.type("y"));
    }

    @Test void biasFirstAndBiasOfRankThree() {
        Graph g = matmul().constant("b", floats(new long[] {1, 1, 4}, 1, 2, 3, 4)).node(node(OpKind.ADD, "b,m", "y")).output("y").build();
        Graph out = PassTesting.run(g, "infer-shapes,fuse-linear,dce").graph();
        Node lin = PassTesting.only(out, "Linear");
        assertEquals(List.of(4L), out.constant(lin.input(2)).orElseThrow().shape());
        assertArrayEquals(new float[] {1, 2, 3, 4}, out.constant(lin.input(2)).orElseThrow().toFloats());
        assertEquals(List.of("b_vec"), List.copyOf(out.constants().keySet()).subList(1, 2));
    }

    @Test void doesNotFuseABiasThatVariesAlongRows() {
        Graph g = matmul().constant("b", ramp(8, 4)).node(node(OpKind.ADD, "m,b", "y")).output("y").build();
        assertEquals(2, PassTesting.run(g, "infer-shapes,fuse-linear").graph().nodes().size());
    }

    @Test void doesNotFuseWhenTheProductHasAnotherUse() {
        Graph g = matmul().constant("b", ramp(4)).node(node(OpKind.ADD, "m,b", "y")).node(node(OpKind.RELU, "m", "r"))
                .output("y").output("r").build();
        assertEquals(3, PassTesting.run(g, "infer-shapes,fuse-linear").graph().nodes().size());
    }

    @Test void doesNotFuseAnAddOfTwoComputedValues() {
        Graph g = matmul().input("b", f32(4)).node(node(OpKind.ADD, "m,b", "y")).output("y").build();
        assertEquals(2, PassTesting.run(g, "infer-shapes,fuse-linear").graph().nodes().size());
    }

    @Test void channelBiasAddJoinsTheConv() {
        Graph g = Graph.builder("g").input("x", f32(1, 3, 6, 6)).constant("w", ramp(2, 3, 3, 3))
                .constant("b0", floats(new long[] {2}, 10, 20))
                .constant("b", floats(new long[] {1, 2, 1, 1}, 1, 2))
                .node(node(OpKind.CONV, "x,w,b0", "c")).node(node(OpKind.ADD, "c,b", "y")).output("y").build();
        Graph out = PassTesting.run(g, "infer-shapes,fuse-linear").graph();
        Node conv = PassTesting.only(out, "Conv");
        assertEquals(1, out.nodes().size());
        assertArrayEquals(new float[] {11, 22}, out.constant(conv.input(2)).orElseThrow().toFloats());
    }

    @Test void aBiasAlongTheWidthDoesNotJoinTheConv() {
        Graph g = Graph.builder("g").input("x", f32(1, 3, 6, 6)).constant("w", ramp(2, 3, 3, 3))
                .constant("b", ramp(4)).node(node(OpKind.CONV, "x,w", "c")).node(node(OpKind.ADD, "c,b", "y")).output("y").build();
        assertEquals(2, PassTesting.run(g, "infer-shapes,fuse-linear").graph().nodes().size());
    }
}
