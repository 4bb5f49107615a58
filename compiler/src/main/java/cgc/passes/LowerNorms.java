package cgc.passes;

import cgc.ir.DType;
import cgc.ir.Node;
import cgc.ir.OpKind;
import java.util.List;

/**
 * The normalisations written with reductions: LpNormalization as x over its ReduceL1 or ReduceL2 along the axis (a
 * zero row stays zero);
 * MeanVarianceNormalization as its function body, (x - E[x]) / (sqrt(E[x²] - E[x]²) + 1e-9) over the axes.
 */
final class LowerNorms implements Lowering {
    @Override
    public void lower(Node n, Emitter e) {
        String x = n.input(0), name = n.name();
        int rank = e.type(x).rank();
        if (n.is(OpKind.LP_NORMALIZATION)) {
            long axis = Math.floorMod(n.attrs().getInt("axis", -1), rank);
            OpKind norm = n.attrs().getInt("p", 2) == 1 ? OpKind.REDUCE_L1 : OpKind.REDUCE_L2;
            String length = e.reduce(name + "_norm", norm, x, axis);
            // a zero row stays zero (as ONNX Runtime gives), not 0/0: its norm is replaced by 1
            DType t = e.type(x).dtype();
            String zero = e.node(name + "_zero_norm", OpKind.EQUAL, length, e.scalar(name + "_zero", t, 0));
            String divisor = e.node(name + "_divisor", OpKind.WHERE, zero, e.scalar(name + "_one", t, 1), length);
            e.last(n, OpKind.DIV, List.of(x, divisor), null);
            return;
        }
        List<Long> given = n.attrs().getInts("axes", List.of(0L, 2L, 3L));
        long[] axes = given.stream().mapToLong(a -> Math.floorMod(a, rank)).toArray();
        DType t = e.type(x).dtype();
        String mean = e.reduce(name + "_mean", OpKind.REDUCE_MEAN, x, axes);
        String meanOfSquares = e.reduce(name + "_mean_sq", OpKind.REDUCE_MEAN,
                e.node(name + "_sq", OpKind.MUL, x, x), axes);
        String variance = e.node(name + "_var", OpKind.SUB, meanOfSquares, e.node(name + "_mean2", OpKind.MUL, mean, mean));
        String std = e.node(name + "_std", OpKind.SQRT, variance);
        String centred = e.node(name + "_centred", OpKind.SUB, x, mean);
        String denominator = e.node(name + "_den", OpKind.ADD, std, e.scalar(name + "_eps", t, 1e-9));
        e.last(n, OpKind.DIV, List.of(centred, denominator), null);
    }
}
