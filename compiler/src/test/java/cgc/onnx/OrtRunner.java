package cgc.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs an ONNX model with ONNX Runtime (CPU, one thread) on named float inputs and returns every output by name: the
 * reference that cgc's results are compared with. Test code only; shared by the tests of every module.
 * <pre>{@code
 * var x = OrtRunner.Tensor.random(42, 1, 3, 224, 224);
 * float[] y = OrtRunner.run(Path.of("m.onnx"), Map.of("input", x)).get("output").data();
 * }</pre>
 */
public final class OrtRunner {
    private OrtRunner() {}

    /** A dense float tensor in C order. */
    public record Tensor(long[] shape, float[] data) {
        public Tensor {
            long n = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            if (n != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got "
                        + data.length);
            }
        }

        /** Values drawn uniformly from [-1, 1) with {@code seed}: never all zeros, the same for the same seed. */
        public static Tensor random(long seed, long... shape) {
            SplittableRandom r = new SplittableRandom(seed);
            float[] v = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
            for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
            return new Tensor(shape.clone(), v);
        }

        @Override public String toString() { return "f32" + Arrays.toString(shape); }
    }

    public static Map<String, Tensor> run(Path model, Map<String, Tensor> inputs) {
        return run(env -> env.createSession(model.toString(), options()), inputs, model.toString());
    }

    public static Map<String, Tensor> run(byte[] model, Map<String, Tensor> inputs) {
        return run(env -> env.createSession(model, options()), inputs, "model of " + model.length + " bytes");
    }

    /**
     * {@code ||actual - expected|| / ||expected||} in L2 norm, the usual way to compare two runs of a model; throws if
     * the lengths differ or the expected values are all zero (then a relative error means nothing).
     */
    public static double relativeL2(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("lengths differ: " + expected.length + " vs " + actual.length);
        }
        double diff = 0, norm = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = (double) actual[i] - expected[i];
            diff += d * d;
            norm += (double) expected[i] * expected[i];
        }
        if (norm == 0) throw new IllegalArgumentException("expected values are all zero");
        return Math.sqrt(diff / norm);
    }

    private interface SessionFactory { OrtSession open(OrtEnvironment env) throws OrtException; }

    private static OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(1);
        o.setInterOpNumThreads(1);
        return o;
    }

    private static Map<String, Tensor> run(SessionFactory factory, Map<String, Tensor> inputs, String what) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try (OrtSession session = factory.open(env)) {
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                feeds.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue().data()),
                        e.getValue().shape()));
            }
            Map<String, Tensor> outputs = new LinkedHashMap<>();
            try (OrtSession.Result result = session.run(feeds)) {
                for (Map.Entry<String, OnnxValue> e : result) {
                    if (!(e.getValue() instanceof OnnxTensor t) || t.getInfo().type != ai.onnxruntime.OnnxJavaType.FLOAT) {
                        throw new IllegalArgumentException("output \"" + e.getKey() + "\" of " + what
                                + " is not a float tensor: " + e.getValue().getInfo());
                    }
                    FloatBuffer fb = t.getFloatBuffer();
                    float[] data = new float[fb.remaining()];
                    fb.get(data);
                    outputs.put(e.getKey(), new Tensor(t.getInfo().getShape(), data));
                }
            }
            return outputs;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + what + ": " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }
}
