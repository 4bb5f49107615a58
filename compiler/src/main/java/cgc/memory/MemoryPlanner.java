package cgc.memory;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.TensorType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Gives every activation of a graph an offset in one arena, reusing the bytes of values that are dead.
 *
 * <p>The method is TFLite's arena planner ({@code tensorflow/lite/simple_memory_arena.cc}, "greedy by size" in Pisarchyk
 * and Lee, <i>Efficient Memory Management for Deep Neural Net Inference</i>, 2020): compute each buffer's lifetime over
 * the node order, take the buffers from largest to smallest, and put each into the smallest gap between the buffers
 * already placed whose lifetimes overlap its own, or above them all when no gap is big enough. Offsets are multiples of
 * {@link MemoryPlan#ALIGNMENT}.
 *
 * <p>Graph inputs live from before the first node to after the last, and graph outputs from their producer to after the
 * last node: each has a slot no other value shares while the session writes inputs and reads outputs. The outputs of
 * view ops ({@link AliasRule}) share their input's slot, whose lifetime then covers theirs.
 */
public final class MemoryPlanner {
    private MemoryPlanner() {}

    public static MemoryPlan plan(Graph g) { return plan(g, Map.of()); }

    /**
     * As {@link #plan(Graph)}, with each value of {@code liveUntil} kept alive at least through the node of that index
     * (a run of layers whose kernels may still read or write it: {@code cgc.codegen.Chain}).
     */
    public static MemoryPlan plan(Graph g, Map<String, Integer> liveUntil) {
        int end = g.nodes().size();
        SequencedMap<String, Long> sizes = new LinkedHashMap<>();
        Map<String, String> rootOf = new HashMap<>();
        Map<String, Lifetime> life = new HashMap<>();

        for (String in : g.inputs()) {
            if (g.isConstant(in)) continue;   // an input with an initializer is a constant in cgc's IR
            sizes.put(in, bytesOf(g, in, null));
            rootOf.put(in, in);
            life.put(in, new Lifetime(-1, end));
        }
        for (int step = 0; step < end; step++) {
            Node n = g.nodes().get(step);
            for (String in : n.inputs()) {
                if (in.isEmpty() || g.isConstant(in)) continue;
                Lifetime l = life.get(in);
                if (l == null) {
                    throw new CgcException(Where.NOWHERE.node(n.name()).op(n.op().opType()).detail("input \"" + in + "\""),
                            "value is read before any node writes it");
                }
                life.put(in, l.union(new Lifetime(step, step)));
            }
            for (String out : n.outputs()) {
                if (out.isEmpty()) continue;
                sizes.put(out, bytesOf(g, out, n));
                life.put(out, new Lifetime(step, step));
                String in = n.input(0);
                boolean view = AliasRule.isView(n) && !in.isEmpty() && !g.isConstant(in);
                rootOf.put(out, view ? rootOf.get(in) : out);
            }
        }
        for (String out : g.outputs()) {
            Lifetime l = life.get(out);
            if (l != null) life.put(out, l.union(new Lifetime(l.first(), end)));
        }
        liveUntil.forEach((v, step) -> {
            Lifetime l = life.get(v);
            if (l != null) life.put(v, l.union(new Lifetime(l.first(), Math.max(l.first(), step))));
        });

        // One buffer per root; its lifetime covers every value that shares it.
        SequencedMap<String, Lifetime> bufferLife = new LinkedHashMap<>();
        for (String v : sizes.keySet()) bufferLife.merge(rootOf.get(v), life.get(v), Lifetime::union);

        Map<String, Long> offsets = place(bufferLife, sizes);

        SequencedMap<String, Slot> slots = new LinkedHashMap<>();
        long arena = 0, sum = 0;
        for (var e : sizes.entrySet()) {
            String root = rootOf.get(e.getKey());
            Slot s = new Slot(root, offsets.get(root), sizes.get(root), bufferLife.get(root));
            slots.put(e.getKey(), s);
            arena = Math.max(arena, s.end());
            sum += e.getValue();
        }
        return new MemoryPlan(slots, MemoryPlan.align(arena), sum);
    }

    /** Greedy by size, best fit: returns the offset of each buffer. */
    private static Map<String, Long> place(SequencedMap<String, Lifetime> life, Map<String, Long> sizes) {
        record Placed(String name, long offset, long bytes, Lifetime life) {}
        List<String> order = new ArrayList<>(life.keySet());
        // Largest first; ties broken by first use, so the plan does not depend on hash order.
        order.sort(Comparator.comparing((String b) -> -sizes.get(b)).thenComparing(b -> life.get(b).first()));
        List<Placed> placed = new ArrayList<>();   // kept sorted by offset
        Map<String, Long> offsets = new HashMap<>();
        for (String b : order) {
            long size = sizes.get(b);
            Lifetime l = life.get(b);
            long best = -1, bestGap = Long.MAX_VALUE, top = 0;
            for (Placed p : placed) {
                if (!p.life.overlaps(l)) continue;
                long gap = p.offset - top;
                if (gap >= size && gap < bestGap) {
                    best = top;
                    bestGap = gap;
                }
                top = Math.max(top, MemoryPlan.align(p.offset + p.bytes));
            }
            long offset = best >= 0 ? best : top;
            Placed np = new Placed(b, offset, size, l);
            int at = 0;
            while (at < placed.size() && placed.get(at).offset <= offset) at++;
            placed.add(at, np);
            offsets.put(b, offset);
        }
        return offsets;
    }

    private static long bytesOf(Graph g, String value, Node producer) {
        TensorType t = g.type(value);
        if (!t.isStatic() || t.dtype().byteSize() == 0) {
            Where w = producer == null ? Where.NOWHERE.detail("graph input \"" + value + "\"")
                    : Where.NOWHERE.node(producer.name()).op(producer.op().opType()).detail("output \"" + value + "\"");
            throw new CgcException(w, "memory planning needs a static shape and a numeric type, found " + t
                    + " (shape inference must run first)");
        }
        return Math.multiplyExact(t.elementCount(), (long) t.dtype().byteSize());
    }
}
