package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cgc.ir.Graph;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plans whose layers alternate between the CPU and the GPU, so that data crosses sides at almost every layer: every
 * wait and bracket of the schedule runs, with the arena shared as each SVM mode the OpenCL device supports (fine
 * SVM, coarse SVM with map/unmap, plain buffers with copies). The outputs must match the golden ones.
 */
class MixedPlacementTest {
    @TempDir static Path dir;

    static Stream<Arguments> cases() {
        return Stream.of("encoder2", "squeezenet1_1").flatMap(m -> Stream.of(SvmMode.values()).map(s -> Arguments.of(m, s)));
    }

    @ParameterizedTest(name = "{0}, arena as {1}")
    @MethodSource("cases")
    void alternatingSidesMatchTheGoldenOutput(String model, SvmMode svm) throws IOException {
        assumeTrue(Devices.select("auto") instanceof OpenClDevice, "needs an OpenCL device");
        OpenClDevice device = (OpenClDevice) Devices.select("auto");
        assumeTrue(svm.supportedBy(device.info().svm()), device.describe() + " cannot share memory as " + svm);
        Path models = examples();
        Model m = PassManager.of(Pipeline.standardPasses()).run(OnnxImporter.read(models.resolve(model + ".onnx"),
                ImportOptions.DEFAULT));
        Graph g = m.graph();
        List<Node> nodes = g.nodes();
        GeneratedPlan plan = CodeGenerator.generate(m, "mixed placement test", n -> nodes.indexOf(n) % 2 == 0);
        assertTrue(plan.schedule().count(Schedule.Acquire.class) > 3, "data crosses sides: " + plan.schedule().steps().size());
        Path jar = dir.resolve(model + "." + svm + ".plan.jar");
        PlanJar.write(jar, plan, new PlanJar.Stamp("test", "mixed"));
        Tensor x = Npy.read(models.resolve(model + ".input.npy"));
        Tensor expected = Npy.read(models.resolve(model + ".output.npy"));
        try (Plan p = Plan.load(jar); Session s = p.open(device.withSvm(svm), 2)) {
            for (int run = 0; run < 2; run++) {
                Tensor y = s.run(Map.of(p.inputs().getFirst().name(), x)).get(p.outputs().getFirst().name());
                double err = OrtRunner.relativeL2(expected.toFloatArray(), y.toFloatArray());
                assertTrue(err <= 1e-4, model + " as " + svm + ", run " + run + ": relative L2 error " + err);
            }
        }
    }

    static Path examples() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples/models"))) return p.resolve("examples/models");
        }
        throw new IllegalStateException("examples/models not found");
    }
}
