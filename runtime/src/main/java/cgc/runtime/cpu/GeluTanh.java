package cgc.runtime.cpu;

import static cgc.runtime.cpu.Mem.F;

import java.lang.foreign.MemorySegment;

/**
 * ONNX Gelu with {@code approximate = "tanh"}: {@code y = 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))}, computed
 * in double and rounded once. (The exact, erf form is the activation {@link Act#GELU}.)
 */
public final class GeluTanh {
    private GeluTanh() {}

    private static final double K = Math.sqrt(2 / Math.PI);

    /** {@code y[i] = gelu_tanh(x[i])} for i < n; y may be x. */
    public static void run(long n, MemorySegment x, long xOff, MemorySegment y, long yOff, Parallel pool) {
        Elementwise.chunks(n, pool, (b, e) -> {
            for (long i = b; i < e; i++) {
                y.set(F, (yOff + i) << 2, apply(x.get(F, (xOff + i) << 2)));
            }
        });
    }

    static float apply(float v) {
        double x = v;
        return (float) (0.5 * x * (1 + Math.tanh(K * (x + 0.044715 * x * x * x))));
    }
}
