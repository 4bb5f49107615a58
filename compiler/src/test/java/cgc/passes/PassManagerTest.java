package cgc.passes;

import static cgc.ir.TestGraphs.f32;
import static cgc.ir.TestGraphs.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.diag.CgcException;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.OpKind;
import cgc.ir.TestGraphs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassManagerTest {
    private static final Model MODEL = TestGraphs.model(Graph.builder("g").input("x", f32(4))
            .node(node(OpKind.IDENTITY, "x", "a")).node(node(OpKind.RELU, "a", "y")).output("y").build(), 17);

    @Test void refusesAPassThatNeedsShapesBeforeInferShapesRuns() {
        CgcException e = assertThrows(CgcException.class, () -> PassManager.of("dce,fold-bn,infer-shapes").run(MODEL));
        assertEquals("pipeline dce,fold-bn,infer-shapes: fold-bn requires SHAPES_KNOWN; run infer-shapes first", e.describe());
    }

    @Test void unknownPassNamesListTheKnownOnes() {
        CgcException e = assertThrows(CgcException.class, () -> Pipeline.parse("infer-shapes, fold-bm"));
        assertTrue(e.getMessage().startsWith("unknown pass \"fold-bm\" (known: decompose-variadic, infer-shapes, fold-constants, "), e.getMessage());
    }

    @Test void callsTheListenerAfterEachPassAndKeepsStatistics() {
        List<String> seen = new ArrayList<>();
        PassManager pm = PassManager.of("infer-shapes,remove-identity,dce")
                .listener((run, after) -> seen.add(run.index() + " " + run.pass() + " " + after.graph().nodes().size()));
        Model out = pm.run(MODEL);
        assertEquals(List.of("1 infer-shapes 2", "2 remove-identity 1", "3 dce 1"), seen);
        assertEquals("remove-identity: 1 Identity removed", pm.runs().get(1).summary());
        assertEquals("dce: no change", pm.runs().get(2).summary());
        assertEquals(2, pm.runs().get(1).nodesBefore());
        assertTrue(pm.runs().stream().allMatch(r -> r.nanos() > 0));
        assertSame(out.graph().nodes().getFirst().op(), OpKind.RELU);
    }

    /** A broken pass: drops the first node, leaving its readers dangling. */
    private record Broken() implements Pass {
        public String name() { return "broken"; }
        public String description() { return "drops a node"; }
        public Model run(Model in, PassContext cx) {
            Graph.Builder b = in.graph().toBuilder();
            b.nodes().removeFirst();
            return in.withGraph(b.build());
        }
    }

    @Test void verifyEachNamesThePassWhoseOutputIsInvalid() {
        CgcException e = assertThrows(CgcException.class,
                () -> PassManager.of(List.of(new InferShapes(), new Broken())).verifyEach(true).run(MODEL));
        assertEquals("node \"y\" (Relu): input 0 \"a\": used before it is defined (or never defined) "
                + "(verifier, after pass broken)", e.describe());
        PassManager.of(List.of(new Broken())).run(MODEL);   // without verifyEach nobody checks
    }

    @Test void theStandardPipelineRunsInOrderAndNeverChangesItsInput() {
        List<String> names = new ArrayList<>();
        Model out = PassManager.of(Pipeline.standardPasses()).verifyEach(true).listener((r, m) -> names.add(r.pass())).run(MODEL);
        assertEquals(Pipeline.standard(), names);
        assertEquals(2, MODEL.graph().nodes().size());
        assertEquals(1, out.graph().nodes().size());
    }

    @Test void aFailingPassHandsOverTheIrFromBeforeItForAReproducer() {
        List<String> seen = new ArrayList<>();
        PassManager pm = PassManager.of(List.of(new InferShapes(), new RemoveIdentity(), new Broken())).verifyEach(true)
                .onFailure((pass, pipeline, before, error) -> seen.add(pass + " | " + pipeline + " | "
                        + before.graph().nodes().size() + " nodes | " + error.getMessage()));
        assertThrows(CgcException.class, () -> pm.run(MODEL));
        assertEquals(List.of("broken | infer-shapes,remove-identity,broken | 1 nodes | graph output is never defined "
                + "(verifier, after pass broken)"), seen);
    }
}
