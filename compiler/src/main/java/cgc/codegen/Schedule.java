package cgc.codegen;

import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.memory.MemoryPlan;
import cgc.memory.Slot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The plan's run as a list of steps: the layers in graph order, and the syncs between the sides, placed only where
 * data crosses. Kernel launches do not block. The CPU waits for the GPU ({@link Await}) only before it reads a value a
 * kernel wrote, or overwrites bytes that a kernel launched since the last wait may still use (arena slots are reused).
 * Around a CPU layer, the arena ranges that cross sides are bracketed ({@link Acquire} before, {@link Release} after):
 * values a kernel wrote that the layer reads, and values the layer writes that a kernel reads later. With
 * fine-grained SVM a bracket costs nothing; with coarse-grained SVM it maps and unmaps, with plain buffers it copies.
 * The session brackets the graph inputs, and the graph outputs that kernels wrote, itself; the run ends with an
 * {@link Await} when it launched anything.
 */
public record Schedule(List<Step> steps, List<String> outputsFromGpu) {

    /**
     * @param steps          the run, in order
     * @param outputsFromGpu the graph outputs whose bytes a kernel wrote: the session brings them to the CPU before it
     *                       reads them (the others the CPU wrote itself, and bringing them over would clobber them when
     *                       the arena is a pair of buffers)
     */
    public Schedule {
        steps = List.copyOf(steps);
        outputsFromGpu = List.copyOf(outputsFromGpu);
    }

    /** One step of a run. */
    public sealed interface Step permits Run, RunSplit, View, Await, Acquire, Release {}

    /** Runs a node on a side. */
    public record Run(Node node, Side side) implements Step {}

    /**
     * A heavy node computed by both sides at once. Its cut is read at run time (the compiled one by default), so what
     * only its CPU part needs is emitted with the layer, under the CPU part's condition, rather than as steps: the
     * wait for kernels in flight ({@code awaitFirst}: the part reads what a kernel wrote, or writes bytes a kernel may
     * still use), the brackets of the {@code inputs} a kernel wrote, and the brackets of the CPU's part of the output,
     * {@code cpuPartUnitBytes} per unit of the split dimension from the start of each of the {@code planes} equal
     * planes of {@code output} (one, but for a Conv split by rows: N x OC). A cut that leaves the CPU nothing then
     * costs what the layer on the GPU alone costs. No {@link Await} follows: the GPU's part is in flight like any
     * launch, and the next step that needs it waits. With a {@code chain} (splits earlier in its run feed it row for
     * row), the CPU part skips that wait and those brackets at run time while the chain holds.
     */
    public record RunSplit(Node node, Split split, Slot output, long cpuPartUnitBytes, long planes,
                           List<Acquire> inputs, boolean awaitFirst, Optional<Chain> chain) implements Step {}

    /** A node whose outputs share the bytes of its input: no code runs. */
    public record View(Node node) implements Step {}

    /** Waits for every kernel launched so far. */
    public record Await() implements Step {}

    /** The next CPU layer reads ({@code write} false) or writes {@code value}'s slot, which crosses sides. */
    public record Acquire(String value, Slot slot, boolean write) implements Step {}

    /** The CPU layer before is done with {@code value}'s slot. */
    public record Release(String value, Slot slot, boolean write) implements Step {}

    /** Whether {@code n} runs no code: each of its outputs shares the bytes of its input. */
    public static boolean isView(Node n, MemoryPlan memory) {
        return n.outputs().stream().allMatch(o -> o.isEmpty() || memory.isAlias(o));
    }

