package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * ONNX Conv (2-D, NCHW) with bias, a fused residual (an Add of a tensor shaped as the output, before the
 * activation) and fused activation, computing any box of output channels x output rows in place. Three algorithms,
 * chosen by the spec: depthwise (direct, one filter per channel), pointwise (a plain GEMM
 * per image and group), and implicit GEMM for everything else (im2col done while packing B panels, never
 * materialised).
 */
public final class Conv2d {
    private Conv2d() {}

    private static final Simd SIMD = Simd.INSTANCE;

    /**
     * Writes output channels {@code [ocBegin, ocEnd)} x output rows {@code [rowBegin, rowEnd)} of every image, and
     * nothing else. X and Y are in {@code act}, weights (oc x c/groups x kh x kw) and bias (oc) in {@code wts};
     * offsets are in float elements; {@code bOff < 0} means no bias.
     */
    public static void run(ConvSpec s, MemorySegment act, long xOff, MemorySegment wts, long wOff, long bOff,
                           long yOff, int ocBegin, int ocEnd, int rowBegin, int rowEnd, Parallel pool) {
        run(s, act, xOff, wts, wOff, bOff, yOff, ocBegin, ocEnd, rowBegin, rowEnd, WeightPacks.NONE, pool);
    }

    /** As above, with the filters packed once in {@code packs} (the plan's) and read from there in later runs. */
    public static void run(ConvSpec s, MemorySegment act, long xOff, MemorySegment wts, long wOff, long bOff,
                           long yOff, int ocBegin, int ocEnd, int rowBegin, int rowEnd, WeightPacks packs,
                           Parallel pool) {
        run(s, act, xOff, wts, wOff, bOff, null, 0, yOff, ocBegin, ocEnd, rowBegin, rowEnd, packs, pool);
    }

    /**
     * As above, with {@code act(conv + bias + residual)} stored, the residual laid out as the output from element
     * {@code resOff} of {@code res} (the arena or the weights); {@code res} null for none. Y may be the residual
     * itself: each element is read before it is written, by the thread that writes it.
     */
    public static void run(ConvSpec s, MemorySegment act, long xOff, MemorySegment wts, long wOff, long bOff,
                           MemorySegment res, long resOff, long yOff, int ocBegin, int ocEnd, int rowBegin,
                           int rowEnd, WeightPacks packs, Parallel pool) {
        Ranges.check("Conv output channels", ocBegin, ocEnd, s.oc());
        Ranges.check("Conv output rows", rowBegin, rowEnd, s.oh());
        if (ocBegin == ocEnd || rowBegin == rowEnd) {
            return;
        }
        if (s.depthwise()) {
            depthwise(s, act, xOff, wts, wOff, bOff, res, resOff, yOff, ocBegin, ocEnd, rowBegin, rowEnd, pool);
            return;
        }
        PaddedInput padded = s.pointwise() ? null : PaddedInput.of(s, act, xOff, pool);
        for (int g = ocBegin / s.ocg(); g < s.groups() && g * s.ocg() < ocEnd; g++) {
            int m0 = Math.max(ocBegin, g * s.ocg()) - g * s.ocg();
            int m1 = Math.min(ocEnd, (g + 1) * s.ocg()) - g * s.ocg();
            int k = s.cg() * s.kh() * s.kw();                    // the filters: ocg rows of k
            long filters = wOff + (long) g * s.ocg() * k;
            Panels packed = packs.get(new WeightPacks.Key(filters, s.ocg(), k, k, 1, GemmDriver.MR),
                    (k0, kl, dst) -> Packing.packA(wts, filters + k0, k, 1, 0, s.ocg(), kl, GemmDriver.MR, dst));
            GemmDriver.run(new ConvJob(s, g, act, xOff, wts, wOff, bOff, res, resOff, yOff, m0, m1, rowBegin, rowEnd,
                    packed, padded), pool);
        }
    }

    /** One group as a GEMM: A = the group's filters (ocg x cg·kh·kw), B = im2col of its input, one batch per image. */
    private static final class ConvJob extends GemmJob {
        private final ConvSpec s;
        private final int group;
        private final MemorySegment act;
        private final long xOff;
        private final MemorySegment wts;
        private final long wOff;
        private final long bOff;
        private final MemorySegment res;
        private final long resOff;
        private final long yOff;
        private final Panels packed;
        private final PaddedInput padded;
        private final float[] clamp;

