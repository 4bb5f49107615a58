package cgc.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import cgc.onnx.OrtRunner;
import cgc.runtime.Plan;
import cgc.runtime.Session;
import cgc.runtime.TensorSpec;
import cgc.runtime.io.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** The numeric check of every end-to-end test: relative L2 error against a reference, with a message to act on. */
final class Compare {
    static final double TOLERANCE = 1e-4;

    private Compare() {}

    /** Fails unless {@code actual} is within {@link #TOLERANCE} of {@code expected}; {@code what} heads the message. */
    static void close(String what, OrtRunner.Tensor expected, Tensor actual) { close(what, expected, actual, TOLERANCE); }

    /** As above, within {@code tolerance}; returns the relative L2 error. */
    static double close(String what, OrtRunner.Tensor expected, Tensor actual, double tolerance) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.data(), a = actual.toFloatArray();
        double err = OrtRunner.relativeL2(e, a);
        if (!(err <= tolerance)) {
            int worst = 0;
            for (int i = 0; i < e.length; i++) {
                if (!(Math.abs(a[i] - e[i]) <= Math.abs(a[worst] - e[worst]))) worst = i;
            }
            fail("%s: relative L2 error %.3g > %.0e; worst element %d %s: cgc %s, reference %s".formatted(what, err,
                    tolerance, worst, Arrays.toString(index(worst, expected.shape())), a[worst], e[worst]));
        }
        return err;
    }

    /**
     * Runs {@code session} and ONNX Runtime on the same fresh random inputs drawn from {@code seed} and compares every
     * output; {@code what} (model, placement, seed) heads the failure message.
     */
    static void againstOrt(String what, String model, Plan plan, Session session, long seed) {
        Map<String, OrtRunner.Tensor> feeds = new LinkedHashMap<>();
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (TensorSpec spec : plan.inputs()) {
            OrtRunner.Tensor x = OrtRunner.Tensor.random(seed, spec.dims());
            feeds.put(spec.name(), x);
            inputs.put(spec.name(), of(x));
        }
        Map<String, OrtRunner.Tensor> expected = OrtRunner.run(Models.onnx(model), feeds);
        Map<String, Tensor> actual = session.run(inputs);
        for (TensorSpec o : plan.outputs()) {
            close(what + ", output \"" + o.name() + "\"", expected.get(o.name()), actual.get(o.name()));
        }
    }

    static OrtRunner.Tensor of(Tensor t) { return new OrtRunner.Tensor(t.shape(), t.toFloatArray()); }

    /** An f32 result of {@code cgc.conformance.Ort} as the comparisons take it. */
    static OrtRunner.Tensor of(cgc.conformance.Data d) {
        org.junit.jupiter.api.Assertions.assertEquals(cgc.ir.DType.F32, d.dtype(), "the output's type");
        float[] v = new float[d.values().length];
        for (int i = 0; i < v.length; i++) v[i] = (float) d.values()[i];
        return new OrtRunner.Tensor(d.shape(), v);
    }

    static Tensor of(OrtRunner.Tensor t) { return Tensor.ofFloats(t.data(), t.shape()); }

    private static long[] index(long flat, long[] shape) {
        long[] idx = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }
}