    public static Schedule of(Graph g, MemoryPlan memory, Placements placements) {
        Set<String> gpuReads = new HashSet<>();   // roots that some GPU layer reads
        for (Node n : g.nodes()) {
            if (isView(n, memory) || placements.of(n) != Side.GPU) continue;
            for (String in : n.inputs()) if (memory.has(in)) gpuReads.add(memory.slot(in).root());
        }
        List<Step> steps = new ArrayList<>();
        Set<String> gpuWritten = new HashSet<>();  // roots whose latest value a kernel wrote
        List<Use> inFlight = new ArrayList<>();    // what kernels launched since the last wait read or write
        Map<String, Node> run = new LinkedHashMap<>();   // the run of split steps just before, by the value each wrote
        int runLaunches = 0;                       // where in inFlight the launches that a chained part may meet begin

        for (Node n : g.nodes()) {
            if (isView(n, memory)) {
                steps.add(new View(n));
                run.clear();
                continue;
            }
            Set<String> reads = new LinkedHashSet<>();
            for (String in : n.inputs()) if (!in.isEmpty() && memory.has(in)) reads.add(in);
            List<String> writes = n.outputs().stream().filter(o -> !o.isEmpty()).toList();
            if (placements.split(n).isPresent()) {
                Split split = placements.split(n).get();
                List<String> fromGpu = reads.stream().filter(r -> gpuWritten.contains(memory.slot(r).root())).toList();
                boolean awaitFirst = !inFlight.isEmpty() && (!fromGpu.isEmpty() || touches(inFlight, reads, writes, memory));
                var type = g.type(n.output(0));
                long[] y = type.shape();
                // a Conv split by rows: the CPU's rows of each of the N x OC planes; otherwise one contiguous part
                long planes = split.dim().equals("rows") ? y[0] * y[1] : 1;
                long unitBytes = type.elementCount() / planes / Math.max(1, split.total()) * type.dtype().byteSize();
                Slot out = memory.slot(n.output(0));
                Optional<Chain> chain = chain(g, memory, placements, run, n, split, reads, writes,
                        inFlight.subList(runLaunches, inFlight.size()));
                if (chain.isEmpty()) {
                    // a new run: when this part waits first, only the launches from here on are in flight past it
                    run.clear();
                    runLaunches = awaitFirst ? inFlight.size() : 0;
                }
                run.put(n.output(0), n);
                steps.add(new RunSplit(n, split, out, unitBytes, planes,
                        fromGpu.stream().map(r -> new Acquire(r, memory.slot(r), false)).toList(), awaitFirst, chain));
                // whether the CPU part ran and waited is known at run time only: the launches before stay in flight
                for (String r : reads) inFlight.add(new Use(memory.slot(r), false));
                inFlight.add(new Use(out, true));
                gpuWritten.add(out.root());
                continue;
            }
            run.clear();
            if (placements.of(n) == Side.GPU) {
                steps.add(new Run(n, Side.GPU));
                for (String r : reads) inFlight.add(new Use(memory.slot(r), false));
                for (String w : writes) {
                    inFlight.add(new Use(memory.slot(w), true));
                    gpuWritten.add(memory.slot(w).root());
                }
                continue;
            }
            List<String> fromGpu = reads.stream().filter(r -> gpuWritten.contains(memory.slot(r).root())).toList();
            List<String> toGpu = writes.stream().filter(w -> gpuReads.contains(memory.slot(w).root())).toList();
            if (!inFlight.isEmpty() && (!fromGpu.isEmpty() || touches(inFlight, reads, writes, memory))) {
                steps.add(new Await());
                inFlight.clear();
                runLaunches = 0;
            }
            for (String r : fromGpu) steps.add(new Acquire(r, memory.slot(r), false));
            for (String w : toGpu) steps.add(new Acquire(w, memory.slot(w), true));
            steps.add(new Run(n, Side.CPU));
            for (String r : fromGpu) steps.add(new Release(r, memory.slot(r), false));
            for (String w : toGpu) steps.add(new Release(w, memory.slot(w), true));
            for (String w : writes) gpuWritten.remove(memory.slot(w).root());
        }
        if (!inFlight.isEmpty()) steps.add(new Await());
        List<String> fromGpu = g.outputs().stream().filter(o -> gpuWritten.contains(memory.slot(o).root())).toList();
        return new Schedule(steps, fromGpu);
    }

    /** A slot that a kernel in flight reads or writes. */
    private record Use(Slot slot, boolean write) {}

    /**
     * The chain from the {@code run} of splits just before {@code n} ({@link Chain#links}), when the chained CPU part
     * needs no wait: the GPU parts of the run write only rows of their outputs that it does not read; of the launches
     * that may still be in flight ({@code inFlight}: those of the run when its first part waits first, else all since
     * the last wait), none may read or write the bytes it writes, nor write the other bytes it reads. A kernel's
     * earlier output it reads without a bracket: chained means coherent memory, where a bracket does nothing.
     */
    private static Optional<Chain> chain(Graph g, MemoryPlan memory, Placements placements, Map<String, Node> run,
                                         Node n, Split split, Set<String> reads, List<String> writes,
                                         List<Use> inFlight) {
        List<Node> from = Chain.links(g, run, placements.splits(), n, split);
        if (from.isEmpty()) return Optional.empty();
        Set<String> chained = new LinkedHashSet<>();
        for (String r : reads) if (run.containsKey(r)) chained.add(r);
        for (String w : writes) {
            Slot out = memory.slot(w);
            for (String r : chained) if (out.overlapsInMemory(memory.slot(r))) return Optional.empty();
            for (Use u : inFlight) if (u.slot().overlapsInMemory(out)) return Optional.empty();
        }
        for (String r : reads) {
            if (chained.contains(r)) continue;   // its rows here are the CPU's: the kernels write the others
            for (Use u : inFlight) if (u.write() && u.slot().overlapsInMemory(memory.slot(r))) return Optional.empty();
        }
        return Optional.of(new Chain(from));
    }

    /** Whether a kernel in flight writes what the CPU reads or writes, or reads what it writes. */
    private static boolean touches(List<Use> inFlight, Set<String> reads, List<String> writes, MemoryPlan memory) {
        for (Use u : inFlight) {
            for (String w : writes) if (u.slot().overlapsInMemory(memory.slot(w))) return true;
            if (!u.write()) continue;
            for (String r : reads) if (u.slot().overlapsInMemory(memory.slot(r))) return true;
        }
        return false;
    }

    /** The nodes each chained split reads row for row ({@link Chain#from}), by the chained node's name. */
    public Map<String, List<String>> chains() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (Step s : steps) {
            if (!(s instanceof RunSplit r)) continue;
            r.chain().ifPresent(c -> m.put(r.node().name(), c.from().stream().map(Node::name).toList()));
        }
        return m;
    }

    public long count(Class<? extends Step> kind) { return steps.stream().filter(kind::isInstance).count(); }
}
