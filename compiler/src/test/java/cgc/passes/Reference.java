package cgc.passes;

/** Naive reference implementations (NCHW, float64) for checking rewrites numerically. */
final class Reference {
    private Reference() {}

    /** Conv2d with stride, symmetric pad and groups: x [1, C, H, W], w [M, C/g, K, K], b [M] or null. */
    static double[] conv(float[] x, int c, int h, int wd, float[] w, int m, int k, float[] b, int stride, int pad, int group) {
        int oh = (h + 2 * pad - k) / stride + 1, ow = (wd + 2 * pad - k) / stride + 1;
        int cg = c / group, mg = m / group;
        double[] y = new double[m * oh * ow];
        for (int o = 0; o < m; o++) {
            int g = o / mg;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double acc = b == null ? 0 : b[o];
                    for (int ci = 0; ci < cg; ci++) {
                        for (int p = 0; p < k; p++) {
                            for (int q = 0; q < k; q++) {
                                int ih = i * stride - pad + p, iw = j * stride - pad + q;
                                if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                                acc += (double) x[((g * cg + ci) * h + ih) * wd + iw] * w[((o * cg + ci) * k + p) * k + q];
                            }
                        }
                    }
                    y[(o * oh + i) * ow + j] = acc;
                }
            }
        }
        return y;
    }

    /** ConvTranspose2d with stride and groups, no padding: x [1, C, H, W], w [C, M/g, K, K], b [M] or null. */
    static double[] convTranspose(float[] x, int c, int h, int wd, float[] w, int mg, int k, float[] b, int stride, int group) {
        int oh = (h - 1) * stride + k, ow = (wd - 1) * stride + k;
        int cg = c / group, m = mg * group;
        double[] y = new double[m * oh * ow];
        for (int o = 0; o < m; o++) for (int i = 0; i < oh * ow; i++) y[o * oh * ow + i] = b == null ? 0 : b[o];
        for (int ci = 0; ci < c; ci++) {
            int g = ci / cg;
            for (int j = 0; j < mg; j++) {
                int o = g * mg + j;
                for (int ih = 0; ih < h; ih++) for (int iw = 0; iw < wd; iw++) for (int p = 0; p < k; p++) for (int q = 0; q < k; q++) {
                    y[(o * oh + ih * stride + p) * ow + iw * stride + q] +=
                            (double) x[(ci * h + ih) * wd + iw] * w[((ci * mg + j) * k + p) * k + q];
                }
            }
        }
        return y;
    }

    /** Inference BatchNormalization over dim 1 of [1, C, rest]. */
    static double[] batchNorm(double[] x, int c, float[] gamma, float[] beta, float[] mean, float[] var, double eps) {
        int rest = x.length / c;
        double[] y = new double[x.length];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < rest; i++) {
                y[ch * rest + i] = (x[ch * rest + i] - mean[ch]) / Math.sqrt(var[ch] + eps) * gamma[ch] + beta[ch];
            }
        }
        return y;
    }

    /** Gemm Y[M, N] = alpha A B' + beta C with B [K, N] or, with transB, [N, K]; C [N] or null. */
    static double[] gemm(float[] a, int m, int kk, float[] b, int n, boolean transB, float[] c, double alpha, double beta) {
        double[] y = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int p = 0; p < kk; p++) acc += (double) a[i * kk + p] * (transB ? b[j * kk + p] : b[p * n + j]);
                y[i * n + j] = alpha * acc + (c == null ? 0 : beta * c[j]);
            }
        }
        return y;
    }

    static void assertClose(double[] expected, double[] actual, double tol) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.length, actual.length);
        double num = 0, den = 0;
        for (int i = 0; i < expected.length; i++) {
            num += (expected[i] - actual[i]) * (expected[i] - actual[i]);
            den += expected[i] * expected[i];
        }
        double rel = Math.sqrt(num / Math.max(den, 1e-30));
        org.junit.jupiter.api.Assertions.assertTrue(rel <= tol, "relative L2 error " + rel + " > " + tol);
    }

    static float[] random(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    static float[] positive(int n, long seed) {
        float[] v = random(n, seed);
        for (int i = 0; i < n; i++) v[i] = 0.5f + Math.abs(v[i]);
        return v;
    }
}
