package cgc.runtime.cpu;

import static cgc.runtime.cpu.Tensors.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PoolTest {
    static List<PoolSpec> specs() {
        return List.of(
                // n, c, h, w, kh, kw, sh, sw, pt, pl, pb, pr, dh, dw, ceil, countIncludePad
                new PoolSpec(1, 3, 7, 5, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, false, false),
                new PoolSpec(2, 4, 9, 8, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, true, false),
                new PoolSpec(1, 2, 11, 13, 3, 2, 2, 3, 0, 1, 2, 0, 1, 1, true, true),
                new PoolSpec(1, 5, 10, 10, 3, 3, 1, 1, 2, 1, 0, 2, 2, 2, false, true),
                new PoolSpec(1, 1, 6, 6, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, true, true),
                new PoolSpec(1, 64, 112, 112, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, false, false));
    }

    /** Pooling in float64 from the ONNX definition; the window of an include-pad average is clipped to the pads. */
    static double[] reference(PoolSpec s, MemorySegment x, boolean max) {
        int oh = s.oh();
        int ow = s.ow();
        double[] y = new double[s.n() * s.c() * oh * ow];
        for (int p = 0; p < s.n() * s.c(); p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    int inside = 0;
                    int padded = 0;
                    for (int ky = 0; ky < s.kh(); ky++) {
                        for (int kx = 0; kx < s.kw(); kx++) {
                            int iy = oy * s.strideH() - s.padTop() + ky * s.dilationH();
                            int ix = ox * s.strideW() - s.padLeft() + kx * s.dilationW();
                            if (iy < s.h() + s.padBottom() && ix < s.w() + s.padRight()) {
                                padded++;
                            }
                            if (iy >= 0 && iy < s.h() && ix >= 0 && ix < s.w()) {
                                double v = Tensors.at(x, ((long) p * s.h() + iy) * s.w() + ix);
                                acc = max ? Math.max(acc, v) : acc + v;
                                inside++;
                            }
                        }
                    }
                    y[(p * oh + oy) * ow + ox] = max ? acc : acc / (s.countIncludePad() ? padded : inside);
                }
            }
        }
        return y;
    }

    @ParameterizedTest
    @MethodSource("specs")
    void maxAndAverageMatchReference(PoolSpec s) {
        try (Arena arena = Arena.ofShared()) {
            long xn = (long) s.n() * s.c() * s.h() * s.w();
            MemorySegment x = Tensors.random(arena, xn, 31);
            long yn = (long) s.n() * s.c() * s.oh() * s.ow();
            MemorySegment y = Tensors.poisoned(arena, yn);
            Pool.max(s, x, 0, y, 0, Tensors.THREE);
            assertClose(reference(s, x, true), y, 0, 1e-6, "MaxPool " + s);
            Pool.average(s, x, 0, y, 0, Tensors.THREE);
            assertClose(reference(s, x, false), y, 0, 1e-6, "AveragePool " + s);
        }
    }

    @Test
    void ceilModeDropsAWindowStartingInThePadding() {
        // 5 wide, kernel 2, stride 2: floor gives 2 windows, ceil 3 (the last one half outside)
        assertEquals(2, new PoolSpec(1, 1, 5, 5, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, false, false).oh());
        assertEquals(3, new PoolSpec(1, 1, 5, 5, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, true, false).oh());
        // 4 wide + 2 end pad, kernel 3, stride 2: ceil(3 / 2) + 1 = 3, but window 3 would start at 4, in the pad
        assertEquals(2, new PoolSpec(1, 1, 4, 4, 3, 3, 2, 2, 0, 0, 2, 2, 1, 1, true, false).oh());
    }

    @Test
    void globalPoolsMatchReference() {
        try (Arena arena = Arena.ofShared()) {
            int planes = 37;
            int hw = 7 * 9;
            MemorySegment x = Tensors.random(arena, (long) planes * hw, 32);
            double[] avg = new double[planes];
            double[] max = new double[planes];
            for (int p = 0; p < planes; p++) {
                max[p] = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < hw; i++) {
                    double v = Tensors.at(x, (long) p * hw + i);
                    avg[p] += v / hw;
                    max[p] = Math.max(max[p], v);
                }
            }
            MemorySegment y = Tensors.poisoned(arena, planes);
            Pool.global(false, planes, hw, x, 0, y, 0, Tensors.THREE);
            assertClose(avg, y, 0, 1e-6, "GlobalAveragePool");
            Pool.global(true, planes, hw, x, 0, y, 0, Tensors.THREE);
            assertClose(max, y, 0, 0, "GlobalMaxPool");
        }
    }
}
