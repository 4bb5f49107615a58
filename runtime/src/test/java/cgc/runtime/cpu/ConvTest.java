package cgc.runtime.cpu;

import static cgc.runtime.cpu.Tensors.assertClose;
import static cgc.runtime.cpu.Tensors.assertPart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConvTest {
    static List<ConvSpec> specs() {
        return List.of(
                // n, c, h, w, oc, kh, kw, sh, sw, pt, pl, pb, pr, dh, dw, groups, act
                new ConvSpec(1, 3, 7, 5, 13, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, Act.NONE),
                // planes of 1024 pixels or more with a short k: the GEMM's tiles row block by row block (rowsOuter)
                new ConvSpec(1, 16, 40, 41, 22, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, Act.RELU6),
                new ConvSpec(1, 3, 36, 37, 9, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, Act.NONE),
                new ConvSpec(2, 3, 11, 9, 13, 3, 3, 2, 2, 0, 1, 2, 1, 1, 1, 1, Act.RELU),
                new ConvSpec(1, 5, 13, 12, 7, 3, 3, 1, 2, 2, 0, 1, 3, 2, 2, 1, Act.RELU6),
                new ConvSpec(1, 37, 9, 11, 13, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, Act.HARDSWISH),
                new ConvSpec(2, 24, 6, 6, 40, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, Act.NONE),
                new ConvSpec(1, 8, 9, 10, 6, 1, 1, 2, 2, 0, 0, 0, 0, 1, 1, 1, Act.SIGMOID),
                new ConvSpec(1, 6, 8, 7, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2, new Act.LeakyRelu(0.1f)),
                new ConvSpec(2, 6, 9, 9, 9, 5, 5, 2, 1, 2, 2, 2, 2, 1, 1, 3, Act.TANH),
                new ConvSpec(1, 4, 10, 8, 6, 2, 3, 1, 1, 0, 1, 0, 1, 1, 2, 2, Act.NONE),
                new ConvSpec(1, 19, 17, 35, 19, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 19, Act.RELU6),
                new ConvSpec(2, 7, 13, 11, 7, 3, 3, 2, 2, 0, 1, 1, 0, 1, 1, 7, Act.NONE),
                new ConvSpec(1, 5, 12, 40, 5, 3, 5, 1, 1, 2, 3, 1, 1, 2, 2, 5, new Act.HardSigmoid(0.2f, 0.5f)),
                new ConvSpec(1, 32, 15, 15, 64, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, Act.GELU),
                // depthwise rows wider than four vectors; strides with and without a vector gather map
                new ConvSpec(1, 3, 6, 70, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 3, Act.RELU),
                new ConvSpec(1, 2, 5, 150, 2, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 2, Act.RELU6),
                new ConvSpec(1, 2, 9, 100, 2, 5, 4, 3, 3, 2, 0, 1, 2, 1, 1, 2, Act.NONE),
                new ConvSpec(1, 2, 7, 60, 2, 3, 3, 2, 5, 1, 1, 1, 1, 1, 2, 2, Act.NONE),
                // depthwise as one flat run across row ends: planes narrower than a vector (7x7, one column),
                // asymmetric padding with dilation, a filter taller than wide, two images
                new ConvSpec(1, 4, 7, 7, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 4, Act.RELU6),
                new ConvSpec(1, 2, 5, 1, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2, Act.NONE),
                new ConvSpec(2, 3, 9, 13, 3, 5, 3, 1, 1, 0, 1, 4, 3, 1, 2, 3, Act.NONE),
                // stride 2 the same way, rows split into phases: odd and even widths, dilation
                new ConvSpec(1, 3, 7, 7, 3, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 3, Act.RELU6),
                new ConvSpec(2, 4, 14, 14, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 4, Act.NONE),
                new ConvSpec(1, 2, 11, 12, 2, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, Act.NONE),
                // stride 2 on even widths as one flat run over column parities: padding only right and below (as
                // SAME_UPPER), 5x5, two columns, a plane wider than two vectors with row blocks
                new ConvSpec(1, 3, 8, 8, 3, 3, 3, 2, 2, 0, 0, 1, 1, 1, 1, 3, Act.RELU),
                new ConvSpec(2, 3, 10, 10, 3, 5, 5, 2, 2, 2, 2, 2, 2, 1, 1, 3, Act.NONE),
                new ConvSpec(1, 2, 3, 2, 2, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 2, Act.NONE),
                new ConvSpec(1, 2, 40, 36, 2, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 2, Act.RELU6),
                // planes large enough that their interior rows are read in place from the arena: row blocks
                // under three threads, dilation with asymmetric padding
                new ConvSpec(1, 2, 80, 64, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2, Act.RELU6),
                new ConvSpec(1, 1, 70, 40, 1, 3, 3, 1, 1, 2, 1, 2, 1, 2, 1, 1, Act.NONE),
                // stride 2 on rows at least two vectors wide, over four parity planes: odd height, padding only
                // right and below, 5x5, dilation, two images with row blocks
                new ConvSpec(1, 3, 9, 70, 3, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 3, Act.RELU6),
                new ConvSpec(1, 2, 8, 64, 2, 3, 3, 2, 2, 0, 0, 1, 1, 1, 1, 2, Act.RELU),
                new ConvSpec(2, 3, 12, 66, 3, 5, 5, 2, 2, 2, 2, 2, 2, 1, 1, 3, Act.NONE),
                new ConvSpec(1, 2, 11, 64, 2, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, Act.NONE),
                // padding wider than the row: every output column reads some padding
                new ConvSpec(1, 3, 4, 2, 3, 3, 3, 1, 2, 3, 3, 2, 4, 1, 1, 3, Act.NONE),
                // reductions of several k blocks (k = 300 and 360), so packed filters span blocks
                new ConvSpec(1, 300, 4, 5, 11, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, Act.NONE),
                new ConvSpec(2, 280, 5, 9, 10, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, Act.RELU),    // B read in place
                // a 7x7 projection: one column block whose partial tile every task of rows shares, several k blocks
                new ConvSpec(1, 300, 7, 7, 72, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, Act.NONE),
                // tiles stored by the micro-kernel itself, the last with fewer rows than the tile
                new ConvSpec(2, 20, 6, 8, 13, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, new Act.Clip(-0.5f, 0.5f)),
                new ConvSpec(1, 3, 20, 20, 10, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, Act.RELU6),    // a stem, im2col
                new ConvSpec(1, 80, 6, 5, 22, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2, Act.RELU),
                new ConvSpec(1, 16, 9, 9, 24, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, Act.SILU));
    }

    /** The convolution in float64, written plainly from the ONNX definition. */
    static double[] reference(ConvSpec s, MemorySegment x, MemorySegment w, MemorySegment b) {
        int oh = s.oh();
        int ow = s.ow();
        double[] y = new double[s.n() * s.oc() * oh * ow];
        for (int img = 0; img < s.n(); img++) {
            for (int oc = 0; oc < s.oc(); oc++) {
                int g = oc / s.ocg();
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double sum = b == null ? 0 : Tensors.at(b, oc);
                        for (int ci = 0; ci < s.cg(); ci++) {
                            int c = g * s.cg() + ci;
                            for (int ky = 0; ky < s.kh(); ky++) {
                                for (int kx = 0; kx < s.kw(); kx++) {
                                    int iy = oy * s.strideH() - s.padTop() + ky * s.dilationH();
                                    int ix = ox * s.strideW() - s.padLeft() + kx * s.dilationW();
                                    if (iy >= 0 && iy < s.h() && ix >= 0 && ix < s.w()) {
                                        sum += (double) Tensors.at(x, ((img * s.c() + c) * s.h() + iy) * s.w() + ix)
                                                * Tensors.at(w, ((oc * s.cg() + ci) * s.kh() + ky) * s.kw() + kx);
                                    }
                                }
                            }
                        }
                        y[((img * s.oc() + oc) * oh + oy) * ow + ox] = Tensors.act(s.act(), sum);
                    }
                }
            }
        }
        return y;
    }

    @ParameterizedTest
    @MethodSource("specs")
    void matchesReference(ConvSpec s) {
        try (Arena arena = Arena.ofShared()) {
            long xn = (long) s.n() * s.c() * s.h() * s.w();
            long wn = (long) s.oc() * s.cg() * s.kh() * s.kw();
            long yn = (long) s.n() * s.oc() * s.oh() * s.ow();
            // X at element 3 and Y after it in one arena; W at 5 and the bias after it in the weights
            MemorySegment act = Tensors.poisoned(arena, 3 + xn + yn + 2);
            MemorySegment.copy(Tensors.random(arena, xn, 1), 0, act, 12, 4 * xn);
            MemorySegment wts = Tensors.random(arena, 5 + wn + s.oc(), 2);
            double[] want = reference(s, act.asSlice(12), wts.asSlice(20), wts.asSlice(4 * (5 + wn)));
            for (Parallel pool : List.of(Tensors.SERIAL, Tensors.THREE)) {
                Conv2d.run(s, act, 3, wts, 5, 5 + wn, 3 + xn, 0, s.oc(), 0, s.oh(), pool);
                assertClose(want, act, 3 + xn, 1e-5, s + " threads " + pool.threads());
            }
            double[] noBias = reference(s, act.asSlice(12), wts.asSlice(20), null);
            Conv2d.run(s, act, 3, wts, 5, -1, 3 + xn, 0, s.oc(), 0, s.oh(), Tensors.THREE);
            assertClose(noBias, act, 3 + xn, 1e-5, s + " without bias");
        }
    }

    /**
     * A fused residual (a tensor shaped as the output) is added before the activation, on every algorithm, also when
     * Y is the residual itself (computed in place, as a plan may lay them out) and for a part of the output alone.
     */
    @ParameterizedTest
    @MethodSource("specs")
    void residualIsAddedBeforeTheActivation(ConvSpec s) {
        try (Arena arena = Arena.ofShared()) {
            long xn = (long) s.n() * s.c() * s.h() * s.w();
            long wn = (long) s.oc() * s.cg() * s.kh() * s.kw();
            int yn = s.n() * s.oc() * s.oh() * s.ow();
            MemorySegment x = Tensors.random(arena, xn, 5);
            MemorySegment wts = Tensors.random(arena, wn + s.oc(), 6);
            MemorySegment res = Tensors.random(arena, yn, 7);
            ConvSpec linear = new ConvSpec(s.n(), s.c(), s.h(), s.w(), s.oc(), s.kh(), s.kw(), s.strideH(), s.strideW(),
                    s.padTop(), s.padLeft(), s.padBottom(), s.padRight(), s.dilationH(), s.dilationW(), s.groups(),
                    Act.NONE);
            double[] sum = reference(linear, x, wts, wts.asSlice(4 * wn));
            double[] want = new double[yn];
            for (int i = 0; i < yn; i++) want[i] = Tensors.act(s.act(), sum[i] + Tensors.at(res, i));
            // X, then the residual, then Y, in one arena
            MemorySegment act = arena.allocate(4 * (xn + 2L * yn), 64);
            MemorySegment.copy(x, 0, act, 0, 4 * xn);
            MemorySegment.copy(res, 0, act, 4 * xn, 4L * yn);
            for (Parallel pool : List.of(Tensors.SERIAL, Tensors.THREE)) {
                Conv2d.run(s, act, 0, wts, 0, wn, act, xn, xn + yn, 0, s.oc(), 0, s.oh(), WeightPacks.NONE, pool);
                assertClose(want, act, xn + yn, 1e-5, s + " residual, threads " + pool.threads());
            }
            Conv2d.run(s, act, 0, wts, 0, wn, act, xn, xn, 0, s.oc(), 0, s.oh(), WeightPacks.NONE, Tensors.THREE);
            assertClose(want, act, xn, 1e-5, s + " residual in place");
            // the residual in the weights segment; a box of the output alone leaves the rest as it was
            MemorySegment resW = arena.allocate(4L * (yn + 3), 64);
            MemorySegment.copy(res, 0, resW, 12, 4L * yn);
            MemorySegment xy = arena.allocate(4 * (xn + yn), 64);
            MemorySegment.copy(x, 0, xy, 0, 4 * xn);
            int oc0 = s.oc() / 3, oc1 = s.oc(), r0 = s.oh() / 2, r1 = s.oh();
            for (long i = 0; i < yn; i++) xy.setAtIndex(Tensors.F, xn + i, Float.NaN);
            Conv2d.run(s, xy, 0, wts, 0, wn, resW, 3, xn, oc0, oc1, r0, r1, WeightPacks.NONE, Tensors.THREE);
            long plane = (long) s.oh() * s.ow();
            for (int i = 0; i < yn; i++) {
                long c = i / plane % s.oc(), row = i % plane / s.ow();
                float got = xy.getAtIndex(Tensors.F, xn + i);
                if (c >= oc0 && c < oc1 && row >= r0 && row < r1) {
                    assertEquals(want[i], got, 1e-5 * (1 + Math.abs(want[i])), s + " part, element " + i);
                } else {
                    assertTrue(Float.isNaN(got), s + " part wrote element " + i + " outside it");
                }
            }
        }
    }

    /**
     * Parts computed alone equal the whole run bit for bit, and nothing outside a part is written; so do parts that
     * read the filters packed once (a plan's {@link WeightPacks}), in the first run and in later ones.
     */
    @ParameterizedTest
    @MethodSource("specs")
    void splitsAreExactAndDisjoint(ConvSpec s) {
        try (Arena arena = Arena.ofShared()) {
            long xn = (long) s.n() * s.c() * s.h() * s.w();
            long wn = (long) s.oc() * s.cg() * s.kh() * s.kw();
            long yn = (long) s.n() * s.oc() * s.oh() * s.ow();
            MemorySegment x = Tensors.random(arena, xn, 3);
            MemorySegment wts = Tensors.random(arena, wn + s.oc(), 4);
            MemorySegment whole = Tensors.poisoned(arena, yn);
            MemorySegment xy = arena.allocate(4 * (xn + yn), 64);
            MemorySegment.copy(x, 0, xy, 0, 4 * xn);
            Conv2d.run(s, xy, 0, wts, 0, wn, xn, 0, s.oc(), 0, s.oh(), Tensors.THREE);
            MemorySegment.copy(xy, 4 * xn, whole, 0, 4 * yn);
            int oc = s.oc();
            int oh = s.oh();
            int[][] boxes = {{0, oc, 0, oh}, {0, 0, 0, oh}, {0, oc, oh, oh}, {0, oc / 2 + 1, 0, oh},
                {oc / 2 + 1, oc, 0, oh}, {0, oc, 0, oh / 2}, {0, oc, oh / 2, oh}, {oc - 1, oc, 0, oh},
                {0, oc, oh - 1, oh}, {oc / 3, oc / 3 + 1, oh / 3, oh / 3 + 1}, {1 % oc, oc, 1 % oh, oh}};
            WeightPacks packs = WeightPacks.forPlan();
            for (WeightPacks p : List.of(WeightPacks.NONE, packs, packs)) {
                for (int[] box : boxes) {
                    for (long i = 0; i < yn; i++) {
                        xy.setAtIndex(Tensors.F, xn + i, Float.NaN);
                    }
                    Conv2d.run(s, xy, 0, wts, 0, wn, xn, box[0], box[1], box[2], box[3], p, Tensors.THREE);
                    long plane = (long) oh * s.ow();
                    assertPart(whole, xy.asSlice(4 * xn), yn, i -> {
                        long c = i / plane % oc;
                        long row = i % plane / s.ow();
                        return c >= box[0] && c < box[1] && row >= box[2] && row < box[3];
                    }, s + " box oc " + box[0] + ".." + box[1] + " rows " + box[2] + ".." + box[3]
                            + (p == WeightPacks.NONE ? "" : ", packed filters"));
                }
            }
            assertTrue(s.depthwise() || packs.bytes() >= 4L * wn, "the filters were packed once: " + packs.bytes());
        }
    }
}
