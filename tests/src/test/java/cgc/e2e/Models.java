package cgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cgc.cli.Main;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.onnx.OnnxExporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The example models and their plan jars, compiled once per placement with {@code cgc compile} (in process) and
 * shared by every test class of this JVM, so the suite pays for each compilation once.
 */
final class Models {
    /** Every model in {@code examples/models}. */
    static final List<String> ALL = List.of("mlp_small", "encoder2", "squeezenet1_1", "mobilenet_v2");
    /** Every model in {@code examples/zoo}: architectures beyond the examples, checked for numbers only. */
    static final List<String> ZOO = List.of("resnet_small", "effnet_small", "unet_small", "yolo_small", "shuffle_small",
            "audio_conv1d", "bert_tiny", "vit_tiny", "lstm_small", "gru_small");
    static final List<String> PLACEMENTS = List.of("cpu", "gpu");

    private static final Path DIR = locate();
    private static final Map<String, Path> JARS = new ConcurrentHashMap<>();
    private static final Path OUT;

    static {
        try {
            OUT = Files.createTempDirectory("cgc-e2e");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(OUT)));
    }

    private Models() {}

    static Path onnx(String model) { return dir(model).resolve(model + ".onnx"); }

    /** The folder of {@code model}: {@code examples/models}, or {@code examples/zoo} for the zoo's. */
    static Path dir(String model) { return ZOO.contains(model) ? DIR.resolveSibling("zoo") : DIR; }

    /** A QDQ model of {@code examples/qdq} (ONNX Runtime's quantizer's), with its input and output beside it. */
    static Path qdq(String file) { return DIR.resolveSibling("qdq").resolve(file); }

    static Path goldenInput(String model) { return DIR.resolve(model + ".input.npy"); }

    static Path goldenOutput(String model) { return DIR.resolve(model + ".output.npy"); }

    static Path scratch() { return OUT; }

    /**
     * Model {@code m} with the graph {@code b} made of its graph {@code g} (a test's rewrite of it), the constants
     * nothing reads any more dropped (the float weights quantized ones replace), written into the scratch folder as
     * {@code form}.onnx.
     */
    static Path writeRewritten(Model m, Graph g, Graph.Builder b, String form) {
        Set<String> read = new HashSet<>(g.outputs());
        b.nodes().forEach(n -> read.addAll(n.inputs()));
        b.constants().keySet().retainAll(read);
        Path file = OUT.resolve(form + ".onnx");
        OnnxExporter.write(m.withGraph(b.build()), file);
        return file;
    }

    /** The plan jar of {@code model} compiled with {@code placement}; compiled on first use. */
    static Path jar(String model, String placement) {
        return JARS.computeIfAbsent(model + "." + placement, k -> compile(onnx(model), placement));
    }

    /** {@code onnx} compiled with {@code placement} by {@code cgc compile} into the scratch folder; the plan jar. */
    static Path compile(Path onnx, String placement) {
        String name = onnx.getFileName().toString().replaceFirst("\\.onnx$", "");
        Path jar = OUT.resolve(name + "." + placement + ".plan.jar");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("compile", onnx.toString(), "-o", jar.toString(), "--placement", placement);
        assertEquals(0, code, "cgc compile " + onnx + " --placement " + placement + ":\n" + err + out);
        return jar;
    }

    /** Skips a test of a placement with GPU layers on a machine without OpenCL (CI installs PoCL, so it runs there). */
    static void assumeDeviceFor(String placement) {
        if (!placement.equals("cpu")) {
            org.junit.jupiter.api.Assumptions.assumeTrue(
                    cgc.runtime.device.Devices.select("auto") instanceof cgc.runtime.device.OpenClDevice,
                    "no OpenCL device: " + cgc.runtime.device.Devices.select("auto").describe());
        }
    }

    private static Path locate() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("examples/models");
            if (Files.isDirectory(d)) return d;
        }
        throw new IllegalStateException("examples/models not found above " + Path.of("").toAbsolutePath());
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }
}
