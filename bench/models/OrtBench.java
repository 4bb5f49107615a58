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
 *     bench/models/OrtBench.java MODEL.onnx INPUT.npy THREADS [RUNS] [profile]</pre>
 * The input is a little-endian float32 .npy of the model's first input. With {@code profile}, a second session runs
 * under ONNX Runtime's profiler and a second line gives each node's median kernel time (µs), in the order it ran them,
 * as {@code ort_profile.py} does, to set against {@code PlanBench --profile} where Python has no ONNX Runtime.
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
        if (args.length > 4 && args[4].equals("profile")) {
            profile(env, model, Npy.read(Path.of(args[1])), threads, runs);
        }
    }

    private static void profile(OrtEnvironment env, String model, Npy x, int threads, int runs) throws Exception {
        var opts = new OrtSession.SessionOptions();
        opts.setIntraOpNumThreads(threads);
        opts.setInterOpNumThreads(1);
        opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        Path dir = Files.createTempDirectory("ort-profile");
        opts.enableProfiling(dir.resolve("ort").toString());
        String trace;
        try (OrtSession s = env.createSession(model, opts);
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data), x.shape)) {
            Map<String, OnnxTensor> feed = Map.of(s.getInputNames().iterator().next(), t);
            for (int i = 0; i < runs * 3 / 2; i++) {      // the first third warms up and is dropped below
                s.run(feed).close();
            }
            Path file = Path.of(s.endProfiling());
            trace = Files.readString(file);
            Files.delete(file);
            Files.delete(dir);
        }
        // One event per line: {"cat" : "Node", ..., "dur" :N, ..., "name" :"NODE_kernel_time", ..., "op_name" : "OP"}}
        var dur = java.util.regex.Pattern.compile("\"dur\" ?: ?(\\d+)");
        var name = java.util.regex.Pattern.compile("\"name\" ?: ?\"([^\"]+)_kernel_time\"");
        var op = java.util.regex.Pattern.compile("\"op_name\" ?: ?\"([^\"]+)\"");
        var times = new java.util.LinkedHashMap<String, java.util.List<Integer>>();
        var ops = new java.util.HashMap<String, String>();
        for (String line : trace.split("\n")) {
            var n = name.matcher(line);
            var d = dur.matcher(line);
            var o = op.matcher(line);
            if (line.contains("\"Node\"") && n.find() && d.find() && o.find()) {
                times.computeIfAbsent(n.group(1), k -> new java.util.ArrayList<>()).add(Integer.parseInt(d.group(1)));
                ops.put(n.group(1), o.group(1));
            }
        }
        var out = new StringBuilder();
        times.forEach((node, us) -> {
            var kept = us.subList(us.size() / 3, us.size()).stream().sorted().toList();
            out.append(out.isEmpty() ? "" : ", ").append(String.format("{\"node\": \"%s\", \"op\": \"%s\", \"us\": %d}",
                    node, ops.get(node), kept.get(kept.size() / 2)));
        });
        System.out.printf("{\"model\": \"%s\", \"engine\": \"onnxruntime-java\", \"threads\": %d, \"nodes\": [%s]}%n",
                Path.of(model).getFileName(), threads, out);
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
