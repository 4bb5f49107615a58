package cgc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    @Test
    void lightLayersFollowTheirProducerAndSplitsCountAsTheCpu() {
        TensorType t = TensorType.of(DType.F32, 1, 8);
        Graph g = Graph.builder("g").input("x", t)
                .constant("w", Weights.ofFloats(List.of(8L, 8L), new float[64]))
                .node(new Node("relu0", OpKind.RELU, List.of("x"), List.of("a"), Attrs.EMPTY))      // after the input: CPU
                .node(new Node("fc1", OpKind.LINEAR, List.of("a", "w"), List.of("b"), Attrs.EMPTY))  // oracle: gpu
                .node(new Node("relu1", OpKind.RELU, List.of("b"), List.of("c"), Attrs.EMPTY))      // after a GPU node
                .node(new Node("fc2", OpKind.LINEAR, List.of("c", "w"), List.of("d"), Attrs.EMPTY))  // oracle: split
                .node(new Node("relu2", OpKind.RELU, List.of("d"), List.of("e"), Attrs.EMPTY))      // after a split: CPU
                .node(new Node("fc3", OpKind.LINEAR, List.of("e", "w"), List.of("y"), Attrs.EMPTY))  // not measured
                .output("y").build();
        Map<String, LayerBench.Choice> heavy = Map.of(
                "fc1", new LayerBench.Choice("gpu", "", 1, 0, 1),
                "fc2", new LayerBench.Choice("split", "n", 0.4, 5, 1));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("relu0", "cpu");
        expected.put("fc1", "gpu");
        expected.put("fc2", Map.of("dim", "n", "ratio", 0.4));
        expected.put("relu2", "cpu");
        assertEquals(expected, OracleConfig.of(g, heavy));
    }
}
