package cgc.runtime.cpu;

import static cgc.runtime.cpu.Tensors.assertClose;
import static cgc.runtime.cpu.Tensors.assertPart;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConvTransposeTest {
    static List<ConvTransposeSpec> specs() {
        return List.of(
                // n, c, h, w, oc, kh, kw, sh, sw, pt, pl, pb, pr, dh, dw, oph, opw, groups, act
                new ConvTransposeSpec(1, 3, 5, 7, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, Act.NONE),
                new ConvTransposeSpec(2, 4, 5, 6, 6, 4, 4, 2, 2, 1, 1, 1, 1, 1, 1, 0, 0, 2, Act.RELU),
                new ConvTransposeSpec(1, 5, 4, 3, 3, 3, 2, 3, 2, 0, 1, 2, 0, 2, 1, 1, 1, 1, Act.SIGMOID),
                new ConvTransposeSpec(1, 2, 6, 5, 2, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 0, 0, 2, Act.NONE),
                // a U-Net's upsampling (2x2, stride 2) with products of several tiles; a reduction of three k blocks
                new ConvTransposeSpec(1, 40, 5, 6, 24, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 0, 0, 1, Act.RELU),
                new ConvTransposeSpec(2, 600, 3, 3, 5, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, Act.NONE));
    }

    /** The scatter definition: every input pixel adds its kernel-weighted copy to the output. */
    static double[] reference(ConvTransposeSpec s, MemorySegment x, MemorySegment w, MemorySegment b) {
        int oh = s.oh();
        int ow = s.ow();
        double[] y = new double[s.n() * s.oc() * oh * ow];
        for (int img = 0; img < s.n(); img++) {
            for (int c = 0; c < s.c(); c++) {
                int g = c / s.cg();
                for (int iy = 0; iy < s.h(); iy++) {
                    for (int ix = 0; ix < s.w(); ix++) {
                        double xv = Tensors.at(x, ((img * s.c() + c) * s.h() + iy) * s.w() + ix);
                        for (int o = 0; o < s.ocg(); o++) {
                            int oc = g * s.ocg() + o;
                            for (int ky = 0; ky < s.kh(); ky++) {
                                for (int kx = 0; kx < s.kw(); kx++) {
                                    int oy = iy * s.strideH() - s.padTop() + ky * s.dilationH();
                                    int ox = ix * s.strideW() - s.padLeft() + kx * s.dilationW();
                                    if (oy >= 0 && oy < oh && ox >= 0 && ox < ow) {
                                        y[((img * s.oc() + oc) * oh + oy) * ow + ox] += xv
                                                * Tensors.at(w, ((c * s.ocg() + o) * s.kh() + ky) * s.kw() + kx);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = Tensors.act(s.act(), y[i] + Tensors.at(b, i / (oh * ow) % s.oc()));
        }
        return y;
    }

    @ParameterizedTest
    @MethodSource("specs")
    void matchesReferenceAndSplitsExactly(ConvTransposeSpec s) {
        try (Arena arena = Arena.ofShared()) {
            long xn = (long) s.n() * s.c() * s.h() * s.w();
            long wn = (long) s.c() * s.ocg() * s.kh() * s.kw();
            long yn = (long) s.n() * s.oc() * s.oh() * s.ow();
            MemorySegment act = Tensors.poisoned(arena, xn + yn);
            MemorySegment.copy(Tensors.random(arena, xn, 71), 0, act, 0, 4 * xn);
            MemorySegment wts = Tensors.random(arena, wn + s.oc(), 72);
            double[] want = reference(s, act, wts, wts.asSlice(4 * wn));
            ConvTranspose.run(s, act, 0, wts, 0, wn, xn, 0, s.oc(), 0, s.oh(), Tensors.THREE);
            assertClose(want, act, xn, 1e-5, s.toString());
            MemorySegment whole = arena.allocate(4 * yn);
            MemorySegment.copy(act, 4 * xn, whole, 0, 4 * yn);
            int[][] boxes = {{0, s.oc() / 2, 0, s.oh()}, {1, s.oc(), s.oh() / 2, s.oh() - 1}, {0, s.oc(), 0, 0}};
            for (int[] box : boxes) {
                for (long i = 0; i < yn; i++) {
                    act.setAtIndex(Tensors.F, xn + i, Float.NaN);
                }
                ConvTranspose.run(s, act, 0, wts, 0, wn, xn, box[0], box[1], box[2], box[3], Tensors.THREE);
                long plane = (long) s.oh() * s.ow();
                assertPart(whole, act.asSlice(4 * xn), yn, i -> {
                    long c = i / plane % s.oc();
                    long row = i % plane / s.ow();
                    return c >= box[0] && c < box[1] && row >= box[2] && row < box[3];
                }, s + " box " + java.util.Arrays.toString(box));
            }
        }
    }
}
