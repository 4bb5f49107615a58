package cgc.runtime.cpu;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * How a depthwise conv's task lays out the input rows of one channel on the heap, so that each tap of a run of
 * outputs is a contiguous run of inputs, and how it computes those outputs. Built once per layer call, read by every
 * task; the buffers are the tasks' own.
 */
sealed interface DepthwiseInput {
    Simd SIMD = Simd.INSTANCE;

    /** Floats of the buffer for a block of up to {@code rows} output rows. */
    int bufferFloats(int rows);

    /**
     * Copies the input rows that output rows [r0, r1) of the plane at element {@code x} of {@code act} read into
     * {@code buf}; {@code row} has room for one input row.
     */
    void fill(MemorySegment act, long x, int r0, int r1, float[] buf, float[] row);

    /** Floats of the output buffer for a block of up to {@code rows} output rows. */
    default int outFloats(int rows, int ow) {
        return rows * ow + SIMD.lanes();
    }

    /**
     * The column masks of {@link Simd#depthwiseFlat} for output rows of width ow: bit i of {@code [kx][c]} is set where
     * output column (c + i) mod ow reads inside its input row through tap column kx, that is where
     * {@code inputColumn(kx, (c + i) mod ow)} is in [0, w).
     */
    static long[][] columnMasks(ConvSpec s, int ow, int lanes, java.util.function.IntBinaryOperator inputColumn) {
        long[][] masks = new long[s.kw()][ow];
        long lanesMask = lanes == 64 ? -1L : (1L << lanes) - 1;
        for (int kx = 0; kx < s.kw(); kx++) {
            // a window slid right to left over the columns (wrapping past ow): bit i is column e + i's; built per
            // layer call, so once per column, not once per column and lane
            long window = 0;
            for (int e = ow + lanes - 2; e >= 0; e--) {
                int col = inputColumn.applyAsInt(kx, e % ow);
                window = (window << 1 | (col >= 0 && col < s.w() ? 1 : 0)) & lanesMask;
                if (e < ow) {
                    masks[kx][e] = window;
                }
            }
        }
        return masks;
    }

    /** The {@code rows} output rows just filled, without bias or activation, into {@code out} (rows of ow). */
    void compute(int rows, float[] buf, float[] weights, float[] out);

    /**
     * {@link #compute}, then the {@code rows} output rows of width ow stored plus {@code bias} through {@code act}
     * into dst (no residual); {@code out} is scratch as for compute.
     */
    default void computeAndStore(int rows, int ow, float[] buf, float[] weights, float bias, Act act, float[] out,
                                 MemorySegment dst, long dstByte) {
        compute(rows, buf, weights, out);
        SIMD.storeRow(rows * ow, out, 0, 1f, bias, null, 0, 1f, act, dst, dstByte);
    }

    /**
     * {@link #fill} of output rows [r0, r1) of the plane at element x of src, then {@link #computeAndStore}: a layout
     * may read some rows straight from src instead.
     */
    default void fillComputeAndStore(MemorySegment src, long x, int r0, int r1, float[] buf, float[] row, int ow,
                                     float[] weights, float bias, Act act, float[] out, MemorySegment dst,
                                     long dstByte) {
        fill(src, x, r0, r1, buf, row);
        computeAndStore(r1 - r0, ow, buf, weights, bias, act, out, dst, dstByte);
    }

    /**
     * Stride 1 and outputs as wide as the inputs (the usual 3x3 with padding 1): the input rows sit back to back,
     * unpadded, so that a block's outputs are one flat run computed a whole vector at a time across row ends, and the
     * rows come over in one copy. A tap that would read past a row's end is dropped for that output by a
     * per-column mask. Small planes (7x7, 14x14) gain most: no lanes wasted at each row's end, one copy per plane.
     * Rows above and below the input are zero rows in the buffer.
     */
    final class Flat implements DepthwiseInput {
        /**
         * Interior outputs, in vectors, below which a block copies all its rows: the two more calls for the edge rows
         * cost more than the copy saves on small planes (one thread, Zen 4, with 8: 144x56² 250 → 207 µs, but
         * 192x28² 95–117 → 120 and 576x14² 93–96 → 127).
         */
        private static final int IN_PLACE_VECTORS = 64;

