package cgc.codegen;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The tiled GEMM template against a float64 reference: shapes off the tile grid, transposes, batches, splits. */
class KernelGemmTest {
    private static final GemmTiles SMALL = new GemmTiles(16, 16, 8, 2, 2);
    private static final GemmTiles ODD = new GemmTiles(12, 8, 5, 3, 1);

    /** One product C = act(alpha * A.B + beta * bias), with every option of the template exposed. */
    static final class Spec {
        final String label;
        final int m, n, k;
        int batchOuter = 1, batchInner = 1, aOuter = 1, aInner = 1, bOuter = 1, bInner = 1;
        boolean transA, transB, bInAct, splitM = true;
        float alpha = 1, beta = 1;
        enum Bias { NONE, ROW, COLUMN, FULL }
        Bias bias = Bias.ROW;
        Activation act = Activation.NONE;
        GemmTiles tiles = GemmTiles.DEFAULT;
        int begin, end = -1;
        double tolerance = 1e-5;

        Spec(String label, int m, int n, int k) { this.label = label; this.m = m; this.n = n; this.k = k; }

        Spec batch(int outer, int inner, int aOuter, int aInner, int bOuter, int bInner) {
            batchOuter = outer; batchInner = inner;
            this.aOuter = aOuter; this.aInner = aInner; this.bOuter = bOuter; this.bInner = bInner;
            return this;
        }
        Spec trans(boolean a, boolean b) { transA = a; transB = b; return this; }
        Spec scale(float alpha, float beta) { this.alpha = alpha; this.beta = beta; return this; }
        Spec bias(Bias b) { bias = b; return this; }
        Spec act(Activation a) { act = a; return this; }
        Spec tiles(GemmTiles t) { tiles = t; return this; }
        Spec splitM(int begin, int end) { splitM = true; this.begin = begin; this.end = end; return this; }
        Spec splitN(int begin, int end) { splitM = false; this.begin = begin; this.end = end; return this; }
        Spec bInAct() { bInAct = true; return this; }
        Spec tolerance(double t) { tolerance = t; return this; }

        KernelCase build(long seed) {
            KernelCase.Buffers arena = new KernelCase.Buffers(seed), wts = new KernelCase.Buffers(seed + 1);
            int aMat = m * k, bMat = k * n;
            int a = arena.random(aOuter * aInner * aMat);
            KernelCase.Buffers bBuf = bInAct ? arena : wts;
            int b = bBuf.random(bOuter * bInner * bMat);
            int biasSize = switch (bias) { case NONE -> 0; case ROW -> n; case COLUMN -> m; case FULL -> m * n; };
            int bias = wts.random(biasSize);
            int batches = batchOuter * batchInner;
            int c = arena.output(batches * m * n);
            int biasStrideM = this.bias == Bias.COLUMN ? 1 : this.bias == Bias.FULL ? n : 0;
            int biasStrideN = this.bias == Bias.ROW || this.bias == Bias.FULL ? 1 : 0;

            Map<String, Object> p = new HashMap<>(tiles.params());
            p.putAll(Map.of("M", m, "N", n, "K", k, "batchOuter", batchOuter, "batchInner", batchInner));
            p.putAll(Map.of("a", Ptr.act(a), "aOuterStride", aOuter == 1 ? 0 : aInner * aMat,
                    "aInnerStride", aInner == 1 ? 0 : aMat, "aStrideM", transA ? 1 : k, "aStrideK", transA ? m : 1));
            p.putAll(Map.of("b", bInAct ? Ptr.act(b) : Ptr.wts(b), "bOuterStride", bOuter == 1 ? 0 : bInner * bMat,
                    "bInnerStride", bInner == 1 ? 0 : bMat, "bStrideK", transB ? 1 : n, "bStrideN", transB ? k : 1));
            p.putAll(Map.of("c", Ptr.act(c), "alpha", alpha, "beta", beta,
                    "bias", this.bias == Bias.NONE ? false : Ptr.wts(bias), "biasStrideM", biasStrideM,
                    "biasStrideN", biasStrideN, "act", act, "splitM", splitM, "splitUnit", 1));
            p.put("res", false);   // a Linear's residual: ResidualLinearTest
            String kernel = "gemm_" + label.replaceAll("[^A-Za-z0-9]+", "_");
            String source = KernelCase.render("gemm", kernel, p);

            float[] actArr = arena.array(), wtsArr = wts.array();
            float[] bArr = bInAct ? actArr : wtsArr;
            double[] y = new double[batches * m * n];
            for (int bo = 0; bo < batchOuter; bo++)
                for (int bi = 0; bi < batchInner; bi++) {
                    int aBase = a + (aOuter == 1 ? 0 : bo) * aInner * aMat + (aInner == 1 ? 0 : bi) * aMat;
                    int bBase = b + (bOuter == 1 ? 0 : bo) * bInner * bMat + (bInner == 1 ? 0 : bi) * bMat;
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++) {
                            double s = 0;
                            for (int q = 0; q < k; q++) {
                                double av = actArr[aBase + (transA ? q * m + i : i * k + q)];
                                double bv = bArr[bBase + (transB ? j * k + q : q * n + j)];
                                s += av * bv;
                            }
                            double bv = this.bias == Bias.NONE ? 0 : wtsArr[bias + i * biasStrideM + j * biasStrideN];
                            y[((bo * batchInner + bi) * m + i) * n + j] = Reference.activation(this.act, alpha * s + beta * bv);
                        }
                }
            int e = end < 0 ? (splitM ? m : n) : end;
            double[] expected = KernelCase.onlyWhere(y, idx -> {
                int pos = splitM ? (idx / n) % m : idx % n;
                return pos >= begin && pos < e;
            });
            Launch launch = new Launch.Tiled(m, n, batches, splitM, 1, tiles);
            return new KernelCase(label, kernel, source, actArr, wtsArr, begin, e, launch, c, expected, tolerance);
        }
    }

    static final KernelCase.Batch CASES = new KernelCase.Batch();

    static {
        List<Spec> specs = List.of(
                new Spec("linear 5x37 . 37x1000 + b, relu", 5, 1000, 37).act(Activation.of(Activation.Kind.RELU)),
                new Spec("M 1, split n [300, 700)", 1, 1000, 37).splitN(300, 700),
                new Spec("transA transB alpha beta, full bias, split m [3, 17)", 21, 13, 40)
                        .trans(true, true).scale(0.5f, 2f).bias(Spec.Bias.FULL).tiles(SMALL).splitM(3, 17),
                new Spec("column bias, odd tiles, clip", 19, 23, 29).bias(Spec.Bias.COLUMN).tiles(ODD)
                        .act(Activation.clip(-0.2f, 0.3f)),
                new Spec("batched 2x3 with B broadcast over the outer batch, gelu", 7, 9, 11)
                        .batch(2, 3, 2, 3, 1, 3).bias(Spec.Bias.NONE).tiles(SMALL).act(Activation.of(Activation.Kind.GELU)),
                new Spec("attention-like A broadcast, B in act, split n [2, 7)", 6, 10, 8)
                        .batch(2, 2, 1, 2, 2, 2).bInAct().trans(false, true).bias(Spec.Bias.NONE).tiles(ODD).splitN(2, 7),
                new Spec("long K 1500, split m [5, 30)", 33, 65, 1500).tiles(SMALL).splitM(5, 30).tolerance(1e-4)
                        .act(Activation.leakyRelu(0.1f)));
        long seed = 17;
        for (Spec s : specs) CASES.add(s.build(seed++));
    }

    static Stream<KernelCase> cases() { return CASES.cases().stream(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(KernelCase c) { CASES.check(c); }
}
