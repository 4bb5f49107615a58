package cgc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.ir.Node;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LayerSuiteTest {
    @Test
    void theEncodersHeavyLayersAreDistinctAndKeepTheirSites() {
        List<LayerCase> cases = LayerSuite.of(List.of(java.nio.file.Path.of("../examples/models/encoder2.onnx")));
        Set<String> keys = cases.stream().map(LayerCase::key).collect(Collectors.toSet());
        assertEquals(cases.size(), keys.size(), "keys are distinct");
        int sites = cases.stream().mapToInt(c -> c.sites().size()).sum();
        assertEquals(13, sites, "every heavy node of encoder2 (8 Linear, 4 MatMul, 1 Gemm) is a site of one case");
        for (LayerCase c : cases) {
            Node n = c.node();
            assertTrue(c.key().startsWith(n.op().opType() + " "), c.key());
            for (String in : n.inputs()) {
                if (in.isEmpty()) continue;
                assertTrue(c.model().graph().isConstant(in) || c.model().graph().inputs().contains(in), in);
            }
            assertTrue(c.sites().stream().allMatch(s -> s.startsWith("encoder2:")), c.sites().toString());
        }
        // the two encoder layers repeat their shapes: the suite measures each shape once
        assertTrue(cases.size() < sites, cases.size() + " cases for " + sites + " sites");
    }

    @Test
    void largeLayersHaveTheIssuesShapes() {
        List<String> keys = LayerSuite.large(7).stream().map(LayerCase::key).toList();
        assertTrue(keys.getFirst().startsWith("Linear x[1,4096] w[4096,4096] w[4096] -> [1,4096]"), keys.getFirst());
        assertTrue(keys.get(1).startsWith("Linear x[128,1024] w[1024,1024] w[1024] -> [128,1024]"), keys.get(1));
        assertTrue(keys.get(2).startsWith("Conv x[1,64,56,56] w[128,64,3,3] w[128] -> [1,128,56,56]"), keys.get(2));
    }

    @Test
    void theDesignSpreadsOverEachKindWithinItsBoundAndRepeatsForItsSeed() {
        List<LayerCase> design = LayerSuite.design(30, 5);
        assertEquals(30, design.size());
        assertEquals(30, design.stream().map(LayerCase::key).distinct().count(), "distinct shapes");
        assertEquals(design.stream().map(LayerCase::key).toList(), LayerSuite.design(30, 5).stream().map(LayerCase::key).toList());
        java.util.Map<String, Long> kinds = new java.util.TreeMap<>();
        double smallest = Double.MAX_VALUE, largest = 0;
        for (LayerCase c : design) {
            cgc.partition.LayerWork w = cgc.partition.LayerWork.of(c.model().graph(), c.node()).orElseThrow();
            kinds.merge(w.kind(), 1L, Long::sum);
            assertTrue(w.macs() <= LayerSuite.DESIGN_MAX_MACS, c.key());
            assertTrue(c.sites().getFirst().startsWith("design:"), c.sites().toString());
            smallest = Math.min(smallest, w.macs());
            largest = Math.max(largest, w.macs());
        }
        assertEquals(java.util.Map.of("conv", 10L, "depthwise", 10L, "gemm", 10L), kinds);
        assertTrue(largest / smallest > 1e3, "sizes over three orders of magnitude at least: " + smallest + ".." + largest);
    }
}
