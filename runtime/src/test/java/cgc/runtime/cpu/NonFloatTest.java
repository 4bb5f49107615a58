package cgc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cgc.runtime.io.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Cast, Logic, ArgMax and Where on values other than f32, on three threads and past the parallel grain. */
class NonFloatTest {
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final int N = 40_001;

    @Test
    void castKeepsEveryBitOfAnI64AndTruncatesFloats() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = arena.allocate(8L * N, 64);
            MemorySegment y = arena.allocate(8L * N, 64);
            Random r = new Random(97);
            long[] v = new long[N];
            for (int i = 0; i < N; i++) {
                v[i] = r.nextLong();
                x.setAtIndex(L, i, v[i]);
            }
            MemorySegment z = arena.allocate(4L * N, 64);
            Cast.run(DType.INT64, DType.INT64, N, x, 0, y, 0, Tensors.THREE);
            Cast.run(DType.INT64, DType.INT32, N, x, 0, z, 0, Tensors.THREE);
            for (int i = 0; i < N; i++) {
                assertEquals(v[i], y.getAtIndex(L, i), "i64 -> i64 at " + i);
                assertEquals((int) v[i], z.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i), "i64 -> i32 at " + i);
            }
            MemorySegment f = Tensors.random(arena, N, 98);
            for (int i = 0; i < N; i++) {
                float s = Tensors.at(f, i) * 1e6f;
                f.setAtIndex(Tensors.F, i, s);
            }
            Cast.run(DType.FLOAT32, DType.INT64, N, f, 0, y, 0, Tensors.THREE);
            for (int i = 0; i < N; i++) {
                assertEquals((long) Tensors.at(f, i), y.getAtIndex(L, i), "f32 -> i64 at " + i);
            }
        }
    }

    @Test
    void lessBroadcastsI64RowsAndColumns() {
        int rows = 201;
        int cols = 199;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment a = arena.allocate(8L * rows, 64);                 // [rows, 1]
            MemorySegment b = arena.allocate(8L * cols, 64);                 // [cols]
            Random r = new Random(99);
            for (int i = 0; i < rows; i++) a.setAtIndex(L, i, r.nextInt(50) - 25);
            for (int j = 0; j < cols; j++) b.setAtIndex(L, j, r.nextInt(50) - 25);
            MemorySegment y = arena.allocate((long) rows * cols);
            Logic.binary(Logic.Op.LESS, DType.INT64, Broadcast.of(new int[] {rows, 1}, new int[] {cols}), a, 0, b, 0,
                    y, 0, Tensors.THREE);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    boolean want = a.getAtIndex(L, i) < b.getAtIndex(L, j);
                    assertEquals(want ? 1 : 0, y.get(ValueLayout.JAVA_BYTE, (long) i * cols + j), "at " + i + ", " + j);
                }
            }
        }
    }

    @Test
    void argMaxOfTheMiddleAxisFirstOrLastOfTies() {
        int[] shape = {3, 17, 1001};
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = arena.allocate(4L * 3 * 17 * 1001, 64);
            Random r = new Random(100);
            for (long i = 0; i < 3 * 17 * 1001; i++) x.setAtIndex(Tensors.F, i, r.nextInt(5));   // many ties
            MemorySegment y = arena.allocate(8L * 3 * 1001, 64);
            for (boolean last : new boolean[] {false, true}) {
                ArgMax.run(DType.FLOAT32, shape, -2, false, last, x, 0, y, 0, Tensors.THREE);
                for (int o = 0; o < 3; o++) {
                    for (int i = 0; i < 1001; i++) {
                        int best = 0;
                        for (int k = 1; k < 17; k++) {
                            float v = Tensors.at(x, (o * 17L + k) * 1001 + i);
                            float m = Tensors.at(x, (o * 17L + best) * 1001 + i);
                            if (v > m || last && v == m) best = k;
                        }
                        assertEquals(best, y.getAtIndex(L, o * 1001L + i), "last=" + last + " at " + o + ", " + i);
                    }
                }
            }
        }
    }

    @Test
    void whereCopiesEightByteValuesBitForBit() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment c = arena.allocate(N);
            MemorySegment a = arena.allocate(8L * N, 64);
            MemorySegment b = arena.allocate(8, 64);
            Random r = new Random(101);
            for (int i = 0; i < N; i++) {
                c.set(ValueLayout.JAVA_BYTE, i, (byte) (r.nextBoolean() ? 1 : 0));
                a.setAtIndex(L, i, r.nextLong());
            }
            b.set(L, 0, Long.MIN_VALUE);
            MemorySegment y = arena.allocate(8L * N, 64);
            Where.run(new int[] {N}, new int[] {N}, new int[] {1}, 8, c, 0, a, 0, b, 0, y, 0, Tensors.THREE);
            for (int i = 0; i < N; i++) {
                long want = c.get(ValueLayout.JAVA_BYTE, i) != 0 ? a.getAtIndex(L, i) : Long.MIN_VALUE;
                assertEquals(want, y.getAtIndex(L, i), "at " + i);
            }
        }
    }
}