        ConvJob(ConvSpec s, int group, MemorySegment act, long xOff, MemorySegment wts, long wOff, long bOff,
                MemorySegment res, long resOff, long yOff, int m0, int m1, int rowBegin, int rowEnd, Panels packed,
                PaddedInput padded) {
            super(s.n(), m0, m1, rowBegin * s.ow(), rowEnd * s.ow(), s.cg() * s.kh() * s.kw());
            this.s = s;
            this.group = group;
            this.act = act;
            this.xOff = xOff;
            this.wts = wts;
            this.wOff = wOff;
            this.bOff = bOff;
            this.res = res;
            this.resOff = resOff;
            this.yOff = yOff;
            this.packed = packed;
            this.padded = padded;
            this.clamp = TileStore.clampOf(s.act());
        }

        @Override
        Panels constantA() {
            return packed;
        }

        @Override
        void packA(int batch, int m0, int rows, int k0, int kl, int mr, float[] dst) {
            Packing.packA(wts, wOff + (long) group * s.ocg() * k + k0, k, 1, m0, rows, kl, mr, dst);
        }

        @Override
        void packB(int batch, int n0, int cols, int k0, int kl, int nr, float[] dst) {
            long x = xOff + ((long) batch * s.c() + (long) group * s.cg()) * s.h() * s.w();
            if (s.pointwise()) {
                Packing.packB(act, x + (long) k0 * s.h() * s.w(), (long) s.h() * s.w(), 1, n0, cols, kl, nr, dst);
            } else {
                padded.im2col(batch * s.c() + group * s.cg(), n0, cols, k0, kl, nr, dst);
            }
        }

        @Override
        InPlace inPlaceB(int batch) {
            return s.pointwise() ? new InPlace(act, xOff + ((long) batch * s.c() + (long) group * s.cg()) * s.h()
                    * s.w(), (long) s.h() * s.w()) : null;
        }

        @Override
        boolean tileStore(int batch, int m, int rows, int n, TileStore out) {
            // a residual in Y's own place would be overwritten by the tile before it is added: rows then go through
            // storeRow, which reads each element's residual before writing it
            if (clamp == null || res == act && resOff == yOff) {
                return false;
            }
            int oc = group * s.ocg() + m;
            long plane = (long) s.oh() * s.ow();
            out.y = act;
            out.yByte = (yOff + ((long) batch * s.oc() + oc) * plane + n) << 2;
            out.ldyByte = plane << 2;
            out.res = res;
            out.resByte = (resOff + ((long) batch * s.oc() + oc) * plane + n) << 2;
            out.resLo = clamp[0];
            out.resHi = clamp[1];
            out.rows = rows;
            for (int r = 0; r < rows; r++) {
                out.bias[r] = bOff < 0 ? 0f : Mem.get(wts, bOff + oc + r);
            }
            out.lo = res == null ? clamp[0] : Float.NEGATIVE_INFINITY;   // with a residual, clamped after it
            out.hi = res == null ? clamp[1] : Float.POSITIVE_INFINITY;
            return true;
        }

        @Override
        void storeRow(int batch, int m, int n0, int cols, float[] sum, int off) {
            int oc = group * s.ocg() + m;
            float bias = bOff < 0 ? 0f : Mem.get(wts, bOff + oc);
            long at = ((long) batch * s.oc() + oc) * s.oh() * s.ow() + n0;
            SIMD.storeRow(cols, sum, off, 1f, bias, res, (resOff + at) << 2, 1f, s.act(), act, (yOff + at) << 2);
        }
    }

    /**
     * The input of a convolution copied once per run into zero-padded planes on the heap, so that packing the im2col
     * panels is plain array copies: reading the arena a few floats at a time, with a bounds and liveness check per
     * read and the padding worked out per run, made im2col 30% of SqueezeNet's CPU time. Plane {@code p} (image x
     * channel) holds padded row r, column col at {@code p * planeSize + r * width + col}; the planes are rebuilt by
     * every run (the input changes), in a buffer the calling thread keeps.
     */
    static final class PaddedInput {
        private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[0]);

        private final ConvSpec s;
        private final float[] data;
        private final int width;
        private final int planeSize;

        private PaddedInput(ConvSpec s) {
            this.s = s;
            this.width = s.padLeft() + s.w() + s.padRight();
            this.planeSize = (s.padTop() + s.h() + s.padBottom()) * width;
            float[] buffer = BUFFER.get();
            if (buffer.length < (long) s.n() * s.c() * planeSize) {
                buffer = new float[Math.multiplyExact(s.n() * s.c(), planeSize)];
                BUFFER.set(buffer);
            }
            this.data = buffer;
        }

