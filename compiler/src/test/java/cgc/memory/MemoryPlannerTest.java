package cgc.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cgc.diag.CgcException;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Dim;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MemoryPlannerTest {
    private static final TensorType F16 = TensorType.of(DType.F32, 1, 16);   // 64 bytes

    private static Node node(String name, OpKind op, List<String> in, String out) {
        return new Node(name, op, in, List.of(out), Attrs.EMPTY);
    }

    /** x -> a -> b -> c -> y through four Relus. */
    private static Graph reluChain() {
        return Graph.builder("chain").input("x", F16)
                .node(node("r0", OpKind.RELU, List.of("x"), "a")).type("a", F16)
                .node(node("r1", OpKind.RELU, List.of("a"), "b")).type("b", F16)
                .node(node("r2", OpKind.RELU, List.of("b"), "c")).type("c", F16)
                .node(node("r3", OpKind.RELU, List.of("c"), "y")).type("y", F16)
                .output("y").build();
    }

    @Test
    void chainReusesTheSlotOfADeadValue() {
        // x -> a -> b -> c -> y: a, c share one slot and b, y another; x is pinned for the whole run.
        Graph g = reluChain();
        MemoryPlan p = MemoryPlanner.plan(g);
        assertEquals(5 * 64, p.activationBytes());
        assertEquals(3 * 64, p.arenaBytes());
        assertEquals(p.slot("a").offset(), p.slot("c").offset());
        assertEquals(p.slot("b").offset(), p.slot("y").offset());
        assertEquals(new Lifetime(-1, 4), p.slot("x").lifetime());
        assertEquals(new Lifetime(3, 4), p.slot("y").lifetime());
        assertNoLiveOverlap(g, p);
        assertEquals("192 B for 320 B of activations (saves 40%)", p.summary());
    }

    @Test
    void aValueKeptAliveLongerGivesItsBytesToNoLaterOne() {
        // as above, with a kept alive through r2 (a chain's kernels may still read it): c no longer reuses a's slot
        Graph g = reluChain();
        MemoryPlan p = MemoryPlanner.plan(g, Map.of("a", 2));
        assertEquals(new Lifetime(0, 2), p.slot("a").lifetime());
        assertNotEquals(p.slot("a").offset(), p.slot("c").offset());
        assertEquals(4 * 64, p.arenaBytes());
        assertNoLiveOverlap(g, p);
        assertEquals(new Lifetime(0, 1), MemoryPlanner.plan(g, Map.of("a", 0)).slot("a").lifetime(), "never shorter");
    }

    @Test
    void viewOpsShareTheirInputAndExtendItsLifetime() {
        TensorType flat = TensorType.of(DType.F32, 16);
        Graph g = Graph.builder("views").input("x", F16)
                .node(node("r0", OpKind.RELU, List.of("x"), "a")).type("a", F16)
                .node(node("fl", OpKind.FLATTEN, List.of("a"), "f")).type("f", flat)
                .node(node("r1", OpKind.RELU, List.of("f"), "b")).type("b", flat)
                .node(node("id", OpKind.IDENTITY, List.of("x"), "xi")).type("xi", F16)
                .node(node("add", OpKind.ADD, List.of("xi", "b"), "y")).type("y", F16)
                .output("y").build();
        MemoryPlan p = MemoryPlanner.plan(g);
        assertTrue(p.isAlias("f"));
        assertEquals(p.slot("a"), p.slot("f"));
        assertEquals("a", p.slot("f").root());
        assertEquals(new Lifetime(0, 2), p.slot("a").lifetime());
        assertEquals(p.slot("x").offset(), p.slot("xi").offset(), "a view of a graph input shares the input's slot");
        assertFalse(p.isAlias("b"));
        assertNoLiveOverlap(g, p);
    }

    @Test
    void viewOfAConstantGetsItsOwnSlot() {
        Graph g = Graph.builder("const-view").input("x", F16)
                .constant("w", Weights.ofFloats(List.of(16L), new float[16]))
                .node(node("rs", OpKind.RESHAPE, List.of("w"), "wr")).type("wr", F16)
                .node(node("add", OpKind.ADD, List.of("x", "wr"), "y")).type("y", F16)
                .output("y").build();
        MemoryPlan p = MemoryPlanner.plan(g);
        assertFalse(p.isAlias("wr"));
        assertFalse(p.has("w"), "constants live in the weights region, not the arena");
        assertNoLiveOverlap(g, p);
    }

    @Test
    void anEarlyGraphOutputKeepsItsSlotToTheEnd() {
        Graph g = Graph.builder("early-out").input("x", F16)
                .node(node("r0", OpKind.RELU, List.of("x"), "y1")).type("y1", F16)
                .node(node("r1", OpKind.SIGMOID, List.of("y1"), "t")).type("t", F16)
                .node(node("r2", OpKind.TANH, List.of("t"), "u")).type("u", F16)
                .node(node("r3", OpKind.RELU, List.of("u"), "y2")).type("y2", F16)
                .output("y1").output("y2").build();
        MemoryPlan p = MemoryPlanner.plan(g);
        assertEquals(new Lifetime(0, 4), p.slot("y1").lifetime());
        for (String v : List.of("t", "u", "y2")) assertFalse(p.slot("y1").overlapsInMemory(p.slot(v)), v);
        assertNoLiveOverlap(g, p);
    }

    @Test
    void bestFitTakesTheSmallestGapThatFits() {
        // Big values a (256 B) and b (128 B) die early; c (64 B) is born while only a's space is free and b's too.
        TensorType big = TensorType.of(DType.F32, 64), mid = TensorType.of(DType.F32, 32);
        Graph g = Graph.builder("gaps").input("x", F16)
                .node(node("n0", OpKind.RELU, List.of("x"), "a")).type("a", big)
                .node(node("n1", OpKind.RELU, List.of("x"), "b")).type("b", mid)
                .node(node("n2", OpKind.ADD, List.of("a", "b"), "s")).type("s", F16)
                .node(node("n3", OpKind.RELU, List.of("s"), "c")).type("c", F16)
                .node(node("n4", OpKind.ADD, List.of("c", "s"), "y")).type("y", F16)
                .output("y").build();
        MemoryPlan p = MemoryPlanner.plan(g);
        assertNoLiveOverlap(g, p);
        assertTrue(p.arenaBytes() <= 256 + 128 + 64 + 64, "reuses the dead a and b: " + p.arenaBytes());
        assertNotEquals(p.slot("s").offset(), p.slot("c").offset());
    }

    @Test
    void aValueWithoutStaticShapeIsAnErrorNamingTheNode() {
        Graph g = Graph.builder("dyn").input("x", F16)
                .node(node("Relu_7", OpKind.RELU, List.of("x"), "y"))
                .type("y", new TensorType(DType.F32, List.of(Dim.symbol("N"), Dim.of(16))))
                .output("y").build();
        CgcException e = assertThrows(CgcException.class, () -> MemoryPlanner.plan(g));
        assertEquals("node \"Relu_7\" (Relu): output \"y\": memory planning needs a static shape and a numeric type, "
                + "found f32[N,16] (shape inference must run first)", e.describe());
    }

    /** Random DAGs of elementwise and view ops with random sizes: checked exhaustively, step by step. */
    @Test
    void randomGraphsNeverOverlapLiveValues() {
        for (int seed = 0; seed < 300; seed++) {
            Random r = new Random(seed);
            Graph g = randomGraph(r);
            MemoryPlan p = MemoryPlanner.plan(g);
            try {
                assertNoLiveOverlap(g, p);
            } catch (AssertionError e) {
                fail("seed " + seed + ": " + e.getMessage(), e);
            }
            assertTrue(p.arenaBytes() <= MemoryPlan.align(p.activationBytes()) + 64L * p.slots().size(), "seed " + seed);
        }
    }

    private static Graph randomGraph(Random r) {
        Graph.Builder b = Graph.builder("random");
        List<String> values = new ArrayList<>();
        Map<String, Long> elems = new HashMap<>();
        int inputs = 1 + r.nextInt(3);
        for (int i = 0; i < inputs; i++) {
            long n = 1 + r.nextInt(500);
            b.input("in" + i, TensorType.of(DType.F32, n));
            values.add("in" + i);
            elems.put("in" + i, n);
        }
        int nodes = 1 + r.nextInt(40);
        for (int i = 0; i < nodes; i++) {
            String out = "v" + i;
            String a = values.get(r.nextInt(values.size()));
            if (r.nextInt(4) == 0) {
                OpKind view = List.copyOf(AliasRule.VIEW_OPS).get(r.nextInt(AliasRule.VIEW_OPS.size()));
                b.node(node("n" + i, view, List.of(a), out)).type(out, TensorType.of(DType.F32, 1, elems.get(a)));
                elems.put(out, elems.get(a));
            } else {
                String c = values.get(r.nextInt(values.size()));
                long n = 1 + r.nextInt(2000);
                b.node(node("n" + i, OpKind.ADD, List.of(a, c), out)).type(out, TensorType.of(DType.F32, n));
                elems.put(out, n);
            }
            values.add(out);
        }
        int outputs = 1 + r.nextInt(3);
        for (int i = 0; i < outputs; i++) b.output("v" + r.nextInt(nodes));
        return b.build();
    }

    /**
     * The planner's invariant, checked from the graph alone: at every step, two values that are both live and do not
     * share a root (alias) occupy disjoint bytes; every slot is aligned and inside the arena.
     */
    static void assertNoLiveOverlap(Graph g, MemoryPlan p) {
        int end = g.nodes().size();
        Map<String, Integer> first = new HashMap<>(), last = new HashMap<>();
        for (String in : g.inputs()) {
            first.put(in, -1);
            last.put(in, end);
        }
        for (int s = 0; s < end; s++) {
            Node n = g.nodes().get(s);
            for (String in : n.inputs()) if (first.containsKey(in)) last.put(in, Math.max(last.get(in), s));
            for (String out : n.outputs()) {
                first.put(out, s);
                last.put(out, s);
            }
        }
        for (String out : g.outputs()) last.put(out, end);
        List<String> values = new ArrayList<>(first.keySet());
        for (String v : values) {
            Slot s = p.slot(v);
            assertEquals(0, s.offset() % MemoryPlan.ALIGNMENT, v + " is not aligned");
            assertTrue(s.end() <= p.arenaBytes(), v + " ends beyond the arena");
            assertTrue(s.lifetime().contains(first.get(v)) && s.lifetime().contains(last.get(v)),
                    v + " outlives its slot " + s.lifetime());
        }
        for (int step = -1; step <= end; step++) {
            for (int i = 0; i < values.size(); i++) {
                String u = values.get(i);
                if (first.get(u) > step || last.get(u) < step) continue;
                for (int j = i + 1; j < values.size(); j++) {
                    String v = values.get(j);
                    if (first.get(v) > step || last.get(v) < step) continue;
                    Slot su = p.slot(u), sv = p.slot(v);
                    if (su.root().equals(sv.root())) continue;
                    assertFalse(su.overlapsInMemory(sv), "at step " + step + ", " + u + " " + su + " overlaps " + v + " " + sv);
                }
            }
        }
    }
}
