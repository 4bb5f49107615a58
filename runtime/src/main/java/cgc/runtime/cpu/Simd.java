package cgc.runtime.cpu;

import java.lang.foreign.MemorySegment;

/**
 * The inner loops that profit from SIMD, in two implementations: {@link VectorSimd} (the incubating Vector API) and
 * {@link ScalarSimd} (plain Java, for {@code java -jar}, which cannot add the incubator module). Kernels reach them
 * only through {@link #INSTANCE}, a constant the JIT inlines through; nothing else in this package touches
 * {@code jdk.incubator.vector}, so the package links without it.
 *
 * <p>Byte offsets ({@code ...Byte}) address float32 values in native byte order.
 */
interface Simd {
    /** Set {@code -Dcgc.vector=false} to force the scalar path even where the Vector API is present. */
    Simd INSTANCE = select();

    static Simd select() {
        boolean wanted = !"false".equalsIgnoreCase(System.getProperty("cgc.vector"));
        if (wanted && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                // Loaded by name: a direct reference would make linking this interface need the incubator module.
                return (Simd) Class.forName("cgc.runtime.cpu.VectorSimd").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarSimd();
            }
        }
        return new ScalarSimd();
    }

    /** "vector(512 bits)" or "scalar", for benchmarks and logs. */
    String name();

    /** Floats per vector (1 for the scalar path). */
    int lanes();

    /**
     * Depthwise output rows: {@code out[r * ow + o] = sum over t of w[t] * p[taps[t] + r * rowStep + o]} for r < rows,
     * o < ow, every tap summed in the same order for every output. {@code p} has room for whole vectors past
     * {@code ow} in every row it is read at; {@code out} has {@link #lanes()} floats of room past the last row.
     */
    void depthwiseRows(int rows, int rowStep, int ow, float[] p, int[] taps, float[] w, float[] out);

    /**
     * Depthwise outputs as one flat run over rows of width w laid back to back: for q < n, {@code out[q]} is the sum
     * over tap columns kx with bit 0 of {@code valid[kx][q mod w]} set of the sum over tap rows ky of
     * {@code w[ky * kw + kx] * p[taps[ky * kw + kx] + q]} (each column's taps in order of ky, the columns in order of
     * kx, the same for every output). Bit i of {@code valid[kx][c]} is that of column (c + i) mod w, for the
     * {@link #lanes()} (at most 64) lanes of a vector starting at column c. {@code p} has room for a whole vector past
     * n at every tap; {@code out} has {@link #lanes()} floats of room past n.
     */
    void depthwiseFlat(int n, int w, float[] p, int[] taps, int kw, long[][] valid, float[] wt, float[] out);

    /**
     * {@link #depthwiseFlat} into {@code out}, then {@link #storeRow} of those n outputs plus {@code bias} through
     * {@code act} into dst, without a residual: the same bits, and where it can, one pass that keeps each vector in
     * registers to the end (the round trip through out: 7.4 against 6.2 ns a vector on a 56-wide plane, measured).
     */
    default void depthwiseFlatStore(int n, int w, float[] p, int[] taps, int kw, long[][] valid, float[] wt,
                                    float bias, Act act, float[] out, MemorySegment dst, long dstByte) {
        depthwiseFlat(n, w, p, taps, kw, valid, wt, out);
        storeRow(n, out, 0, 1f, bias, null, 0, 1f, act, dst, dstByte);
    }

    /**
     * {@link #depthwiseFlatStore} reading p in place from src, {@code p[i]} at byte {@code srcByte + 4 i}, where this
     * implementation does so and the vectors it reads lie inside src: true if it did, false if it wrote nothing and
     * the caller must copy the rows into an array.
     */
    default boolean depthwiseFlatStore(int n, int w, MemorySegment src, long srcByte, int[] taps, int kw,
                                       long[][] valid, float[] wt, float bias, Act act, MemorySegment dst,
                                       long dstByte) {
        return false;
    }

    /** Rows of the GEMM micro-kernel's register tile. */
    int mr();

    /** Columns of the GEMM micro-kernel's register tile. */
    int nr();

    /**
     * The GEMM micro-kernel on the packed panels of {@link GemmDriver}: for r < mr, j < nr,
     * {@code c[cOff + r * ldc + j] (+)= sum over kk < k of a[aOff + kk * mr + r] * b[bOff + kk * nr + j]}, adding to
     * c's values when {@code accumulate}, as one fma chain over kk in order either way. With {@code out}, the
     * finished tile goes straight to the output as {@code out} says instead (c unused, no accumulation).
     */
    void microKernel(int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
                     boolean accumulate, TileStore out);

    /**
     * {@link #microKernel} into c for the last tiles of a block: {@code rows} rows in row tiles of {@link #mr()} (the
     * last padded in A and c, as for the micro-kernel; A's panels k·mr floats apart from aOff) by only {@code cols}
     * columns (0 &lt; cols &lt; {@link #nr()}), where {@link #narrowPays} says so. The same fma chain for each of
     * those elements, so the same bits, without the arithmetic of the nr - cols columns past them: with 8-float
     * vectors a 7x7 plane's 49 columns were four tiles of 16, 1.31x the work, and a 14x14 plane's last 4 columns a
     * whole tile.
     */
    void narrowKernel(int k, int rows, int cols, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                      int ldc, boolean accumulate);

    /** Whether {@link #narrowKernel} does a last tile of {@code cols} columns in less time than the whole tile. */
    boolean narrowPays(int cols);

    /**
     * {@link #microKernel} with B read in place: element (kk, j) of B at byte {@code bByte + kk * ldbByte + 4 * j}
     * of {@code b}, {@link #nr()} columns of it. Same arithmetic, so an element gets the same bits either way.
     */
    void microKernel(int k, float[] a, int aOff, MemorySegment b, long bByte, long ldbByte, float[] c, int cOff,
                     int ldc, boolean accumulate, TileStore out);

    /**
     * Adds the residual of a tile the micro-kernel has just stored through {@code out} (with open clamp bounds) and
     * clamps it: {@code y = clamp(y + res, out.resLo, out.resHi)} over its rows of {@link #nr()} elements, the
     * arithmetic {@link #storeRow} does with a column term. A pass of its own over a tile still in L1: adding the
     * residual inside the micro-kernel's store made C2 box its accumulators (every conv 30-50x slower).
     */
    void residualTile(TileStore out);

    /**
     * Stores one output row: {@code dst[i] = act(alpha * src[srcOff + i] + add + colScale * col[i])} for i < n;
     * {@code col == null} means no column term.
     */
    void storeRow(int n, float[] src, int srcOff, float alpha, float add, MemorySegment col, long colByte,
                  float colScale, Act act, MemorySegment dst, long dstByte);

    /** {@code y[yOff + i] += a * x[i]} for i < n (x contiguous). */
    void axpy(int n, float a, MemorySegment x, long xByte, float[] y, int yOff);

    /**
     * {@code acc[i] = max(acc[i], x[i])} (or {@code acc[i] += x[i]} when {@code !max}) for i < n. Elements of
     * {@code acc} past n may be overwritten: a caller that gives {@link #lanes()} floats of room there spares the
     * last partial vector a masked access (a lane-by-lane slow path where the vector crosses an array's end).
     */
    void accumulate(boolean max, int n, MemorySegment x, long xByte, float[] acc);

    /** {@code y[yOff + i] += a * x[xOff + i]} for i < n. */
    void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff);

    /**
     * One row of A times one k block of {@code panels} packed panels of B ({@link #nr()} columns each, k-major, the
     * first at {@code bOff}, the next {@code panelStride} further): {@code acc[accOff + p * nr + j] += a[aOff + kk] *
     * b[bOff + p * panelStride + kk * nr + j]} for kk < k in order, the sums kept in registers over k (four panels at
     * once keep eight fma chains in flight, where one panel's two would wait on each fma's latency). Each column's
     * arithmetic is that of {@link #axpy} over its rows, so the two give the same bits.
     */
    void panelAxpy(int panels, int k, float[] a, int aOff, float[] b, int bOff, int panelStride, float[] acc, int accOff);

    /** {@code dst[i] = src[srcOff + i]} for i < n: a short row out to the arena without a bulk copy's fixed cost. */
    void store(int n, float[] src, int srcOff, MemorySegment dst, long dstByte);

    /**
     * A pooling window along a row: {@code out[outOff + i]} = the max (or the sum, when {@code !max}) over t < taps,
     * in order, of {@code acc[first + i * stride + t * dilation]}, for i < n. {@code acc} has room for whole vectors
     * past the last element read.
     */
    void window(boolean max, int n, float[] acc, int first, int stride, int taps, int dilation, float[] out, int outOff);

    /** {@code dst[dstOff + i] = src[i]} for i < n: short copies (a panel row) without a bulk copy's fixed cost. */
    void load(int n, MemorySegment src, long srcByte, float[] dst, int dstOff);

    /**
     * Splits a contiguous row by parity: {@code dst[evenOff + j] = src[2j]} and {@code dst[oddOff + j] = src[2j + 1]}
     * for every such element of the n; writes nothing else in dst (a stride-2 conv's column phases).
     */
    void deinterleave(int n, MemorySegment src, long srcByte, float[] dst, int evenOff, int oddOff);

    /**
     * {@link #deinterleave} of {@code rows} rows of w elements (w even), {@code srcRowBytes} apart in src, into rows
     * {@code dstRow} apart in dst. May write up to a vector past each row's end: rows go in order, so a row's spill
     * is overwritten by the next one's, and past the last row dst must have room or hold nothing needed.
     */
    void deinterleaveRows(int rows, int w, MemorySegment src, long srcByte, long srcRowBytes, float[] dst,
                          int evenOff, int oddOff, int dstRow);

    /**
     * A transposing copy: {@code dst[dstOff + kk * nr + j] = src[j * ld + kk]} for kk < k, j < w (w <= nr).
     */
    void transpose(int k, int w, float[] src, int ld, float[] dst, int dstOff, int nr);

    /** {@code dst[dstOff + i] = src[srcOff + i * stride]} for i < n. */
    void gather(int n, float[] src, int srcOff, int stride, float[] dst, int dstOff);

    /** {@code sum over i < n of a[i] * b[bOff + i * bStride]} (b's offset and stride in elements). */
    float dot(int n, float[] a, MemorySegment b, long bOff, long bStride);

    /** Softmax of one contiguous row of n values: {@code y = exp(x - max x) / sum}. y may be x. */
    void softmaxRow(int n, MemorySegment x, long xByte, MemorySegment y, long yByte);

    /**
     * One row of LayerNormalization: {@code y = (x - mean) / sqrt(var + epsilon) * scale + bias} over n contiguous
     * values (bias null: none). y may be x.
     */
    void layerNormRow(int n, float epsilon, MemorySegment x, long xByte, MemorySegment scale, long scaleByte,
                      MemorySegment bias, long biasByte, MemorySegment y, long yByte);

    /** {@code y[i] = op(x[i])} for i < n. */
    void unary(UnaryOp op, int n, MemorySegment x, long xByte, MemorySegment y, long yByte);

    /** {@code y[i] = act(x[i])} for i < n. */
    void act(Act act, int n, MemorySegment x, long xByte, MemorySegment y, long yByte);

    /**
     * {@code y[i] = op(a[i], b[i])} for i < n, where an operand marked {@code ...Scalar} is the single value at its
     * offset, repeated.
     */
    void binary(BinaryOp op, int n, MemorySegment a, long aByte, boolean aScalar, MemorySegment b, long bByte,
                boolean bScalar, MemorySegment y, long yByte);
}
