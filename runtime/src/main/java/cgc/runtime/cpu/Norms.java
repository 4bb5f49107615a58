package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;

/** ONNX BatchNormalization (inference), InstanceNormalization and LRN over n x c x spatial. */
public final class Norms {
    private Norms() {}

    /**
     * BatchNormalization with running statistics: {@code y = (x - mean[c]) / sqrt(var[c] + eps) * scale[c] + b[c]},
     * the four parameter vectors of c floats at the given offsets of {@code p}.
     */
    public static void batchNorm(int n, int c, int spatial, float epsilon, MemorySegment x, long xOff,
                                 MemorySegment p, long scaleOff, long biasOff, long meanOff, long varOff,
                                 MemorySegment y, long yOff, Parallel pool) {
        pool.parallelFor(n * c, Math.max(1, Elementwise.GRAIN / Math.max(1, spatial)), (b, e) -> {
            for (int plane = b; plane < e; plane++) {
                int ch = plane % c;
                double inv = 1 / Math.sqrt(p.get(F, (varOff + ch) << 2) + (double) epsilon);
                float a = (float) (p.get(F, (scaleOff + ch) << 2) * inv);
                float s = (float) (p.get(F, (biasOff + ch) << 2) - p.get(F, (meanOff + ch) << 2) * a);
                affine(spatial, a, s, x, xOff + (long) plane * spatial, y, yOff + (long) plane * spatial);
            }
        });
    }

    /** InstanceNormalization: each plane normalised by its own mean and variance, then scale[c], b[c]. */
    public static void instanceNorm(int n, int c, int spatial, float epsilon, MemorySegment x, long xOff,
                                    MemorySegment p, long scaleOff, long biasOff, MemorySegment y, long yOff,
                                    Parallel pool) {
        pool.parallelFor(n * c, Math.max(1, Elementwise.GRAIN / Math.max(1, spatial)), (b, e) -> {
            for (int plane = b; plane < e; plane++) {
                int ch = plane % c;
                long base = xOff + (long) plane * spatial;
                Moments m = Moments.of(x, base, spatial, epsilon);
                float a = (float) (p.get(F, (scaleOff + ch) << 2) * m.invStd());
                float s = (float) (p.get(F, (biasOff + ch) << 2) - m.mean() * a);
                affine(spatial, a, s, x, base, y, yOff + (long) plane * spatial);
            }
        });
    }

    /**
     * LRN, across channels: {@code y = x / (bias + alpha / size * sum of x^2 over the channels
     * [c - floor((size - 1) / 2), c + ceil((size - 1) / 2)] that exist)^beta}, the sum in double.
     */
    public static void lrn(int n, int c, int spatial, int size, float alpha, float beta, float bias, MemorySegment x,
                           long xOff, MemorySegment y, long yOff, Parallel pool) {
        int below = (size - 1) / 2, above = size / 2;
        double scale = (double) alpha / size;
        pool.parallelFor(n * c, Math.max(1, Elementwise.GRAIN / Math.max(1, spatial * size)), (b, e) -> {
            for (int plane = b; plane < e; plane++) {
                int img = plane / c, ch = plane % c;
                int from = Math.max(0, ch - below), to = Math.min(c - 1, ch + above);
                long base = xOff + (long) img * c * spatial;
                for (int i = 0; i < spatial; i++) {
                    double sum = 0;
                    for (int k = from; k <= to; k++) {
                        double v = x.get(F, (base + (long) k * spatial + i) << 2);
                        sum += v * v;
                    }
                    float v = x.get(F, (base + (long) ch * spatial + i) << 2);
                    y.set(F, (yOff + (long) plane * spatial + i) << 2, (float) (v / Math.pow(bias + scale * sum, beta)));
                }
            }
        });
    }

    private static void affine(int n, float a, float s, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        for (int i = 0; i < n; i++) {
            y.set(F, (yOff + i) << 2, a * x.get(F, (xOff + i) << 2) + s);
        }
    }

    /** The mean of {@code len} floats from element {@code base}, and {@code 1 / sqrt(variance + epsilon)}, in double. */
    record Moments(double mean, double invStd) {
        static Moments of(MemorySegment x, long base, int len, float epsilon) {
            double sum = 0;
            for (int i = 0; i < len; i++) {
                sum += x.get(F, (base + i) << 2);
            }
            double mean = sum / len;
            double squares = 0;
            for (int i = 0; i < len; i++) {
                double d = x.get(F, (base + i) << 2) - mean;
                squares += d * d;
            }
            return new Moments(mean, 1 / Math.sqrt(squares / len + epsilon));
        }
    }
}