        private final ConvSpec s;
        private final int margin;
        private final int[] taps;
        private final int[] inPlaceTaps;                          // of an output from the input row it starts in
        private final int interiorBegin;                          // output rows [begin, end) read no padding row
        private final int interiorEnd;
        private final int minInPlace;
        private final long[][] valid;

        static boolean fits(ConvSpec s) {
            return s.strideH() == 1 && s.strideW() == 1 && s.ow() == s.w();
        }

        Flat(ConvSpec s, int lanes) {
            this.s = s;
            int w = s.w();
            margin = s.padLeft();
            taps = new int[s.kh() * s.kw()];
            for (int ky = 0, i = 0; ky < s.kh(); ky++) {
                for (int kx = 0; kx < s.kw(); kx++, i++) {
                    taps[i] = margin + ky * s.dilationH() * w + kx * s.dilationW() - s.padLeft();
                }
            }
            valid = columnMasks(s, w, lanes, (kx, j) -> j + kx * s.dilationW() - s.padLeft());
            inPlaceTaps = new int[taps.length];
            for (int i = 0; i < taps.length; i++) {
                inPlaceTaps[i] = taps[i] - margin;
            }
            interiorBegin = s.padTop();
            interiorEnd = s.h() - (s.kh() - 1) * s.dilationH() + s.padTop();
            minInPlace = IN_PLACE_VECTORS * lanes;
        }

        /**
         * The rows whose taps all fall inside the input (all but the padded first and last) are read straight from
         * src, where there are enough of them: their copy into the buffer was a fifth of a 56x56 layer, and reading
         * the arena in the loop costs no more than the heap (bench/NOTES.md, session 14). The rows above and below
         * go through the buffer.
         */
        @Override
        public void fillComputeAndStore(MemorySegment src, long x, int r0, int r1, float[] buf, float[] row, int ow,
                                        float[] weights, float bias, Act act, float[] out, MemorySegment dst,
                                        long dstByte) {
            int w = s.w();
            int top = Math.clamp(interiorBegin, r0, r1);
            int bottom = Math.clamp(interiorEnd, top, r1);
            if ((bottom - top) * w < minInPlace || !SIMD.depthwiseFlatStore((bottom - top) * w, w, src,
                    (x + (long) (top - s.padTop()) * w) << 2, inPlaceTaps, s.kw(), valid, weights, bias, act, dst,
                    dstByte + 4L * (top - r0) * w)) {
                DepthwiseInput.super.fillComputeAndStore(src, x, r0, r1, buf, row, ow, weights, bias, act, out, dst,
                        dstByte);
                return;
            }
            if (top > r0) {
                DepthwiseInput.super.fillComputeAndStore(src, x, r0, top, buf, row, ow, weights, bias, act, out, dst,
                        dstByte);
            }
            if (r1 > bottom) {
                DepthwiseInput.super.fillComputeAndStore(src, x, bottom, r1, buf, row, ow, weights, bias, act, out,
                        dst, dstByte + 4L * (bottom - r0) * w);
            }
        }

        @Override
        public int bufferFloats(int rows) {
            return margin + (rows + (s.kh() - 1) * s.dilationH()) * s.w() + s.padRight() + 2 * SIMD.lanes();
        }

        @Override
        public void fill(MemorySegment act, long x, int r0, int r1, float[] buf, float[] row) {
            int w = s.w();
            int first = r0 - s.padTop();                          // input row of buffer row 0
            int count = r1 - r0 + (s.kh() - 1) * s.dilationH();
            int lo = Math.max(0, first);
            int hi = Math.min(s.h(), first + count);
            if (lo > first) {
                Arrays.fill(buf, margin, margin + (lo - first) * w, 0f);
            }
            if (hi > lo) {
                SIMD.load((hi - lo) * w, act, (x + (long) lo * w) << 2, buf, margin + (lo - first) * w);
            }
            if (first + count > hi) {
                Arrays.fill(buf, margin + (hi - first) * w, margin + count * w, 0f);
            }
        }

        @Override
        public void compute(int rows, float[] buf, float[] weights, float[] out) {
            SIMD.depthwiseFlat(rows * s.w(), s.w(), buf, taps, s.kw(), valid, weights, out);
        }

