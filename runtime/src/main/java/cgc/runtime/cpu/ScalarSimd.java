package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;

/** {@link Simd} in plain Java: the path when {@code jdk.incubator.vector} is absent or disabled. */
final class ScalarSimd implements Simd {
    private static final int MR = 4;
    private static final int NR = 16;

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public void depthwiseRows(int rows, int rowStep, int ow, float[] p, int[] taps, float[] w, float[] out) {
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < ow; o++) {
                float sum = 0f;
                for (int t = 0; t < taps.length; t++) {
                    sum = Math.fma(w[t], p[taps[t] + r * rowStep + o], sum);
                }
                out[r * ow + o] = sum;
            }
        }
    }

    @Override
    public void depthwiseFlat(int n, int w, float[] p, int[] taps, int kw, long[][] valid, float[] wt,
                              float[] out) {
        int kh = taps.length / kw;
        for (int q = 0; q < n; q++) {
            float sum = 0f;
            for (int kx = 0; kx < kw; kx++) {
                if ((valid[kx][q % w] & 1) != 0) {
                    float column = 0f;
                    for (int ky = 0; ky < kh; ky++) {
                        int t = ky * kw + kx;
                        column = Math.fma(wt[t], p[taps[t] + q], column);
                    }
                    sum += column;
                }
            }
            out[q] = sum;
        }
    }

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public void microKernel(int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
                            boolean accumulate, TileStore out) {
        kernel(k, NR, a, aOff, b, bOff, null, 0, 0, c, cOff, ldc, accumulate, out);
    }

    @Override
    public void microKernel(int k, float[] a, int aOff, MemorySegment b, long bByte, long ldbByte, float[] c,
                            int cOff, int ldc, boolean accumulate, TileStore out) {
        kernel(k, NR, a, aOff, null, 0, b, bByte, ldbByte, c, cOff, ldc, accumulate, out);
    }

    @Override
    public void narrowKernel(int k, int rows, int cols, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                             int ldc, boolean accumulate) {
        for (int i = 0; i < rows; i += MR) {
            kernel(k, cols, a, aOff + i * k, b, bOff, null, 0, 0, c, cOff + i * ldc, ldc, accumulate, null);
        }
    }

    /** Plain loops cost per column. */
    @Override
    public boolean narrowPays(int cols) {
        return cols < NR;
    }

    /**
     * Both micro-kernels, over the tile's first {@code cols} columns (NR but for a narrow tile): B from the packed
     * array or, when that is null, in place from the segment.
     */
    private static void kernel(int k, int cols, float[] a, int aOff, float[] b, int bOff, MemorySegment bs, long bByte,
                               long ldbByte, float[] c, int cOff, int ldc, boolean accumulate, TileStore out) {
        if (out != null) {
            float[] tile = new float[MR * NR];
            kernel(k, cols, a, aOff, b, bOff, bs, bByte, ldbByte, tile, 0, NR, false, null);
            store(tile, out);
            return;
        }
        if (!accumulate) {
            for (int r = 0; r < MR; r++) {
                java.util.Arrays.fill(c, cOff + r * ldc, cOff + r * ldc + cols, 0f);
            }
        }
        for (int kk = 0; kk < k; kk++) {
            int ao = aOff + kk * MR;
            for (int r = 0; r < MR; r++) {
                float ar = a[ao + r];
                int co = cOff + r * ldc;
                for (int j = 0; j < cols; j++) {
                    float bj = b != null ? b[bOff + kk * NR + j] : bs.get(F, bByte + kk * ldbByte + 4L * j);
                    c[co + j] += ar * bj;
                }
            }
        }
    }

    @Override
    public void residualTile(TileStore out) {
        for (int r = 0; r < out.rows; r++) {
            for (int j = 0; j < NR; j++) {
                long y = out.yByte + r * out.ldyByte + 4L * j;
                float v = out.y.get(F, y) + out.res.get(F, out.resByte + r * out.ldyByte + 4L * j);
                out.y.set(F, y, Math.min(Math.max(v, out.resLo), out.resHi));
            }
        }
    }

    /** A finished tile (rows of NR) to where {@code out} says, as {@link #storeRow} would store its rows. */
    private static void store(float[] tile, TileStore out) {
        for (int r = 0; r < out.rows; r++) {
            for (int j = 0; j < NR; j++) {
                float v = Math.min(Math.max(tile[r * NR + j] + out.bias[r], out.lo), out.hi);
                out.y.set(F, out.yByte + r * out.ldyByte + 4L * j, v);
            }
        }
    }

    @Override
    public void storeRow(int n, float[] src, int srcOff, float alpha, float add, MemorySegment col, long colByte,
                         float colScale, Act act, MemorySegment dst, long dstByte) {
        for (int i = 0; i < n; i++) {
            float v = alpha * src[srcOff + i] + add;
            if (col != null) {
                v += colScale * col.get(F, colByte + 4L * i);
            }
            dst.set(F, dstByte + 4L * i, act.apply(v));
        }
    }

    @Override
    public void axpy(int n, float a, MemorySegment x, long xByte, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += a * x.get(F, xByte + 4L * i);
        }
    }

    @Override
    public void accumulate(boolean max, int n, MemorySegment x, long xByte, float[] acc) {
        for (int i = 0; i < n; i++) {
            float v = x.get(F, xByte + 4L * i);
            acc[i] = max ? Math.max(acc[i], v) : acc[i] + v;
        }
    }

    @Override
    public void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }

    @Override
    public void panelAxpy(int panels, int k, float[] a, int aOff, float[] b, int bOff, int panelStride, float[] acc,
                          int accOff) {
        for (int p = 0; p < panels; p++) {
            for (int kk = 0; kk < k; kk++) {
                float av = a[aOff + kk];
                for (int j = 0; j < NR; j++) {
                    acc[accOff + p * NR + j] += av * b[bOff + p * panelStride + kk * NR + j];
                }
            }
        }
    }

    @Override
    public void load(int n, MemorySegment src, long srcByte, float[] dst, int dstOff) {
        MemorySegment.copy(src, F, srcByte, dst, dstOff, n);
    }

    @Override
    public void deinterleave(int n, MemorySegment src, long srcByte, float[] dst, int evenOff, int oddOff) {
        for (int i = 0; i < n; i++) {
            dst[(i % 2 == 0 ? evenOff : oddOff) + i / 2] = src.get(F, srcByte + 4L * i);
        }
    }

    @Override
    public void deinterleaveRows(int rows, int w, MemorySegment src, long srcByte, long srcRowBytes, float[] dst,
                                 int evenOff, int oddOff, int dstRow) {
        for (int r = 0; r < rows; r++) {
            deinterleave(w, src, srcByte + r * srcRowBytes, dst, evenOff + r * dstRow, oddOff + r * dstRow);
        }
    }

    @Override
    public void store(int n, float[] src, int srcOff, MemorySegment dst, long dstByte) {
        MemorySegment.copy(src, srcOff, dst, F, dstByte, n);
    }

    @Override
    public void window(boolean max, int n, float[] acc, int first, int stride, int taps, int dilation, float[] out,
                       int outOff) {
        windowByTaps(max, n, acc, first, stride, taps, dilation, out, outOff);
    }

    /** {@link Simd#window} tap by tap: this path's, and the vector path's for strides it has no permute for. */
    static void windowByTaps(boolean max, int n, float[] acc, int first, int stride, int taps, int dilation,
                             float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            int at = first + i * stride;
            float v = acc[at];
            for (int t = 1; t < taps; t++) {
                float x = acc[at + t * dilation];
                v = max ? Math.max(v, x) : v + x;
            }
            out[outOff + i] = v;
        }
    }

    @Override
    public void transpose(int k, int w, float[] src, int ld, float[] dst, int dstOff, int nr) {
        for (int kk = 0; kk < k; kk++) {
            for (int j = 0; j < w; j++) {
                dst[dstOff + kk * nr + j] = src[j * ld + kk];
            }
        }
    }

    @Override
    public void gather(int n, float[] src, int srcOff, int stride, float[] dst, int dstOff) {
        if (stride == 1) {
            System.arraycopy(src, srcOff, dst, dstOff, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = src[srcOff + i * stride];
        }
    }

    @Override
    public float dot(int n, float[] a, MemorySegment b, long bOff, long bStride) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += a[i] * b.get(F, (bOff + i * bStride) << 2);
        }
        return sum;
    }

    @Override
    public void softmaxRow(int n, MemorySegment x, long xByte, MemorySegment y, long yByte) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x.get(F, xByte + 4L * i));
        }
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x.get(F, xByte + 4L * i) - max);
            y.set(F, yByte + 4L * i, e);
            sum += e;
        }
        float inv = 1f / sum;
        for (int i = 0; i < n; i++) {
            y.set(F, yByte + 4L * i, y.get(F, yByte + 4L * i) * inv);
        }
    }

    @Override
    public void layerNormRow(int n, float epsilon, MemorySegment x, long xByte, MemorySegment scale, long scaleByte,
                             MemorySegment bias, long biasByte, MemorySegment y, long yByte) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += x.get(F, xByte + 4L * i);
        }
        float mean = sum / n;
        float var = 0f;
        for (int i = 0; i < n; i++) {
            float d = x.get(F, xByte + 4L * i) - mean;
            var += d * d;
        }
        float inv = (float) (1 / Math.sqrt(var / n + epsilon));
        for (int i = 0; i < n; i++) {
            float v = (x.get(F, xByte + 4L * i) - mean) * inv * scale.get(F, scaleByte + 4L * i);
            y.set(F, yByte + 4L * i, bias == null ? v : v + bias.get(F, biasByte + 4L * i));
        }
    }

    @Override
    public void unary(UnaryOp op, int n, MemorySegment x, long xByte, MemorySegment y, long yByte) {
        for (int i = 0; i < n; i++) {
            y.set(F, yByte + 4L * i, op.apply(x.get(F, xByte + 4L * i)));
        }
    }

    @Override
    public void act(Act act, int n, MemorySegment x, long xByte, MemorySegment y, long yByte) {
        for (int i = 0; i < n; i++) {
            y.set(F, yByte + 4L * i, act.apply(x.get(F, xByte + 4L * i)));
        }
    }

    @Override
    public void binary(BinaryOp op, int n, MemorySegment a, long aByte, boolean aScalar, MemorySegment b, long bByte,
                       boolean bScalar, MemorySegment y, long yByte) {
        long aStep = aScalar ? 0 : 4;
        long bStep = bScalar ? 0 : 4;
        for (int i = 0; i < n; i++) {
            y.set(F, yByte + 4L * i, op.apply(a.get(F, aByte + aStep * i), b.get(F, bByte + bStep * i)));
        }
    }
}
