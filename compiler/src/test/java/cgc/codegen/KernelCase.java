package cgc.codegen;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.jocl.cl_program;

/**
 * One specialised kernel, launched once on inputs placed at non-zero offsets of an {@code act}/{@code wts} pair,
 * checked against a float64 reference: relative L2 within {@code tolerance} over the split range, NaN (the poison the
 * output starts with) everywhere else in the output, and every other element of {@code act} unchanged.
 */
record KernelCase(String label, String kernel, String source, float[] act, float[] wts, int begin, int end,
                  Launch launch, int outOffset, double[] expected, double tolerance) {

    @Override public String toString() { return label; }

    /** Builds every case's kernel in one program (PoCL compiles a program in a fraction of a second, not per kernel). */
    static final class Batch {
        private final List<KernelCase> cases = new ArrayList<>();
        private cl_program program;

        Batch add(KernelCase c) {
            if (cases.stream().anyMatch(o -> o.kernel.equals(c.kernel))) throw new IllegalArgumentException("duplicate kernel " + c.kernel);
            cases.add(c);
            return this;
        }

        List<KernelCase> cases() { return cases; }

        void check(KernelCase c) {
            OpenClTestDevice device = OpenClTestDevice.get();
            synchronized (this) {
                if (program == null) {
                    StringBuilder all = new StringBuilder();
                    for (KernelCase k : cases) all.append(k.source).append('\n');
                    program = device.build(GpuCalls.withFunctions(all.toString()));
                }
            }
            c.verify(device.run(program, c.kernel, c.act.clone(), c.wts, c.begin, c.end, c.launch));
        }
    }

    /** Builds the act/wts pair: each tensor lands after a gap of sentinel values, so no offset is 0. */
    static final class Buffers {
        static final float SENTINEL = 1234.5f;
        private float[] data = new float[256];
        private int size;
        private final SplittableRandom random;

        Buffers(long seed) { random = new SplittableRandom(seed); }

        /** Seeded values uniform in [-1, 1) at a fresh offset. */
        int random(int n) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (float) (random.nextDouble() * 2 - 1);
            return put(v);
        }

        int put(float[] values) {
            int gap = 3 + random.nextInt(13);
            ensure(size + gap + values.length);
            Arrays.fill(data, size, size + gap, SENTINEL);
            size += gap;
            System.arraycopy(values, 0, data, size, values.length);
            size += values.length;
            return size - values.length;
        }

        /** An output region, poisoned with NaN. */
        int output(int n) {
            float[] v = new float[n];
            Arrays.fill(v, Float.NaN);
            return put(v);
        }

        float get(int offset) { return data[offset]; }

        float[] array() {
            ensure(size + 7);
            Arrays.fill(data, size, size + 7, SENTINEL);   // a tail, so stray writes past the output show
            return Arrays.copyOf(data, size + 7);
        }

        private void ensure(int n) { if (n > data.length) data = Arrays.copyOf(data, Math.max(n, 2 * data.length)); }
    }

    /** Sets the expected value of output elements that fall outside the split range to NaN. */
    static double[] onlyWhere(double[] expected, IntPredicate inRange) {
        double[] e = expected.clone();
        for (int i = 0; i < e.length; i++) if (!inRange.test(i)) e[i] = Double.NaN;
        return e;
    }

    static String render(String template, String kernel, Map<String, ?> params) {
        return KernelTemplates.render(template, kernel, params);
    }

    private void verify(float[] after) {
        double num = 0, den = 0;
        int worst = -1;
        double worstErr = -1;
        int computed = 0;
        for (int i = 0; i < expected.length; i++) {
            float got = after[outOffset + i];
            if (Double.isNaN(expected[i])) {
                if (!Float.isNaN(got)) fail(label + ": output element " + i + " is outside the split range [" + begin
                        + ", " + end + ") but was written: " + got);
                continue;
            }
            if (!Float.isFinite(got)) fail(label + ": output element " + i + " is " + got + ", expected " + expected[i]);
            double d = got - expected[i];
            num += d * d;
            den += expected[i] * expected[i];
            computed++;
            if (Math.abs(d) > worstErr) { worstErr = Math.abs(d); worst = i; }
        }
        if (computed == 0) fail(label + ": the split range selects no output element; the case checks nothing");
        double rel = Math.sqrt(num / Math.max(den, 1e-300));
        if (rel > tolerance) {
            fail(String.format("%s: relative L2 error %.3g > %.1g; worst element %d: got %s, expected %s", label, rel,
                    tolerance, worst, after[outOffset + worst], expected[worst]));
        }
        for (int i = 0; i < act.length; i++) {
            boolean inOutput = i >= outOffset && i < outOffset + expected.length;
            if (!inOutput && Float.floatToRawIntBits(after[i]) != Float.floatToRawIntBits(act[i])) {
                fail(label + ": act[" + i + "] outside the output changed from " + act[i] + " to " + after[i]);
            }
        }
    }
}
