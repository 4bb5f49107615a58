package cgc.runtime.cpu;

import static cgc.runtime.cpu.Tensors.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** Transpose, Concat, Slice/Split and Gather: exact copies, so compared with tolerance 0. */
class LayoutTest {
    static final int[] SHAPE = {2, 3, 5, 7};

    /** x[idx] of a contiguous tensor of {@link #SHAPE}. */
    static double at(MemorySegment x, int... idx) {
        long off = 0;
        for (int d = 0; d < SHAPE.length; d++) {
            off = off * SHAPE[d] + idx[d];
        }
        return Tensors.at(x, off);
    }

    @Test
    void transposeAnyPermutation() {
        int[][] perms = {{0, 1, 2, 3}, {3, 2, 1, 0}, {0, 2, 3, 1}, {1, 0, 3, 2}, {2, 0, 1, 3}};
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Tensors.random(arena, Shapes.size(SHAPE), 61);
            for (int[] perm : perms) {
                int[] out = new int[4];
                for (int i = 0; i < 4; i++) {
                    out[i] = SHAPE[perm[i]];
                }
                double[] want = new double[(int) Shapes.size(out)];
                int[] o = new int[4];
                for (int i = 0; i < want.length; i++) {
                    int[] in = new int[4];
                    for (int d = 0; d < 4; d++) {
                        in[perm[d]] = o[d];
                    }
                    want[i] = at(x, in);
                    Broadcast.increment(o, out);
                }
                MemorySegment y = Tensors.poisoned(arena, want.length);
                Transpose.run(SHAPE, perm, x, 0, y, 0, Tensors.THREE);
                assertClose(want, y, 0, 0, "Transpose " + java.util.Arrays.toString(perm));
            }
        }
    }

    @Test
    void concatAlongEachAxis() {
        try (Arena arena = Arena.ofShared()) {
            for (int axis = 0; axis < 4; axis++) {
                int[] s1 = SHAPE.clone();
                int[] s2 = SHAPE.clone();
                s2[axis] = 4;
                MemorySegment a = Tensors.random(arena, Shapes.size(s1), 62);
                MemorySegment b = Tensors.random(arena, Shapes.size(s2) + 3, 63);
                int[] out = SHAPE.clone();
                out[axis] += 4;
                double[] want = new double[(int) Shapes.size(out)];
                int[] o = new int[4];
                for (int i = 0; i < want.length; i++) {
                    boolean first = o[axis] < SHAPE[axis];
                    int[] in = o.clone();
                    int[] shape = first ? s1 : s2;
                    if (!first) {
                        in[axis] -= SHAPE[axis];
                    }
                    long off = 0;
                    for (int d = 0; d < 4; d++) {
                        off = off * shape[d] + in[d];
                    }
                    want[i] = first ? Tensors.at(a, off) : Tensors.at(b, off + 3);
                    Broadcast.increment(o, out);
                }
                MemorySegment y = Tensors.poisoned(arena, want.length);
                Concat.run(axis, new int[][] {s1, s2}, new MemorySegment[] {a, b}, new long[] {0, 3}, y, 0);
                assertClose(want, y, 0, 0, "Concat axis " + axis);
            }
        }
    }

    @Test
    void sliceWithStepsNegativeIndicesAndClamping() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Tensors.random(arena, Shapes.size(SHAPE), 64);
            // axis 1: 1..end; axis 3: from -1 back to 0 in steps of -2 (6, 4, 2); axis 2: 0..100 clamped, step 2
            SliceSpec s = SliceSpec.of(SHAPE, new long[] {1, -1, 0}, new long[] {Long.MAX_VALUE, -8, 100},
                    new int[] {1, 3, -2}, new long[] {1, -2, 2});
            assertArrayEquals(new int[] {2, 2, 3, 4}, s.outShape());
            double[] want = new double[2 * 2 * 3 * 4];
            int i = 0;
            for (int n = 0; n < 2; n++) {
                for (int c = 1; c < 3; c++) {
                    for (int h = 0; h < 5; h += 2) {
                        for (int w = 6; w >= 0; w -= 2) {
                            want[i++] = at(x, n, c, h, w);
                        }
                    }
                }
            }
            MemorySegment y = Tensors.poisoned(arena, want.length);
            Slice.run(s, x, 0, y, 0, Tensors.THREE);
            assertClose(want, y, 0, 0, "Slice");

            SliceSpec part = SliceSpec.split(SHAPE, 2, 1, 4);
            assertArrayEquals(new int[] {2, 3, 3, 7}, part.outShape());
            double[] want2 = new double[2 * 3 * 3 * 7];
            i = 0;
            for (int n = 0; n < 2; n++) {
                for (int c = 0; c < 3; c++) {
                    for (int h = 1; h < 4; h++) {
                        for (int w = 0; w < 7; w++) {
                            want2[i++] = at(x, n, c, h, w);
                        }
                    }
                }
            }
            MemorySegment y2 = Tensors.poisoned(arena, want2.length);
            Slice.run(part, x, 0, y2, 0, Tensors.THREE);
            assertClose(want2, y2, 0, 0, "Split part");
        }
    }

    @Test
    void gatherWithNegativeIndicesOnEachAxis() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Tensors.random(arena, Shapes.size(SHAPE), 65);
            for (int axis = 0; axis < 4; axis++) {
                int len = SHAPE[axis];
                long[] idx = {len - 1, 0, -1, -len, 1 % len};
                MemorySegment ix = arena.allocate(8L * idx.length);
                MemorySegment ix32 = arena.allocate(4L * idx.length);
                for (int j = 0; j < idx.length; j++) {
                    ix.setAtIndex(ValueLayout.JAVA_LONG, j, idx[j]);
                    ix32.setAtIndex(ValueLayout.JAVA_INT, j, (int) idx[j]);
                }
                int[] out = SHAPE.clone();
                out[axis] = idx.length;
                double[] want = new double[(int) Shapes.size(out)];
                int[] o = new int[4];
                for (int i = 0; i < want.length; i++) {
                    int[] in = o.clone();
                    in[axis] = (int) (idx[o[axis]] < 0 ? idx[o[axis]] + len : idx[o[axis]]);
                    want[i] = at(x, in);
                    Broadcast.increment(o, out);
                }
                MemorySegment y = Tensors.poisoned(arena, want.length);
                Gather.run(SHAPE, axis, idx.length, true, x, 0, ix, 0, y, 0, Tensors.THREE);
                assertClose(want, y, 0, 0, "Gather int64 axis " + axis);
                Gather.run(SHAPE, axis - 4, idx.length, false, x, 0, ix32, 0, y, 0, Tensors.THREE);
                assertClose(want, y, 0, 0, "Gather int32 axis " + (axis - 4));
            }
            MemorySegment bad = arena.allocate(8);
            bad.set(ValueLayout.JAVA_LONG, 0, 3);
            assertThrows(IndexOutOfBoundsException.class,
                    () -> Gather.run(SHAPE, 1, 1, true, x, 0, bad, 0, x, 0, Tensors.SERIAL));
        }
    }
}
