package cgc.cli;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.runtime.Launcher;
import cgc.runtime.Plan;
import cgc.runtime.PlanException;
import cgc.runtime.device.Device;
import cgc.runtime.device.Devices;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cgc run MODEL.plan.jar|MODEL.onnx --input NAME=FILE.npy … [--output-dir DIR] [--repeat N] [--profile] [--device SPEC]
 * [--threads N]}: runs a plan (an .onnx model is compiled first, into a temporary directory) and writes each output
 * as {@code OUTPUT.npy}; with {@code --repeat}, prints the latency's median, minimum and maximum.
 */
@Command(name = "run", description = "Run a plan jar, or an ONNX model compiled on the fly, on .npy inputs.")
final class RunCommand implements Callable<Integer> {
    @Mixin VerboseOption verbose;
    @Mixin ShapeOptions shapes;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "MODEL.plan.jar|MODEL.onnx", description = "A plan jar, or an ONNX model to compile first.")
    Path model;

    @Option(names = "--input", paramLabel = "NAME=FILE.npy",
            description = "An input of the model; repeat for each. A model with one input also takes FILE.npy alone.")
    List<String> inputs = List.of();

    @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = ".",
            description = "Where to write OUTPUT.npy for each output (default: the current directory).")
    Path outputDir;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1", description = "Run N times and print the latency.")
    int repeat;

    @Option(names = "--profile", description = "Print the time of each step of the schedule (the "
            + Launcher.PROFILE_ROWS + " slowest; GPU layers show their launch, the syncs the device's work).")
    boolean profile;

    @Option(names = "--device", paramLabel = "SPEC", defaultValue = "auto",
            description = "OpenCL device: auto, cpu-only, P:D, or part of its name (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: one per core).")
    Integer threads;

    @Option(names = "--placement", paramLabel = "cpu|gpu", defaultValue = "cpu",
            description = "For an .onnx model: where its layers run, as in cgc compile (default: ${DEFAULT-VALUE}).")
    String placement;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Path> files = new LinkedHashMap<>();
        for (String in : inputs) {
            int eq = in.indexOf('=');
            files.put(eq < 0 ? "" : in.substring(0, eq), Path.of(in.substring(eq + 1)));
        }
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1) throw new CgcException(Where.NOWHERE, "--threads must be at least 1, got " + n);
        Path tempDir = null;
        Path jar = model;
        try {
            if (model.getFileName().toString().endsWith(".onnx")) {
                tempDir = Files.createTempDirectory("cgc-run");
                jar = tempDir.resolve(CompileCommand.defaultJar(model).getFileName());
                new PlanBuild(err, verbose.verbose).build(model, jar, CompileCommand.parsePlacement(placement),
                        cgc.codegen.GpuKernelStyle.TILED, withInputFiles(shapes.bindings(), files));
            }
            Device d;
            try {
                d = Devices.select(device);
            } catch (IllegalArgumentException e) {   // a CGC_SVM or CGC_SYNC override the device cannot honour
                throw new CgcException(Where.NOWHERE.detail("--device " + device), e.getMessage(), e);
            }
            if (verbose.verbose) err.println("cgc: device " + d.describe());
            try (Plan plan = Plan.load(jar)) {
                Launcher.Report r = Launcher.execute(plan, d, n, files, outputDir, repeat, profile);
                if (verbose.verbose) r.outputs().forEach(p -> err.println("cgc: wrote " + p));
                if (repeat > 1) spec.commandLine().getOut().println(r.latency());
                if (r.profile() != null) spec.commandLine().getOut().print(r.profile().table(Launcher.PROFILE_ROWS));
                spec.commandLine().getOut().flush();
            } catch (PlanException e) {
                throw new CgcException(Where.file(model), e.getMessage(), e);
            }
            return 0;
        } finally {
            if (tempDir != null) deleteTree(tempDir);
        }
    }

    /**
     * {@code given} plus the shape of each named input file for an input it does not shape: {@code cgc run} of a model
     * with a free batch dim compiles it for the arrays at hand (their headers only: the plan reads the data).
     */
    private static cgc.ir.ShapeBindings withInputFiles(cgc.ir.ShapeBindings given, Map<String, Path> files) {
        var defaults = new LinkedHashMap<String, java.util.List<Long>>();
        for (var e : files.entrySet()) {
            if (e.getKey().isEmpty() || !Files.isRegularFile(e.getValue())) continue;
            try {
                defaults.put(e.getKey(), java.util.Arrays.stream(cgc.runtime.io.Npy.shape(e.getValue())).boxed().toList());
            } catch (IOException ex) {
                // unreadable here: reported with its path when the plan reads its inputs
            }
        }
        return new cgc.ir.ShapeBindings(given.dims(), given.inputs(), defaults);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
