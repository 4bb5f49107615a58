package cgc.runtime.cpu;

import static cgc.runtime.cpu.Tensors.assertClose;
import static cgc.runtime.cpu.Tensors.assertPart;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GemmTest {
    static List<GemmSpec> specs() {
        List<GemmSpec> l = new ArrayList<>();
        // {1, 200, 600}, {1, 1000, 600}: matrix-vector products over three k blocks of packed panels, taken four and
        // one at a time (the split test runs them on one thread too, where a block holds more than four panels)
        int[][] sizes = {{1, 1000, 37}, {13, 1, 37}, {37, 29, 64}, {1, 1, 1}, {7, 33, 5}, {128, 96, 256}, {6, 32, 0},
            {2, 77, 19}, {1, 40, 0}, {19, 70, 600}, {1, 200, 600}, {1, 1000, 600}};
        int i = 0;
        for (int[] mnk : sizes) {
            int m = mnk[0];
            int n = mnk[1];
            int[][] cs = {{0, 0}, {1, n}, {m, 1}, {m, n}, {1, 1}};
            int[] c = cs[i % cs.length];
            Act act = i % 3 == 0 ? Act.NONE : i % 3 == 1 ? Act.RELU : Act.TANH;
            l.add(new GemmSpec(m, n, mnk[2], i % 2 == 1, i % 4 >= 2, 0.75f, 1.25f, c[0], c[1], act));
            l.add(new GemmSpec(m, n, mnk[2], i % 2 == 0, i % 4 < 2, 1f, 1f, cs[(i + 2) % 5][0], cs[(i + 2) % 5][1],
                    Act.NONE));
            i++;
        }
        return l;
    }

    static double[] reference(GemmSpec s, MemorySegment a, MemorySegment b, MemorySegment c) {
        double[] y = new double[s.m() * s.n()];
        for (int i = 0; i < s.m(); i++) {
            for (int j = 0; j < s.n(); j++) {
                double sum = 0;
                for (int kk = 0; kk < s.k(); kk++) {
                    double av = Tensors.at(a, s.transA() ? (long) kk * s.m() + i : (long) i * s.k() + kk);
                    double bv = Tensors.at(b, s.transB() ? (long) j * s.k() + kk : (long) kk * s.n() + j);
                    sum += av * bv;
                }
                double v = s.alpha() * sum;
                if (s.cRows() != 0) {
                    v += s.beta() * Tensors.at(c, (s.cRows() == 1 ? 0 : (long) i * s.cCols())
                            + (s.cCols() == 1 ? 0 : j));
                }
                y[i * s.n() + j] = Tensors.act(s.act(), v);
            }
        }
        return y;
    }

    @ParameterizedTest
    @MethodSource("specs")
    void matchesReference(GemmSpec s) {
        try (Arena arena = Arena.ofShared()) {
            long an = (long) s.m() * s.k();
            long bn = (long) s.k() * s.n();
            long cn = (long) s.cRows() * s.cCols();
            long yn = (long) s.m() * s.n();
            MemorySegment a = Tensors.random(arena, an + 1, 5);
            MemorySegment b = Tensors.random(arena, bn + 2, 6);
            MemorySegment c = Tensors.random(arena, cn + 3, 7);
            double[] want = reference(s, a.asSlice(4), b.asSlice(8), c.asSlice(12));
            for (Parallel pool : List.of(Tensors.SERIAL, Tensors.THREE)) {
                MemorySegment y = Tensors.poisoned(arena, yn + 1);
                Gemm.run(s, a, 1, b, 2, c, 3, y, 1, 0, s.m(), 0, s.n(), pool);
                assertClose(want, y, 1, 1e-5, s + " threads " + pool.threads());
                MemorySegment packed = Tensors.poisoned(arena, yn + 1);  // B a constant, packed once by the plan
                Gemm.run(s, a, 1, b, 2, c, 3, packed, 1, 0, s.m(), 0, s.n(), WeightPacks.forPlan(), pool);
                assertClose(want, packed, 1, 1e-5, s + " packed B, threads " + pool.threads());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("specs")
    void splitsAreExactAndDisjoint(GemmSpec s) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment a = Tensors.random(arena, (long) s.m() * s.k(), 8);
            MemorySegment b = Tensors.random(arena, (long) s.k() * s.n(), 9);
            MemorySegment c = Tensors.random(arena, (long) s.cRows() * s.cCols(), 10);
            long yn = (long) s.m() * s.n();
            int m = s.m();
            int n = s.n();
            int[][] boxes = {{0, 0, 0, n}, {0, m, n, n}, {0, m / 2 + 1, 0, n}, {m / 2, m, 0, n}, {0, m, 0, n / 3 + 1},
                {0, m, n / 3, n}, {m - 1, m, 0, n}, {0, m, n - 1, n}, {m / 3, m / 3 + 1, n / 2, n / 2 + 1}};
            WeightPacks packs = WeightPacks.forPlan();                // B packed once, as for a constant B
            MemorySegment inPlace = null;
            for (WeightPacks p : List.of(WeightPacks.NONE, packs, packs)) {
                // the whole as a plan computes it: packed and in place may add in different orders (a transposed B
                // of few rows), and a plan makes one choice per layer, for its whole and its parts alike
                MemorySegment whole = Tensors.poisoned(arena, yn);
                Gemm.run(s, a, 0, b, 0, c, 0, whole, 0, 0, m, 0, n, p, Tensors.THREE);
                if (p == WeightPacks.NONE) {
                    inPlace = whole;
                } else if (!s.transB()) {                             // B's rows contiguous: the same order of adds
                    assertPart(inPlace, whole, yn, i -> true, s + ": packed B against B in place");
                }
                if (p != WeightPacks.NONE && yn > 0 && s.k() > 0) {
                    assertTrue(packs.bytes() > 0, s + ": a constant B is packed, few rows or not");
                }
                for (int[] box : boxes) for (Parallel pool : List.of(Tensors.SERIAL, Tensors.THREE)) {
                    MemorySegment y = Tensors.poisoned(arena, yn);
                    Gemm.run(s, a, 0, b, 0, c, 0, y, 0, box[0], box[1], box[2], box[3], p, pool);
                    assertPart(whole, y, yn, i -> i / n >= box[0] && i / n < box[1] && i % n >= box[2] && i % n < box[3],
                            s + " box m " + box[0] + ".." + box[1] + " n " + box[2] + ".." + box[3]
                                    + (p == WeightPacks.NONE ? "" : ", packed B"));
                }
            }
        }
    }

    @Test
    void rejectsRangesOutsideTheOutput() {
        GemmSpec s = GemmSpec.plain(4, 5, 3);
        MemorySegment z = MemorySegment.ofArray(new float[64]);
        assertThrows(IndexOutOfBoundsException.class,
                () -> Gemm.run(s, z, 0, z, 0, z, 0, z, 0, 0, 5, 0, 5, Tensors.SERIAL));
        assertThrows(IllegalArgumentException.class,
                () -> new GemmSpec(4, 5, 3, false, false, 1, 1, 2, 5, Act.NONE));
    }

    static List<int[][]> matmulShapes() {
        return List.of(new int[][] {{2, 3, 5, 7}, {7, 4}}, new int[][] {{5}, {3, 5, 4}}, new int[][] {{6, 8}, {8}},
                new int[][] {{2, 1, 3, 4}, {1, 5, 4, 6}}, new int[][] {{128, 37}, {37, 70}},
                new int[][] {{3, 1, 9}, {3, 9, 1000}}, new int[][] {{4}, {4}}, new int[][] {{9, 300}, {300, 45}},
                new int[][] {{3, 1, 300}, {300, 700}});   // one row a batch, one B for all: its packed panels
    }

    /** numpy matmul in float64, then the bias and activation of cgc Linear. */
    static double[] referenceMatMul(int[] as, int[] bs, MemorySegment a, MemorySegment b, MemorySegment bias,
                                    Act act) {
        MatMulSpec s = MatMulSpec.of(as, bs, Act.NONE);
        int[] a2 = as.length == 1 ? new int[] {1, as[0]} : as;
        int[] b2 = bs.length == 1 ? new int[] {bs[0], 1} : bs;
        int[] aB = java.util.Arrays.copyOf(a2, a2.length - 2);
        int[] bB = java.util.Arrays.copyOf(b2, b2.length - 2);
        int r = Math.max(aB.length, bB.length);
        int[] out = new int[r];
        for (int d = 0; d < r; d++) {
            int x = d - (r - aB.length) >= 0 ? aB[d - (r - aB.length)] : 1;
            int y = d - (r - bB.length) >= 0 ? bB[d - (r - bB.length)] : 1;
            out[d] = Math.max(x, y);
        }
        int m = s.m();
        int n = s.n();
        int k = s.k();
        int batches = 1;
        for (int d : out) {
            batches *= d;
        }
        double[] y = new double[batches * m * n];
        int[] idx = new int[r];
        for (int t = 0; t < batches; t++) {
            long ao = 0;
            long bo = 0;
            long aStride = (long) m * k;
            long bStride = (long) k * n;
            for (int d = r - 1; d >= 0; d--) {
                int ad = d - (r - aB.length);
                if (ad >= 0) {
                    ao += (aB[ad] == 1 ? 0 : idx[d]) * aStride;
                    aStride *= aB[ad];
                }
                int bd = d - (r - bB.length);
                if (bd >= 0) {
                    bo += (bB[bd] == 1 ? 0 : idx[d]) * bStride;
                    bStride *= bB[bd];
                }
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = bias == null ? 0 : Tensors.at(bias, j);
                    for (int kk = 0; kk < k; kk++) {
                        sum += (double) Tensors.at(a, ao + (long) i * k + kk) * Tensors.at(b, bo + (long) kk * n + j);
                    }
                    y[(t * m + i) * n + j] = Tensors.act(act, sum);
                }
            }
            for (int d = r - 1; d >= 0 && ++idx[d] == out[d]; d--) {
                idx[d] = 0;
            }
        }
        return y;
    }

    @ParameterizedTest
    @MethodSource("matmulShapes")
    void matMulAndLinearMatchReference(int[][] shapes) {
        try (Arena arena = Arena.ofShared()) {
            MatMulSpec s = MatMulSpec.of(shapes[0], shapes[1], Act.NONE);
            MatMulSpec lin = MatMulSpec.of(shapes[0], shapes[1], Act.GELU);
            long an = 1;
            for (int d : shapes[0]) {
                an *= d;
            }
            long bn = 1;
            for (int d : shapes[1]) {
                bn *= d;
            }
            long yn = (long) s.batches() * s.m() * s.n();
            MemorySegment a = Tensors.random(arena, an, 11);
            MemorySegment b = Tensors.random(arena, bn, 12);
            MemorySegment bias = Tensors.random(arena, s.n(), 13);
            for (Parallel pool : List.of(Tensors.SERIAL, Tensors.THREE)) {
                MemorySegment y = Tensors.poisoned(arena, yn);
                MatMul.run(s, a, 0, b, 0, y, 0, 0, s.m(), 0, s.n(), pool);
                assertClose(referenceMatMul(shapes[0], shapes[1], a, b, null, Act.NONE), y, 0, 1e-5, s.toString());
                MatMul.linear(lin, a, 0, b, 0, bias, 0, y, 0, 0, s.m(), 0, s.n(), pool);
                assertClose(referenceMatMul(shapes[0], shapes[1], a, b, bias, Act.GELU), y, 0, 1e-5,
                        "Linear " + lin);
            }
            // a part of every batch: rows from 1 (or 0), columns up to n - 1 (or n)
            int m0 = s.m() > 1 ? 1 : 0;
            int n1 = s.n() > 1 ? s.n() - 1 : s.n();
            MemorySegment whole = Tensors.poisoned(arena, yn);
            MatMul.run(s, a, 0, b, 0, whole, 0, 0, s.m(), 0, s.n(), Tensors.THREE);
            MemorySegment part = Tensors.poisoned(arena, yn);
            MatMul.run(s, a, 0, b, 0, part, 0, m0, s.m(), 0, n1, Tensors.THREE);
            assertPart(whole, part, yn, i -> i % ((long) s.m() * s.n()) / s.n() >= m0 && i % s.n() < n1,
                    "MatMul part " + s);
            // B packed once (a Linear's constant weights): the same bits, whole and in parts, in later runs too
            WeightPacks packs = WeightPacks.forPlan();
            for (int run = 0; run < 2; run++) {
                MemorySegment packed = Tensors.poisoned(arena, yn);
                MatMul.linear(s, a, 0, b, 0, null, -1, packed, 0, 0, s.m(), 0, s.n(), packs, Tensors.THREE);
                assertPart(whole, packed, yn, i -> true, "MatMul with packed B " + s);
                MatMul.linear(s, a, 0, b, 0, null, -1, packed, 0, m0, s.m(), 0, n1, packs, Tensors.THREE);
                assertPart(whole, packed, yn, i -> true, "MatMul part with packed B " + s);
                int n0 = s.n() > 8 ? 5 : 0;                               // a part starting mid-panel
                MatMul.linear(s, a, 0, b, 0, null, -1, packed, 0, 0, s.m(), n0, s.n(), packs, Tensors.SERIAL);
                assertPart(whole, packed, yn, i -> true, "MatMul part from column " + n0 + " with packed B " + s);
            }
        }
    }

    @Test
    void matMulShapesFollowNumpy() {
        assertArrayEquals(new int[] {2, 5, 3, 6}, MatMulSpec.of(new int[] {2, 1, 3, 4}, new int[] {1, 5, 4, 6},
                Act.NONE).outShape());
        assertArrayEquals(new int[] {3, 4}, MatMulSpec.of(new int[] {5}, new int[] {3, 5, 4}, Act.NONE).outShape());
        assertArrayEquals(new int[] {6}, MatMulSpec.of(new int[] {6, 8}, new int[] {8}, Act.NONE).outShape());
        assertArrayEquals(new int[] {}, MatMulSpec.of(new int[] {4}, new int[] {4}, Act.NONE).outShape());
        assertThrows(IllegalArgumentException.class, () -> MatMulSpec.of(new int[] {2, 3}, new int[] {4, 2},
                Act.NONE));
    }
}