        @Override
        public void computeAndStore(int rows, int ow, float[] buf, float[] weights, float bias, Act act, float[] out,
                                    MemorySegment dst, long dstByte) {
            SIMD.depthwiseFlatStore(rows * ow, ow, buf, taps, s.kw(), valid, weights, bias, act, out, dst, dstByte);
        }
    }

    /**
     * Stride 2 on planes of even width with outputs half as wide (a 3x3 with padding 1, or 5x5 with 2): the block's
     * input rows are split by column parity in one pass over the whole block (an even width keeps every row's
     * columns in step), giving two planes of rows {@code ow} wide, back to back. In those planes every tap of an
     * output is a contiguous run, so the outputs are computed as one flat run as in {@link Flat}, over every input
     * row rather than every second one (twice the arithmetic, whole vectors across row ends), and the odd rows are
     * dropped. Small planes gain most: a 14x14 plane was 15 row fills and seven half-used vectors per tap (measured
     * against {@link Phases}, one thread: 2.6x at 14x14, 2.0x at 28x28, 1.5x at 56x56, 1.14x at 112x112).
     */
    final class ColumnPhasesFlat implements DepthwiseInput {
        private final ConvSpec s;
        private final int ow;
        private final int plane;                                  // floats of one parity's plane, margins included
        private final int margin;
        private final int[] taps;
        private final long[][] valid;

        static boolean fits(ConvSpec s) {
            return s.strideH() == 2 && s.strideW() == 2 && s.w() % 2 == 0 && 2 * s.ow() == s.w();
        }

        ColumnPhasesFlat(ConvSpec s, int lanes, int maxRows) {
            this.s = s;
            ow = s.ow();
            int kw = s.kw();
            // columns a tap reaches left of a row's first output (masked, but read): the margin before each plane
            margin = Math.max(0, GemmDriver.ceilDiv(s.padLeft(), 2)) + ow;
            int gridRows = 2 * maxRows - 1;
            int inRows = inputRows(maxRows);
            plane = margin + Math.max(inRows * ow, gridRows * ow + lanes + (s.kh() - 1) * s.dilationH() * ow)
                    + ((kw - 1) * s.dilationW() + 1) / 2 + lanes + ow;
            taps = new int[s.kh() * kw];
            for (int ky = 0, i = 0; ky < s.kh(); ky++) {
                for (int kx = 0; kx < kw; kx++, i++) {
                    int shift = kx * s.dilationW() - s.padLeft();  // input column of output column 0
                    taps[i] = Math.floorMod(shift, 2) * plane + margin + ky * s.dilationH() * ow
                            + Math.floorDiv(shift, 2);
                }
            }
            valid = columnMasks(s, ow, lanes, (kx, j) -> 2 * j + kx * s.dilationW() - s.padLeft());
        }

        private int inputRows(int rows) {
            return 2 * (rows - 1) + (s.kh() - 1) * s.dilationH() + 1;
        }

        @Override
        public int bufferFloats(int rows) {
            return 2 * plane;
        }

        @Override
        public int outFloats(int rows, int ow) {
            return (2 * rows - 1) * ow + SIMD.lanes();
        }

        @Override
        public void fill(MemorySegment act, long x, int r0, int r1, float[] buf, float[] row) {
            int w = s.w();
            int first = 2 * r0 - s.padTop();                      // input row of buffer row 0
            int count = inputRows(r1 - r0);
            int lo = Math.max(0, first);
            int hi = Math.min(s.h(), first + count);
            for (int p = 0; p < 2; p++) {
                int base = p * plane + margin;
                if (lo > first) {
                    Arrays.fill(buf, base, base + (lo - first) * ow, 0f);
                }
                if (first + count > hi) {
                    Arrays.fill(buf, base + (hi - first) * ow, base + count * ow, 0f);
                }
            }
            if (hi > lo) {
                SIMD.deinterleave((hi - lo) * w, act, (x + (long) lo * w) << 2, buf, margin + (lo - first) * ow,
                        plane + margin + (lo - first) * ow);
            }
        }

        @Override
        public void compute(int rows, float[] buf, float[] weights, float[] out) {
            SIMD.depthwiseFlat((2 * rows - 1) * ow, ow, buf, taps, s.kw(), valid, weights, out);
            for (int r = 1; r < rows; r++) {                      // keep the even rows
                System.arraycopy(out, 2 * r * ow, out, r * ow, ow);
            }
        }
    }