        static PaddedInput of(ConvSpec s, MemorySegment act, long xOff, Parallel pool) {
            PaddedInput padded = new PaddedInput(s);
            padded.fill(act, xOff, pool);
            return padded;
        }

        private void fill(MemorySegment act, long xOff, Parallel pool) {
            pool.parallelFor(s.n() * s.c(), Math.max(1, 16 * 1024 / planeSize), (p0, p1) -> {
                for (int p = p0; p < p1; p++) {
                    int base = p * planeSize;
                    // the padding: top and bottom rows whole, the left and right columns of the rows between
                    Arrays.fill(data, base, base + s.padTop() * width, 0f);
                    Arrays.fill(data, base + (s.padTop() + s.h()) * width, base + planeSize, 0f);
                    for (int y = 0; y < s.h(); y++) {
                        int row = base + (s.padTop() + y) * width;
                        Arrays.fill(data, row, row + s.padLeft(), 0f);
                        Arrays.fill(data, row + s.padLeft() + s.w(), row + width, 0f);
                    }
                    long from = (xOff + (long) p * s.h() * s.w()) << 2;
                    if (s.padLeft() == 0 && s.padRight() == 0) {
                        MemorySegment.copy(act, F, from, data, base + s.padTop() * width, s.h() * s.w());
                    } else {
                        for (int y = 0; y < s.h(); y++) {
                            MemorySegment.copy(act, F, from + 4L * y * s.w(), data,
                                    base + (s.padTop() + y) * width + s.padLeft(), s.w());
                        }
                    }
                }
            });
        }

