package cgc.passes;

import static cgc.ir.TestGraphs.f32;
import static cgc.ir.TestGraphs.floats;
import static cgc.ir.TestGraphs.node;
import static cgc.passes.Reference.assertClose;
import static cgc.passes.Reference.positive;
import static cgc.passes.Reference.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TestGraphs;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldBatchNormTest {
    static final int C = 4, M = 6, H = 5, K = 3;
    final float[] x = random(C * H * H, 1), w = random(M * (C / 2) * K * K, 2), b = random(M, 3);
    final float[] gamma = random(M, 4), beta = random(M, 5), mean = random(M, 6), var = positive(M, 7);

    private Graph.Builder bn(Graph.Builder g, String in) {
        return g.constant("gamma", floats(new long[] {M}, gamma)).constant("beta", floats(new long[] {M}, beta))
                .constant("mean", floats(new long[] {M}, mean)).constant("var", floats(new long[] {M}, var))
                .node(node(OpKind.BATCH_NORMALIZATION, in + ",gamma,beta,mean,var", "y", "epsilon", 1e-3f));
    }

    private Graph.Builder conv() {
        return Graph.builder("g").input("x", f32(1, C, H, H))
                .constant("w", floats(new long[] {M, C / 2, K, K}, w)).constant("b", floats(new long[] {M}, b))
                .node(node(OpKind.CONV, "x,w,b", "c", "group", 2, "pads", new long[] {1, 1, 1, 1}, "strides", new long[] {2, 2}));
    }

    @Test void foldsIntoAGroupedConvAndComputesTheSame() {
        Model m = PassTesting.run(bn(conv(), "c").output("y").build(), "infer-shapes,fold-bn");
        Graph g = m.graph();
        Node conv = PassTesting.only(g, "Conv");
        assertEquals(List.of("y"), conv.outputs());
        assertFalse(TestGraphs.opCounts(g).containsKey("BatchNormalization"));
        double[] expected = Reference.batchNorm(Reference.conv(x, C, H, H, w, M, K, b, 2, 1, 2), M, gamma, beta, mean, var, 1e-3f);
        double[] actual = Reference.conv(x, C, H, H, g.constant(conv.input(1)).orElseThrow().toFloats(), M, K,
                g.constant(conv.input(2)).orElseThrow().toFloats(), 2, 1, 2);
        assertClose(expected, actual, 1e-6);
        assertEquals(f32(1, M, 3, 3), g.type("y"));
    }

    @Test void foldsIntoAConvTransposeWithGroups() {
        int mg = M / 2;
        float[] wt = random(C * mg * K * K, 8);
        Graph.Builder gb = Graph.builder("g").input("x", f32(1, C, H, H))
                .constant("w", floats(new long[] {C, mg, K, K}, wt))
                .node(node(OpKind.CONV_TRANSPOSE, "x,w", "c", "group", 2, "strides", new long[] {2, 2}));
        Graph g = PassTesting.run(bn(gb, "c").output("y").build(), "infer-shapes,fold-bn").graph();
        Node ct = PassTesting.only(g, "ConvTranspose");
        double[] expected = Reference.batchNorm(Reference.convTranspose(x, C, H, H, wt, mg, K, null, 2, 2), M, gamma, beta, mean, var, 1e-3f);
        double[] actual = Reference.convTranspose(x, C, H, H, g.constant(ct.input(1)).orElseThrow().toFloats(), mg, K,
                g.constant(ct.input(2)).orElseThrow().toFloats(), 2, 2);
        assertClose(expected, actual, 1e-6);
    }

    @Test void foldsIntoGemmWithTransBAndBeta() {
        float[] a = random(2 * 5, 9), bw = random(M * 5, 10), c = random(M, 11);
        Graph.Builder gb = Graph.builder("g").input("a", f32(2, 5))
                .constant("bw", floats(new long[] {M, 5}, bw)).constant("c", floats(new long[] {M}, c))
                .node(node(OpKind.GEMM, "a,bw,c", "gm", "transB", 1, "alpha", 0.5f, "beta", 2f));
        Graph g = PassTesting.run(bn(gb, "gm").output("y").build(), "infer-shapes,fold-bn").graph();
        Node gemm = PassTesting.only(g, "Gemm");
        assertEquals(1f, gemm.attrs().getFloat("beta", 0));
        double[] expected = Reference.batchNorm(transposeRows(Reference.gemm(a, 2, 5, bw, M, true, c, 0.5, 2), 2, M), M, gamma, beta, mean, var, 1e-3f);
        double[] actual = transposeRows(Reference.gemm(a, 2, 5, g.constant(gemm.input(1)).orElseThrow().toFloats(), M, true,
                g.constant(gemm.input(2)).orElseThrow().toFloats(), 0.5, 1), 2, M);
        assertClose(expected, actual, 1e-6);
    }

    /** [rows, cols] -> [cols, rows], so that BN's channel (the column) comes first for Reference.batchNorm. */
    private static double[] transposeRows(double[] v, int rows, int cols) {
        double[] t = new double[v.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = v[i * cols + j];
        return t;
    }

    @Test void doesNotFoldWhenTheConvOutputHasAnotherUse() {
        Graph g = bn(conv(), "c").node(node(OpKind.RELU, "c", "r")).output("y").output("r").build();
        Graph out = PassTesting.run(g, "infer-shapes,fold-bn").graph();
        assertTrue(TestGraphs.opCounts(out).containsKey("BatchNormalization"));
    }

    @Test void doesNotFoldWhenTheConvOutputIsAGraphOutput() {
        Graph out = PassTesting.run(bn(conv(), "c").output("y").output("c").build(), "infer-shapes,fold-bn").graph();
        assertTrue(TestGraphs.opCounts(out).containsKey("BatchNormalization"));
    }

    @Test void doesNotFoldWhenTheWeightsAreNotConstant() {
        Graph g = bn(Graph.builder("g").input("x", f32(1, C, H, H)).input("w", f32(M, C, K, K))
                .node(node(OpKind.CONV, "x,w", "c")), "c").output("y").build();
        Graph out = PassTesting.run(g, "infer-shapes,fold-bn").graph();
        assertEquals(2, out.nodes().size());
    }

    @Test void reportsItsCount() {
        PassManager pm = PassManager.of("infer-shapes,fold-bn");
        pm.run(TestGraphs.model(bn(conv(), "c").output("y").build(), 17));
        assertEquals("fold-bn: 1 BatchNormalization folded", pm.runs().get(1).summary());
    }
}
