package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import cgc.runtime.SplitSpec;
import cgc.runtime.device.Devices;
import cgc.runtime.device.OpenClDevice;
import cgc.runtime.device.SvmMode;
import cgc.runtime.io.Npy;
import cgc.runtime.io.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A split plan's cuts moved at run time ({@link Session#cut}), as the grid-search oracle sweeps them: every cut of a
 * few layers, the empty parts included, keeps the outputs right in every SVM mode, in the run after the move and the
 * one after it (under fine-grained SVM with -Dcgc.gpu.ahead=on, the first records its launches and the second
 * enqueues them ahead); cuts that are not
 * cuts are refused.
 */
class RuntimeCutsTest {
    @TempDir static Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(SvmMode.class)
    void everyCutKeepsTheEncoderRight(SvmMode svm) throws IOException {
        assumeTrue(Devices.select("auto") instanceof OpenClDevice, "needs an OpenCL device");
        OpenClDevice device = (OpenClDevice) Devices.select("auto");
        assumeTrue(svm.supportedBy(device.info().svm()), device.describe() + " has no " + svm);
        Path models = MixedPlacementTest.examples();
        var model = PassManager.of(Pipeline.standardPasses())
                .run(OnnxImporter.read(models.resolve("encoder2.onnx"), ImportOptions.DEFAULT));
        Path jar = dir.resolve("encoder2." + svm + ".plan.jar");
        PlanJar.write(jar, CodeGenerator.generateSplit(model, "runtime cuts test", 0.5), new PlanJar.Stamp("test", "split"));
        Tensor x = Npy.read(models.resolve("encoder2.input.npy"));
        float[] expected = Npy.read(models.resolve("encoder2.output.npy")).toFloatArray();
        if (svm == SvmMode.FINE) System.setProperty("cgc.gpu.ahead", "on");   // launches enqueued ahead, replayed
        try (Plan p = Plan.load(jar); Session s = p.open(device.withSvm(svm), 2)) {
            List<SplitSpec> splits = p.splits();
            assertTrue(splits.size() >= 8, "encoder2's heavy layers are split: " + splits);
            assertEquals(splits.stream().collect(java.util.stream.Collectors.toMap(SplitSpec::node, SplitSpec::cut)), s.cuts());
            SplitSpec first = splits.getFirst(), last = splits.getLast();
            for (int cut : new int[] {0, first.total(), first.total() % first.tile()}) {
                s.cut(first.node(), cut);
                s.cut(last.node(), cut == 0 ? last.total() : 0);   // the other extreme at the same time
                for (int run = 1; run <= 2; run++) {   // new cuts: recorded, then replayed ahead (LaunchScript)
                    float[] y = s.run(Map.of(p.inputs().getFirst().name(), x)).get(p.outputs().getFirst().name()).toFloatArray();
                    double err = OrtRunner.relativeL2(expected, y);
                    assertTrue(err <= 1e-4, "cut " + cut + " as " + svm + ", run " + run + ": relative L2 error " + err);
                }
            }
            var e = assertThrows(IllegalArgumentException.class, () -> s.cut(first.node(), first.total() + 1));
            assertTrue(e.getMessage().contains("is not in [0, " + first.total() + "]"), e.getMessage());
            if (first.tile() > 1 && first.total() > first.tile()) {
                assertThrows(IllegalArgumentException.class, () -> s.cut(first.node(), first.total() - 1));
            }
            e = assertThrows(IllegalArgumentException.class, () -> s.cut("no such node", 0));
            assertTrue(e.getMessage().contains("splits no layer \"no such node\""), e.getMessage());
        } finally {
            System.clearProperty("cgc.gpu.ahead");
        }
    }
}
