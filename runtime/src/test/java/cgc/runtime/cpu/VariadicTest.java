package cgc.runtime.cpu;

import static cgc.runtime.cpu.Tensors.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VariadicTest {
    /**
     * Four inputs of shapes [3, 1, 1], [c, 1], [w] and [3, c, w] (scalar, column, row and full broadcasts), at a
     * size below and one above the parallel grain, each input at an odd offset of its segment.
     */
    @ParameterizedTest
    @EnumSource(Variadic.Op.class)
    void foldsBroadcastInputsLeftToRight(Variadic.Op op) {
        for (int[] cw : new int[][] {{5, 7}, {129, 67}}) {
            int c = cw[0];
            int w = cw[1];
            int[][] shapes = {{3, 1, 1}, {c, 1}, {w}, {3, c, w}};
            try (Arena arena = Arena.ofShared()) {
                MemorySegment[] xs = new MemorySegment[4];
                long[] offs = new long[4];
                for (int i = 0; i < 4; i++) {
                    offs[i] = 2L * i + 1;
                    xs[i] = Tensors.random(arena, offs[i] + Shapes.size(shapes[i]), 90 + i);
                }
                double[] want = new double[3 * c * w];
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < c; b++) {
                        for (int k = 0; k < w; k++) {
                            double[] v = {Tensors.at(xs[0], offs[0] + a), Tensors.at(xs[1], offs[1] + b),
                                Tensors.at(xs[2], offs[2] + k), Tensors.at(xs[3], offs[3] + (a * c + b) * w + k)};
                            double acc = v[0];
                            for (int i = 1; i < 4; i++) {
                                acc = switch (op) {
                                    case SUM, MEAN -> acc + v[i];
                                    case MAX -> Math.max(acc, v[i]);
                                    case MIN -> Math.min(acc, v[i]);
                                };
                            }
                            want[(a * c + b) * w + k] = op == Variadic.Op.MEAN ? acc / 4 : acc;
                        }
                    }
                }
                MemorySegment y = Tensors.poisoned(arena, want.length + 3);
                Variadic.run(op, shapes, xs, offs, y, 3, Tensors.THREE);
                assertClose(want, y, 3, 1e-6, op + " of " + c + "x" + w);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variadic.Op.class)
    void refusesShapesThatDoNotBroadcast(Variadic.Op op) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Tensors.random(arena, 12, 95);
            assertThrows(IllegalArgumentException.class, () -> Variadic.run(op, new int[][] {{3}, {4}, {3}},
                    new MemorySegment[] {x, x, x}, new long[3], x, 0, Tensors.SERIAL));
        }
    }
}
