package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import cgc.memory.MemoryPlan;
import cgc.memory.MemoryPlanner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Syncs appear exactly where data crosses sides; the steps are printed one per line, like the generated run(). */
class ScheduleTest {
    private static final TensorType T = TensorType.of(DType.F32, 16);

    private static Node relu(String name, String in, String out) {
        return new Node(name, OpKind.RELU, List.of(in), List.of(out), Attrs.EMPTY);
    }

    private static String schedule(Graph g, Map<String, Side> sides) { return schedule(g, sides, Map.of()); }

    private static String schedule(Graph g, Map<String, Side> sides, Map<String, Split> splits) {
        SequencedMap<String, Side> m = new LinkedHashMap<>();
        for (Node n : g.nodes()) m.put(n.name(), sides.getOrDefault(n.name(), Side.CPU));
        MemoryPlan memory = MemoryPlanner.plan(g);
        return Schedule.of(g, memory, new Placements(m, List.of(), splits)).steps().stream().map(s -> switch (s) {
            case Schedule.Run(Node n, Side side) -> n.name() + " on " + side.label();
            case Schedule.RunSplit r -> r.node().name() + " " + r.split().describe() + (r.awaitFirst() ? ", its CPU part waits first" : "")
                    + r.inputs().stream().map(a -> ", reads " + a.value() + " from the GPU").collect(Collectors.joining())
                    + r.chain().map(c -> ", chained to " + c.from().stream().map(Node::name).collect(Collectors.joining(" and ")))
                            .orElse("");
            case Schedule.View(Node n) -> n.name() + " (view)";
            case Schedule.Await() -> "await";
            case Schedule.Acquire(String v, var slot, boolean w) -> "acquire " + v + (w ? " for writing" : " for reading");
            case Schedule.Release(String v, var slot, boolean w) -> "release " + v;
        }).collect(Collectors.joining("\n"));
    }

    @Test
    void aPlanOnOneSideHasNoSyncs() {
        Graph g = Graph.builder("cpu").input("x", T).node(relu("a", "x", "va")).type("va", T)
                .node(relu("b", "va", "y")).type("y", T).output("y").build();
        assertEquals("a on cpu\nb on cpu", schedule(g, Map.of()));
    }

    @Test
    void dataCrossingSidesIsBracketedAndWaitedForOnce() {
        // x -> A (gpu) -> B (cpu) -> C (gpu) -> D (gpu) -> y
        Graph g = Graph.builder("mixed").input("x", T)
                .node(relu("A", "x", "a")).type("a", T)
                .node(relu("B", "a", "b")).type("b", T)
                .node(relu("C", "b", "c")).type("c", T)
                .node(relu("D", "c", "y")).type("y", T)
                .output("y").build();
        assertEquals("""
                A on gpu
                await
                acquire a for reading
                acquire b for writing
                B on cpu
                release a
                release b
                C on gpu
                D on gpu
                await""", schedule(g, Map.of("A", Side.GPU, "C", Side.GPU, "D", Side.GPU)));
    }

    @Test
    void theCpuWaitsBeforeReusingBytesAKernelMayStillRead() {
        // A (gpu) writes a; B (gpu) reads a, the last use of a; C (cpu) reads only x and its output may reuse a's
        // slot: it must wait for B although it reads nothing from the GPU.
        Graph g = Graph.builder("reuse").input("x", T)
                .node(relu("A", "x", "a")).type("a", T)
                .node(relu("B", "a", "b")).type("b", T)
                .node(relu("C", "x", "c")).type("c", T)
                .node(new Node("S", OpKind.ADD, List.of("b", "c"), List.of("y"), Attrs.EMPTY)).type("y", T)
                .output("y").build();
        MemoryPlan memory = MemoryPlanner.plan(g);
        assertEquals(memory.slot("a").offset(), memory.slot("c").offset(), "the test needs c to reuse a's bytes");
        assertEquals("""
                A on gpu
                B on gpu
                await
                C on cpu
                acquire b for reading
                S on cpu
                release b""", schedule(g, Map.of("A", Side.GPU, "B", Side.GPU)));
    }

