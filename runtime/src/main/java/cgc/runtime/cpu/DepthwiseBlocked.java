package cgc.runtime.cpu;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A 3x3 depthwise conv on blocks of B channels (B = {@link Simd#channelBlock()}, 16 floats: a whole AVX-512 vector).
 * Each task takes B channels x a block of output rows: it transposes their input rows into a heap buffer of pixels
 * of B channels, padding columns and rows written in as zeros, so that every tap of B outputs is one load of B floats
 * at a multiple of B floats, with no mask; computes; transposes the outputs back into planes and stores them as
 * {@link Conv2d}'s per-plane path does (bias, residual, activation).
 *
 * <p>It gives the same bits as the per-plane layouts {@link DepthwiseInput.Flat} and
 * {@link DepthwiseInput.ColumnPhasesFlat} (the same order of sums), for the convs those take, so a layer may run
 * either. Which is faster depends on the machine (measured: the two transposes cost as much as the arithmetic; on
 * Intel cores, where the per-plane kernel's unaligned, masked loads are slow, blocks win up to 1.9x on 112² stride 2,
 * on Zen 4 they lose 0.7x on the large stride-1 planes), so {@link Conv2d} races them on each layer's first calls.
 */
final class DepthwiseBlocked {
    private static final Simd SIMD = Simd.INSTANCE;
    /** Bytes of transposed input a task works on: its rows stay in L2 between the taps of neighbouring outputs. */
    private static final int BUFFER_BYTES = 64 * 1024;

    private DepthwiseBlocked() {}

    /** Whether this path takes the conv for channels [cBegin, cEnd), giving the per-plane path's bits. */
    static boolean fits(ConvSpec s, int cBegin, int cEnd) {
        int b = SIMD.channelBlock();
        return b > 0 && s.kh() == 3 && s.kw() == 3 && s.dilationH() == 1 && s.dilationW() == 1
                && (cEnd - cBegin) % b == 0
                && (DepthwiseInput.Flat.fits(s) || DepthwiseInput.ColumnPhasesFlat.fits(s));
    }

    /** A thread's buffers, kept from call to call; each task writes what it reads. */
    private static final class Scratch {
        float[] raw = new float[0];
        float[] in = new float[0];
        float[] out = new float[0];
        float[] planes = new float[0];
        float[] weights = new float[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static float[] grown(float[] a, int size) {
        return a.length >= size ? a : new float[size];
    }

    /** As {@link Conv2d#run}'s depthwise case, for a conv that {@link #fits}. */
    static void run(ConvSpec s, MemorySegment act, long xOff, MemorySegment wts, long wOff, long bOff,
                    MemorySegment res, long resOff, long yOff, int cBegin, int cEnd, int rowBegin, int rowEnd,
                    Parallel pool) {
        int b = SIMD.channelBlock();
        int h = s.h();
        int w = s.w();
        int sh = s.strideH();
        int ow = s.ow();
        int pw = s.padLeft() + w + s.padRight();                 // a padded row, in pixels
        int chanBlocks = (cEnd - cBegin) / b;
        int blocks = s.n() * chanBlocks;
        int rows = rowEnd - rowBegin;
        int rowsByBuffer = Math.max(1, (BUFFER_BYTES / (4 * pw * b) - 2) / sh);
        int rowBlocks = Math.max(GemmDriver.ceilDiv(rows, rowsByBuffer),
                Math.min(rows, GemmDriver.ceilDiv(GemmDriver.TASKS_PER_THREAD * pool.threads(), blocks)));
        int blockRows = GemmDriver.ceilDiv(rows, rowBlocks);
        int inRows = (blockRows - 1) * sh + 3;
        int rawStride = inRows * w + b;                           // room for the last, partial block of pixels
        int planeStride = blockRows * ow + b;
        int[] pixelAt = new int[inRows * w];                      // input pixel p of the block's rows, transposed
        for (int p = 0; p < pixelAt.length; p++) {
            pixelAt[p] = ((p / w) * pw + s.padLeft() + p % w) * b;
        }
        int[] planeAt = new int[b];
        for (int j = 0; j < b; j++) {
            planeAt[j] = j * planeStride;
        }
        pool.parallelFor(blocks * rowBlocks, 1, (t0, t1) -> {
            Scratch scratch = SCRATCH.get();
            float[] raw = scratch.raw = grown(scratch.raw, b * rawStride);
            float[] in = scratch.in = grown(scratch.in, inRows * pw * b);
            float[] out = scratch.out = grown(scratch.out, planeStride * b);
            float[] planes = scratch.planes = grown(scratch.planes, b * planeStride);
            float[] weights = scratch.weights = grown(scratch.weights, 9 * b);
            for (int t = t0; t < t1; t++) {
                int block = t / rowBlocks;
                int img = block / chanBlocks;
                int c0 = cBegin + block % chanBlocks * b;
                int rb = t % rowBlocks;
                int r0 = rowBegin + (int) ((long) rows * rb / rowBlocks);
                int r1 = rowBegin + (int) ((long) rows * (rb + 1) / rowBlocks);
                if (r0 == r1) {
                    continue;
                }
                fill(s, act, xOff + ((long) img * s.c() + c0) * h * w, r0, r1, pw, raw, rawStride, pixelAt, in);
                for (int tap = 0; tap < 9; tap++) {
                    for (int j = 0; j < b; j++) {
                        weights[tap * b + j] = Mem.get(wts, wOff + (long) (c0 + j) * 9 + tap);
                    }
                }
                int n = (r1 - r0) * ow;
                SIMD.depthwiseBlocked3x3(r1 - r0, ow, sh, s.strideW(), pw, in, weights, out);
                SIMD.transposeBlocks(n, MemorySegment.ofArray(out), 0, 4L * b, 4L * b, planes, 0, planeAt, 0, 1, b);
                for (int j = 0; j < b; j++) {
                    int c = c0 + j;
                    float bias = bOff < 0 ? 0f : Mem.get(wts, bOff + c);
                    long at = ((long) img * s.oc() + c) * s.oh() * ow + (long) r0 * ow;
                    SIMD.storeRow(n, planes, j * planeStride, 1f, bias, res, (resOff + at) << 2, 1f, s.act(), act,
                            (yOff + at) << 2);
                }
            }
        });
    }

    /**
     * The input rows output rows [r0, r1) read, of the B planes from element {@code x}, into {@code in} as padded
     * rows of pixels of B channels, transposed B pixels at a time straight from the arena; only where the last
     * block of pixels would read past the arena's end are the rows copied into {@code raw} first.
     */
    private static void fill(ConvSpec s, MemorySegment act, long x, int r0, int r1, int pw, float[] raw,
                             int rawStride, int[] pixelAt, float[] in) {
        int b = SIMD.channelBlock();
        int h = s.h();
        int w = s.w();
        int row = pw * b;
        int first = r0 * s.strideH() - s.padTop();              // input row of padded row 0
        int count = (r1 - r0 - 1) * s.strideH() + 3;
        int lo = Math.max(0, first);
        int hi = Math.min(h, first + count);
        Arrays.fill(in, 0, Math.max(0, lo - first) * row, 0f);
        Arrays.fill(in, Math.max(0, hi - first) * row, count * row, 0f);
        for (int r = lo - first; r < hi - first; r++) {
            Arrays.fill(in, r * row, r * row + s.padLeft() * b, 0f);
            Arrays.fill(in, r * row + (s.padLeft() + w) * b, (r + 1) * row, 0f);
        }
        if (hi <= lo) {
            return;
        }
        int n = (hi - lo) * w;
        long plane = 4L * h * w;
        long start = (x + (long) lo * w) << 2;
        int dstOff = (lo - first) * row;
        if (start + (b - 1) * plane + 4L * GemmDriver.roundUp(n, b) <= act.byteSize()) {
            SIMD.transposeBlocks(n, act, start, 4, plane, in, dstOff, pixelAt, 1, 0, n);
            return;
        }
        for (int j = 0; j < b; j++) {
            SIMD.load(n, act, start + j * plane, raw, j * rawStride);
        }
        SIMD.transposeBlocks(n, MemorySegment.ofArray(raw), 0, 4, 4L * rawStride, in, dstOff, pixelAt, 1, 0, n);
    }
}
