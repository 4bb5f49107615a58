package cgc.codegen;

import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.memory.MemoryPlan;
import cgc.memory.Slot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The plan's run as a list of steps: the layers in graph order, and the syncs between the sides, placed only where
 * data crosses. GPU launches do not block; the CPU waits for the GPU ({@link ToCpu}, {@link Finish}) only before it
 * reads a value a kernel wrote or overwrites bytes a kernel launched since the last wait may still touch (arena slots
 * are reused). A value the CPU wrote is handed to the GPU ({@link ToGpu}) before the first kernel that reads it.
 */
public record Schedule(List<Step> steps) {

    public Schedule {
        steps = List.copyOf(steps);
    }

    /** One step of a run. */
    public sealed interface Step permits Run, View, ToCpu, ToGpu, Finish {}

    /** Runs a node on a side. */
    public record Run(Node node, Side side) implements Step {}

    /** A node whose outputs share the bytes of its input: no code runs. */
    public record View(Node node) implements Step {}

    /** Waits for the kernels launched so far, then makes {@code value}, written by one of them, visible to the CPU. */
    public record ToCpu(String value, Slot slot) implements Step {}

    /** Makes {@code value}, written by the CPU, visible to the kernels launched from now on. */
    public record ToGpu(String value, Slot slot) implements Step {}

    /** Waits for every kernel launched so far. */
    public record Finish() implements Step {}

    /** Whether {@code n} runs no code: each of its outputs shares the bytes of its input. */
    public static boolean isView(Node n, MemoryPlan memory) {
        return n.outputs().stream().allMatch(o -> o.isEmpty() || memory.isAlias(o));
    }

    public static Schedule of(Graph g, MemoryPlan memory, Placements placements) {
        List<Step> steps = new ArrayList<>();
        Set<String> cpuSees = new HashSet<>(), gpuSees = new HashSet<>();
        List<Slot> inFlight = new ArrayList<>();   // slots that kernels launched since the last wait read or write
        for (String in : g.inputs()) if (memory.has(in)) cpuSees.add(memory.slot(in).root());

        for (Node n : g.nodes()) {
            if (isView(n, memory)) {
                steps.add(new View(n));
                continue;
            }
            Set<String> reads = new LinkedHashSet<>();
            for (String in : n.inputs()) if (!in.isEmpty() && memory.has(in)) reads.add(in);
            List<Slot> writes = n.outputs().stream().filter(o -> !o.isEmpty()).map(memory::slot).toList();
            Side side = placements.of(n);
            if (side == Side.CPU) {
                boolean waited = false;
                for (String r : reads) {
                    Slot s = memory.slot(r);
                    if (cpuSees.add(s.root())) {
                        steps.add(new ToCpu(r, s));
                        waited = true;
                    }
                }
                if (!waited && !inFlight.isEmpty() && touches(inFlight, reads, writes, memory)) {
                    steps.add(new Finish());
                    waited = true;
                }
                if (waited) inFlight.clear();
                steps.add(new Run(n, Side.CPU));
                for (Slot w : writes) {
                    cpuSees.add(w.root());
                    gpuSees.remove(w.root());
                }
            } else {
                for (String r : reads) {
                    Slot s = memory.slot(r);
                    if (gpuSees.add(s.root())) steps.add(new ToGpu(r, s));
                    inFlight.add(s);
                }
                steps.add(new Run(n, Side.GPU));
                for (Slot w : writes) {
                    gpuSees.add(w.root());
                    cpuSees.remove(w.root());
                    inFlight.add(w);
                }
            }
        }
        for (String out : g.outputs()) {
            Slot s = memory.slot(out);
            if (cpuSees.add(s.root())) {
                steps.add(new ToCpu(out, s));
                inFlight.clear();
            }
        }
        if (!inFlight.isEmpty()) steps.add(new Finish());
        return new Schedule(steps);
    }

    private static boolean touches(List<Slot> inFlight, Set<String> reads, List<Slot> writes, MemoryPlan memory) {
        for (Slot f : inFlight) {
            for (Slot w : writes) if (f.overlapsInMemory(w)) return true;
            for (String r : reads) if (f.overlapsInMemory(memory.slot(r))) return true;
        }
        return false;
    }

    public long count(Class<? extends Step> kind) { return steps.stream().filter(kind::isInstance).count(); }
}