    /**
     * Stride 2 on planes of even width with outputs half as wide (a 3x3 with padding 1, or 5x5 with 2): each input
     * row is split by column parity into the plane of its row's parity, four planes in all. Input row 2k + p, column
     * 2c + q sits at row k, column c of plane (p, q), so for output row r every tap reads plane row r plus a
     * constant: each tap of the block's outputs is one contiguous run across row ends, computed a whole vector at a
     * time as in {@link Flat}, only the outputs computed. Plane rows outside the input are zero rows; columns outside
     * it are dropped by the per-column masks. Against {@link ColumnPhasesFlat} (every input row computed, the odd
     * ones dropped): half the arithmetic and no compaction, for a fill of one call per plane row; so it is taken for
     * rows of two vectors or more (96x112² stride 2 on Intel, one thread: 900 → 514–541 µs), and the two planes for
     * narrower ones (192x28² on Zen 4: 77 against 114 µs).
     */
    final class ParityPlanes implements DepthwiseInput {
        private final ConvSpec s;
        private final int ow;
        private final int plane;                                  // floats of one plane, margins included
        private final int margin;
        private final int firstRow;                               // least plane row a tap reads, relative to r
        private final int extraRows;                              // plane rows a block reads beyond its output rows
        private final int[] taps;
        private final long[][] valid;

        /** The planes of {@link ColumnPhasesFlat}, split by row parity too. */
        static boolean fits(ConvSpec s) {
            return ColumnPhasesFlat.fits(s);
        }

        ParityPlanes(ConvSpec s, int lanes, int maxRows) {
            this.s = s;
            ow = s.ow();
            int kh = s.kh();
            int kw = s.kw();
            int lastRow = Math.floorDiv((kh - 1) * s.dilationH() - s.padTop(), 2);
            firstRow = Math.floorDiv(-s.padTop(), 2);
            extraRows = lastRow - firstRow;
            int leftmost = Math.floorDiv(-s.padLeft(), 2);
            int rightmost = Math.floorDiv((kw - 1) * s.dilationW() - s.padLeft(), 2);
            margin = Math.max(0, -leftmost);
            // a block's last vector reads up to lanes - 1 past its outputs, in every plane
            plane = margin + (maxRows + extraRows) * ow + lanes + Math.max(0, rightmost);
            taps = new int[kh * kw];
            for (int ky = 0, i = 0; ky < kh; ky++) {
                int dy = ky * s.dilationH() - s.padTop();         // input row of output row 0
                for (int kx = 0; kx < kw; kx++, i++) {
                    int dx = kx * s.dilationW() - s.padLeft();
                    taps[i] = planeStart(Math.floorMod(dy, 2), Math.floorMod(dx, 2))
                            + (Math.floorDiv(dy, 2) - firstRow) * ow + Math.floorDiv(dx, 2);
                }
            }
            valid = columnMasks(s, ow, lanes, (kx, j) -> 2 * j + kx * s.dilationW() - s.padLeft());
        }

        private int planeStart(int rowParity, int columnParity) {
            return (2 * rowParity + columnParity) * plane + margin;
        }

        @Override
        public int bufferFloats(int rows) {
            return 4 * plane;
        }

        @Override
        public void fill(MemorySegment act, long x, int r0, int r1, float[] buf, float[] row) {
            int w = s.w();
            int count = r1 - r0 + extraRows;
            for (int p = 0; p < 2; p++) {
                int even = planeStart(p, 0);
                int odd = planeStart(p, 1);
                // plane rows [lo, hi) hold input rows; the rest are zero, those below written after the rows'
                // spill
                int lo = Math.clamp(Math.ceilDiv(-p, 2) - r0 - firstRow, 0, count);
                int hi = Math.clamp(Math.ceilDiv(s.h() - p, 2) - r0 - firstRow, lo, count);
                Arrays.fill(buf, even, even + lo * ow, 0f);
                Arrays.fill(buf, odd, odd + lo * ow, 0f);
                SIMD.deinterleaveRows(hi - lo, w, act, (x + (long) (2 * (r0 + firstRow + lo) + p) * w) << 2,
                        8L * w, buf, even + lo * ow, odd + lo * ow, ow);
                Arrays.fill(buf, even + hi * ow, even + count * ow, 0f);
                Arrays.fill(buf, odd + hi * ow, odd + count * ow, 0f);
            }
        }

