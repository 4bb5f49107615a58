package cgc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.TestGraphs;
import cgc.ir.Verifier;
import java.util.List;

/** Runs passes on hand-built graphs the way the pipeline does: infer-shapes first, the verifier after each. */
final class PassTesting {
    private PassTesting() {}

    static Model run(Graph g, long opset, String pipeline) {
        return PassManager.of(pipeline).verifyEach(true).run(TestGraphs.model(g, opset));
    }

    static Model run(Graph g, String pipeline) { return run(g, 17, pipeline); }

    static Node only(Graph g, String opType) {
        List<Node> ns = g.nodes().stream().filter(n -> n.op().opType().equals(opType)).toList();
        assertEquals(1, ns.size(), () -> "expected one " + opType + " in " + TestGraphs.opCounts(g));
        return ns.getFirst();
    }

    static void assertVerifies(Model m) { assertEquals(List.of(), Verifier.describe(m)); }
}
