package cgc.partition;

import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import java.util.Optional;

/**
 * The work of a heavy layer, or of a part of it, in the terms a side's latency follows: multiply-adds of one
 * {@code kind} ({@code conv}, {@code depthwise} or {@code gemm}) and bytes moved — the partitioned input (X of a conv,
 * A of a matrix product), the other operands (filters, B), and the output (with a fused residual).
 */
public record LayerWork(String kind, double macs, double inputBytes, double otherBytes, double outputBytes) {
    public static final java.util.List<String> KINDS = java.util.List.of("conv", "depthwise", "gemm");

    public LayerWork {
        if (!KINDS.contains(kind)) throw new IllegalArgumentException("no layer kind \"" + kind + "\"");
        if (!(macs >= 0 && inputBytes >= 0 && otherBytes >= 0 && outputBytes >= 0)) {
            throw new IllegalArgumentException("layer work cannot be negative");
        }
    }

    /** Bytes read and written. */
    public double bytes() {
        return inputBytes + otherBytes + outputBytes;
    }

    /**
     * The part with {@code share} of the units of {@code dim}: output channels ({@code oc}) or columns ({@code n})
     * take their share of the other operands and read all the input; output rows ({@code rows}, {@code m}) take
     * their share of the input (a conv's halo rows left out) and read all the other operands.
     */
    public LayerWork part(String dim, double share) {
        if (!(share >= 0 && share <= 1)) throw new IllegalArgumentException("a part's share must be in [0, 1], got " + share);
        return switch (dim) {
            case "oc", "n" -> new LayerWork(kind, macs * share, inputBytes, otherBytes * share, outputBytes * share);
            case "rows", "m" -> new LayerWork(kind, macs * share, inputBytes * share, otherBytes, outputBytes * share);
            default -> throw new IllegalArgumentException("no split dimension \"" + dim + "\"");
        };
    }

    /** The work of {@code n} in {@code g} (shapes inferred), if it is a heavy layer (Conv, ConvTranspose, matrix products). */
    public static Optional<LayerWork> of(Graph g, Node n) {
        if (!(n.op() instanceof OpKind k) || !n.hasInput(0)) return Optional.empty();
        for (String v : n.inputs()) {
            if (!v.isEmpty() && !g.type(v).isStatic()) return Optional.empty();
        }
        if (!g.type(n.output(0)).isStatic()) return Optional.empty();
        long[] y = g.type(n.output(0)).shape();
        long[] x = g.type(n.input(0)).shape();
        double out = 4.0 * elements(y);
        double in = 4.0 * elements(x);
        double other = 0;
        for (int i = 1; i < n.inputs().size(); i++) {
            if (n.hasInput(i)) other += 4.0 * elements(g.type(n.input(i)).shape());
        }
        if ((k == OpKind.CONV || k == OpKind.LINEAR) && n.hasInput(3)) {   // a fused residual, read as Y is written
            other -= 4.0 * elements(g.type(n.input(3)).shape());
            out += 4.0 * elements(g.type(n.input(3)).shape());
        }
        switch (k) {
            case CONV, CONV_TRANSPOSE -> {
                if (!n.hasInput(1) || x.length != 4 || y.length != 4) return Optional.empty();
                long[] w = g.type(n.input(1)).shape();
                long group = n.attrs().getInt("group", 1);
                double filter = (double) w[1] * w[2] * w[3];
                // a conv's output sums c/g x kh x kw inputs; a transposed conv's input spreads over oc/g x kh x kw
                double macs = (k == OpKind.CONV ? elements(y) : elements(x)) * filter;
                boolean depthwise = group > 1 && group == x[1] && group == y[1];
                return Optional.of(new LayerWork(depthwise ? "depthwise" : "conv", macs, in, other, out));
            }
            case GEMM, MATMUL, LINEAR -> {
                if (x.length < 1) return Optional.empty();
                // K from A: Gemm's A is K x M when transposed; a MatMul's or Linear's A ends in K, whatever B's batch
                long reduction = k == OpKind.GEMM && x.length == 2 && n.attrs().getInt("transA", 0) != 0 ? x[0]
                        : x[x.length - 1];
                return Optional.of(new LayerWork("gemm", elements(y) * reduction, in, other, out));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static double elements(long[] shape) {
        double e = 1;
        for (long d : shape) e *= d;
        return e;
    }
}
