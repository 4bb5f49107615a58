package cgc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
    static final Reports.Setup SETUP = new Reports.Setup("cgc bench layers x.onnx", "PoCL", 8, "8-15",
            "POCL_AFFINITY=1", "2026-11-24T00:00:00Z", "cgc-cpu-*: 8-15 (7)");

    private static Timing t(double ms) { return new Timing(ms, ms, ms, 7); }

    @Test
    void layersRoundTripThroughJsonAndPrintOneRowEach(@TempDir Path dir) {
        var sweep = new LayerBench.Sweep("m", 64, 16, List.of(new LayerBench.Point(0.5, 32, t(1.2))),
                new LayerBench.Point(0.5, 32, t(1.2)), t(1.0), t(1.1), 0.1);
        var result = new LayerBench.Result("Linear x[1,64]", List.of("m:fc"),
                new cgc.partition.LayerWork("gemm", 64 * 64, 256, 64 * 64 * 4, 256), t(2), t(3), List.of(sweep),
                new LayerBench.Choice("split", "m", 0.5, 32, 1.2));
        Reports.Layers report = new Reports.Layers(SETUP, List.of(result));
        Reports.writeJson(dir.resolve("layers.json"), report);
        assertEquals(report, Reports.readLayers(dir.resolve("layers.json")));
        String md = Reports.markdown(report);
        assertTrue(md.contains("| `Linear x[1,64]` | 1 | 2.000 | 3.000 | split(m, r=0.5) | 1.200 | **1.67x** | 100 |"), md);
        assertTrue(md.contains("the process on cores 8-15"), md);
    }

    @Test
    void modelsPrintOneRowEachAndTheSearchedCuts() {
        var m = new ModelBench.Result("encoder2", t(4), t(6), t(2.5), 7, "cpu", Path.of("e.json"), null, t(3.2), 2);
        var spec = new cgc.runtime.SplitSpec("fc", "m", 128, 8, 64);
        var searched = new ChainSearch.Result(t(2), t(0.9), java.util.Map.of("fc", 48), java.util.Map.of("fc", spec), 1);
        var s = new ModelBench.Result("mlp", t(1), t(3), t(1.25), 1, "cpu", Path.of("m.json"), searched, null, 0);
        String md = Reports.markdown(new Reports.Models(SETUP, List.of(m, s)));
        assertTrue(md.contains("| encoder2 | 4.000 | 6.000 | 2.500 | **1.60x** | 7 | - | - | - | - | cpu | 3.200 | **1.25x** | 2 |"), md);
        assertTrue(md.contains("| mlp | 1.000 | 3.000 | 1.250 | **0.80x** | 1 | 2.000 | 0.900 | **0.45x** | 1 | cpu | - | - | - |"), md);
        assertTrue(md.contains("mlp, searched cuts (CPU part / units): fc 48/128"), md);
    }
}
