package cgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.cli.Main;
import cgc.ir.Cost;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.onnx.ImportOptions;
import cgc.onnx.OnnxImporter;
import cgc.passes.PassManager;
import cgc.passes.Pipeline;
import cgc.runtime.Plan;
import cgc.runtime.Session;
import cgc.runtime.device.Devices;
import cgc.runtime.device.OpenClDevice;
import cgc.runtime.device.SvmMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Split placements (issue 6) against ONNX Runtime on fresh random inputs: every example model with {@code
 * --placement split:R:DIM} for R in {0.1, 0.5, 0.9} on each dimension its heavy layers split along, and with random
 * per-layer split configs. Each plan runs with the arena shared as an SVM mode the device offers, in turn (fine,
 * coarse, buffers; the random configs in all of them), so every sync mechanism is exercised.
 */
class SplitsMatchOnnxRuntimeTest {
    static final long SEED = ModelsMatchOnnxRuntimeTest.SEED;

    /** The dimensions the heavy layers of each model split along (one-row products split only by columns). */
    static final Map<String, List<String>> DIMS = Map.of(
            "mlp_small", List.of("n"),
            "encoder2", List.of("m", "n"),
            "squeezenet1_1", List.of("oc", "rows"),
            "mobilenet_v2", List.of("oc", "rows"));

    static final List<SvmMode> MODES = List.of(SvmMode.FINE, SvmMode.COARSE, SvmMode.BUFFERS);

