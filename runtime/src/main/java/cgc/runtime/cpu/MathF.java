package cgc.runtime.cpu;

/** Scalar float functions the JDK lacks (erf) or that kernels share; the scalar path's definitions. */
final class MathF {
    private MathF() {}

    // erf(x) ~ x P(x^2) / Q(x^2) on [-4, 4] (Eigen's generic_fast_erf_float); |erf(4)| rounds to 1 in float.
    // The rational itself is within 6.5e-8 of erf; evaluated in double as here, the float result is within 1 ulp.
    static final float ERF_CLAMP = 4f;
    private static final double[] ERF_P_DOUBLE = {-2.72614225801306e-10, 2.77068142495902e-08,
        -2.10102402082508e-06, -5.69250639462346e-05, -7.34990630326855e-04, -2.95459980854025e-03,
        -1.60960333262415e-02};
    private static final double[] ERF_Q_DOUBLE = {-1.45660718464996e-05, -2.13374055278905e-04,
        -1.68282697438203e-03, -7.37332916720468e-03, -1.42647390514189e-02};
    /** The coefficients rounded to float, for the vector path. */
    static final float[] ERF_P = floats(ERF_P_DOUBLE);
    static final float[] ERF_Q = floats(ERF_Q_DOUBLE);

    private static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    static float erf(float xf) {
        double x = Math.max(-ERF_CLAMP, Math.min(ERF_CLAMP, xf));
        double x2 = x * x;
        double p = ERF_P_DOUBLE[0];
        for (int i = 1; i < ERF_P_DOUBLE.length; i++) {
            p = p * x2 + ERF_P_DOUBLE[i];
        }
        double q = ERF_Q_DOUBLE[0];
        for (int i = 1; i < ERF_Q_DOUBLE.length; i++) {
            q = q * x2 + ERF_Q_DOUBLE[i];
        }
        return (float) (x * p / q);
    }

    static float gelu(float x) {
        return 0.5f * x * (1f + erf(x * (float) (1 / Math.sqrt(2))));
    }

    static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }
}
