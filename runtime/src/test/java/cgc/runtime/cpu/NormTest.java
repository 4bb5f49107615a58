package cgc.runtime.cpu;

import static cgc.runtime.cpu.Tensors.assertClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class NormTest {
    @Test
    void softmaxOverEveryAxis() {
        softmaxOverEveryAxis(new int[] {3, 5, 7, 4});
        softmaxOverEveryAxis(new int[] {2, 3, 133});        // long contiguous rows: vector body and tail
    }

    private static void softmaxOverEveryAxis(int[] shape) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Tensors.random(arena, Shapes.size(shape), 41);
            for (int axis = -1; axis < shape.length; axis++) {
                int a = axis < 0 ? axis + shape.length : axis;
                int outer = Shapes.product(shape, 0, a);
                int len = shape[a];
                int inner = Shapes.product(shape, a + 1, shape.length);
                double[] want = new double[(int) Shapes.size(shape)];
                for (int o = 0; o < outer; o++) {
                    for (int i = 0; i < inner; i++) {
                        double sum = 0;
                        for (int j = 0; j < len; j++) {
                            sum += Math.exp(Tensors.at(x, ((long) o * len + j) * inner + i) * 10);
                        }
                        for (int j = 0; j < len; j++) {
                            int at = (o * len + j) * inner + i;
                            want[at] = Math.exp(Tensors.at(x, at) * 10) / sum;
                        }
                    }
                }
                MemorySegment x10 = arena.allocate(x.byteSize(), 64);      // scaled, so that max subtraction matters
                for (long i = 0; i < x.byteSize() / 4; i++) {
                    x10.setAtIndex(Tensors.F, i, Tensors.at(x, i) * 10);
                }
                MemorySegment y = Tensors.poisoned(arena, want.length);
                Softmax.run(shape, axis, x10, 0, y, 0, Tensors.THREE);
                assertClose(want, y, 0, 1e-6, "Softmax axis " + axis);
            }
        }
    }

    @Test
    void layerNormOverTrailingAxes() {
        int[] shape = {2, 9, 3, 37};
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Tensors.random(arena, Shapes.size(shape), 42);
            for (int axis : new int[] {-1, 2, 1}) {
                int a = axis < 0 ? axis + shape.length : axis;
                int rows = Shapes.product(shape, 0, a);
                int len = Shapes.product(shape, a, shape.length);
                MemorySegment w = Tensors.random(arena, 2L * len, 43);
                for (boolean withBias : new boolean[] {true, false}) {
                    double[] want = new double[rows * len];
                    for (int r = 0; r < rows; r++) {
                        double mean = 0;
                        for (int i = 0; i < len; i++) {
                            mean += Tensors.at(x, (long) r * len + i) / len;
                        }
                        double var = 0;
                        for (int i = 0; i < len; i++) {
                            double d = Tensors.at(x, (long) r * len + i) - mean;
                            var += d * d / len;
                        }
                        for (int i = 0; i < len; i++) {
                            want[r * len + i] = (Tensors.at(x, (long) r * len + i) - mean) / Math.sqrt(var + 1e-5)
                                    * Tensors.at(w, i) + (withBias ? Tensors.at(w, len + i) : 0);
                        }
                    }
                    MemorySegment y = Tensors.poisoned(arena, want.length);
                    LayerNorm.run(shape, axis, 1e-5f, x, 0, w, 0, withBias ? w : null, len, y, 0, Tensors.THREE);
                    assertClose(want, y, 0, 1e-5, "LayerNormalization axis " + axis + " bias " + withBias);
                    // the first rows only (a split layer's CPU part), the others left alone
                    int part = rows / 2 + 1;
                    MemorySegment z = Tensors.poisoned(arena, want.length);
                    LayerNorm.rows(part, shape, axis, 1e-5f, x, 0, w, 0, withBias ? w : null, len, z, 0, Tensors.THREE);
                    assertClose(java.util.Arrays.copyOf(want, part * len), z, 0, 1e-5, "the first " + part + " rows");
                    for (long i = (long) part * len; i < want.length; i++) {
                        assertTrue(Float.isNaN(z.getAtIndex(Tensors.F, i)), "element " + i + " past the rows was written");
                    }
                }
            }
        }
    }
}