    static Stream<Arguments> uniform() {
        List<Arguments> out = new ArrayList<>();
        int i = 0;
        for (String model : Models.ALL) {
            for (String dim : DIMS.get(model)) {
                for (double r : new double[] {0.1, 0.5, 0.9}) out.add(Arguments.of(model, "split:" + r + ":" + dim, MODES.get(i++ % 3)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} --placement {1} as {2}")
    @MethodSource("uniform")
    void uniformSplitsMatchOnnxRuntime(String model, String placement, SvmMode svm) throws IOException {
        checkAgainstOrt(model, placement, Models.jar(model, placement), List.of(svm), 0, true);
    }

    static Stream<Arguments> configs() {
        return Models.ALL.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0} with a random split config")
    @MethodSource("configs")
    void randomPerLayerConfigsMatchOnnxRuntime(String model) throws IOException {
        long seed = SEED + model.hashCode();
        Path config = Models.scratch().resolve(model + ".random-" + seed + ".split.json");
        Files.writeString(config, randomConfig(model, seed));
        Path jar = Models.scratch().resolve(model + ".random-" + seed + ".plan.jar");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("compile", Models.onnx(model).toString(), "-o", jar.toString(), "--split-config", config.toString());
        assertEquals(0, code, "cgc compile " + model + " --split-config " + Files.readString(config) + ":\n" + err + out);
        checkAgainstOrt(model, "split config " + config.getFileName() + " (-Dcgc.seed=" + SEED + ")", jar, MODES, seed, false);
    }

    /**
     * {@code --placement predicted} with a profile whose sides are equally fast and whose sync is free, so that every
     * heavy layer the GPU can take is split near half: the predicted placement compiles into a plan that matches.
     */
    @ParameterizedTest(name = "{0} with --placement predicted")
    @MethodSource("configs")
    void predictedPlacementsMatchOnnxRuntime(String model) throws IOException {
        Path profile = Models.scratch().resolve("even-sides.profile.json");
        cgc.partition.SideModel side = new cgc.partition.SideModel(Math.log(1e-6), 1, 0, Map.of());   // 1 ms per MMAC
        new cgc.partition.Profile(cgc.partition.Profile.FORMAT, "test", 2, "tiled", List.of(), side, side, 0,
                new cgc.partition.Profile.Range(1e3, 1e5)).write(profile);   // narrower than every model's layers
        Path jar = Models.scratch().resolve(model + ".predicted.plan.jar");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("compile",
                Models.onnx(model).toString(), "-o", jar.toString(), "--placement", "predicted", "--profile", profile.toString(),
                "--verbose");
        assertEquals(0, code, "cgc compile " + model + " --placement predicted:\n" + err + out);
        assertTrue(err.toString().lines().anyMatch(l -> l.contains(" predicted: cpu ") && l.contains(", split ")),
                "--verbose gives each heavy layer's predictions, a split's too:\n" + err);
        assertTrue(err.toString().lines().anyMatch(l -> l.startsWith("cgc: warning: ") && l.contains("beyond the sizes")),
                "layers beyond the profile's range are named:\n" + err);
        checkAgainstOrt(model, "--placement predicted", jar, MODES, 17, false);
    }

    /**
     * Chains: the encoder's feed-forward products split by rows at one share ({@code split:0.5:m}), the second chained
     * to the first; and {@code --placement predicted} with a profile whose sync no single layer can pay for, which
     * chains each block from its output projection through the LayerNorms and feed-forward products (the residual
     * Adds fused into the output and second feed-forward projections) into the next block's qkv projection. Under fine SVM their CPU parts wait for nothing; both plans match in every
     * mode, chained or not.
     */
    @Test
    void chainsMatchOnnxRuntime() throws IOException {
        Path profile = Models.scratch().resolve("dear-sync.profile.json");
        cgc.partition.SideModel side = new cgc.partition.SideModel(Math.log(1e-8), 1, 0, Map.of());   // 10 ms per GMAC
        new cgc.partition.Profile(cgc.partition.Profile.FORMAT, "test", 2, "tiled", List.of(), side, side, 0.2,
                new cgc.partition.Profile.Range(1e3, 1e9)).write(profile);
        Map<String, List<String>> placements = Map.of(
                "ffn", List.of("--placement", "split:0.5:m"),
                "blocks", List.of("--placement", "predicted", "--profile", profile.toString()));
        Map<String, Long> chained = Map.of("ffn", 2L, "blocks", 9L);
        for (var e : placements.entrySet()) {
            Path jar = Models.scratch().resolve("encoder2.chained-" + e.getKey() + ".plan.jar");
            StringWriter out = new StringWriter(), err = new StringWriter();
            List<String> args = new ArrayList<>(List.of("compile", Models.onnx("encoder2").toString(), "-o", jar.toString(),
                    "--verbose"));
            args.addAll(e.getValue());
            int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute(args.toArray(String[]::new));
            assertEquals(0, code, "cgc " + args + ":\n" + err + out);
            assertEquals(chained.get(e.getKey()), err.toString().lines().filter(l -> l.contains(", chained to \"/layers/layers."))
                    .count(), "--verbose names each chained layer:\n" + err);
            checkAgainstOrt("encoder2", e.getValue() + ", chained", jar, MODES, 29, true);
        }
    }

    /**
     * Each heavy node: the CPU, the GPU, or a split along the dimension its shapes allow at a random share (at least
     * one node split).
     */
    static String randomConfig(String model, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Model m = PassManager.of(Pipeline.standardPasses()).run(OnnxImporter.read(Models.onnx(model), ImportOptions.DEFAULT));
        List<String> entries = new ArrayList<>();
        boolean split = false;
        for (Node n : m.graph().nodes()) {
            if (!(n.op() instanceof OpKind k) || k.cost() != Cost.HEAVY) continue;
            String name = n.name().replace("\\", "\\\\").replace("\"", "\\\"");
            String dim = splitDim(m, n, k, random);
            int pick = random.nextInt(4);
            if (dim != null && !split && entries.size() + 1 == heavyCount(m)) pick = 2;   // the last chance to split one
            String choice = switch (dim == null ? pick % 2 : pick) {
                case 0 -> "\"cpu\"";
                case 1 -> "\"gpu\"";
                default -> "{\"dim\": \"" + dim + "\", \"ratio\": " + Math.round(random.nextDouble() * 100) / 100.0 + "}";
            };
            split |= choice.startsWith("{");
            entries.add("  \"" + name + "\": " + choice);
        }
        return "{\n" + String.join(",\n", entries) + "\n}\n";
    }

    private static long heavyCount(Model m) {
        return m.graph().nodes().stream().filter(n -> n.op() instanceof OpKind k && k.cost() == Cost.HEAVY).count();
    }

    /** A dimension a heavy node splits along (oc or rows of a Conv; m, or n for one row, of a one-batch product). */
    private static String splitDim(Model m, Node n, OpKind k, SplittableRandom random) {
        long[] y = m.graph().type(n.output(0)).shape();
        if (k == OpKind.CONV) return y.length != 4 ? null : y[0] == 1 && random.nextBoolean() ? "oc" : "rows";
        if (k == OpKind.CONV_TRANSPOSE || y.length < 2) return null;
        long batch = 1;
        for (int d = 0; d + 2 < y.length; d++) batch *= y[d];
        return batch != 1 ? null : y[y.length - 2] == 1 ? "n" : "m";
    }

    /**
     * Runs the plan in each mode on fresh inputs against ONNX Runtime. With {@code ahead}, a fine-SVM session runs
     * twice with launches enqueued ahead ({@code -Dcgc.gpu.ahead=on}): the first run records its launches, the second
     * replays them behind gates. Only the uniform splits and the chains ask for it: every gated replay spins a PoCL
     * thread that competes with the JVM on CI's two cores (the split tests took 5x as long with it everywhere).
     */
    private static void checkAgainstOrt(String model, String what, Path jar, List<SvmMode> modes, long salt,
                                        boolean ahead) throws IOException {
        Assumptions.assumeTrue(Devices.select("auto") instanceof OpenClDevice, "needs an OpenCL device");
        OpenClDevice device = (OpenClDevice) Devices.select("auto");
        int ran = 0;
        try (Plan plan = Plan.load(jar)) {
            assertFalse(plan.splits().isEmpty(), what + ": no layer of " + model + " is split");
            for (SvmMode svm : modes) {
                if (!svm.supportedBy(device.info().svm())) continue;
                ran++;
                boolean replay = ahead && svm == SvmMode.FINE;
                if (replay) System.setProperty("cgc.gpu.ahead", "on");
                try (Session s = plan.open(device.withSvm(svm), 2)) {
                    for (int run = 0; run < (replay ? 2 : 1); run++) {   // fresh inputs each
                        long seed = SEED + salt + svm.ordinal() + 100L * run;
                        Compare.againstOrt(model + " " + what + " as " + svm + ", run " + (run + 1) + ", seed " + seed,
                                model, plan, s, seed);
                    }
                } finally {
                    System.clearProperty("cgc.gpu.ahead");
                }
            }
        }
        Assumptions.assumeTrue(ran > 0, device.describe() + " offers none of " + modes);
    }
}
