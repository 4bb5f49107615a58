package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which pairs of split products form a chain, and how the second's cut follows the first's. */
class ChainTest {
    private static final TensorType ROWS = TensorType.of(DType.F32, 10, 4);
    private static final Split M = Split.of("m", 0.5, 10, 1);

    private static Graph graph(Node... nodes) {
        Graph.Builder b = Graph.builder("g").input("x", ROWS).constant("w", Weights.ofFloats(List.of(4L, 4L), new float[16]));
        for (Node n : nodes) b.node(n).type(n.output(0), ROWS);
        return b.output(nodes[nodes.length - 1].output(0)).build();
    }

    private static Node node(String name, OpKind op, String a, String b, String out, Attrs attrs) {
        return new Node(name, op, List.of(a, b), List.of(out), attrs);
    }

    /** Whether {@code q} links to {@code p}, both split as {@code qs} and {@code M}. */
    private static List<Node> links(Graph g, Node p, Node q, Split qs) {
        return Chain.links(g, Map.of(p.output(0), p), Map.of("P", M, "Q", qs), q, qs);
    }

    @Test
    void aProductOfTheRowsBeforeAndAConstantLinks() {
        Node p = node("P", OpKind.MATMUL, "x", "w", "p", Attrs.EMPTY);
        for (OpKind op : List.of(OpKind.MATMUL, OpKind.LINEAR, OpKind.GEMM)) {
            Node q = node("Q", op, "p", "w", "q", Attrs.EMPTY);
            assertEquals(List.of(p), links(graph(p, q), p, q, M), op.toString());
        }
    }

    @Test
    void rowWiseLightOpsReadTheirWholeOperandsRowForRow() {
        Node p = node("P", OpKind.MATMUL, "x", "w", "p", Attrs.EMPTY);
        Node residual = node("Q", OpKind.ADD, "x", "p", "q", Attrs.EMPTY);
        assertEquals(List.of("x", "p"), Chain.rowInputs(graph(p, residual), residual).orElseThrow());
        assertEquals(List.of(p), links(graph(p, residual), p, residual, M), "x, read row for row too, is no split's");
        Graph g = Graph.builder("g").input("x", ROWS).constant("b", Weights.ofFloats(List.of(4L), new float[4]))
                .constant("w", Weights.ofFloats(List.of(4L, 4L), new float[16]))
                .node(p).type("p", ROWS).node(node("Q", OpKind.ADD, "p", "b", "q", Attrs.EMPTY)).type("q", ROWS)
                .output("q").build();
        assertEquals(List.of("p"), Chain.rowInputs(g, g.nodes().get(1)).orElseThrow(), "a bias row is read whole");
        Node norm = new Node("Q", OpKind.LAYER_NORMALIZATION, List.of("p", "w", "w"), List.of("q"), Attrs.EMPTY);
        assertEquals(List.of("p"), Chain.rowInputs(graph(p, norm), norm).orElseThrow());
        // a Linear's residual (fuse-residual) is read row for row, as its row operand is: a link to either's split
        Node linear = new Node("Q", OpKind.LINEAR, List.of("x", "w", "", "p"), List.of("q"), Attrs.EMPTY);
        assertEquals(List.of("x", "p"), Chain.rowInputs(graph(p, linear), linear).orElseThrow());
        assertEquals(List.of(p), links(graph(p, linear), p, linear, M), "linked through its residual");
    }

    @Test
    void otherOperandsDimensionsOrTransposesDoNot() {
        Node p = node("P", OpKind.MATMUL, "x", "w", "p", Attrs.EMPTY);
        Node fromActivations = node("Q", OpKind.MATMUL, "p", "x", "q", Attrs.EMPTY);
        assertEquals(List.of(), links(graph(p, fromActivations), p, fromActivations, M), "B not a constant");
        Node other = node("Q", OpKind.MATMUL, "x", "w", "q", Attrs.EMPTY);
        assertEquals(List.of(), links(graph(p, other), p, other, M), "not p's rows");
        Node transposed = node("Q", OpKind.GEMM, "p", "w", "q", Attrs.of(Map.of("transA", Attr.of(1L))));
        assertEquals(List.of(), links(graph(p, transposed), p, transposed, M), "p's rows are Q's columns");
        Node q = node("Q", OpKind.MATMUL, "p", "w", "q", Attrs.EMPTY);
        assertEquals(List.of(), links(graph(p, q), p, q, Split.of("n", 0.5, 4, 1)), "columns");
        assertEquals(List.of(), links(graph(p, q), p, q, Split.of("m", 0.5, 12, 1)), "other row counts");
        Node relu = new Node("Q", OpKind.RELU, List.of("p"), List.of("q"), Attrs.EMPTY);
        assertEquals(List.of(), links(graph(p, relu), p, relu, M), "not a row-wise op cgc splits");
    }

    @Test
    void theSecondCutFollowsTheFirstWhereItsTilesAllow() {
        // 100 rows, a GPU share of 0.35: 35 rows in tiles of 1 (cut 65), 36 in tiles of 4 (cut 64), 32 in tiles of 16
        Split ones = Split.of("m", 0.35, 100, 1), fours = Split.of("m", 0.35, 100, 4), sixteens = Split.of("m", 0.35, 100, 16);
        assertEquals(List.of(65, 64, 68), List.of(ones.cut(), fours.cut(), sixteens.cut()));
        assertEquals(68, Chain.align(sixteens, fours).cut(), "32 rows are 8 tiles of 4");
        assertEquals(64, Chain.align(fours, ones).cut(), "36 rows are 36 tiles of 1");
        assertSame(fours, Chain.align(ones, fours), "35 rows are no whole number of tiles of 4");
        Split other = Split.of("m", 0.5, 100, 4);
        assertSame(other, Chain.align(fours, other), "a different share asked for stays");
        assertEquals(0, Chain.align(Split.of("m", 1.0, 100, 16), Split.of("m", 1.0, 100, 4)).cut(), "all on the GPU");
    }
}
