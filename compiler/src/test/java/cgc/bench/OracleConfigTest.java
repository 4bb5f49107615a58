package cgc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cgc.codegen.Side;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OracleConfigTest {
    /** relu0, then three Linear nodes fc1..fc3, for the config tests. */
    static Graph threeLinears() {
        TensorType t = TensorType.of(DType.F32, 1, 8);
        return Graph.builder("g").input("x", t)
                .constant("w", Weights.ofFloats(List.of(8L, 8L), new float[64]))
                .node(new Node("relu0", OpKind.RELU, List.of("x"), List.of("a"), Attrs.EMPTY))
                .node(new Node("fc1", OpKind.LINEAR, List.of("a", "w"), List.of("b"), Attrs.EMPTY))  // oracle: gpu
                .node(new Node("fc2", OpKind.LINEAR, List.of("b", "w"), List.of("c"), Attrs.EMPTY))  // oracle: split
                .node(new Node("fc3", OpKind.LINEAR, List.of("c", "w"), List.of("y"), Attrs.EMPTY))  // not measured
                .output("y").build();
    }

    @Test
    void onlyTheOraclesSplitsAreTakenTheRestRunsOnTheFasterSide() {
        Graph g = threeLinears();
        Map<String, LayerBench.Choice> heavy = Map.of(
                "fc1", new LayerBench.Choice("gpu", "", 1, 0, 1),
                "fc2", new LayerBench.Choice("split", "n", 0.4, 5, 1));
        Map<String, Object> onCpu = new LinkedHashMap<>();
        onCpu.put("relu0", "cpu");
        onCpu.put("fc1", "cpu");   // the oracle's whole-side choice is not taken: the model's faster side is
        onCpu.put("fc2", Map.of("dim", "n", "ratio", 0.4));
        onCpu.put("fc3", "cpu");
        assertEquals(onCpu, OracleConfig.of(g, heavy, Side.CPU));
        assertEquals(Map.of("fc2", Map.of("dim", "n", "ratio", 0.4)), OracleConfig.of(g, heavy, Side.GPU),
                "on the GPU side, nodes are left to the default placement (the GPU where a kernel exists)");
    }
}
