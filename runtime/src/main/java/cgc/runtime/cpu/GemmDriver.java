package cgc.runtime.cpu;

/**
 * The blocked, parallel GEMM loop nest shared by every matrix product and convolution.
 *
 * <p>The output range of every batch is cut into blocks of {@code mc x nc}; each block is one task of the
 * {@link Parallel} loop. A task packs its A block (mc x k) and B block (k x nc) into per-thread scratch, then runs the
 * {@link Simd#microKernel} over every mr x nr tile, B panel outer so that one k x nr panel stays in L1/L2 while the A
 * block streams past it (row block outer where the output's rows lie far apart: {@link #rowsOuter}), k in blocks of
 * at most {@link #KC}.
 */
final class GemmDriver {
    private GemmDriver() {}

    static final Simd SIMD = Simd.INSTANCE;
    static final int MR = SIMD.mr();
    static final int NR = SIMD.nr();
    /** A block of up to 512 KiB stays in L2 while B panels stream past; one block per M keeps B packed once. */
    private static final int A_BLOCK_FLOATS = 128 * 1024;
    private static final int NC_MAX = 384;
    private static final int B_BLOCK_FLOATS = 256 * 1024;
    /** Below this many multiply-adds a product runs on the calling thread. */
    private static final long SERIAL_MACS = 64 * 1024;

    /**
     * Blocks per thread at least, where the output allows: the last round of a loop leaves threads idle for up to a
     * block's time, so more, smaller blocks balance better; each block packs its own B columns either way. A switch
     * ({@code -Dcgc.cpu.tasks-per-thread}) for measuring it (bench/NOTES.md).
     */
    static final int TASKS_PER_THREAD = Math.max(1, Integer.getInteger("cgc.cpu.tasks-per-thread", 2));