    @Test
    void aSplitLayersCpuPartWaitsOnlyWhenItRunsAndTheNextReaderWaitsForTheGpuPart() {
        // x -> A (gpu) -> S (split) -> B (cpu) -> y: the wait for A and the bracket of a belong to S's CPU part (they
        // are skipped at run time when the cut leaves it empty); B waits for S's GPU part, which stays in flight.
        Graph g = Graph.builder("split").input("x", T)
                .node(relu("A", "x", "a")).type("a", T)
                .node(relu("S", "a", "s")).type("s", T)
                .node(relu("B", "s", "y")).type("y", T)
                .output("y").build();
        Split half = new Split("m", 0.5, 16, 1, 8);
        assertEquals("""
                A on gpu
                S split(m, r=0.5): m 0..7 CPU, 8..15 GPU, its CPU part waits first, reads a from the GPU
                await
                acquire s for reading
                B on cpu
                release s""", schedule(g, Map.of("A", Side.GPU, "S", Side.GPU), Map.of("S", half)));
    }

    private static Node matMul(String name, String a, String b, String out) {
        return new Node(name, OpKind.MATMUL, List.of(a, b), List.of(out), Attrs.EMPTY);
    }

    @Test
    void aProductReadingTheRowsOfTheSplitBeforeIsChainedToIt() {
        // x -> A (gpu) -> P (split) -> Q (split, reads p row for row) -> B (cpu): Q's CPU part reads only the rows that
        // P's CPU part wrote, so with equal cuts it waits for nothing; it still carries the unchained path's wait and
        // bracket, for a session whose cuts differ. R reads p and a kernel's output (a): never chained.
        TensorType rows = TensorType.of(DType.F32, 8, 4);
        Weights w = Weights.ofFloats(List.of(4L, 4L), new float[16]);
        Graph g = Graph.builder("chain").input("x", rows)
                .node(relu("A", "x", "a")).type("a", rows)
                .node(matMul("P", "a", "w", "p")).type("p", rows)
                .node(matMul("Q", "p", "w", "q")).type("q", rows)
                .node(matMul("R", "q", "a", "r")).type("r", rows)
                .node(relu("B", "r", "y")).type("y", rows)
                .constant("w", w)
                .output("y").build();
        Split half = new Split("m", 0.5, 8, 1, 4);
        assertEquals("""
                A on gpu
                P split(m, r=0.5): m 0..3 CPU, 4..7 GPU, its CPU part waits first, reads a from the GPU
                Q split(m, r=0.5): m 0..3 CPU, 4..7 GPU, its CPU part waits first, reads p from the GPU, chained to P
                R split(m, r=0.5): m 0..3 CPU, 4..7 GPU, its CPU part waits first, reads q from the GPU, reads a from the GPU
                await
                acquire r for reading
                B on cpu
                release r""", schedule(g, Map.of("A", Side.GPU, "P", Side.GPU, "Q", Side.GPU, "R", Side.GPU),
                Map.of("P", half, "Q", half, "R", half)));
    }

    @Test
    void noChainWhereItsOutputTakesTheBytesOfWhatAKernelInFlightReads() {
        // x -> A (gpu) -> P (split) -> Q (split) -> B (cpu): a dies at P, so q may take its bytes while P's GPU part
        // still reads them; Q's CPU part must wait, so it is not chained (the code generator keeps a run's values
        // alive to its end instead: Chain.liveUntilRunEnds)
        TensorType rows = TensorType.of(DType.F32, 8, 4);
        Graph g = Graph.builder("reuse").input("x", rows)
                .node(relu("A", "x", "a")).type("a", rows)
                .node(matMul("P", "a", "w", "p")).type("p", rows)
                .node(matMul("Q", "p", "w", "q")).type("q", rows)
                .node(relu("B", "q", "y")).type("y", rows)
                .constant("w", Weights.ofFloats(List.of(4L, 4L), new float[16]))
                .output("y").build();
        MemoryPlan memory = MemoryPlanner.plan(g);
        assertEquals(memory.slot("a").offset(), memory.slot("q").offset(), "q reuses a's bytes");
        Split half = new Split("m", 0.5, 8, 1, 4);
        String steps = schedule(g, Map.of("A", Side.GPU, "P", Side.GPU, "Q", Side.GPU), Map.of("P", half, "Q", half));
        assertEquals("""
                A on gpu
                P split(m, r=0.5): m 0..3 CPU, 4..7 GPU, its CPU part waits first, reads a from the GPU
                Q split(m, r=0.5): m 0..3 CPU, 4..7 GPU, its CPU part waits first, reads p from the GPU
                await
                acquire q for reading
                B on cpu
                release q""", steps);
    }
}