        @Override
        public void compute(int rows, float[] buf, float[] weights, float[] out) {
            SIMD.depthwiseFlat(rows * ow, ow, buf, taps, s.kw(), valid, weights, out);
        }

        @Override
        public void computeAndStore(int rows, int ow, float[] buf, float[] weights, float bias, Act act, float[] out,
                                    MemorySegment dst, long dstByte) {
            SIMD.depthwiseFlatStore(rows * ow, ow, buf, taps, s.kw(), valid, weights, bias, act, out, dst, dstByte);
        }
    }

    /**
     * Any stride: padded rows, each split by column phase (column mod stride) so that every tap of an output row is
     * a contiguous run: padded row r (row r − padTop of the input), padded column col sit at
     * {@code r * rowStride + (col mod sw) * phaseWidth + col / sw}. Phases are long enough for whole vectors past
     * the last output column. Each row is zeroed before its input goes in, so the padding columns are zero in a
     * buffer that held anything before.
     */
    final class Phases implements DepthwiseInput {
        private final ConvSpec s;
        private final int phaseWidth;
        private final int rowStride;
        private final int[] taps;                                 // of tap (ky, kx) for the first output row

        Phases(ConvSpec s, int lanes) {
            this.s = s;
            int sw = s.strideW();
            int outWidth = GemmDriver.roundUp(s.ow(), lanes);     // the kernel's whole vectors of a row
            int paddedWidth = s.padLeft() + s.w() + s.padRight();
            phaseWidth = Math.max(GemmDriver.ceilDiv(paddedWidth, sw), (s.kw() - 1) * s.dilationW() / sw + outWidth);
            rowStride = sw * phaseWidth;
            taps = new int[s.kh() * s.kw()];
            for (int ky = 0, i = 0; ky < s.kh(); ky++) {
                for (int kx = 0; kx < s.kw(); kx++, i++) {
                    taps[i] = offset(ky * s.dilationH(), kx * s.dilationW());
                }
            }
        }

        @Override
        public int bufferFloats(int rows) {
            // room past the end for whole-vector (masked) stores
            return ((rows - 1) * s.strideH() + (s.kh() - 1) * s.dilationH() + 1) * rowStride + SIMD.lanes();
        }

        private int offset(int paddedRow, int paddedCol) {
            return paddedRow * rowStride + paddedCol % s.strideW() * phaseWidth + paddedCol / s.strideW();
        }

        /**
         * Each row comes straight from the arena, split into its phases on the way for stride 2 (a bulk copy into
         * the heap first, then the split, cost a stride-2 layer more than its arithmetic).
         */
        @Override
        public void fill(MemorySegment act, long x, int r0, int r1, float[] buf, float[] row) {
            int first = r0 * s.strideH() - s.padTop();            // input row of padded row 0
            int count = (r1 - 1 - r0) * s.strideH() + (s.kh() - 1) * s.dilationH() + 1;
            int w = s.w();
            int sw = s.strideW();
            int pl = s.padLeft();
            for (int r = 0; r < count; r++) {
                int iy = first + r;
                int base = r * rowStride;
                long at = (x + (long) iy * w) << 2;
                Arrays.fill(buf, base, base + rowStride, 0f);
                if (iy < 0 || iy >= s.h()) {
                    continue;
                }
                if (sw == 1) {
                    SIMD.load(w, act, at, buf, base + pl);
                } else if (sw == 2) {
                    SIMD.deinterleave(w, act, at, buf, base + offset(0, pl), base + offset(0, pl + 1));
                } else {
                    SIMD.load(w, act, at, row, 0);
                    for (int p = 0; p < sw; p++) {              // phase p: padded columns col ≡ p (mod sw)
                        int ix = Math.floorMod(p - pl, sw);
                        if (ix < w) {
                            SIMD.gather((w - 1 - ix) / sw + 1, row, ix, sw, buf, base + offset(0, ix + pl));
                        }
                    }
                }
            }
        }

        @Override
        public void compute(int rows, float[] buf, float[] weights, float[] out) {
            SIMD.depthwiseRows(rows, s.strideH() * rowStride, s.ow(), buf, taps, weights, out);
        }
    }
}
