package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.Weights;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Folds an inference BatchNormalization into the Conv, ConvTranspose or Gemm before it:
 * <pre>
 *   BN(conv(x, W) + b) = conv(x, W * s) + (b - mean) * s + beta,   s = gamma / sqrt(var + eps)
 * </pre>
 * with {@code s} applied per output channel (dim 0 of a Conv weight; for ConvTranspose the output channel of
 * {@code W[c, j]} is {@code (c / (C / group)) * (M / group) + j}; for Gemm the column of {@code B'}, and
 * {@code C' = (beta_gemm * C - mean) * s + beta}). Computed in float64 and rounded once to f32. Says no unless the
 * weights and the BN parameters are f32 constants, the conv's output is read by the BN alone and is not a graph output,
 * the conv carries no fused activation, and the BN is in inference mode with only Y read.
 */
record FoldBatchNorm() implements Pass {
    @Override public String name() { return "fold-bn"; }
    @Override public String description() {
        return "fold inference BatchNormalization into the Conv/ConvTranspose/Gemm before it";
    }
    @Override public Set<Stage> requires() { return Set.of(Stage.SHAPES_KNOWN); }
    @Override public Set<Stage> establishes() { return Set.of(Stage.SHAPES_KNOWN); }

    @Override
    public Model run(Model in, PassContext cx) { return in.withGraph(rewrite(in.graph(), GraphEdits.names(in.graph()), cx)); }

    /** Rewrites the branches of If first, then {@code g} itself. */
    private static Graph rewrite(Graph g, Set<String> taken, PassContext cx) {
        g = GraphEdits.inBranches(g, branch -> rewrite(branch, taken, cx));
        for (Node bn : List.copyOf(g.nodes())) {
            if (!bn.is(OpKind.BATCH_NORMALIZATION)) continue;
            Optional<Graph> folded = fold(g, bn, taken);
            if (folded.isPresent()) {
                g = folded.get();
                cx.count("BatchNormalization folded");
            }
        }
        return g;
    }

    private static Optional<Graph> fold(Graph g, Node bn, Set<String> taken) {
        var uses = GraphEdits.uses(g);
        if (bn.attrs().getInt("training_mode", 0) != 0) return Optional.empty();
        for (int i = 1; i < bn.outputs().size(); i++) {
            if (uses.getOrDefault(bn.output(i), 0) > 0) return Optional.empty();   // running mean/var are read
        }
        Node conv = g.producers().get(bn.input(0));
        if (conv == null || !GraphEdits.hasSoleUse(g, uses, bn.input(0)) || conv.attrs().has("cgc.act")) {
            return Optional.empty();
        }
        if (!(conv.is(OpKind.CONV) || conv.is(OpKind.CONV_TRANSPOSE) || conv.is(OpKind.GEMM))) return Optional.empty();
        double[][] p = new double[4][];
        for (int i = 0; i < 4; i++) {
            Optional<Weights> w = f32Constant(g, bn.input(i + 1));
            if (w.isEmpty()) return Optional.empty();
            p[i] = doubles(w.get());
        }
        double eps = bn.attrs().getFloat("epsilon", 1e-5f);
        int channels = p[0].length;
        for (double[] v : p) if (v.length != channels) return Optional.empty();
        double[] s = new double[channels];
        for (int c = 0; c < channels; c++) s[c] = p[0][c] / Math.sqrt(p[3][c] + eps);
        Optional<Weights> weight = f32Constant(g, conv.input(1));
        if (weight.isEmpty()) return Optional.empty();
        Optional<Weights> bias = Optional.empty();
        if (conv.hasInput(2)) {
            bias = f32Constant(g, conv.input(2));
            if (bias.isEmpty()) return Optional.empty();
        }
        Optional<Folded> merged = switch (conv.kind()) {
            case CONV, CONV_TRANSPOSE -> convFold(g, conv, bn, weight.get(), bias, s, p, taken);
            case GEMM -> gemmFold(g, conv, bn, weight.get(), bias, s, p, taken);
            default -> Optional.empty();
        };
        return merged.map(m -> {
            Graph.Builder b = GraphEdits.replacePair(g, conv, bn, m.node()).toBuilder();
            b.constant(m.node().input(1), m.weight());
            b.constant(m.node().input(2), m.bias());
            return b.build();
        });
    }

    private record Folded(Node node, Weights weight, Weights bias) {}

    private static Optional<Folded> convFold(Graph g, Node conv, Node bn, Weights w, Optional<Weights> bias, double[] s,
                                             double[][] p, Set<String> taken) {
        List<Long> shape = w.shape();
        if (shape.size() < 3) return Optional.empty();
        boolean transpose = conv.is(OpKind.CONV_TRANSPOSE);
        long group = conv.attrs().getInt("group", 1);
        long outChannels = transpose ? shape.get(1) * group : shape.get(0);
        if (outChannels != s.length || (bias.isPresent() && bias.get().elementCount() != s.length)) {
            return Optional.empty();
        }
        long inner = 1;
        for (int i = 2; i < shape.size(); i++) inner *= shape.get(i);
        long perGroupIn = shape.get(0) / group;
        double[] wv = doubles(w);
        float[] nw = new float[wv.length];
        for (int i = 0; i < wv.length; i++) {
            int oc;
            if (transpose) {
                long c = i / (shape.get(1) * inner), j = (i / inner) % shape.get(1);
                oc = (int) ((c / perGroupIn) * shape.get(1) + j);
            } else {
                oc = (int) (i / (wv.length / shape.get(0)));
            }
            nw[i] = (float) (wv[i] * s[oc]);
        }
        double[] b = bias.map(FoldBatchNorm::doubles).orElse(new double[s.length]);
        float[] nb = new float[s.length];
        for (int c = 0; c < s.length; c++) nb[c] = (float) ((b[c] - p[2][c]) * s[c] + p[1][c]);
        String wName = GraphEdits.fresh(taken, conv.input(1) + "_bn");
        String bName = GraphEdits.fresh(taken, (conv.hasInput(2) ? conv.input(2) : conv.input(1)) + "_bias_bn");
        Node node = conv.withInputs(List.of(conv.input(0), wName, bName)).withOutputs(List.of(bn.output(0)));
        Weights folded = Weights.ofFloats(shape, nw);
        return Optional.of(new Folded(node, folded, Weights.ofFloats(List.of((long) s.length), nb)));
    }

    /** Y = alpha A' B' + beta C; BN over Y's columns: B' column n times s[n], C' = (beta C - mean) s + beta_bn. */
    private static Optional<Folded> gemmFold(Graph g, Node gemm, Node bn, Weights w, Optional<Weights> bias, double[] s,
                                             double[][] p, Set<String> taken) {
        List<Long> shape = w.shape();
        boolean transB = gemm.attrs().getInt("transB", 0) != 0;
        if (shape.size() != 2 || shape.get(transB ? 0 : 1) != s.length) return Optional.empty();
        if (bias.isPresent()) {
            List<Long> cs = bias.get().shape();
            boolean perColumn = bias.get().elementCount() == s.length
                    && (cs.size() == 1 || (cs.size() == 2 && cs.get(0) == 1));
            if (!perColumn && bias.get().elementCount() != 1) return Optional.empty();
        }
        int n = s.length;
        double[] wv = doubles(w);
        float[] nw = new float[wv.length];
        for (int i = 0; i < wv.length; i++) nw[i] = (float) (wv[i] * s[transB ? i / (wv.length / n) : i % n]);
        double beta = gemm.attrs().getFloat("beta", 1f);
        double[] c = bias.map(FoldBatchNorm::doubles).orElse(new double[] {0});
        float[] nb = new float[n];
        for (int j = 0; j < n; j++) nb[j] = (float) ((beta * c[c.length == 1 ? 0 : j] - p[2][j]) * s[j] + p[1][j]);
        String wName = GraphEdits.fresh(taken, gemm.input(1) + "_bn");
        String bName = GraphEdits.fresh(taken, (gemm.hasInput(2) ? gemm.input(2) : gemm.input(1)) + "_bias_bn");
        Node node = gemm.withInputs(List.of(gemm.input(0), wName, bName)).withOutputs(List.of(bn.output(0)))
                .withAttrs(gemm.attrs().with("beta", Attr.of(1f)));
        return Optional.of(new Folded(node, Weights.ofFloats(shape, nw), Weights.ofFloats(List.of((long) n), nb)));
    }

    private static Optional<Weights> f32Constant(Graph g, String value) {
        return g.constant(value).filter(w -> w.dtype() == DType.F32);
    }

    private static double[] doubles(Weights w) {
        float[] f = w.toFloats();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

}
