package cgc.bench;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.runtime.device.Device;
import cgc.runtime.device.Devices;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cgc bench layers|models}: the co-execution benchmarks of issue 6 (see the package documentation). Both
 * write {@code NAME.json} and {@code NAME.md} into {@code --out}.
 */
@Command(name = "bench", description = "Co-execution benchmarks: the layers grid search (the oracle) and whole models.",
        subcommands = {BenchCommand.Layers.class, BenchCommand.Models.class})
public final class BenchCommand {

    /** What both benchmarks take: where they run and how long they measure. */
    static final class Common {
        @Option(names = "--device", paramLabel = "SPEC", defaultValue = "auto",
                description = "The OpenCL device of the GPU side, as for cgc run (default: ${DEFAULT-VALUE}).")
        String device;

        @Option(names = "--threads", paramLabel = "N", description = "CPU side threads (default: one per core).")
        Integer threads;

        @Option(names = "--warmup-ms", paramLabel = "MS", defaultValue = "30", description = "Warm-up per measurement (default: ${DEFAULT-VALUE}).")
        long warmupMs;

        @Option(names = "--runs", paramLabel = "N", defaultValue = "21", description = "Timed runs per measurement, at most (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--time-ms", paramLabel = "MS", defaultValue = "80",
                description = "Time budget per measurement after warm-up (at least 7 runs are taken).")
        long timeMs;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-out", description = "Where results go.")
        Path out;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the random inputs and weights.")
        long seed;

        @Option(names = "--gpu-kernels", paramLabel = "tiled|vector", defaultValue = "tiled",
                description = "The heavy layers' OpenCL kernels, as for cgc compile (default: ${DEFAULT-VALUE}).")
        String gpuKernels;

        LayerBench.Options options(double step) throws IOException {
            Device d = Devices.select(device);
            System.setProperty("cgc.kernel-check", device);   // compile-time builds land in this device's cache
            Files.createDirectories(out.resolve("plans"));
            int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            return new LayerBench.Options(d, n, step, new Timing.Budget(warmupMs, runs, timeMs), out.resolve("plans"), seed,
                    cgc.codegen.GpuKernelStyle.parse(gpuKernels));
        }

        /** The setup of this run, with its command line as typed. */
        Reports.Setup setup(CommandSpec spec, LayerBench.Options o) {
            Map<String, String> pocl = new TreeMap<>();
            System.getenv().forEach((k, v) -> { if (k.startsWith("POCL_")) pocl.put(k, v); });
            List<String> args = spec.commandLine().getParseResult().originalArgs();
            return new Reports.Setup("cgc " + String.join(" ", args), o.device().describe(),
                    o.threads(), ThreadPlacement.processCores(), pocl.toString().replaceAll("[{}]", ""),
                    Instant.now().toString(), ThreadPlacement.seen());
        }

        /** {@code NAME.json} and {@code NAME.md} into {@code --out}; the table on stdout too. */
        void write(CommandSpec spec, String name, Object report, String markdown) throws IOException {
            Reports.writeJson(out.resolve(name + ".json"), report);
            Files.writeString(out.resolve(name + ".md"), markdown);
            spec.commandLine().getOut().print(markdown);
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "layers", description = "Each heavy layer on the CPU, on the GPU and split at every ratio of a "
            + "grid on each dimension; the fastest is the oracle. Writes layers.json and layers.md.")
    static final class Layers implements Callable<Integer> {
        @Spec CommandSpec spec;
        @picocli.CommandLine.Mixin Common common;

        @Parameters(paramLabel = "MODEL.onnx", arity = "0..*", description = "Models whose distinct heavy layers to measure.")
        List<Path> models = List.of();

        @Option(names = "--large", description = "Add large linear and conv layers (1x4096·4096x4096, ...).")
        boolean large;

        @Option(names = "--design", paramLabel = "N", defaultValue = "0",
                description = "Add N synthetic layers spread over the shapes a device profile should know (dense and "
                        + "depthwise convs, linear layers; log-uniform sizes), for cgc profile fit.")
        int design;

