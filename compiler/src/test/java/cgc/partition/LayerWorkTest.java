package cgc.partition;

import static cgc.ir.TestGraphs.attrs;
import static cgc.ir.TestGraphs.f32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.ir.Attrs;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.Weights;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerWorkTest {
    private static Weights zeros(long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return Weights.ofFloats(java.util.Arrays.stream(shape).boxed().toList(), new float[(int) n]);
    }

    private static LayerWork work(Graph g) {
        return LayerWork.of(g, g.nodes().getFirst()).orElseThrow();
    }

    @Test
    void aConvMultipliesEachOutputByItsFilterVolume() {
        Graph g = Graph.builder("g").input("x", f32(1, 16, 10, 10))
                .constant("w", zeros(32, 16, 3, 3)).constant("b", zeros(32))
                .node(new Node("conv", OpKind.CONV, List.of("x", "w", "b"), List.of("y"), attrs("pads", new long[] {1, 1, 1, 1})))
                .type("y", f32(1, 32, 10, 10)).output("y").build();
        assertEquals(new LayerWork("conv", 32 * 100 * 16 * 9, 4 * 1600, 4 * (32 * 16 * 9 + 32), 4 * 3200), work(g));
    }

    @Test
    void aTransposedConvSpreadsEachInputOverItsFilter() {
        Graph g = Graph.builder("g").input("x", f32(1, 8, 5, 5)).constant("w", zeros(8, 4, 3, 3))
                .node(new Node("ct", OpKind.CONV_TRANSPOSE, List.of("x", "w"), List.of("y"), attrs("strides", new long[] {2, 2})))
                .type("y", f32(1, 4, 11, 11)).output("y").build();
        assertEquals(8 * 25 * 4 * 9, work(g).macs(), "each of the 200 inputs times 4 output channels x 3x3");
    }

    @Test
    void aConvWithOneFilterPerChannelIsDepthwise() {
        Graph g = Graph.builder("g").input("x", f32(1, 8, 6, 6)).constant("w", zeros(8, 1, 3, 3))
                .node(new Node("dw", OpKind.CONV, List.of("x", "w"), List.of("y"), attrs("group", 8L, "pads", new long[] {1, 1, 1, 1})))
                .type("y", f32(1, 8, 6, 6)).output("y").build();
        LayerWork w = work(g);
        assertEquals("depthwise", w.kind());
        assertEquals(8 * 36 * 9, w.macs());
    }

    @Test
    void aMatrixProductReducesOverTheColumnsOfA() {
        Graph g = Graph.builder("g").input("a", f32(2, 5, 12)).input("b", f32(12, 7))
                .node(new Node("mm", OpKind.MATMUL, List.of("a", "b"), List.of("y"), Attrs.EMPTY))
                .type("y", f32(2, 5, 7)).output("y").build();
        assertEquals(new LayerWork("gemm", 2 * 5 * 7 * 12, 4 * 120, 4 * 84, 4 * 70), work(g));
    }

    @Test
    void aProductReducesOverAsLastDimensionWhateverBBroadcastsAndGemmsTransposedAOverItsFirst() {
        Graph broadcastB = Graph.builder("g").input("a", f32(64, 128)).input("b", f32(8, 128, 32))
                .node(new Node("mm", OpKind.MATMUL, List.of("a", "b"), List.of("y"), Attrs.EMPTY))
                .type("y", f32(8, 64, 32)).output("y").build();
        assertEquals(8.0 * 64 * 32 * 128, work(broadcastB).macs());
        Graph vectorB = Graph.builder("g").input("a", f32(64, 128)).input("b", f32(128))
                .node(new Node("mv", OpKind.MATMUL, List.of("a", "b"), List.of("y"), Attrs.EMPTY))
                .type("y", f32(64)).output("y").build();
        assertEquals(64.0 * 128, work(vectorB).macs());
        Graph gemmTA = Graph.builder("g").input("a", f32(40, 10)).constant("b", zeros(40, 30))
                .node(new Node("gemm", OpKind.GEMM, List.of("a", "b"), List.of("y"), attrs("transA", 1L)))
                .type("y", f32(10, 30)).output("y").build();
        assertEquals(10.0 * 30 * 40, work(gemmTA).macs());
    }

    @Test
    void lightOpsAndUnknownShapesHaveNoWork() {
        Graph relu = Graph.builder("g").input("x", f32(4))
                .node(new Node("r", OpKind.RELU, List.of("x"), List.of("y"), Attrs.EMPTY)).type("y", f32(4)).output("y").build();
        assertTrue(LayerWork.of(relu, relu.nodes().getFirst()).isEmpty());
        Graph unknown = Graph.builder("g").input("a", f32(3, 4)).input("b", f32(4, 5))
                .node(new Node("mm", OpKind.MATMUL, List.of("a", "b"), List.of("y"), Attrs.EMPTY)).output("y").build();
        assertTrue(LayerWork.of(unknown, unknown.nodes().getFirst()).isEmpty(), "the output's shape was never inferred");
    }

    @Test
    void aPartTakesItsShareOfWhatItsDimensionCuts() {
        LayerWork w = new LayerWork("conv", 1000, 400, 200, 100);
        assertEquals(new LayerWork("conv", 250, 400, 50, 25), w.part("oc", 0.25), "channels: all the input, a share of the filters");
        assertEquals(new LayerWork("conv", 250, 100, 200, 25), w.part("rows", 0.25), "rows: a share of the input, all the filters");
        assertEquals(w.part("oc", 0.5), w.part("n", 0.5));
        assertEquals(w.part("rows", 0.5), w.part("m", 0.5));
        assertThrows(IllegalArgumentException.class, () -> w.part("k", 0.5));
        assertThrows(IllegalArgumentException.class, () -> w.part("oc", 1.5));
    }
}
