package cgc.codegen;

import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.memory.MemoryPlan;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A split matrix product whose row operand is the output of the split product just before it, both cut by rows at
 * the same point: CoDL's operator chain, in its plainest form (a transformer's two feed-forward layers). Row i of the
 * second product needs row i of the first's output only, so each side's part of the second reads what its own part
 * of the first wrote: the CPU goes on to its next part without waiting for the GPU's, and the GPU's two parts follow
 * each other in its in-order queue. One sync for the chain instead of one per layer.
 *
 * <p>The link holds only while both cuts are equal (a session may move either) and the CPU reads the GPU's memory
 * without brackets (fine-grained SVM: under coarse SVM the CPU may not read a range it has not mapped, and mapping
 * waits for the queue); the generated code checks both at run time and otherwise takes the unchained path.
 *
 * <p>The schedule links two splits only where the chained CPU part needs no wait at all: its output reuses no bytes
 * that a kernel in flight may still use, and it reads no other value a kernel wrote (a wait there would wait for the
 * GPU's part of the first too, and the chain would save nothing).
 *
 * @param from the split node whose output this one reads row for row
 */
public record Chain(Node from) {

    /**
     * Whether {@code to}, split as {@code toSplit}, reads the rows of {@code from}'s output (split as {@code fromSplit})
     * one for one: both split by rows ({@code m}) over as many rows, and {@code to} a product of one batch (the split
     * dimension's rule) whose row operand, untransposed, is {@code from}'s output and whose other operands are
     * constants.
     */
    static boolean links(Graph g, Node from, Split fromSplit, Node to, Split toSplit) {
        return fromSplit.dim().equals("m") && toSplit.dim().equals("m") && fromSplit.total() == toSplit.total()
                && readsRows(g, from, to);
    }

    /**
     * Whether row i of {@code to}'s output depends on row i of {@code from}'s output alone: {@code to} is a matrix
     * product whose row operand, untransposed, is {@code from}'s output and whose other operands are constants.
     */
    static boolean readsRows(Graph g, Node from, Node to) {
        if (!(to.is(OpKind.MATMUL) || to.is(OpKind.LINEAR) || to.is(OpKind.GEMM))) return false;
        if (to.is(OpKind.GEMM) && to.attrs().getInt("transA", 0) != 0) return false;
        if (!to.input(0).equals(from.output(0))) return false;
        for (int i = 1; i < to.inputs().size(); i++) {
            if (to.hasInput(i) && !g.isConstant(to.input(i))) return false;
        }
        return true;
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
     * {@code p} with the cut of each split that {@linkplain #links links} to the split just before it (in node order,
     * as the schedule runs them) {@linkplain #align aligned} to that one's, the chain's first cut carried down it.
     */
    static Placements aligned(Graph g, MemoryPlan memory, Placements p) {
        Map<String, Split> splits = new LinkedHashMap<>(p.splits());
        Node previous = null;
        for (Node n : g.nodes()) {
            Split s = Schedule.isView(n, memory) ? null : splits.get(n.name());
            if (s != null && previous != null) {
                Split from = splits.get(previous.name());
                if (links(g, previous, from, n, s)) splits.put(n.name(), align(from, s));
            }
            previous = s == null ? null : n;
        }
        return splits.equals(p.splits()) ? p : new Placements(p.sides(), p.fallbacks(), splits);
    }
}
