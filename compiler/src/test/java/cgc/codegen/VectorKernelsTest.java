package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import cgc.runtime.io.Npy;
import cgc.runtime.io.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example model with {@code --gpu-kernels vector} (the kernels for OpenCL devices that are CPUs), on the GPU
 * alone and split at 0.5, against the golden outputs; the split plans also at moved cuts (0.3 of each split layer's
 * units for the GPU, rounded to its block), so that partial blocks at both ends of a part are exercised.
 */
class VectorKernelsTest {
    @TempDir static Path dir;

    static Stream<Arguments> cases() {
        return Stream.of("mlp_small", "encoder2", "squeezenet1_1", "mobilenet_v2")
                .flatMap(m -> Stream.of(Arguments.of(m, "gpu"), Arguments.of(m, "split:0.5")));
    }

    @ParameterizedTest(name = "{0} --placement {1} --gpu-kernels vector")
    @MethodSource("cases")
    void matchesTheGoldenOutput(String model, String placement) throws IOException {
        assumeTrue(Devices.select("auto") instanceof OpenClDevice, "needs an OpenCL device");
        Path models = MixedPlacementTest.examples();
        var m = PassManager.of(Pipeline.standardPasses()).run(OnnxImporter.read(models.resolve(model + ".onnx"), ImportOptions.DEFAULT));
        Placement p = placement.equals("gpu") ? new Placement.OnSide(Side.GPU) : new Placement.SplitAt(0.5);
        GeneratedPlan plan = CodeGenerator.generate(m, "vector kernels test", p, GpuKernelStyle.VECTOR);
        assertTrue(plan.kernels().source().contains("float16"), "vector kernels were generated");
        Path jar = dir.resolve(model + "." + placement.replace(':', '_') + ".plan.jar");
        PlanJar.write(jar, plan, new PlanJar.Stamp("test", placement));
        Tensor x = Npy.read(models.resolve(model + ".input.npy"));
        float[] expected = Npy.read(models.resolve(model + ".output.npy")).toFloatArray();
        try (Plan pl = Plan.load(jar); Session s = pl.open(Devices.select("auto"), 2)) {
            check(model, placement, expected, s, pl, x);
            if (!pl.splits().isEmpty()) {
                for (var split : pl.splits()) {
                    int gpu = (int) Math.round(0.3 * split.total() / split.tile()) * split.tile();
                    s.cut(split.node(), split.total() - Math.min(gpu, split.total()));
                }
                check(model, placement + " at cuts " + s.cuts(), expected, s, pl, x);
            }
        }
    }

    private static void check(String model, String what, float[] expected, Session s, Plan p, Tensor x) {
        float[] y = s.run(Map.of(p.inputs().getFirst().name(), x)).get(p.outputs().getFirst().name()).toFloatArray();
        double err = OrtRunner.relativeL2(expected, y);
        assertTrue(err <= 1e-4, model + " " + what + ": relative L2 error " + err);
    }
}
