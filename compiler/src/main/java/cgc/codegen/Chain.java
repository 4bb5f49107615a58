package cgc.codegen;

import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.memory.MemoryPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A split layer in a run of layers split by rows at one cut, each reading row for row what layers earlier in the run
 * wrote: CoDL's operator chain (a transformer block's products, residual Adds and LayerNorms). Row i of its output
 * needs row i of those inputs only, so each side's part reads what the same side's parts wrote before it: the CPU
 * goes from one part to the next without waiting for the GPU's, and the GPU's parts follow each other in its
 * in-order queue. One sync for the run instead of one per layer.
 *
 * <p>The link holds only while its cut equals those of the layers it reads (a session may move any) and the CPU reads
 * the GPU's memory without brackets (fine-grained SVM: under coarse SVM the CPU may not read a range it has not
 * mapped, and mapping waits for the queue); the generated code checks both at run time and otherwise takes the
 * unchained path. The schedule links a layer only where its chained CPU part needs no wait at all: it writes no
 * bytes that a kernel in flight may still use, and reads nothing else that one writes (a wait there would wait for
 * the GPU's parts before it too, and the chain would save nothing).
 *
 * @param from the split layers whose outputs this one reads row for row, in the order of its operands
 */
public record Chain(List<Node> from) {

    public Chain {
        from = List.copyOf(from);
        if (from.isEmpty()) throw new IllegalArgumentException("a chain link reads at least one earlier layer");
    }

    /**
     * The inputs of {@code n} that it reads row for row when split by rows, the others being constants or one row
     * repeated (which both sides read whole); empty when its rows do not depend on the same rows of its inputs alone.
     * A Gemm, MatMul or Linear: its row operand, untransposed, with constant other operands (a Linear's residual, shaped
     * as its output, is read row for row too); an Add, Sub, Mul or Div:
     * its operands of the output's shape; a LayerNormalization (over the last axis), with constant scale and bias: its
     * input.
     */
    static Optional<List<String>> rowInputs(Graph g, Node n) {
        if (!(n.op() instanceof OpKind k)) return Optional.empty();
        return switch (k) {
            case MATMUL, GEMM -> k == OpKind.GEMM && n.attrs().getInt("transA", 0) != 0
                    ? Optional.empty() : firstOfConstants(g, n);
            case LINEAR -> {
                if (!n.hasInput(3)) yield firstOfConstants(g, n);
                if (!g.isConstant(n.input(1)) || n.hasInput(2) && !g.isConstant(n.input(2))) yield Optional.empty();
                yield Optional.of(List.of(n.input(0), n.input(3)));
            }
            case ADD, SUB, MUL, DIV -> {
                long[] y = g.type(n.output(0)).shape();
                List<String> rows = new ArrayList<>();
                for (String in : n.inputs()) {
                    if (Arrays.equals(g.type(in).shape(), y)) rows.add(in);
                    else if (!g.isConstant(in)) yield Optional.empty();
                }
                yield Optional.of(rows);
            }
            case LAYER_NORMALIZATION -> firstOfConstants(g, n);
            default -> Optional.empty();
        };
    }

    /** {@code n}'s first input, when all the others are constants. */
    private static Optional<List<String>> firstOfConstants(Graph g, Node n) {
        for (int i = 1; i < n.inputs().size(); i++) {
            if (n.hasInput(i) && !g.isConstant(n.input(i))) return Optional.empty();
        }
        return Optional.of(List.of(n.input(0)));
    }

    /**
     * The split layers among {@code before} (the run of splits just before {@code n}, by the value each wrote) whose
     * outputs {@code n}, split as {@code split}, reads row for row: all by rows over as many rows. Empty when it reads
     * none of them or one split otherwise. Its other inputs it reads as an unchained split would: the schedule links it
     * only where none of them waits on the GPU.
     */
    static List<Node> links(Graph g, Map<String, Node> before, Map<String, Split> splits, Node n, Split split) {
        if (!split.dim().equals("m")) return List.of();
        Optional<List<String>> rows = rowInputs(g, n);
        if (rows.isEmpty()) return List.of();
        List<Node> from = new ArrayList<>();
        for (String in : rows.get()) {
            Node p = before.get(in);
            if (p == null) continue;
            Split s = splits.get(p.name());
            if (!s.dim().equals("m") || s.total() != split.total()) return List.of();
            if (!from.contains(p)) from.add(p);
        }
        return from;
    }

    /**
     * The cut of {@code to} moved to {@code from}'s, so that the chain holds as compiled, where that cut leaves the GPU
     * whole tiles of {@code to}'s kernel and both were asked for the same share; otherwise {@code to} as it is.
     */
    static Split align(Split from, Split to) {
        boolean wholeTiles = from.cut() == 0 || from.cut() == to.total() || (to.total() - from.cut()) % to.tile() == 0;
        if (from.ratio() != to.ratio() || from.cut() == to.cut() || !wholeTiles) return to;
        return new Split(to.dim(), to.ratio(), to.total(), to.tile(), from.cut());
    }

    /**
     * The runs of splits that could chain, as the schedule runs them: each split after the first reads the rows of
     * splits earlier in the run ({@link #links}), with no other node between (a view ends a run too). Runs of one
     * are left out.
     */
    static List<List<Node>> runs(Graph g, MemoryPlan memory, Map<String, Split> splits) {
        List<List<Node>> runs = new ArrayList<>();
        Map<String, Node> run = new LinkedHashMap<>();   // the run so far, by the value each wrote
        for (Node n : g.nodes()) {
            Split s = Schedule.isView(n, memory) ? null : splits.get(n.name());
            if (s == null || links(g, run, splits, n, s).isEmpty()) {
                if (run.size() > 1) runs.add(List.copyOf(run.values()));
                run.clear();
            }
            if (s != null) run.put(n.output(0), n);
        }
        if (run.size() > 1) runs.add(List.copyOf(run.values()));
        return runs;
    }

    /**
     * {@code p} with the cut of each split in a {@linkplain #runs run} {@linkplain #align aligned} to that of the split
     * its first chained operand comes from, the run's first cut carried down it.
     */
    static Placements aligned(Graph g, MemoryPlan memory, Placements p) {
        Map<String, Split> splits = new LinkedHashMap<>(p.splits());
        for (List<Node> run : runs(g, memory, p.splits())) {
            Map<String, Node> before = new LinkedHashMap<>();
            for (Node n : run) {
                List<Node> from = links(g, before, splits, n, splits.get(n.name()));
                if (!from.isEmpty()) splits.put(n.name(), align(splits.get(from.getFirst().name()), splits.get(n.name())));
                before.put(n.output(0), n);
            }
        }
        return splits.equals(p.splits()) ? p : new Placements(p.sides(), p.fallbacks(), splits);
    }

    /**
     * For the memory plan: every value a split in a run reads or writes, with the node index of the run's last split.
     * The GPU's parts of a run are in flight until the sync after it, so no value of the run may give its bytes to a
     * later one before the run ends: the chained CPU parts would write over what a kernel still reads, and the
     * schedule would make them wait.
     */
    static Map<String, Integer> liveUntilRunEnds(Graph g, MemoryPlan memory, Map<String, Split> splits) {
        Map<String, Integer> until = new LinkedHashMap<>();
        for (List<Node> run : runs(g, memory, splits)) {
            int last = g.nodes().indexOf(run.getLast());
            for (Node n : run) {
                for (String v : n.inputs()) if (!v.isEmpty() && !g.isConstant(v)) until.merge(v, last, Math::max);
                for (String v : n.outputs()) if (!v.isEmpty()) until.merge(v, last, Math::max);
            }
        }
        return until;
    }
}
