package cgc.passes;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.List;
import java.util.Set;

/**
 * Lowers Trilu to the Where every backend has: {@code Trilu(x, k)} keeps the elements of each matrix (the last two
 * dims) on and above diagonal k (upper) or on and below it (lower) and zeroes the rest, which is {@code Where(mask, x,
 * 0)} with a constant bool mask of one matrix's shape, broadcast over the leading dims. Runs after fold-constants, so
 * that a Trilu of a constant (a causal attention mask) has been folded already and k, a Constant node's output in
 * most exports, is a constant. A k computed at run time is refused: the mask is the compiler's.
 */
record DecomposeTrilu() implements Pass {
    @Override public String name() { return "decompose-trilu"; }
    @Override public String description() { return "Trilu as Where over a constant triangular mask"; }
    @Override public Set<Stage> requires() { return Set.of(Stage.SHAPES_KNOWN); }
    @Override public Set<Stage> establishes() { return Set.of(Stage.SHAPES_KNOWN); }

    @Override
    public Model run(Model in, PassContext cx) {
        return in.withGraph(rewrite(in.graph(), GraphEdits.names(in.graph()), cx));
    }

    private static Graph rewrite(Graph g, Set<String> taken, PassContext cx) {
        g = GraphEdits.inBranches(g, branch -> rewrite(branch, taken, cx));
        if (g.nodes().stream().noneMatch(n -> n.is(OpKind.TRILU))) return g;
        Graph.Builder b = g.toBuilder();
        b.nodes().clear();
        for (Node n : g.nodes()) {
            if (!n.is(OpKind.TRILU)) {
                b.node(n);
                continue;
            }
            TensorType x = g.type(n.input(0));
            if (!x.isStatic()) {
                throw new CgcException(at(n, "input 0 \"" + n.input(0) + "\""),
                        "the shape must be known at compile time, got " + x);
            }
            long k = 0;
            if (n.hasInput(1)) {
                Weights kw = g.constants().get(n.input(1));
                if (kw == null) {
                    throw new CgcException(at(n, "input 1 \"" + n.input(1) + "\""),
                            "k must be known at compile time (a constant), not computed at run time");
                }
                k = kw.toLongs()[0];
            }
            long[] shape = x.shape();
            long rows = shape[shape.length - 2], cols = shape[shape.length - 1];
            if (rows * cols > Integer.MAX_VALUE) {
                throw new CgcException(at(n, "input 0 \"" + n.input(0) + "\""),
                        "matrices of more than 2^31 elements are not supported, got " + x);
            }
            long[] keep = mask(n.attrs().getInt("upper", 1) != 0, k, (int) rows, (int) cols);
            byte[] bits = new byte[keep.length];
            for (int i = 0; i < keep.length; i++) bits[i] = (byte) keep[i];
            String maskName = GraphEdits.fresh(taken, n.name() + "_mask");
            String zeroName = GraphEdits.fresh(taken, n.name() + "_zero");
            b.constant(maskName, Weights.of(DType.BOOL, List.of(rows, cols), bits));
            b.constant(zeroName, Weights.of(x.dtype(), List.of(), new byte[x.dtype().byteSize()]));
            b.node(new Node(n.name(), OpKind.WHERE, List.of(maskName, n.input(0), zeroName), n.outputs(), null));
            cx.count("Trilu lowered to Where");
        }
        return b.build();
    }

    private static Where at(Node n, String detail) {
        return Where.NOWHERE.node(n.name()).op(n.op().opType()).detail(detail);
    }

    /**
     * One matrix's mask, row-major, 1 where Trilu keeps the element: column - row ≥ k for the upper triangle, ≤ k for
     * the lower.
     */
    static long[] mask(boolean upper, long k, int rows, int cols) {
        long[] keep = new long[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                long d = (long) c - r;
                keep[r * cols + c] = (upper ? d >= k : d <= k) ? 1 : 0;
            }
        }
        return keep;
    }
}
