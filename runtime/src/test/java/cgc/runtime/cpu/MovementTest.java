package cgc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Movement} on 4-byte elements moves exactly what the f32 kernels move, and on 1-, 2- and 8-byte elements the
 * same positions: each element is tagged with its index, so the output reads as the f32 kernel's indices.
 */
class MovementTest {
    private static final int W = 167;
    private static final int[] SHAPE = {3, 41, W};      // 20541 elements: past the parallel grain

    /** Runs one op twice: the f32 kernel over index tags, and Movement over tags of each width; compares. */
    private interface Op {
        void f32(MemorySegment x, MemorySegment y);

        void any(int bytes, MemorySegment x, MemorySegment y);
    }

    private static void check(String what, int outCount, Op op) {
        int n = (int) Shapes.size(SHAPE);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment tags = arena.allocate(4L * n, 64);
            for (int i = 0; i < n; i++) tags.setAtIndex(ValueLayout.JAVA_FLOAT, i, i);
            MemorySegment want = arena.allocate(4L * outCount, 64);
            op.f32(tags, want);
            for (int bytes : new int[] {1, 2, 4, 8}) {
                MemorySegment x = arena.allocate((long) bytes * n, 64);
                for (int i = 0; i < n; i++) write(bytes, x, i, i);
                MemorySegment y = arena.allocate((long) bytes * outCount, 64);
                op.any(bytes, x, y);
                for (int i = 0; i < outCount; i++) {
                    long w = (long) want.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                    long mask = bytes == 8 ? -1 : (1L << 8 * bytes) - 1;
                    assertEquals(w & mask, read(bytes, y, i) & mask, what + ", " + bytes + " bytes, at " + i);
                }
            }
        }
    }

    /** Element i of a segment of {@code bytes}-byte elements, as raw bits. */
    private static void write(int bytes, MemorySegment s, long i, long v) {
        switch (bytes) {
            case 1 -> s.set(ValueLayout.JAVA_BYTE, i, (byte) v);
            case 2 -> s.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) v);
            case 4 -> s.setAtIndex(ValueLayout.JAVA_INT, i, (int) v);
            default -> s.setAtIndex(ValueLayout.JAVA_LONG, i, v);
        }
    }

    private static long read(int bytes, MemorySegment s, long i) {
        return switch (bytes) {
            case 1 -> s.get(ValueLayout.JAVA_BYTE, i);
            case 2 -> s.getAtIndex(ValueLayout.JAVA_SHORT, i);
            case 4 -> s.getAtIndex(ValueLayout.JAVA_INT, i);
            default -> s.getAtIndex(ValueLayout.JAVA_LONG, i);
        };
    }

    /** A detection head's pattern: Split and Concat along the last axis in runs of 2, 3 and 5 elements, by index. */
    @Test
    void shortRunsAlongTheLastAxis() {
        int rows = 3 * 41, w = 7;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = arena.allocate(4L * rows * w, 64), y = arena.allocate(4L * rows * w, 64);
            for (int i = 0; i < rows * w; i++) x.setAtIndex(ValueLayout.JAVA_FLOAT, i, i);
            int[] shape = {3, 41, w};
            SliceSpec middle = SliceSpec.split(shape, 2, 2, 5);
            Slice.run(middle, x, 0, y, 0, Tensors.THREE);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(r * w + 2 + j, y.getAtIndex(ValueLayout.JAVA_FLOAT, r * 3 + j), "split row " + r);
                }
            }
            // Concat of [3,41,2] at x and [3,41,5] at x + 2 * rows: each output row takes 2 then 5 elements
            int[][] parts = {{3, 41, 2}, {3, 41, 5}};
            Concat.run(2, parts, new MemorySegment[] {x, x}, new long[] {0, 2L * rows}, y, 0);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < w; j++) {
                    float want = j < 2 ? r * 2 + j : 2 * rows + r * 5 + (j - 2);
                    assertEquals(want, y.getAtIndex(ValueLayout.JAVA_FLOAT, r * w + j), "concat row " + r + " at " + j);
                }
            }
        }
    }

    @Test
    void movesWhatTheF32KernelsMove() {
        int n = (int) Shapes.size(SHAPE);
        int[] perm = {2, 0, 1};
        check("Transpose", n, new Op() {
            public void f32(MemorySegment x, MemorySegment y) { Transpose.run(SHAPE, perm, x, 0, y, 0, Tensors.THREE); }

            public void any(int b, MemorySegment x, MemorySegment y) {
                Movement.transpose(b, SHAPE, perm, x, 0, y, 0, Tensors.THREE);
            }
        });
        SliceSpec s = SliceSpec.of(SHAPE, new long[] {-1, 2, 1}, new long[] {-100, 40, 160}, null,
                new long[] {-2, 3, 1});
        check("Slice", (int) Shapes.size(s.outShape()), new Op() {
            public void f32(MemorySegment x, MemorySegment y) { Slice.run(s, x, 0, y, 0, Tensors.THREE); }

            public void any(int b, MemorySegment x, MemorySegment y) {
                Movement.slice(b, s, x, 0, y, 0, Tensors.THREE);
            }
        });
        int[] xs = {41, 1};
        int[] to = SHAPE;
        check("Expand", n, new Op() {
            public void f32(MemorySegment x, MemorySegment y) { Shaping.expand(xs, to, x, 0, y, 0, Tensors.THREE); }

            public void any(int b, MemorySegment x, MemorySegment y) {
                Movement.expand(b, xs, to, x, 0, y, 0, Tensors.THREE);
            }
        });
        long[] reps = {2, 1, 3};
        check("Tile", n * 6, new Op() {
            public void f32(MemorySegment x, MemorySegment y) { Shaping.tile(SHAPE, reps, x, 0, y, 0, Tensors.THREE); }

            public void any(int b, MemorySegment x, MemorySegment y) {
                Movement.tile(b, SHAPE, reps, x, 0, y, 0, Tensors.THREE);
            }
        });
        long[] pads = {1, -2, 1, 0, 4, -5};       // one fill before each row: the row is no bulk copy
        int padded = (3 + 1) * (41 - 2 + 4) * (W + 1 - 5);
        for (Shaping.PadMode mode : Shaping.PadMode.values()) {
            check("Pad " + mode, padded, new Op() {                    // the constant mode fills with tag -1
                public void f32(MemorySegment x, MemorySegment y) {
                    Shaping.pad(SHAPE, pads, mode, -1f, x, 0, y, 0, Tensors.THREE);
                }

                public void any(int b, MemorySegment x, MemorySegment y) {
                    Movement.pad(b, SHAPE, pads, mode, -1, x, 0, y, 0, Tensors.THREE);
                }
            });
        }
        int[][] parts = {{3, 10, W}, {3, 31, W}};
        check("Concat", n, new Op() {
            public void f32(MemorySegment x, MemorySegment y) {
                Concat.run(1, parts, new MemorySegment[] {x, x}, new long[] {0, 3L * 10 * W}, y, 0);
            }

            public void any(int b, MemorySegment x, MemorySegment y) {
                Movement.concat(b, 1, parts, new MemorySegment[] {x, x}, new long[] {0, 3L * 10 * W}, y, 0,
                        Tensors.THREE);
            }
        });
        try (Arena arena = Arena.ofShared()) {
            MemorySegment idx = arena.allocate(8L * 50, 64);
            Random r = new Random(103);
            for (int j = 0; j < 50; j++) idx.setAtIndex(ValueLayout.JAVA_LONG, j, r.nextInt(82) - 41);
            check("Gather", 3 * 50 * W, new Op() {
                public void f32(MemorySegment x, MemorySegment y) {
                    Gather.run(SHAPE, 1, 50, true, x, 0, idx, 0, y, 0, Tensors.THREE);
                }

                public void any(int b, MemorySegment x, MemorySegment y) {
                    Movement.gather(b, SHAPE, 1, 50, true, x, 0, idx, 0, y, 0, Tensors.THREE);
                }
            });
        }
    }

    @Test
    void aLargeConcatCopiedInPiecesByThreadsEqualsOneCopy() {
        // 2 rows of three inputs (the middle one empty), 8-byte elements: 11 pieces that start and end mid-run
        int[][] parts = {{2, 100, 301}, {2, 0, 301}, {2, 57, 301}};
        long a = 2L * 100 * 301, c = 2L * 57 * 301;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = arena.allocate(8 * (a + c), 64);
            for (long i = 0; i < a + c; i++) x.setAtIndex(ValueLayout.JAVA_LONG, i, i * 7 + 1);
            MemorySegment one = arena.allocate(8 * (a + c), 64);
            MemorySegment pieces = arena.allocate(8 * (a + c), 64);
            MemorySegment[] xs = {x, x, x};
            long[] offs = {0, a, a};
            Movement.concat(8, 1, parts, xs, offs, one, 0);
            Movement.concat(8, 1, parts, xs, offs, pieces, 0, Tensors.THREE);
            assertEquals(-1, one.mismatch(pieces));
            assertEquals(x.getAtIndex(ValueLayout.JAVA_LONG, a), one.getAtIndex(ValueLayout.JAVA_LONG, 100 * 301),
                    "row 0 of input 2 follows row 0 of input 0");
            assertEquals(x.getAtIndex(ValueLayout.JAVA_LONG, 100 * 301), one.getAtIndex(ValueLayout.JAVA_LONG, 157 * 301),
                    "row 1 of input 0 follows row 0 of input 2");
        }
    }
}
