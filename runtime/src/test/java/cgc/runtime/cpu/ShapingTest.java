package cgc.runtime.cpu;

import static cgc.runtime.cpu.Tensors.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** Pad, Expand, Tile, DepthToSpace, Where, BatchNormalization, InstanceNormalization, Resize. */
class ShapingTest {
    @Test
    void padInEveryMode() {
        int[] shape = {2, 3, 4};
        long[] pads = {0, 2, 1, 1, 1, 3};
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Tensors.random(arena, 24, 81);
            for (Shaping.PadMode mode : Shaping.PadMode.values()) {
                int[] out = {3, 6, 8};
                double[] want = new double[3 * 6 * 8];
                int i = 0;
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 6; b++) {
                        for (int c = 0; c < 8; c++) {
                            int[] in = {a, b - 2, c - 1};
                            boolean outside = false;
                            for (int d = 0; d < 3; d++) {
                                int n = shape[d];
                                if (in[d] < 0 || in[d] >= n) {
                                    outside = true;
                                    in[d] = switch (mode) {
                                        case CONSTANT -> 0;
                                        case EDGE -> Math.max(0, Math.min(n - 1, in[d]));
                                        // numpy 'reflect': ... 2 1 | 0 1 2 3 | 2 1 0 ...
                                        case REFLECT -> in[d] < 0 ? -in[d] : 2 * (n - 1) - in[d];
                                        // numpy 'wrap': ... 2 3 | 0 1 2 3 | 0 1 ...
                                        case WRAP -> in[d] < 0 ? in[d] + n : in[d] - n;
                                    };
                                }
                            }
                            want[i++] = mode == Shaping.PadMode.CONSTANT && outside ? 0.5
                                    : Tensors.at(x, (in[0] * 3 + in[1]) * 4 + in[2]);
                        }
                    }
                }
                MemorySegment y = Tensors.poisoned(arena, want.length);
                Shaping.pad(shape, pads, mode, 0.5f, x, 0, y, 0, Tensors.THREE);
                assertClose(want, y, 0, 0, "Pad " + mode + " to " + java.util.Arrays.toString(out));
            }
            // negative pads crop
            MemorySegment y = Tensors.poisoned(arena, 2 * 1 * 4);
            Shaping.pad(shape, new long[] {0, -1, 0, 0, -1, 0}, Shaping.PadMode.CONSTANT, 0f, x, 0, y, 0,
                    Tensors.SERIAL);
            assertClose(new double[] {Tensors.at(x, 4), Tensors.at(x, 5), Tensors.at(x, 6), Tensors.at(x, 7),
                Tensors.at(x, 16), Tensors.at(x, 17), Tensors.at(x, 18), Tensors.at(x, 19)}, y, 0, 0, "Pad crop");
            // a crop on one side, then a pad on the other reads the cropped axis: [x1 x2 x3] wraps to x1 x2 x3 x1 x2
            MemorySegment v = Tensors.random(arena, 4, 96);
            MemorySegment z = Tensors.poisoned(arena, 5);
            Shaping.pad(new int[] {4}, new long[] {-1, 2}, Shaping.PadMode.WRAP, 0f, v, 0, z, 0, Tensors.SERIAL);
            assertClose(new double[] {Tensors.at(v, 1), Tensors.at(v, 2), Tensors.at(v, 3), Tensors.at(v, 1),
                Tensors.at(v, 2)}, z, 0, 0, "Pad crop, then wrap");
            Shaping.pad(new int[] {4}, new long[] {-1, 2}, Shaping.PadMode.REFLECT, 0f, v, 0, z, 0, Tensors.SERIAL);
            assertClose(new double[] {Tensors.at(v, 1), Tensors.at(v, 2), Tensors.at(v, 3), Tensors.at(v, 2),
                Tensors.at(v, 1)}, z, 0, 0, "Pad crop, then reflect");
        }
    }

    @Test
    void expandAndTile() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Tensors.random(arena, 3, 82);             // shape [3, 1]
            MemorySegment y = Tensors.poisoned(arena, 2 * 3 * 4);
            Shaping.expand(new int[] {3, 1}, new int[] {2, 1, 4}, x, 0, y, 0, Tensors.THREE);
            double[] want = new double[24];
            for (int i = 0; i < 24; i++) {
                want[i] = Tensors.at(x, i / 4 % 3);
            }
            assertClose(want, y, 0, 0, "Expand");
            MemorySegment t = Tensors.random(arena, 6, 83);              // shape [2, 3]
            MemorySegment z = Tensors.poisoned(arena, 6 * 6);
            Shaping.tile(new int[] {2, 3}, new long[] {3, 2}, t, 0, z, 0, Tensors.THREE);
            double[] want2 = new double[36];
            for (int r = 0; r < 6; r++) {
                for (int c = 0; c < 6; c++) {
                    want2[r * 6 + c] = Tensors.at(t, (r % 2) * 3 + c % 3);
                }
            }
            assertClose(want2, z, 0, 0, "Tile");
        }
    }

    @Test
    void depthToSpaceInBothModes() {
        int n = 2;
        int c = 8;
        int h = 3;
        int w = 5;
        int b = 2;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Tensors.random(arena, (long) n * c * h * w, 84);
            for (boolean crd : new boolean[] {false, true}) {
                int co = c / (b * b);
                double[] want = new double[n * c * h * w];
                for (int in = 0; in < n; in++) {
                    for (int cc = 0; cc < co; cc++) {
                        for (int y = 0; y < h * b; y++) {
                            for (int xx = 0; xx < w * b; xx++) {
                                int i = y % b;
                                int j = xx % b;
                                int src = crd ? cc * b * b + i * b + j : (i * b + j) * co + cc;
                                want[((in * co + cc) * h * b + y) * w * b + xx] =
                                        Tensors.at(x, ((in * c + src) * h + y / b) * w + xx / b);
                            }
                        }
                    }
                }
                MemorySegment out = Tensors.poisoned(arena, want.length);
                Shaping.depthToSpace(n, c, h, w, b, crd, x, 0, out, 0, Tensors.THREE);
                assertClose(want, out, 0, 0, "DepthToSpace " + (crd ? "CRD" : "DCR"));
            }
        }
    }

    @Test
    void whereBroadcastsAllThree() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment cond = arena.allocate(4);                        // shape [4, 1]
            byte[] cv = {1, 0, 0, 1};
            for (int i = 0; i < 4; i++) {
                cond.set(ValueLayout.JAVA_BYTE, i, cv[i]);
            }
            MemorySegment a = Tensors.random(arena, 5, 85);               // shape [5]
            MemorySegment b = Tensors.random(arena, 20, 86);              // shape [4, 5]
            double[] want = new double[20];
            for (int i = 0; i < 20; i++) {
                want[i] = cv[i / 5] != 0 ? Tensors.at(a, i % 5) : Tensors.at(b, i);
            }
            MemorySegment y = Tensors.poisoned(arena, 20);
            Where.run(new int[] {4, 1}, new int[] {5}, new int[] {4, 5}, cond, 0, a, 0, b, 0, y, 0, Tensors.THREE);
            assertClose(want, y, 0, 0, "Where");
        }
    }

    @Test
    void batchAndInstanceNorm() {
        int n = 2;
        int c = 5;
        int sp = 37;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Tensors.random(arena, (long) n * c * sp, 87);
            MemorySegment p = Tensors.random(arena, 4L * c, 88);
            for (int i = 0; i < c; i++) {                                  // variances must be positive
                p.setAtIndex(Tensors.F, 3L * c + i, Math.abs(Tensors.at(p, 3L * c + i)));
            }
            double[] bn = new double[n * c * sp];
            double[] in = new double[n * c * sp];
            for (int pl = 0; pl < n * c; pl++) {
                int ch = pl % c;
                double mean = 0;
                for (int i = 0; i < sp; i++) {
                    mean += Tensors.at(x, (long) pl * sp + i) / sp;
                }
                double var = 0;
                for (int i = 0; i < sp; i++) {
                    var += Math.pow(Tensors.at(x, (long) pl * sp + i) - mean, 2) / sp;
                }
                for (int i = 0; i < sp; i++) {
                    double v = Tensors.at(x, (long) pl * sp + i);
                    bn[pl * sp + i] = (v - Tensors.at(p, 2L * c + ch)) / Math.sqrt(Tensors.at(p, 3L * c + ch) + 1e-5)
                            * Tensors.at(p, ch) + Tensors.at(p, c + ch);
                    in[pl * sp + i] = (v - mean) / Math.sqrt(var + 1e-5) * Tensors.at(p, ch) + Tensors.at(p, c + ch);
                }
            }
            MemorySegment y = Tensors.poisoned(arena, bn.length);
            Norms.batchNorm(n, c, sp, 1e-5f, x, 0, p, 0, c, 2L * c, 3L * c, y, 0, Tensors.THREE);
            assertClose(bn, y, 0, 1e-5, "BatchNormalization");
            Norms.instanceNorm(n, c, sp, 1e-5f, x, 0, p, 0, c, y, 0, Tensors.THREE);
            assertClose(in, y, 0, 1e-5, "InstanceNormalization");
        }
    }

    @Test
    void resizeInEveryModeAndCoordinateMode() {
        int h = 5;
        int w = 4;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Tensors.random(arena, 2L * h * w, 89);
            int[][] sizes = {{10, 8}, {3, 7}, {1, 1}};
            for (int[] o : sizes) {
                for (ResizeSpec.Mode mode : ResizeSpec.Mode.values()) {
                    for (ResizeSpec.Coordinates cm : ResizeSpec.Coordinates.values()) {
                        if (cm == ResizeSpec.Coordinates.TF_CROP_AND_RESIZE) {
                            continue;                               // a crop region of its own: below
                        }
                        for (ResizeSpec.Nearest nm : ResizeSpec.Nearest.values()) {
                            float sh = (float) o[0] / h;
                            float sw = (float) o[1] / w;
                            ResizeSpec s = new ResizeSpec(1, 2, h, w, o[0], o[1], sh, sw, mode, cm, nm);
                            double[] want = new double[2 * o[0] * o[1]];
                            for (int p = 0; p < 2; p++) {
                                for (int oy = 0; oy < o[0]; oy++) {
                                    for (int ox = 0; ox < o[1]; ox++) {
                                        double fy = src(cm, oy, h, o[0], sh);
                                        double fx = src(cm, ox, w, o[1], sw);
                                        want[(p * o[0] + oy) * o[1] + ox] = switch (mode) {
                                            case NEAREST -> Tensors.at(x, (p * h + near(nm, fy, h)) * w
                                                    + near(nm, fx, w));
                                            case LINEAR -> bilinear(x, p, h, w, fy, fx);
                                            case CUBIC -> bicubic(x, p, h, w, fy, fx);
                                        };
                                    }
                                }
                            }
                            MemorySegment y = Tensors.poisoned(arena, want.length);
                            Resize.run(s, x, 0, y, 0, Tensors.THREE);
                            assertClose(want, y, 0, 1e-6, s.toString());
                        }
                    }
                }
            }
        }
    }

    @Test
    void resizeCropsItsRegionAndExtrapolatesOutsideIt() {
        int h = 4;
        int w = 5;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Tensors.random(arena, 2L * h * w, 90);
            // rows 0.1 to 0.8 of the input, columns -0.2 to 1.1: the first and last columns fall outside (no source
            // lands halfway between two pixels, where float and double could round apart; neither axis keeps its
            // size, which would map it onto itself)
            ResizeSpec.Crop crop = new ResizeSpec.Crop(0.1f, 0.8f, -0.2f, 1.1f, 0.75f);
            for (ResizeSpec.Mode mode : new ResizeSpec.Mode[] {ResizeSpec.Mode.NEAREST, ResizeSpec.Mode.LINEAR}) {
                ResizeSpec s = new ResizeSpec(1, 2, h, w, 3, 6, 0.75f, 1.2f, mode,
                        ResizeSpec.Coordinates.TF_CROP_AND_RESIZE, ResizeSpec.Nearest.ROUND_PREFER_FLOOR, -0.75f,
                        false, false, crop);
                double[] want = new double[2 * 3 * 6];
                int outside = 0;
                for (int p = 0; p < 2; p++) {
                    for (int oy = 0; oy < 3; oy++) {
                        for (int ox = 0; ox < 6; ox++) {
                            double fy = 0.1 * (h - 1) + oy * 0.7 * (h - 1) / 2;
                            double fx = -0.2 * (w - 1) + ox * 1.3 * (w - 1) / 5;
                            boolean out = fx < 0 || fx > w - 1;
                            outside += out ? 1 : 0;
                            want[(p * 3 + oy) * 6 + ox] = out ? 0.75
                                    : mode == ResizeSpec.Mode.LINEAR ? bilinear(x, p, h, w, fy, fx)
                                    : Tensors.at(x, (p * h + near(ResizeSpec.Nearest.ROUND_PREFER_FLOOR, fy, h)) * w
                                            + near(ResizeSpec.Nearest.ROUND_PREFER_FLOOR, fx, w));
                        }
                    }
                }
                assertEquals(12, outside, "two columns of each plane's rows fall outside");
                MemorySegment y = Tensors.poisoned(arena, want.length);
                Resize.run(s, x, 0, y, 0, Tensors.THREE);
                assertClose(want, y, 0, 1e-6, s.toString());
            }
        }
    }

    @Test
    void antialiasedHalvingIsTheOneThreeThreeOneFilter() {
        int w = 8;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Tensors.random(arena, 3L * w, 91);
            for (boolean exclude : new boolean[] {false, true}) {
                // three rows kept (copied), eight columns to four: [1 3 3 1] / 8 about each pair, the tap past an end
                // folded onto the edge tap, or left out and the rest renormalised with exclude_outside
                ResizeSpec s = new ResizeSpec(1, 1, 3, w, 3, 4, 1f, 0.5f, ResizeSpec.Mode.LINEAR,
                        ResizeSpec.Coordinates.HALF_PIXEL, ResizeSpec.Nearest.ROUND_PREFER_FLOOR, -0.75f, exclude,
                        true, null);
                double[] want = new double[3 * 4];
                for (int r = 0; r < 3; r++) {
                    for (int o = 0; o < 4; o++) {
                        double sum = 0;
                        double weight = 0;
                        double[] taps = {1, 3, 3, 1};
                        for (int t = 0; t < 4; t++) {
                            int j = 2 * o - 1 + t;
                            if (j < 0 || j >= w) {
                                if (!exclude) {
                                    sum += taps[t] * Tensors.at(x, r * w + Math.clamp(j, 0, w - 1));
                                    weight += taps[t];
                                }
                                continue;
                            }
                            sum += taps[t] * Tensors.at(x, r * w + j);
                            weight += taps[t];
                        }
                        want[r * 4 + o] = sum / weight;
                    }
                }
                MemorySegment y = Tensors.poisoned(arena, want.length);
                Resize.run(s, x, 0, y, 0, Tensors.THREE);
                assertClose(want, y, 0, 1e-6, s.toString());
            }
        }
    }

    /** ONNX Runtime's source coordinates, in float as it computes them (the nearest modes' floor and ceil see it). */
    static double src(ResizeSpec.Coordinates cm, int o, int in, int out, double scaleD) {
        float scale = (float) scaleD;
        return switch (cm) {
            case HALF_PIXEL -> (o + 0.5f) / scale - 0.5f;
            case HALF_PIXEL_SYMMETRIC -> (float) (in / 2f * (1 - out / (scale * in)) + ((o + 0.5) / scale - 0.5));
            case PYTORCH_HALF_PIXEL -> out > 1 ? (o + 0.5f) / scale - 0.5f : 0;
            case ALIGN_CORNERS -> out == 1 ? 0 : o * (in - 1f) / (out - 1);
            case ASYMMETRIC -> o / scale;
            case TF_HALF_PIXEL_FOR_NN -> (o + 0.5f) / scale;
            case TF_CROP_AND_RESIZE -> throw new AssertionError("takes a region");
        };
    }

    static int near(ResizeSpec.Nearest nm, double f, int in) {
        int i = switch (nm) {
            case FLOOR -> (int) Math.floor(f);
            case CEIL -> (int) Math.ceil(f);
            case ROUND_PREFER_FLOOR -> f - Math.floor(f) <= 0.5 ? (int) Math.floor(f) : (int) Math.ceil(f);
            case ROUND_PREFER_CEIL -> f - Math.floor(f) < 0.5 ? (int) Math.floor(f) : (int) Math.ceil(f);
        };
        return Math.max(0, Math.min(in - 1, i));
    }

    static double bilinear(MemorySegment x, int p, int h, int w, double fy, double fx) {
        fy = Math.max(0, Math.min(h - 1, fy));
        fx = Math.max(0, Math.min(w - 1, fx));
        int y0 = (int) Math.floor(fy);
        int x0 = (int) Math.floor(fx);
        int y1 = Math.min(y0 + 1, h - 1);
        int x1 = Math.min(x0 + 1, w - 1);
        double ty = fy - y0;
        double tx = fx - x0;
        double top = Tensors.at(x, (p * h + y0) * w + x0) * (1 - tx) + Tensors.at(x, (p * h + y0) * w + x1) * tx;
        double bot = Tensors.at(x, (p * h + y1) * w + x0) * (1 - tx) + Tensors.at(x, (p * h + y1) * w + x1) * tx;
        return top * (1 - ty) + bot * ty;
    }

    /** Keys' cubic convolution (a = -0.75) over the 4 x 4 taps around (fy, fx), the edge repeated beyond the input. */
    static double bicubic(MemorySegment x, int p, int h, int w, double fy, double fx) {
        int y0 = (int) Math.floor(fy);
        int x0 = (int) Math.floor(fx);
        double v = 0;
        for (int i = y0 - 1; i <= y0 + 2; i++) {
            for (int j = x0 - 1; j <= x0 + 2; j++) {
                int r = Math.max(0, Math.min(h - 1, i));
                int c = Math.max(0, Math.min(w - 1, j));
                v += keys(fy - i) * keys(fx - j) * Tensors.at(x, (p * h + r) * w + c);
            }
        }
        return v;
    }

    private static double keys(double d) {
        double a = -0.75;
        double t = Math.abs(d);
        return t <= 1 ? ((a + 2) * t - (a + 3)) * t * t + 1 : t < 2 ? ((a * t - 5 * a) * t + 8 * a) * t - 4 * a : 0;
    }
}