        @Option(names = "--step", defaultValue = "0.05", description = "Step of the GPU share grid (default: ${DEFAULT-VALUE}).")
        double step;

        @Option(names = "--only", paramLabel = "REGEX", description = "Only the layers whose key matches.")
        String only;

        @Override
        public Integer call() throws IOException {
            PrintWriter log = spec.commandLine().getErr();
            LayerBench.Options o = common.options(step);
            List<LayerCase> cases = new ArrayList<>(LayerSuite.of(models));
            if (large) cases.addAll(LayerSuite.large(common.seed));
            if (design < 0) throw new CgcException(Where.NOWHERE, "--design needs a count of layers, got " + design);
            cases.addAll(LayerSuite.design(design, common.seed));
            if (only != null) cases.removeIf(c -> !Pattern.compile(only).matcher(c.key()).find());
            if (cases.isEmpty()) throw new CgcException(Where.NOWHERE, "no layers to measure (give models, --large or --design N)");
            List<LayerBench.Result> results = new ArrayList<>();
            LayerBench.warmUp(cases.getFirst(), o, 3000);
            Reports.Setup setup = common.setup(spec, o);
            for (int i = 0; i < cases.size(); i++) {
                log.printf("cgc bench: [%d/%d] %s%n", i + 1, cases.size(), cases.get(i).key());
                log.flush();
                results.add(LayerBench.measure(cases.get(i), o, log));
                // the layers so far, after each: a run stopped by a time limit keeps what it measured
                Reports.writeJson(common.out.resolve("layers.json"), new Reports.Layers(setup, results));
            }
            Reports.Layers report = new Reports.Layers(common.setup(spec, o), results);
            common.write(spec, "layers", report, Reports.markdown(report));
            return 0;
        }
    }

    @Command(name = "models", description = "Each model with every layer on the CPU, on the GPU, and with the oracle's "
            + "per-layer choices from a layers.json. Writes models.json and models.md.")
    static final class Models implements Callable<Integer> {
        @Spec CommandSpec spec;
        @picocli.CommandLine.Mixin Common common;

        @Parameters(paramLabel = "MODEL.onnx", arity = "1..*")
        List<Path> models;

        @Option(names = "--oracle", paramLabel = "layers.json", required = true,
                description = "The results of cgc bench layers on the same device and threads.")
        Path oracle;

        @Option(names = "--profile", paramLabel = "PROFILE.json",
                description = "Also each model as --placement predicted places it with this device profile.")
        Path profile;

        @Option(names = "--search-rounds", paramLabel = "N", defaultValue = "1",
                description = "Rounds of the search of every heavy layer's cut in the model itself, after the oracle's "
                        + "plan (0: none; default: ${DEFAULT-VALUE}).")
        int searchRounds;

        @Override
        public Integer call() throws IOException {
            PrintWriter log = spec.commandLine().getErr();
            LayerBench.Options o = common.options(1);
            // each model's plans are new code: three seconds of warm-up at least, as PlanBench gives
            o = new LayerBench.Options(o.device(), o.threads(), o.step(), new Timing.Budget(Math.max(3000,
                    o.budget().warmupMs()), o.budget().runs(), o.budget().measureMs()), o.work(), o.seed(), o.gpuKernels());
            List<LayerBench.Result> layers = Reports.readLayers(oracle).layers();
            cgc.partition.Profile predicted = profile == null ? null : cgc.partition.Profile.read(profile);
            List<ModelBench.Result> results = new ArrayList<>();
            for (Path m : models) {
                log.printf("cgc bench: %s%n", m.getFileName());
                log.flush();
                results.add(ModelBench.measure(m, layers, o, searchRounds, predicted, profile, log));
            }
            Reports.Models report = new Reports.Models(common.setup(spec, o), results);
            common.write(spec, "models", report, Reports.markdown(report));
            return 0;
        }
    }
}