        /**
         * Packs rows {@code [k0, k0 + kl)} x output pixels {@code [n0, n0 + cols)} of the im2col matrix (row
         * (channel · kh + ky) · kw + kx, column oy·ow + ox) of the channels from plane {@code firstPlane}. Within one
         * output row the pixels of a panel read one run of a padded row, stepping by the stride.
         */
        void im2col(int firstPlane, int n0, int cols, int k0, int kl, int nr, float[] dst) {
            // One im2col row at a time over every panel, the pixel's place tracked as it moves: the divisions that
            // locate a row and a pixel, once per run, cost more than a stride-2 run's gather (the stem: 27 rows of
            // at most 32 floats per panel).
            int taps = s.kh() * s.kw();
            int sw = s.strideW();
            int ow = s.ow();
            int oy0 = n0 / ow;
            int ox0 = n0 - oy0 * ow;
            int rowStep = s.strideH() * width;
            for (int kk = 0; kk < kl; kk++) {
                int r = k0 + kk;                            // r = (channel * kh + ky) * kw + kx
                int tap = r % taps;
                int at = (firstPlane + r / taps) * planeSize + tap / s.kw() * s.dilationH() * width
                        + tap % s.kw() * s.dilationW() + oy0 * rowStep + ox0 * sw;
                int ox = ox0;
                for (int p = 0, o = kk * nr; p < cols; p += nr, o += kl * nr) {
                    int wd = Math.min(nr, cols - p);
                    for (int j = 0; j < wd; ) {
                        int len = Math.min(wd - j, ow - ox);
                        if (sw == 1) {
                            System.arraycopy(data, at, dst, o + j, len);
                        } else {
                            SIMD.gather(len, data, at, sw, dst, o + j);
                        }
                        j += len;
                        ox += len;
                        at += len * sw;
                        if (ox == ow) {                     // on to the next output row
                            ox = 0;
                            at += rowStep - ow * sw;
                        }
                    }
                    if (wd < nr) {
                        Arrays.fill(dst, o + wd, o + nr, 0f);
                    }
                }
            }
        }
    }

    /**
     * A thread's buffers for {@link #depthwise}, kept from call to call: fresh ones per task were 1.7 MB of zeroed
     * allocation per MobileNetV2 run. Their contents are stale between calls; each layout writes what it reads.
     */
    private static final class DepthwiseScratch {
        float[] out = new float[0];
        float[] buf = new float[0];
        float[] weights = new float[0];
        float[] row = new float[0];
    }

    private static final ThreadLocal<DepthwiseScratch> DEPTHWISE_SCRATCH = ThreadLocal.withInitial(DepthwiseScratch::new);

    /** Output rows at least this wide take {@link DepthwiseInput.ParityPlanes} for stride 2 (a probe's switch). */
    static final int PARITY_MIN_WIDTH = Integer.getInteger("cgc.depthwise.parity-min-width", 2 * SIMD.lanes());

    /** Depthwise outputs finished in registers and stored straight into the arena (a probe's switch). */
    static final boolean DIRECT_STORE = Boolean.parseBoolean(System.getProperty("cgc.depthwise.direct-store", "true"));

    private static float[] grown(float[] a, int size) {
        return a.length >= size ? a : new float[size];
    }

    /**
     * One filter per channel, direct. Each task copies the input rows its output rows need from the arena into a
     * heap buffer laid out so that every tap of every output is a contiguous run ({@link DepthwiseInput}), computes
     * those outputs with each run of them kept in a register across all kh·kw taps, and stores them with bias and
     * activation in one call (the rows of a plane are contiguous in y).
     */
    private static void depthwise(ConvSpec s, MemorySegment act, long xOff, MemorySegment wts, long wOff,
                                  long bOff, MemorySegment res, long resOff, long yOff, int cBegin, int cEnd,
                                  int rowBegin, int rowEnd, Parallel pool) {
        int planes = s.n() * (cEnd - cBegin);
        int rows = rowEnd - rowBegin;
        // Split rows too when there are fewer planes than blocks wanted (several per thread, for balance).
        int rowBlocks = Math.min(rows, Math.max(1, GemmDriver.ceilDiv(GemmDriver.TASKS_PER_THREAD * pool.threads(),
                planes)));
        long macs = (long) planes * rows * s.ow() * s.kh() * s.kw();
        int grain = macs < 32 * 1024 ? planes * rowBlocks : 1;
        int blockRows = GemmDriver.ceilDiv(rows, rowBlocks);
        DepthwiseInput layout = DepthwiseInput.Flat.fits(s) ? new DepthwiseInput.Flat(s, SIMD.lanes())
                : DepthwiseInput.ParityPlanes.fits(s) && s.ow() >= PARITY_MIN_WIDTH
                ? new DepthwiseInput.ParityPlanes(s, SIMD.lanes(), blockRows)
                : DepthwiseInput.ColumnPhasesFlat.fits(s)
                ? new DepthwiseInput.ColumnPhasesFlat(s, SIMD.lanes(), blockRows)
                : new DepthwiseInput.Phases(s, SIMD.lanes());
        int taps = s.kh() * s.kw();
        int channels = cEnd - cBegin;
        int[] rowStart = new int[rowBlocks + 1];
        for (int b = 0; b <= rowBlocks; b++) {
            rowStart[b] = rowBegin + (int) ((long) rows * b / rowBlocks);
        }
        pool.parallelFor(planes * rowBlocks, grain, (t0, t1) -> {
            DepthwiseScratch scratch = DEPTHWISE_SCRATCH.get();
            float[] out = scratch.out = grown(scratch.out, layout.outFloats(blockRows, s.ow()));
            float[] buf = scratch.buf = grown(scratch.buf, layout.bufferFloats(blockRows));
            float[] weights = scratch.weights = grown(scratch.weights, taps + SIMD.lanes());  // whole-vector load
            float[] row = scratch.row = grown(scratch.row, s.w());
            // the task's plane and row block stepped, not divided, from task to task: a small plane's (7x7) whole
            // computation is a few vectors, next to which six divisions per task showed
            int block = t0 % rowBlocks;
            int img = t0 / rowBlocks / channels;
            int c = cBegin + t0 / rowBlocks % channels;
            for (int t = t0; t < t1; t++) {
                int r0 = rowStart[block];
                int r1 = rowStart[block + 1];
                if (r0 < r1) {
                    long x = xOff + ((long) img * s.c() + c) * s.h() * s.w();
                    SIMD.load(taps, wts, (wOff + (long) c * taps) << 2, weights, 0);
                    float bias = bOff < 0 ? 0f : Mem.get(wts, bOff + c);
                    long at = ((long) img * s.oc() + c) * s.oh() * s.ow() + (long) r0 * s.ow();
                    if (res == null && DIRECT_STORE) {
                        layout.fillComputeAndStore(act, x, r0, r1, buf, row, s.ow(), weights, bias, s.act(), out, act,
                                (yOff + at) << 2);
                    } else {
                        layout.fill(act, x, r0, r1, buf, row);
                        layout.compute(r1 - r0, buf, weights, out);
                        SIMD.storeRow((r1 - r0) * s.ow(), out, 0, 1f, bias, res, (resOff + at) << 2, 1f, s.act(),
                                act, (yOff + at) << 2);
                    }
                }
                if (++block == rowBlocks) {
                    block = 0;
                    if (++c == cEnd) {
                        c = cBegin;
                        img++;
                    }
                }
            }
        });
    }
}
