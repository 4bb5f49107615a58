package cgc.runtime.bench;

import cgc.runtime.Plan;
import cgc.runtime.Profile;
import cgc.runtime.Session;
import cgc.runtime.device.Device;
import cgc.runtime.device.Devices;
import cgc.runtime.io.Npy;
import cgc.runtime.io.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Times a plan jar the way a benchmark should: warm-up first, for at least {@code --warmup-ms} and then until the JIT
 * is quiet ({@link JitWatch}), then {@code runs} timed runs of one session; prints one JSON line with the median and
 * spread in ms, and how long the warm-up took.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp MODEL.plan.jar cgc.runtime.bench.PlanBench \
 *     PLAN.jar INPUT.npy [--device SPEC] [--threads N] [--warmup-ms MS] [--runs N] [--profile]</pre>
 *
 * The plan's only input is fed from {@code INPUT.npy}. With {@code --profile}, {@code runs} more runs are profiled
 * after the timed ones ({@link cgc.runtime.Profile}) and a second JSON line gives each step's mean time.
 */
public final class PlanBench {
    private PlanBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PlanBench PLAN.jar INPUT.npy [--device SPEC] [--threads N] [--warmup-ms MS] [--runs N] [--profile]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Tensor input = Npy.read(Path.of(args[1]));
        String deviceSpec = "auto";
        int threads = Runtime.getRuntime().availableProcessors();
        long warmupMs = 3000;
        int runs = 100;
        boolean profile = false;
        for (int i = 2; i < args.length; i += 2) {
            if (args[i].equals("--profile")) {
                profile = true;
                i--;
                continue;
            }
            if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value");
            switch (args[i]) {
                case "--device" -> deviceSpec = args[i + 1];
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--warmup-ms" -> warmupMs = Long.parseLong(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Device device = Devices.select(deviceSpec);
        try (Plan plan = Plan.load(jar); Session s = plan.open(device, threads)) {
            Map<String, Tensor> in = Map.of(plan.inputs().getFirst().name(), input);
            Map<String, Tensor> out = s.run(in);       // written again by every run: no fresh memory per run
            long start = System.nanoTime();
            int warm = 0;
            JitWatch jit = new JitWatch();
            while (!jit.quietAfter(warmupMs) || warm < 5) {
                s.run(in, out);
                warm++;
            }
            long warmedMs = (System.nanoTime() - start) / 1_000_000;
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                s.run(in, out);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("{\"plan\": \"%s\", \"device\": \"%s\", \"threads\": %d, \"warmup_runs\": %d, "
                            + "\"warmup_ms\": %d, \"jit_quiet\": %b, \"runs\": %d, "
                            + "\"median_ms\": %.4f, \"p10_ms\": %.4f, \"p90_ms\": %.4f, \"min_ms\": %.4f}%n",
                    jar.getFileName(), describe(device), threads, warm, warmedMs, jit.quiet(), runs, ms[runs / 2],
                    ms[runs / 10],
                    ms[runs * 9 / 10], ms[0]);
            if (profile) {
                Profile p = s.newProfile();
                for (int i = 0; i < runs; i++) s.run(in, out, p);
                System.out.println(p.steps().stream()
                        .map(st -> "{\"step\": \"%s\", \"us\": %.2f}".formatted(st.name().replace("\"", "'"), st.micros()))
                        .collect(java.util.stream.Collectors.joining(", ", "{\"plan\": \"" + jar.getFileName()
                                + "\", \"profile_runs\": " + runs + ", \"steps\": [", "]}")));
            }
        }
    }

    private static String describe(Device d) {
        return d.toString().replace('"', '\'');
    }
}
