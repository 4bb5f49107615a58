package cgc.codegen;

import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.memory.MemoryPlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.Predicate;

/**
 * The side of every node of a graph, by node name, the nodes that were asked for the GPU but fell back to the CPU
 * because no GPU kernel exists for their op, and the heavy nodes that both sides compute at once ({@link Split}; their
 * side is {@link Side#GPU}, which holds for the sync rules: the GPU writes part of their output). View ops (Reshape
 * and friends) take no side: they run no code.
 */
public record Placements(SequencedMap<String, Side> sides, List<String> fallbacks, Map<String, Split> splits) {

    public Placements {
        sides = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(sides));
        fallbacks = List.copyOf(fallbacks);
        splits = Map.copyOf(splits);
        for (String n : splits.keySet()) {
            if (sides.get(n) != Side.GPU) throw new IllegalArgumentException("split node \"" + n + "\" must be on the GPU");
        }
    }

    public Placements(SequencedMap<String, Side> sides, List<String> fallbacks) { this(sides, fallbacks, Map.of()); }

    /** The split of {@code n}, when both sides compute it. */
    public java.util.Optional<Split> split(Node n) { return java.util.Optional.ofNullable(splits.get(n.name())); }

    /** Every node on the CPU. */
    public static Placements allCpu(Graph g) {
        SequencedMap<String, Side> m = new LinkedHashMap<>();
        for (Node n : g.nodes()) m.put(n.name(), Side.CPU);
        return new Placements(m, List.of());
    }

    /**
     * Every node whose op has a GPU kernel ({@code hasGpuKernel}) on the GPU, the others on the CPU: those are the
     * fallbacks, except views ({@code isView}), which run no code on either side.
     */
    public static Placements preferGpu(Graph g, Predicate<Node> hasGpuKernel, Predicate<Node> isView) {
        SequencedMap<String, Side> m = new LinkedHashMap<>();
        List<String> fallbacks = new ArrayList<>();
        for (Node n : g.nodes()) {
            boolean gpu = !isView.test(n) && hasGpuKernel.test(n);
            m.put(n.name(), gpu ? Side.GPU : Side.CPU);
            if (!gpu && !isView.test(n)) fallbacks.add(n.name());
        }
        return new Placements(m, fallbacks);
    }

    public Side of(Node n) {
        Side s = sides.get(n.name());
        if (s == null) throw new IllegalArgumentException("no placement for node \"" + n.name() + "\"");
        return s;
    }

    public long count(Side s) { return sides.values().stream().filter(x -> x == s).count(); }

    /** Counts of each op on each side, e.g. {@code {Conv={GPU=50, CPU=2}}}, leaving out views that run no code. */
    public Map<String, Map<Side, Integer>> byOp(Graph g, MemoryPlan memory) {
        Map<String, Map<Side, Integer>> m = new LinkedHashMap<>();
        for (Node n : g.nodes()) {
            if (Schedule.isView(n, memory)) continue;
            m.computeIfAbsent(n.op().opType(), k -> new LinkedHashMap<>()).merge(of(n), 1, Integer::sum);
        }
        return m;
    }
}