    /** Depth of one k block: a k x nr panel of B (32 KiB with 16-float vectors) stays in L1. */
    static final int KC = 256;
    static final boolean IN_PLACE_B = Boolean.parseBoolean(System.getProperty("cgc.gemm.in-place-b", "true"));

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        float[] a = new float[0];
        float[] b = new float[0];
        float[] c = new float[0];
        final TileStore tile = new TileStore();
        int packedBatch = -1;
        int packedM = -1;
        GemmJob packedJob;
        // the last, partial tile of in-place B, packed for the whole k once per thread and product: the tasks of a
        // thin product (a 7x7 layer's 49 columns, one column block) all need it. Kept across chunks (a job is made
        // per call, so the identity test never matches a later call)
        float[] tail = new float[0];
        GemmJob tailJob;
        int tailBatch = -1;
        int tailN = -1;
    }

    static void run(GemmJob job, Parallel pool) {
        int m = job.mEnd - job.mBegin;
        int n = job.nEnd - job.nBegin;
        if (m <= 0 || n <= 0 || job.batches <= 0) {
            return;
        }
        int k = job.k;
        int kc = kc(k);
        int nc = balanced(n, Math.max(NR, Math.min(NC_MAX, B_BLOCK_FLOATS / Math.max(1, kc)) / NR * NR), NR);
        int mc = balanced(m, Math.max(MR, A_BLOCK_FLOATS / Math.max(1, kc) / MR * MR), MR);
        long macs = (long) job.batches * m * n * Math.max(1, k);
        int threads = macs < SERIAL_MACS ? 1 : pool.threads();
        // Enough blocks for every thread (several each, for balance), but no smaller than one register tile.
        while ((long) job.batches * ceilDiv(m, mc) * ceilDiv(n, nc) < (long) TASKS_PER_THREAD * threads
                && (nc > NR || mc > MR)) {
            if (nc > NR && (nc >= 4 * mc || mc == MR)) {
                nc = roundUp(nc / 2, NR);
            } else {
                mc = roundUp(mc / 2, MR);
            }
        }
        int mBlocks = ceilDiv(m, mc);
        int nBlocks = ceilDiv(n, nc);
        int tasks = job.batches * mBlocks * nBlocks;
        int aFloats = roundUp(mc, MR) * kc;
        int bFloats = roundUp(nc, NR) * kc;
        int cFloats = roundUp(mc, MR) * roundUp(nc, NR);
        int mcF = mc;
        int ncF = nc;
        Panels constA = job.constantA();
        Panels constB = job.constantB() != null ? job.constantB()
                : mBlocks > 1 && threads > 1 && SHARED_B ? sharedB(job, kc, pool) : null;
        Parallel.Body body = (t0, t1) -> {
            Scratch s = SCRATCH.get();
            if (s.a.length < aFloats) {
                s.a = new float[aFloats];
            }
            if (s.b.length < bFloats) {
                s.b = new float[bFloats];
            }
            if (s.c.length < cFloats) {
                s.c = new float[cFloats];
            }
            s.packedJob = null;
            for (int t = t0; t < t1; t++) {
                int batch = t / (mBlocks * nBlocks);
                int rest = t % (mBlocks * nBlocks);
                int m0 = job.mBegin + rest / nBlocks * mcF;
                int n0 = job.nBegin + rest % nBlocks * ncF;
                block(job, s, batch, m0, Math.min(mcF, job.mEnd - m0), n0, Math.min(ncF, job.nEnd - n0), kc,
                        constA, constB);
            }
            s.packedJob = null;
        };
        if (threads == 1) {
            body.run(0, tasks);
        } else {
            pool.parallelFor(tasks, body);
        }
    }

    /**
     * B packed once for every block of rows, by all threads together, where the blocks would otherwise each pack the
     * same panels again: a product of few columns cut into blocks of rows (a 3x3 conv at 13x13, 64 → 256 channels:
     * 32 blocks of 8 rows at 16 threads, each packing all 576 x 169 of its im2col; 4.4x ONNX Runtime's time). Null
     * where it does not apply: several batches, B read in place, or columns not starting at a panel.
     */
    private static Panels sharedB(GemmJob job, int kc, Parallel pool) {
        if (job.batches != 1 || job.nBegin % NR != 0 || (IN_PLACE_B && job.inPlaceB(0) != null)) {
            return null;
        }
        int k = job.k;
        int padded = roundUp(job.nEnd, NR);                      // panels from column 0, filled from nBegin
        long floats = (long) padded * Math.max(1, k);
        if (floats > Integer.MAX_VALUE - 8) {
            return null;
        }
        float[] data = SHARED_B_BUFFER.get();
        if (data.length < floats) {
            data = new float[(int) floats];
            SHARED_B_BUFFER.set(data);
        }
        float[] shared = data;
        int first = job.nBegin / NR;
        int panels = ceilDiv(job.nEnd, NR) - first;
        int kBlocks = Math.max(1, ceilDiv(k, kc));
        pool.parallelFor(kBlocks * panels, (t0, t1) -> {
            Scratch s = SCRATCH.get();
            if (s.b.length < NR * kc) {
                s.b = new float[NR * kc];
            }
            for (int t = t0; t < t1; t++) {
                int k0 = t / panels * kc;
                int kl = Math.min(kc, k - k0);
                int n0 = (first + t % panels) * NR;
                job.packB(0, n0, Math.min(NR, job.nEnd - n0), k0, kl, NR, s.b);
                System.arraycopy(s.b, 0, shared, k0 * padded + n0 * kl, NR * kl);
            }
        });
        return new Panels(shared, job.nEnd, k, kc, NR);
    }

    /** The calling thread's buffer for {@link #sharedB}: reused by its next product. */
    private static final ThreadLocal<float[]> SHARED_B_BUFFER = ThreadLocal.withInitial(() -> new float[0]);
    static final boolean SHARED_B = Boolean.parseBoolean(System.getProperty("cgc.gemm.shared-b", "true"));

    /** Products with at most this many rows in all skip the blocked loop nest: see {@link #runFewRows}. */
    static final int FEW_ROWS = 2;
    private static final int FEW_ROWS_COLS = 512;

    /**
     * Whether a product of few rows reads a constant B from its packed panels ({@link GemmJob#constantB}), so that the
     * callers pack it: in place, a matrix-vector product's B is read a run of columns per row, each row a page or
     * more from the last (a 1x4096 · 4096x4096 layer: 16 KiB), which the hardware prefetchers do not follow; the
     * panels are one contiguous run per column block. {@code -Dcgc.gemm.few-rows-panels=false} reads B in place.
     */
    static final boolean FEW_ROWS_PANELS = Boolean.parseBoolean(System.getProperty("cgc.gemm.few-rows-panels", "true"));

    /**
     * Whether a product of m rows reads a constant B packed: every product of more than {@link #FEW_ROWS}, and one of
     * few rows too unless {@code -Dcgc.gemm.few-rows-panels=false}. A Gemm's transposed B is packed as well, though its
     * columns are contiguous runs already: read in place, by dot products, a classifier's 1x1280 · 1280x1000 took 4.2–4.9x
     * its warm time alone in MobileNetV2 (its 5 MB cold each run), packed 1.6–1.8x (bench/NOTES.md). Packed and in place add in
     * different orders, so a layer's parts match its whole for the same choice, which the plan makes once per layer.
     */
    static boolean packsConstantB(int m) {
        return m > FEW_ROWS || m > 0 && FEW_ROWS_PANELS;
    }

    /**
     * The product for a matrix with very few rows (a matrix-vector product, really), where packing B per run would
     * cost more than the product: B is read once per row, from its panels where it was packed once ({@link
     * Simd#panelAxpy}), else straight from memory by axpys along its rows when they are contiguous (the same fma order
     * as the micro-kernel), else by dot products along its columns. Callers choose this path from the whole problem's
     * size, never from the range, so parts stay bit-identical to the whole.
     */
    static void runFewRows(GemmJob job, Parallel pool) {
        int m = job.mEnd - job.mBegin;
        int n = job.nEnd - job.nBegin;
        if (m <= 0 || n <= 0 || job.batches <= 0) {
            return;
        }
        int k = job.k;
        long macs = (long) job.batches * m * n * Math.max(1, k);
        Panels panels = job.constantB();
        // columns in blocks small enough for every thread to get two (a 1x784 . 784x512 layer is one block of 512
        // otherwise, on one thread), but no smaller than 16 columns, or one panel (NR) where B is packed: each
        // column's sum is the same whatever the blocking
        int unit = panels != null ? NR : 16;
        int threads = macs < SERIAL_MACS ? 1 : pool.threads();
        int cols0 = Math.min(FEW_ROWS_COLS, Math.max(unit, roundUp(ceilDiv(n, 2 * threads), unit)));
        int nBlocks = ceilDiv(n, cols0);
        int tasks = job.batches * m * nBlocks;
        pool.parallelFor(tasks, threads == 1 ? tasks : 1, (t0, t1) -> {
            float[] acc = new float[cols0 + unit];                // with panels, room for a block starting mid-panel
            float[] aRow = new float[k];
            for (int t = t0; t < t1; t++) {
                int batch = t / (m * nBlocks);
                int row = job.mBegin + t / nBlocks % m;
                int n0 = job.nBegin + t % nBlocks * cols0;
                int cols = Math.min(cols0, job.nEnd - n0);
                GemmJob.Strided s = job.strided(batch);
                for (int kk = 0; kk < k; kk++) {
                    aRow[kk] = Mem.get(s.a(), s.aOff() + row * s.aRow() + kk * s.aCol());
                }
                if (panels != null) {
                    // the whole panels over [n0, n0 + cols) (zero past the last column), from the one holding n0: a
                    // part of a split may start mid-panel, and must add up its columns as the whole does
                    int first = n0 / NR * NR, skip = n0 - first;
                    java.util.Arrays.fill(acc, 0f);
                    int count = ceilDiv(skip + cols, NR);
                    for (int k0 = 0; k0 < k; k0 += panels.kc()) {
                        int kl = Math.min(panels.kc(), k - k0);    // a k block's panels lie kl * NR apart
                        SIMD.panelAxpy(count, kl, aRow, k0, panels.data(), panels.offset(first, k0), kl * NR, acc, 0);
                    }
                    job.storeRow(batch, row, n0, cols, acc, skip);
                    continue;
                }
                if (s.bCol() == 1) {
                    java.util.Arrays.fill(acc, 0, cols, 0f);
                    for (int kk = 0; kk < k; kk++) {
                        SIMD.axpy(cols, aRow[kk], s.b(), (s.bOff() + kk * s.bRow() + n0) << 2, acc, 0);
                    }
                } else {
                    for (int j = 0; j < cols; j++) {
                        acc[j] = SIMD.dot(k, aRow, s.b(), s.bOff() + (n0 + j) * s.bCol(), s.bRow());
                    }
                }
                job.storeRow(batch, row, n0, cols, acc, 0);
            }
        });
    }

    /**
     * One block: for each k block, pack A and B (or read them in place where they were packed once), then accumulate
     * every register tile into the block's C scratch (row stride ldc); finally store its rows. Each element is one
     * fma chain over k in order, whatever the blocking, so every partition of the output gives the same bits.
     */
    private static void block(GemmJob job, Scratch s, int batch, int m0, int rows, int n0, int cols, int kc,
                              Panels constA, Panels constB) {
        int k = job.k;
        GemmJob.InPlace inPlace = IN_PLACE_B ? job.inPlaceB(batch) : null;
        int stored = 0;                                           // leading columns the micro-kernel stored
        int ldc = roundUp(cols, NR);
        for (int k0 = 0; k0 < k || k0 == 0; k0 += kc) {
            int kl = Math.min(kc, k - k0);
            boolean single = kl == k;
            float[] a = s.a;
            int aAt = 0;
            if (constA != null && constA.covers(m0)) {
                a = constA.data();
                aAt = constA.offset(m0, k0);
            } else if (!single || s.packedJob != job || s.packedBatch != batch || s.packedM != m0) {
                job.packA(batch, m0, rows, k0, kl, MR, s.a);
                s.packedJob = single ? job : null;
                s.packedBatch = batch;
                s.packedM = m0;
            }
            float[] b = s.b;
            int bAt = 0;
            // whole tiles of B read in place where it has contiguous rows; only a last, partial tile is packed
            int inPlaceCols = inPlace == null ? 0 : cols / NR * NR;
            if (constB != null && constB.covers(n0)) {
                b = constB.data();
                bAt = constB.offset(n0, k0);
            } else if (inPlace == null) {
                job.packB(batch, n0, cols, k0, kl, NR, s.b);
            } else if (inPlaceCols < cols) {
                int tailN = n0 + inPlaceCols;
                if (s.tailJob != job || s.tailBatch != batch || s.tailN != tailN) {
                    if (s.tail.length < Math.max(1, k) * NR) {
                        s.tail = new float[Math.max(1, k) * NR];
                    }
                    job.packB(batch, tailN, cols - inPlaceCols, 0, k, NR, s.tail);
                    s.tailJob = job;
                    s.tailBatch = batch;
                    s.tailN = tailN;
                }
                b = s.tail;
                bAt = k0 * NR - inPlaceCols * kl;              // the tile's k block k0, at column inPlaceCols
            }
            int whole = cols / NR * NR;                          // columns in whole tiles
            boolean rowsOuter = single && rowsOuter(job, kl, cols);
            if (rowsOuter) {
                for (int i = 0; i < rows; i += MR) {
                    for (int j = 0; j < whole; j += NR) {
                        stored = Math.max(stored, tile(job, s, batch, m0, rows, n0, i, j, kl, k0, ldc, true, inPlace,
                                inPlaceCols, a, aAt, b, bAt));
                    }
                }
            }
            for (int j = rowsOuter ? whole : 0; j < cols; j += NR) {
                if (j + NR > cols && NARROW && SIMD.narrowPays(cols - j)) {
                    // a last tile well short of nr columns (packed B: only whole tiles are read in place)
                    SIMD.narrowKernel(kl, rows, cols - j, a, aAt, b, bAt + j * kl, s.c, j, ldc, k0 > 0);
                    continue;
                }
                // with one k block a whole tile is final: the kernel stores it itself where the job allows
                boolean last = single && j + NR <= cols;
                for (int i = 0; i < rows; i += MR) {
                    stored = Math.max(stored, tile(job, s, batch, m0, rows, n0, i, j, kl, k0, ldc, last, inPlace,
                            inPlaceCols, a, aAt, b, bAt));
                }
            }
            if (k == 0) {
                break;
            }
        }
        if (stored < cols) {
            for (int r = 0; r < rows; r++) {
                job.storeRow(batch, m0 + r, n0 + stored, cols - stored, s.c, r * ldc + stored);
            }
        }
    }

    /**
     * One register tile at (i, j) of the block, {@code last} where its sum is final; returns j + nr where the kernel
     * stored it itself, else 0.
     */
    private static int tile(GemmJob job, Scratch s, int batch, int m0, int rows, int n0, int i, int j, int kl, int k0,
                            int ldc, boolean last, GemmJob.InPlace inPlace, int inPlaceCols, float[] a, int aAt,
                            float[] b, int bAt) {
        TileStore out = last && job.tileStore(batch, m0 + i, Math.min(MR, rows - i), n0 + j, s.tile) ? s.tile : null;
        if (j < inPlaceCols) {
            SIMD.microKernel(kl, a, aAt + i * kl, inPlace.b(), (inPlace.off() + k0 * inPlace.row() + n0 + j) << 2,
                    inPlace.row() << 2, s.c, i * ldc + j, ldc, k0 > 0, out);
        } else {
            SIMD.microKernel(kl, a, aAt + i * kl, b, bAt + j * kl, s.c, i * ldc + j, ldc, k0 > 0, out);
        }
        if (out == null) {
            return 0;
        }
        if (out.res != null) {
            SIMD.residualTile(out);
        }
        return j + NR;
    }

    /**
     * Whether a block of one k block takes its whole tiles row block by row block, each row block's stores then a few
     * sequential streams, rather than panel by panel, which stores a line into each of the block's rows per step: where
     * the output's rows lie a page or more apart (a product of 1024 columns or more, a 1x1 conv on a 32x32 plane or
     * larger) and B's block is small enough to be read again for each row block. MobileNetV2's 1x1 convs at 112x112 on
     * two of the GPU machine's Intel cores: 1.18-1.24x, the 14x14 ones 0.94x (not taken, their rows are 784 bytes
     * apart); bench/NOTES.md, session 17. Every element's sum is the same in either order. Off:
     * {@code -Dcgc.gemm.rows-outer=false}.
     */
    private static boolean rowsOuter(GemmJob job, int kl, int cols) {
        return ROWS_OUTER && job.nEnd >= ROWS_OUTER_MIN_COLUMNS && (long) kl * cols <= ROWS_OUTER_B_FLOATS;
    }

    static final boolean ROWS_OUTER = Boolean.parseBoolean(System.getProperty("cgc.gemm.rows-outer", "true"));
    private static final int ROWS_OUTER_MIN_COLUMNS = 1024;
    private static final int ROWS_OUTER_B_FLOATS = 16 * 1024;

    /** Last tiles short of nr columns by {@link Simd#narrowKernel} where it pays (a probe's switch). */
    static final boolean NARROW = Boolean.parseBoolean(System.getProperty("cgc.gemm.narrow", "true"));

    /** The depth of the k blocks of a product with reduction length k: as even as {@link #KC} allows. */
    static int kc(int k) {
        return ceilDiv(k, Math.max(1, ceilDiv(k, KC)));
    }

    /** Blocks of at most {@code max} (a multiple of {@code unit}) covering n as evenly as units allow. */
    private static int balanced(int n, int max, int unit) {
        int blocks = ceilDiv(n, max);
        return Math.min(max, roundUp(ceilDiv(n, blocks), unit));
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static int roundUp(int a, int b) {
        return ceilDiv(a, b) * b;
    }
}
