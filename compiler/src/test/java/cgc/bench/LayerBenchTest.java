package cgc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cgc.codegen.GpuKernelStyle;
import cgc.runtime.SplitSpec;
import cgc.runtime.device.Device;
import cgc.runtime.device.Devices;
import cgc.runtime.device.OpenClDevice;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerBenchTest {
    @Test
    void theGridRunsFromZeroToOne() {
        List<Double> g = LayerBench.grid(0.05);
        assertEquals(21, g.size());
        assertEquals(0.0, g.getFirst());
        assertEquals(0.35, g.get(7));
        assertEquals(1.0, g.getLast());
        assertEquals(List.of(0.0, 0.3, 0.6, 0.9, 1.0), LayerBench.grid(0.3));
        assertThrows(IllegalArgumentException.class, () -> LayerBench.grid(0));
    }

    @Test
    void cutsRoundTheGpuPartToWholeTiles() {
        SplitSpec s = new SplitSpec("conv", "oc", 100, 16, 52);
        assertEquals(100, LayerBench.cut(s, 0));
        assertEquals(100, LayerBench.cut(s, 0.05));   // 5 units round to no tile
        assertEquals(84, LayerBench.cut(s, 0.1));     // 10 units round to one tile of 16
        assertEquals(52, LayerBench.cut(s, 0.5));     // 50 -> 48
        assertEquals(4, LayerBench.cut(s, 0.95));     // 95 -> 96
        assertEquals(0, LayerBench.cut(s, 1));        // the whole dimension, though it is no whole number of tiles
    }

    @Test
    void theOraclePicksTheFastestAndNeverAnEmptyPartAsASplit() {
        Timing cpu = t(2.0), gpu = t(3.0);
        var sweep = new LayerBench.Sweep("m", 64, 16, List.of(
                new LayerBench.Point(0, 64, t(1.6)),      // cut == total: the CPU alone inside a split plan
                new LayerBench.Point(0.25, 48, t(1.5)),
                new LayerBench.Point(0.5, 32, t(1.2)),
                new LayerBench.Point(1, 0, t(2.5))),      // the GPU alone inside a split plan
                new LayerBench.Point(0.5, 32, t(1.2)), t(1.0), t(1.1), 0.1);
        LayerBench.Choice c = LayerBench.oracle(cpu, gpu, List.of(sweep));
        assertEquals(new LayerBench.Choice("split", "m", 0.5, 32, 1.2), c);
        var result = new LayerBench.Result("k", List.of(), null, cpu, gpu, List.of(sweep), c);
        assertEquals(0.1, result.syncOverheadMs(), 1e-9, "1.2 ms split against its slower part alone, 1.1 ms");
        assertEquals(1.6 / 1.2, result.speedup(), 1e-9, "against the faster CPU-alone time inside the split plan");
        assertEquals("cpu", LayerBench.oracle(cpu, gpu, List.of()).placement());
        assertEquals("gpu", LayerBench.oracle(t(4), gpu, List.of()).placement());
    }

    @Test
    void aWholeSideInsideASplitPlanIsASingleSideNotASplit() {
        var sweep = new LayerBench.Sweep("n", 64, 16, List.of(
                new LayerBench.Point(0, 64, t(1.0)),      // the CPU alone, faster than the CPU plan and any split
                new LayerBench.Point(0.5, 32, t(1.2)),
                new LayerBench.Point(1, 0, t(2.5))), new LayerBench.Point(0.5, 32, t(1.2)), t(1.0), t(1.1), 0.1);
        LayerBench.Choice c = LayerBench.oracle(t(2.0), t(3.0), List.of(sweep));
        assertEquals(new LayerBench.Choice("cpu", "", 0, 0, 1.0), c);
        var result = new LayerBench.Result("k", List.of(), null, t(2.0), t(3.0), List.of(sweep), c);
        assertEquals(1.0, result.speedup(), 1e-9, "no split beats the best single side");
    }

    @Test
    void measuresEachSplitAgainstItsPartsInRoundsSideBySide(@TempDir Path dir) {
        Device device = Devices.select("auto");
        assumeTrue(device instanceof OpenClDevice, "needs an OpenCL device");
        LayerCase c = LayerSuite.of(List.of(Path.of("../examples/models/mlp_small.onnx"))).getFirst();
        var o = new LayerBench.Options(device, 1, 0.5, new Timing.Budget(1, Timing.MIN_RUNS, 1), dir, 1,
                GpuKernelStyle.VECTOR);
        LayerBench.Result r = LayerBench.measure(c, o, new PrintWriter(new StringWriter()));
        // a 1x784 . 784x512 product: its one row cannot be split (m), its columns can (n)
        assertTrue(r.sweeps().stream().anyMatch(s -> s.best() != null), "some dimension splits in two parts");
        for (LayerBench.Sweep s : r.sweeps()) {
            if (s.best() == null) {
                assertTrue(Double.isNaN(s.syncOverheadMs()), s.dim());
                continue;
            }
            assertEquals(LayerBench.PAIRED_ROUNDS, s.cpuPartAlone().runs(), "one median per round");
            assertEquals(LayerBench.PAIRED_ROUNDS, s.gpuPartAlone().runs());
            assertTrue(Double.isFinite(s.syncOverheadMs()), s.dim() + ": " + s.syncOverheadMs());
        }
        assertTrue(r.speedup() > 0 && r.speedup() <= r.bestSingleMs() / r.oracle().ms() + 1e-12);
    }

    private static Timing t(double ms) { return new Timing(ms, ms, ms, 7); }
}
