package cgc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

/** Test data in native segments, float64 references, and the checks every kernel test shares. */
final class Tensors {
    private Tensors() {}

    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    /** A segment of {@code n} floats, uniform in [-1, -0.05] ∪ [0.05, 1] (never zero), from {@code seed}. */
    static MemorySegment random(Arena arena, long n, long seed) {
        MemorySegment s = arena.allocate(4 * Math.max(1, n), 64);
        Random r = new Random(seed);
        for (long i = 0; i < n; i++) {
            float v = 0.05f + 0.95f * r.nextFloat();
            s.setAtIndex(F, i, r.nextBoolean() ? v : -v);
        }
        return s;
    }

    /** A segment of {@code n} NaNs: every element a kernel does not write stays NaN. */
    static MemorySegment poisoned(Arena arena, long n) {
        MemorySegment s = arena.allocate(4 * Math.max(1, n), 64);
        for (long i = 0; i < n; i++) {
            s.setAtIndex(F, i, Float.NaN);
        }
        return s;
    }

    static double[] read(MemorySegment s, long off, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = s.getAtIndex(F, off + i);
        }
        return d;
    }

    static float at(MemorySegment s, long i) {
        return s.getAtIndex(F, i);
    }

    /** Asserts ||got - want|| <= tol * ||want|| (relative L2) and that nothing is NaN. */
    static void assertClose(double[] want, MemorySegment got, long off, double tol, String what) {
        double num = 0;
        double den = 0;
        int worst = -1;
        double worstErr = -1;
        for (int i = 0; i < want.length; i++) {
            double g = got.getAtIndex(F, off + i);
            if (Double.isNaN(g)) {
                fail(what + ": element " + i + " is NaN (not written), want " + want[i]);
            }
            double e = Math.abs(g - want[i]);
            num += e * e;
            den += want[i] * want[i];
            if (e > worstErr) {
                worstErr = e;
                worst = i;
            }
        }
        double rel = Math.sqrt(num / Math.max(den, 1e-300));
        assertTrue(rel <= tol, what + ": relative L2 error " + rel + " > " + tol + "; worst element " + worst
                + " got " + (worst < 0 ? 0 : got.getAtIndex(F, off + worst)) + " want "
                + (worst < 0 ? 0 : want[worst]));
    }

    /** Asserts that {@code got} equals {@code want} bit for bit where {@code inside(i)}, and is NaN elsewhere. */
    static void assertPart(MemorySegment want, MemorySegment got, long n, java.util.function.LongPredicate inside,
                           String what) {
        for (long i = 0; i < n; i++) {
            float g = got.getAtIndex(F, i);
            if (inside.test(i)) {
                float w = want.getAtIndex(F, i);
                if (Float.floatToRawIntBits(g) != Float.floatToRawIntBits(w)) {
                    fail(what + ": element " + i + " inside the range is " + g + ", the whole run gave " + w);
                }
            } else if (!Float.isNaN(g)) {
                fail(what + ": element " + i + " outside the range was written: " + g);
            }
        }
    }

    /** The activations in float64, written independently of {@link Act#apply}. */
    static double act(Act a, double x) {
        return switch (a) {
            case Act.None n -> x;
            case Act.Relu r -> x > 0 ? x : 0;
            case Act.Clip c -> x < c.min() ? c.min() : x > c.max() ? c.max() : x;
            case Act.Sigmoid s -> 1 / (1 + Math.exp(-x));
            case Act.Silu s -> x / (1 + Math.exp(-x));
            case Act.HardSigmoid h -> Math.max(0, Math.min(1, h.alpha() * x + h.beta()));
            case Act.HardSwish h -> x * Math.max(0, Math.min(1, x / 6 + 0.5));
            case Act.LeakyRelu l -> x < 0 ? l.alpha() * x : x;
            case Act.Tanh t -> Math.tanh(x);
            case Act.Gelu g -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
            case Act.Elu e -> x < 0 ? e.alpha() * (Math.exp(x) - 1) : x;
            case Act.Selu s -> s.gamma() * (x > 0 ? x : s.alpha() * (Math.exp(x) - 1));
            case Act.Celu c -> Math.max(0, x) + Math.min(0, c.alpha() * (Math.exp(x / c.alpha()) - 1));
            case Act.ThresholdedRelu t -> x > t.alpha() ? x : 0;
            case Act.Mish m -> x * Math.tanh(Math.log(1 + Math.exp(x)));
            // the quotient in float, as ONNX has it in the scale's type
            case Act.Quantize q -> Double.isNaN(x) ? q.lo() * q.scale()
                    : Math.max(q.lo(), Math.min(q.hi(), Math.rint((float) x / q.scale()))) * q.scale();
        };
    }

    /**
     * erf in float64: its Maclaurin series below |x| = 3 (terms until they vanish; at most 3 digits lost to
     * cancellation), 1 - erfc from erfc's continued fraction above.
     */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax >= 3) {
            double t = ax;                  // erfc(x) = e^-x² / √π / (x + (1/2)/(x + (2/2)/(x + (3/2)/(x + ...))))
            for (int k = 80; k >= 1; k--) {
                t = ax + k / 2.0 / t;
            }
            return Math.signum(x) * (1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / t);
        }
        double sum = 0;
        double term = x;                // x^(2n+1) (-1)^n / n!
        for (int n = 0; n < 200; n++) {
            double t = term / (2 * n + 1);
            sum += t;
            if (Math.abs(t) < 1e-17 * Math.abs(sum)) {
                break;
            }
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    /** The pools every parallel kernel is tested with: inline, and more threads than this machine's cores. */
    static final Parallel SERIAL = Parallel.create(1);
    static final Parallel THREE = Parallel.create(3);
}
