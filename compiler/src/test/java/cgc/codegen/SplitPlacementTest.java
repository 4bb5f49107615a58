package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cgc.diag.CgcException;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.onnx.ImportOptions;
import cgc.onnx.OnnxImporter;
import cgc.onnx.OrtRunner;
import cgc.pack.PlanJar;
import cgc.passes.PassManager;
import cgc.passes.Pipeline;
import cgc.runtime.Plan;
import cgc.runtime.Session;
import cgc.runtime.device.Devices;
import cgc.runtime.device.OpenClDevice;
import cgc.runtime.device.SvmMode;
import cgc.runtime.io.Npy;
import cgc.runtime.io.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Heavy layers computed by both sides at once ({@code --placement split:R}): each plan is compiled once and run with
 * the arena shared as each SVM mode the device supports; the outputs must match the golden ones. Ratios 0 and 1 leave
 * one part empty.
 */
class SplitPlacementTest {
    @TempDir static Path dir;

    static Stream<Arguments> cases() {
        return Stream.concat(Stream.of("squeezenet1_1", "encoder2", "mobilenet_v2").flatMap(m -> Stream.of(0.1, 0.5, 0.9)
                .map(r -> Arguments.of(m, r))), Stream.of(0.0, 0.1, 0.5, 0.9, 1.0).map(r -> Arguments.of("mlp_small", r)));
    }

    @ParameterizedTest(name = "{0} split at {1}")
    @MethodSource("cases")
    void splitLayersMatchTheGoldenOutputInEverySvmMode(String model, double ratio) throws IOException {
        assumeTrue(Devices.select("auto") instanceof OpenClDevice, "needs an OpenCL device");
        GeneratedPlan plan = CodeGenerator.generateSplit(load(model), "split placement test", ratio);
        assertTrue(!plan.placements().splits().isEmpty(), model + " has heavy layers to split");
        assertTrue(plan.source().toString().contains(", split("), "split layers say so in their comment");
        if (ratio == 0.5) {
            assertTrue(plan.placements().splits().values().stream().anyMatch(s -> !s.cpuEmpty() && !s.gpuEmpty()),
                    "some layer has a part on each side: " + plan.placements().splits());
        }
        if (model.equals("encoder2")) {   // run below chained under fine SVM, unchained under the others
            assertEquals(2, plan.schedule().steps().stream()
                    .filter(s -> s instanceof Schedule.RunSplit r && r.chain().isPresent()).count(),
                    "each feed-forward block's second product is chained to its first");
        }
        runInEverySvmMode(model, String.valueOf(ratio), plan);
    }

    private static Model load(String model) throws IOException {
        return PassManager.of(Pipeline.standardPasses()).run(OnnxImporter.read(
                MixedPlacementTest.examples().resolve(model + ".onnx"), ImportOptions.DEFAULT));
    }

    /** Writes the plan's jar once and runs it with the arena shared as each SVM mode the device supports. */
    private static void runInEverySvmMode(String model, String variant, GeneratedPlan plan) throws IOException {
        OpenClDevice device = (OpenClDevice) Devices.select("auto");
        Path models = MixedPlacementTest.examples();
        Path jar = dir.resolve(model + "." + variant + ".plan.jar");
        PlanJar.write(jar, plan, new PlanJar.Stamp("test", "split"));
        Tensor x = Npy.read(models.resolve(model + ".input.npy"));
        Tensor expected = Npy.read(models.resolve(model + ".output.npy"));
        int modes = 0;
        try (Plan p = Plan.load(jar)) {
            for (SvmMode svm : SvmMode.values()) {
                if (!svm.supportedBy(device.info().svm())) continue;
                modes++;
                try (Session s = p.open(device.withSvm(svm), 2)) {
                    Tensor y = s.run(Map.of(p.inputs().getFirst().name(), x)).get(p.outputs().getFirst().name());
                    double err = OrtRunner.relativeL2(expected.toFloatArray(), y.toFloatArray());
                    assertTrue(err <= 1e-4, model + " " + variant + " as " + svm + ": relative L2 error " + err);
                }
            }
        }
        assertTrue(modes > 0, device.describe() + " supports no SVM mode");
    }

