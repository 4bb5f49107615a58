import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * ONNX Runtime's CPU latency for one model through its Java API, timed like cgc's PlanBench (warm-up for a set time,
 * then N runs of one session), for machines without ONNX Runtime for Python. Prints one JSON line.
 *
 * <pre>java -cp ~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/1.24.1/onnxruntime-1.24.1.jar \
 *     bench/models/OrtBench.java MODEL.onnx INPUT.npy THREADS [RUNS]</pre>
 * The input is a little-endian float32 .npy of the model's first input.
 */
public final class OrtBench {
    public static void main(String[] args) throws Exception {
        String model = args[0];
        int threads = Integer.parseInt(args[2]);
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        var env = OrtEnvironment.getEnvironment();
        var opts = new OrtSession.SessionOptions();
        opts.setIntraOpNumThreads(threads);
        opts.setInterOpNumThreads(1);
        opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        try (OrtSession s = env.createSession(model, opts)) {
            Npy x = Npy.read(Path.of(args[1]));
            try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data), x.shape)) {
                Map<String, OnnxTensor> feed = Map.of(s.getInputNames().iterator().next(), t);
                long end = System.nanoTime() + 3_000_000_000L;
                while (System.nanoTime() < end) {
                    s.run(feed).close();
                }
                double[] ms = new double[runs];
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    s.run(feed).close();
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(ms);
                System.out.printf("{\"model\": \"%s\", \"engine\": \"onnxruntime-java\", \"threads\": %d, \"runs\": %d, "
                                + "\"median_ms\": %.4f, \"p10_ms\": %.4f, \"p90_ms\": %.4f, \"min_ms\": %.4f}%n",
                        Path.of(model).getFileName(), threads, runs, ms[runs / 2], ms[runs / 10], ms[runs * 9 / 10], ms[0]);
            }
        }
    }

    /** A float32 .npy file (version 1 or 2 header, little-endian, C order). */
    record Npy(long[] shape, float[] data) {
        static Npy read(Path p) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
            int major = b.get(6);
            int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
            int start = major == 1 ? 10 : 12;
            String header = new String(b.array(), start, headerLen);
            if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) {
                throw new IOException(p + ": only little-endian float32 C-order .npy is supported, header " + header);
            }
            String dims = header.substring(header.indexOf("'shape': (") + 10);
            dims = dims.substring(0, dims.indexOf(')'));
            long[] shape = Arrays.stream(dims.split(",")).map(String::trim).filter(d -> !d.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
            FloatBuffer f = b.position(start + headerLen).slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[] data = new float[f.remaining()];
            f.get(data);
            return new Npy(shape, data);
        }
    }
}
