package cgc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cgc.codegen.Side;
import cgc.ir.Graph;
import cgc.runtime.SplitSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ChainSearchTest {
    private static Timing t(double ms) { return new Timing(ms, ms, ms, 7); }

    private static LayerBench.Sweep sweep(String dim, double fastestMs) {
        return new LayerBench.Sweep(dim, 8, 1, List.of(new LayerBench.Point(0.5, 4, t(fastestMs))), null, null, null, Double.NaN);
    }

    @Test
    void everyMeasuredLayerIsSplitStartingFromTheOracle() {
        Graph g = OracleConfigTest.threeLinears();   // fc1: the oracle kept it whole, fc2: split, fc3: not measured
        Map<String, LayerBench.Result> measured = Map.of(
                "fc1", new LayerBench.Result("k1", List.of("g:fc1"), null, t(2), t(1), List.of(sweep("m", 3), sweep("n", 1.5)),
                        new LayerBench.Choice("gpu", "", 1, 0, 1)),
                "fc2", new LayerBench.Result("k2", List.of("g:fc2"), null, t(2), t(2), List.of(sweep("m", 1)),
                        new LayerBench.Choice("split", "n", 0.4, 5, 1)));
        Map<String, Object> onCpu = new LinkedHashMap<>();
        onCpu.put("relu0", "cpu");
        onCpu.put("fc1", Map.of("dim", "n", "ratio", 0.0));   // kept whole: starts whole on the base side, its fastest dim
        onCpu.put("fc2", Map.of("dim", "n", "ratio", 0.4));   // the oracle's split
        onCpu.put("fc3", "cpu");
        assertEquals(onCpu, ChainSearch.config(g, measured, Side.CPU));
        assertEquals(Map.of("dim", "n", "ratio", 1.0), ChainSearch.config(g, measured, Side.GPU).get("fc1"));
    }

    @Test
    void theGridSnapsToCutsWhoseGpuPartIsWholeTiles() {
        assertEquals(new TreeSet<>(List.of(0, 13, 26, 38, 51, 64, 77, 90, 102, 115, 128)),
                ChainSearch.grid(new SplitSpec("a", "m", 128, 1, 128)));
        // tiles of 8 from the end of 100: cuts 4, 12, ..., 100, and 0
        TreeSet<Integer> tiled = ChainSearch.grid(new SplitSpec("b", "n", 100, 8, 100));
        for (int cut : tiled) assertEquals(0, cut == 0 ? 0 : (100 - cut) % 8, "cut " + cut);
        assertEquals(0, tiled.first());
        assertEquals(100, tiled.last());
    }
}
