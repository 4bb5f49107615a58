package cgc.codegen;

/** Naive float64 reference implementations for the kernel tests: plain loops, written from the ONNX definitions. */
final class Reference {
    private Reference() {}

    static double activation(Activation a, double x) {
        return switch (a.kind()) {
            case NONE -> x;
            case RELU -> Math.max(x, 0);
            case CLIP -> Math.min(Math.max(x, a.alpha()), a.beta());
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case SILU -> x / (1 + Math.exp(-x));
            case HARDSWISH -> x * Math.max(0, Math.min(1, x / 6 + 0.5));
            case HARDSIGMOID -> Math.max(0, Math.min(1, a.alpha() * x + a.beta()));
            case LEAKYRELU -> x >= 0 ? x : a.alpha() * x;
            case TANH -> Math.tanh(x);
            case GELU -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
            // the quotient in float, as the kernels divide
            case QUANTIZE -> Double.isNaN(x) ? a.alpha() * a.scale()
                    : Math.max(a.alpha(), Math.min(a.beta(), Math.rint((float) x / a.scale()))) * a.scale();
        };
    }

    /** erf to about 1e-13: its Maclaurin series below 3, a continued fraction for erfc above. */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 3) {
            double term = ax, sum = ax;
            for (int n = 1; n < 80; n++) {
                term *= -ax * ax / n;
                sum += term / (2 * n + 1);
            }
            return Math.copySign(2 / Math.sqrt(Math.PI) * sum, x);
        }
        double f = ax;   // erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
        for (int n = 60; n >= 1; n--) f = ax + (n / 2.0) / f;
        return Math.copySign(1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f, x);
    }

    /** Conv, NCHW, weights [OC][C/G][KH][KW], pads top/left pt, pl; output size given. */
    static double[] conv(float[] x, float[] w, float[] bias, int n, int c, int h, int wd, int oc, int oh, int ow,
                         int kh, int kw, int sh, int sw, int pt, int pl, int dh, int dw, int g, Activation act) {
        double[] y = new double[n * oc * oh * ow];
        int cg = c / g, ocg = oc / g;
        for (int b = 0; b < n; b++)
            for (int o = 0; o < oc; o++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        double s = bias == null ? 0 : bias[o];
                        for (int ci = 0; ci < cg; ci++)
                            for (int p = 0; p < kh; p++)
                                for (int q = 0; q < kw; q++) {
                                    int ih = i * sh - pt + p * dh, iw = j * sw - pl + q * dw;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                                    int ic = (o / ocg) * cg + ci;
                                    s += (double) x[((b * c + ic) * h + ih) * wd + iw] * w[((o * cg + ci) * kh + p) * kw + q];
                                }
                        y[((b * oc + o) * oh + i) * ow + j] = activation(act, s);
                    }
        return y;
    }

    /** ConvTranspose by scattering each input onto the outputs it reaches; weights [C][OC/G][KH][KW]. */
    static double[] convTranspose(float[] x, float[] w, float[] bias, int n, int c, int h, int wd, int oc, int oh,
                                  int ow, int kh, int kw, int sh, int sw, int pt, int pl, int dh, int dw, int g,
                                  Activation act) {
        double[] y = new double[n * oc * oh * ow];
        int cg = c / g, ocg = oc / g;
        for (int b = 0; b < n; b++)
            for (int ic = 0; ic < c; ic++)
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < wd; j++)
                        for (int o = 0; o < ocg; o++)
                            for (int p = 0; p < kh; p++)
                                for (int q = 0; q < kw; q++) {
                                    int yh = i * sh - pt + p * dh, yw = j * sw - pl + q * dw;
                                    if (yh < 0 || yh >= oh || yw < 0 || yw >= ow) continue;
                                    int occ = (ic / cg) * ocg + o;
                                    y[((b * oc + occ) * oh + yh) * ow + yw] +=
                                            (double) x[((b * c + ic) * h + i) * wd + j] * w[((ic * ocg + o) * kh + p) * kw + q];
                                }
        for (int b = 0; b < n; b++)
            for (int o = 0; o < oc; o++)
                for (int s = 0; s < oh * ow; s++) {
                    int i = (b * oc + o) * oh * ow + s;
                    y[i] = activation(act, y[i] + (bias == null ? 0 : bias[o]));
                }
        return y;
    }

    static float[] slice(float[] all, int offset, int n) { return java.util.Arrays.copyOfRange(all, offset, offset + n); }
}
