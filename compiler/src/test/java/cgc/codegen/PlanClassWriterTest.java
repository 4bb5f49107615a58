package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The generated plan class of a small graph with layers on both sides, compared with a golden file
 * ({@code src/test/resources/codegen/}); {@code -Dcgc.updateGoldens=true} rewrites it, and the diff is reviewed like
 * code.
 */
class PlanClassWriterTest {
    private static final Path GOLDEN = Path.of("src/test/resources/codegen/TinyMixedPlan.java.golden");

    /** x -> Gemm+relu (gpu) -> Flatten (view) -> Add bias (cpu) -> Softmax (gpu) -> y */
    static Graph graph() {
        TensorType x = TensorType.of(DType.F32, 2, 4), h = TensorType.of(DType.F32, 2, 3);
        return Graph.builder("tiny").input("x", x)
                .constant("w", Weights.ofFloats(List.of(4L, 3L), new float[12]))
                .constant("b", Weights.ofFloats(List.of(3L), 1, 2, 3))
                .node(new Node("/fc/Gemm", OpKind.GEMM, List.of("x", "w"), List.of("h"),
                        Attrs.EMPTY.with("cgc.act", Attr.of("relu")))).type("h", h)
                .node(new Node("/Flatten", OpKind.FLATTEN, List.of("h"), List.of("hf"), Attrs.EMPTY)).type("hf", h)
                .node(new Node("/Add", OpKind.ADD, List.of("hf", "b"), List.of("s"), Attrs.EMPTY)).type("s", h)
                .node(new Node("/Softmax", OpKind.SOFTMAX, List.of("s"), List.of("y"), Attrs.EMPTY)).type("y", h)
                .output("y").build();
    }

    /** A model of opset 17 around {@code g}. */
    static Model model(String name, Graph g) {
        java.util.SequencedMap<String, Long> opsets = new java.util.LinkedHashMap<>();
        opsets.put("", 17L);
        return new Model(name, 8, opsets, "test", g);
    }

    @Test
    void generatedSourceMatchesTheGoldenFile() throws IOException {
        Set<String> gpu = Set.of("/fc/Gemm", "/Softmax");
        GeneratedPlan p = CodeGenerator.generate(model("tiny_mixed", graph()), "hand-built test graph",
                n -> gpu.contains(n.name()));
        String source = p.source().toString();
        if (Boolean.getBoolean("cgc.updateGoldens")) Files.writeString(GOLDEN, source);
        assertEquals(Files.readString(GOLDEN), source);
        assertEquals(List.of("k0_fcGemm", "k1_softmax"), p.kernels().names());
    }
}