    /** A seeded random placement of every layer: cpu, gpu, or a split along each dimension its shapes allow. */
    @ParameterizedTest(name = "{0}, random per-layer config")
    @MethodSource("models")
    void randomPerLayerConfigMatchesTheGoldenOutputInEverySvmMode(String model) throws IOException {
        assumeTrue(Devices.select("auto") instanceof OpenClDevice, "needs an OpenCL device");
        Model m = load(model);
        Random random = new Random(model.hashCode());
        StringBuilder json = new StringBuilder("{");
        var gpu = new GpuCalls(m.graph(), m.opset(), cgc.memory.MemoryPlanner.plan(m.graph()), WeightsLayout.of(m.graph()));
        for (Node n : m.graph().nodes()) {
            List<String> dims = Stream.of("oc", "m", "n").filter(d -> SplitPlacement.along(m.graph(), n, gpu, d).isPresent())
                    .toList();
            String choice = !dims.isEmpty() && random.nextInt(3) > 0
                    ? "{\"dim\": \"" + dims.get(random.nextInt(dims.size())) + "\", \"ratio\": " + random.nextInt(11) / 10.0 + "}"
                    : random.nextBoolean() ? "\"cpu\"" : null;
            if (choice != null) json.append(json.length() > 1 ? ", " : "").append('"').append(n.name()).append("\": ").append(choice);
        }
        Path file = dir.resolve(model + ".split.json");
        SplitConfig config = SplitConfig.parse(file, json.append('}').toString());
        runInEverySvmMode(model, "config", CodeGenerator.generate(m, "split config test", config, file));
    }

    static Stream<String> models() { return Stream.of("squeezenet1_1", "encoder2", "mobilenet_v2", "mlp_small"); }

    @Test
    void configErrorsNameTheFileAndTheNode() throws IOException {
        Model m = load("mlp_small");
        Path file = Path.of("bad.json");
        String node = m.graph().nodes().stream().filter(n -> n.op().opType().equals("Gemm")).findFirst().orElseThrow().name();
        for (String[] c : new String[][] {
                {"{\"nope\": \"cpu\"}", "node \"nope\": no such node in the model"},
                {"{\"" + node + "\": {\"dim\": \"oc\", \"ratio\": 0.5}}", "cannot be split along \"oc\""},
                {"{\"" + node + "\": {\"dim\": \"n\", \"ratio\": 1.5}}", "ratio 1.5 is outside [0, 1]"},
                {"{\"" + node + "\": \"both\"}", "must be \"cpu\", \"gpu\""},
                {"{\"" + node + "\": ", "not a split config: Unexpected end-of-input"}}) {
            CgcException e = assertThrows(CgcException.class,
                    () -> CodeGenerator.generate(m, "t", SplitConfig.parse(file, c[0]), file), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }

    @Test
    void theGpuPartIsRoundedToWholeTilesAndMayBeEmpty() {
        assertEquals(36, Split.of("oc", 0.5, 100, 64).cut());          // 50 rounds to 64 for the GPU
        assertEquals(100, Split.of("oc", 0.3, 100, 64).cut());         // 30 rounds to none
        assertEquals(36, Split.of("oc", 0.9, 100, 64).cut());          // 90 rounds to 64
        assertEquals(0, Split.of("oc", 0.99, 100, 64).cut());          // 99 rounds to 128: all of it
        assertEquals(28, Split.of("m", 0.25, 37, 1).cut());            // odd size, tile 1: round(9.25) = 9 for the GPU
        assertEquals(37, Split.of("m", 0.0, 37, 1).cut());
        assertEquals(0, Split.of("m", 1.0, 37, 1).cut());
        assertEquals(0, Split.of("m", 1.0, 1, 64).cut());             // r = 1 is all of it, however small
        assertEquals("split(oc, r=0.625): oc 0..23 CPU, 24..63 GPU", Split.of("oc", 0.625, 64, 1).describe());
        assertEquals("split(oc, r=0.0): oc 0..63 CPU, none GPU", Split.of("oc", 0.0, 64, 64).describe());
        assertEquals("split(rows, r=0.5): rows 0..55 CPU, 56..111 GPU", Split.of("rows", 0.5, 112, 1).describe());
        assertEquals("split(rows, r=1.0): rows none CPU, 0..6 GPU", Split.of("rows", 1.0, 7, 1).describe());
        assertEquals(4, Split.of("rows", 0.4, 7, 1).cut());           // odd rows: round(2.8) = 3 for the GPU
    }
}
