package cgc.cli;

import cgc.codegen.GeneratedPlan;
import cgc.codegen.Schedule;
import cgc.codegen.Side;
import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.memory.Bytes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cgc compile MODEL.onnx [-o MODEL.plan.jar] [--placement cpu|gpu]}: builds a self-contained plan jar. */
@Command(name = "compile", description = {
        "Compile an ONNX model into a plan jar that runs with only a JRE 25 (and OpenCL for GPU layers):",
        "  java -jar MODEL.plan.jar --input NAME=FILE.npy [--output-dir DIR] [--repeat N]",
        "(add --add-modules jdk.incubator.vector before -jar for the fast CPU kernels)."})
final class CompileCommand implements Callable<Integer> {
    @Mixin VerboseOption verbose;
    @Mixin ShapeOptions shapes;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "MODEL.onnx", description = "The model.")
    Path model;

    @Option(names = {"-o", "--output"}, paramLabel = "MODEL.plan.jar",
            description = "Where to write the plan jar (default: beside the model, MODEL.plan.jar).")
    Path output;

    @Option(names = "--placement", paramLabel = "cpu|gpu|split:R[:DIM]|predicted", defaultValue = "cpu",
            description = "cpu: every layer on the CPU; gpu: every layer with a GPU kernel on the OpenCL device, "
                    + "the others on the CPU; split:R: as gpu, with each heavy layer (Conv, Gemm, MatMul, Linear) "
                    + "computed by both sides, the share R in [0, 1] on the GPU, split along oc or rows (Conv), m or n "
                    + "(products); :DIM picks the dimension wherever a layer allows it; predicted: each heavy layer "
                    + "split where --profile's latency models predict a gain, sync included (default: ${DEFAULT-VALUE}).")
    String placement;

    @Option(names = "--profile", paramLabel = "PROFILE.json",
            description = "The device profile for --placement predicted (written by cgc profile fit).")
    Path profile;

    @Option(names = "--split-config", paramLabel = "FILE.json",
            description = "Per node name: \"cpu\", \"gpu\" or {\"dim\": \"oc\"|\"rows\"|\"m\"|\"n\", \"ratio\": R} (R the GPU's "
                    + "share); the other nodes as with --placement gpu. Replaces --placement.")
    Path splitConfig;

    @Option(names = "--gpu-kernels", paramLabel = "tiled|vector", defaultValue = "tiled",
            description = "The heavy layers' OpenCL kernels: tiled for GPUs, vector for OpenCL devices that are CPUs "
                    + "(PoCL standing in for an integrated GPU) (default: ${DEFAULT-VALUE}).")
    String gpuKernels;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        cgc.codegen.Placement side = splitConfig != null ? readSplitConfig(splitConfig)
                : placement.equals("predicted") ? predicted(profile) : parsePlacement(placement);
        if (profile != null && !(side instanceof cgc.codegen.Placement.Predicted)) {
            throw new CgcException(Where.NOWHERE, "--profile is for --placement predicted");
        }
        Path jar = output != null ? output : defaultJar(model);
        cgc.codegen.GpuKernelStyle style;
        try {
            style = cgc.codegen.GpuKernelStyle.parse(gpuKernels);
        } catch (IllegalArgumentException e) {
            throw new CgcException(Where.NOWHERE, e.getMessage());
        }
        if (side instanceof cgc.codegen.Placement.Predicted(cgc.partition.Profile p, Path file)
                && !p.gpuKernels().equals(gpuKernels)) {
            err.println("cgc: warning: " + file.getFileName() + " was measured with --gpu-kernels " + p.gpuKernels()
                    + ", this plan's GPU kernels are " + gpuKernels + ": its predictions are for other kernels");
        }
        PlanBuild.Result r = new PlanBuild(err, verbose.verbose).build(model, jar, side, style, shapes.bindings());
        out.print(summary(r));
        out.flush();
        return 0;
    }

    static cgc.codegen.Placement parsePlacement(String p) {
        return switch (p) {
            case "cpu" -> new cgc.codegen.Placement.OnSide(Side.CPU);
            case "gpu" -> new cgc.codegen.Placement.OnSide(Side.GPU);
            case "predicted" -> throw new CgcException(Where.NOWHERE,
                    "--placement predicted needs a device profile: cgc compile MODEL.onnx --placement predicted --profile PROFILE.json");
            default -> {
                if (p.startsWith("split:")) {
                    String[] parts = p.substring(6).split(":", -1);
                    String dim = parts.length == 2 ? parts[1] : null;
                    if (parts.length > 2 || (dim != null && !cgc.codegen.Placement.SplitAt.DIMS.contains(dim))) {
                        throw new CgcException(Where.NOWHERE, "--placement split:R:DIM needs DIM one of "
                                + String.join(", ", cgc.codegen.Placement.SplitAt.DIMS) + ", got \"" + p + "\"");
                    }
                    try {
                        double r = Double.parseDouble(parts[0]);
                        if (r >= 0 && r <= 1) yield new cgc.codegen.Placement.SplitAt(r, dim);
                    } catch (NumberFormatException e) {
                        // reported below
                    }
                    throw new CgcException(Where.NOWHERE, "--placement split:R needs a ratio R in [0, 1], got \""
                            + parts[0] + "\"");
                }
                throw new CgcException(Where.NOWHERE, "--placement must be cpu, gpu, split:R, split:R:DIM or predicted, got \""
                        + p + "\"");
            }
        };
    }

    static cgc.codegen.Placement predicted(Path profile) {
        if (profile == null) throw new CgcException(Where.NOWHERE, "--placement predicted needs --profile PROFILE.json");
        return new cgc.codegen.Placement.Predicted(cgc.partition.Profile.read(profile), profile);
    }

    static cgc.codegen.Placement readSplitConfig(Path file) {
        try {
            return new cgc.codegen.Placement.Configured(cgc.codegen.SplitConfig.parse(file, Files.readString(file)), file);
        } catch (java.io.IOException e) {
            throw new CgcException(Where.file(file), "cannot read the split config: " + e.getMessage());
        }
    }

    static Path defaultJar(Path model) {
        String f = model.getFileName().toString();
        String base = f.endsWith(".onnx") ? f.substring(0, f.length() - 5) : f;
        Path dir = model.toAbsolutePath().getParent();
        return dir.resolve(base + ".plan.jar");
    }

    /** The one-screen summary of a compilation. */
    static String summary(PlanBuild.Result r) {
        GeneratedPlan p = r.plan();
        StringBuilder b = new StringBuilder();
        b.append("compiled %s -> %s in %.1f s%n".formatted(r.model().getFileName(), r.jar(), r.nanos() / 1e9));
        long layers = p.graph().nodes().stream().filter(n -> !cgc.codegen.Schedule.isView(n, p.memory())).count();
        b.append("  layers     %d (from %d ONNX nodes): %d on the CPU, %d on the GPU%n".formatted(layers, r.importedNodes(),
                layers - p.placements().count(Side.GPU), p.placements().count(Side.GPU)));
        for (var e : p.placements().byOp(p.graph(), p.memory()).entrySet()) {
            b.append("    %-22s %s%n".formatted(e.getKey(), e.getValue().entrySet().stream()
                    .map(s -> s.getValue() + " " + s.getKey().label()).collect(Collectors.joining(", "))));
        }
        if (!p.placements().fallbacks().isEmpty()) {
            Map<String, Long> byOp = p.graph().nodes().stream()
                    .filter(n -> p.placements().fallbacks().contains(n.name()) && !cgc.codegen.Schedule.isView(n, p.memory()))
                    .collect(Collectors.groupingBy(n -> n.op().opType(), java.util.TreeMap::new, Collectors.counting()));
            if (!byOp.isEmpty()) {
                b.append("  fallback   no GPU kernel, run on the CPU: %s%n".formatted(byOp.entrySet().stream()
                        .map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "))));
            }
        }
        if (p.placements().count(Side.GPU) > 0) {
            b.append("  syncs      %d waits for the GPU, %d ranges crossing sides%n".formatted(
                    p.schedule().count(Schedule.Await.class), p.schedule().count(Schedule.Acquire.class)));
            b.append("  kernels    %d, %s%n".formatted(p.kernels().names().size(), p.kernelCheck()));
        }
        b.append("  weights    %s in %d tensors%n".formatted(Bytes.human(p.weights().payloadBytes()), p.weights().entries().size()));
        b.append("  arena      %s%n".formatted(p.memory().summary()));
        b.append("  jar        %s (plan class %s, %d lines)%n".formatted(Bytes.human(r.jarBytes()), p.className(),
                p.source().toString().lines().count()));
        return b.toString();
    }
}
