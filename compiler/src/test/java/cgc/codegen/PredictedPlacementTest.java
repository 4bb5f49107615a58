package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cgc.ir.Model;
import cgc.memory.MemoryPlan;
import cgc.memory.MemoryPlanner;
import cgc.onnx.ImportOptions;
import cgc.onnx.OnnxImporter;
import cgc.partition.Profile;
import cgc.partition.SideModel;
import cgc.passes.PassManager;
import cgc.passes.Pipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers that would chain are weighed as one chain by {@code --placement predicted}. */
class PredictedPlacementTest {
    @TempDir Path dir;

    @Test
    void aSyncTooDearForOneLayerIsPaidOnceByAChain() throws IOException {
        Model m = PassManager.of(Pipeline.standardPasses()).run(OnnxImporter.read(
                MixedPlacementTest.examples().resolve("encoder2.onnx"), ImportOptions.DEFAULT));
        MemoryPlan memory = MemoryPlanner.plan(m.graph());
        GpuCalls gpu = new GpuCalls(m.graph(), m.opset(), memory, WeightsLayout.of(m.graph()));
        // both sides 10 ms per GMAC: a feed-forward product (33.6 MMAC) takes 0.34 ms, half of it 0.17; with a sync of
        // 0.2 ms no layer gains alone (0.37 ms against 0.34), while a chain of several does (half of their sum + 0.2)
        SideModel side = new SideModel(Math.log(1e-8), 1, 0, Map.of());
        Profile profile = new Profile(Profile.FORMAT, "test", 2, "tiled", List.of(), side, side, 0.2,
                new Profile.Range(1e3, 1e9));
        Map<String, String> splits = new TreeMap<>();
        PredictedPlacement.config(m.graph(), gpu, memory, profile).choices().forEach((node, choice) -> {
            if (choice instanceof SplitConfig.SplitAlong(String dim, double ratio)) splits.put(node, dim + " " + ratio);
        });
        // each block from its output projection (its residual Add fused in) through its feed-forward layers (the
        // second with its residual) and LayerNorms into the next block's qkv projection (whose input the first block's
        // attention does not chain: a Reshape lies between)
        Map<String, String> expected = new TreeMap<>();
        for (String node : List.of("0/o/MatMul", "0/n1/LayerNormalization", "0/f1/MatMul", "0/f2/MatMul",
                "0/n2/LayerNormalization", "1/qkv/MatMul", "1/o/MatMul", "1/n1/LayerNormalization",
                "1/f1/MatMul", "1/f2/MatMul", "1/n2/LayerNormalization")) {
            expected.put("/layers/layers." + node, "m 0.5");
        }
        assertEquals(expected, splits);
    }

    @Test
    void aNodeWithItsFirstOutputOmittedIsNoChainAndNoSplit() throws IOException {
        // an LSTM whose Y is omitted: its first output has no type, which the chain search must not ask for a shape
        Model m = IrSnippet.read(dir, IrSnippet.text(14, "(%x: f32[2,1,3], %w: f32[1,8,3], %q: f32[1,8,2]) -> (%y: f32[1,1,2])",
                "_, %y = LSTM(%x, %w, %q) {hidden_size = 2} : ?, f32[1,1,2] @r"));
        MemoryPlan memory = MemoryPlanner.plan(m.graph());
        GpuCalls gpu = new GpuCalls(m.graph(), m.opset(), memory, WeightsLayout.of(m.graph()));
        SideModel side = new SideModel(Math.log(1e-8), 1, 0, Map.of());
        Profile profile = new Profile(Profile.FORMAT, "test", 2, "tiled", List.of(), side, side, 0.2,
                new Profile.Range(1e3, 1e9));
        assertEquals(Map.of("r", new SplitConfig.OnSide(Side.CPU)), PredictedPlacement.config(m.graph(), gpu, memory, profile).choices());
    }
}
