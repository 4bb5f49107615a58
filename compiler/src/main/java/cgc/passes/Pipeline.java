package cgc.passes;

import cgc.diag.CgcException;
import cgc.diag.Where;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The passes cgc has and the order of the default pipeline: the only file that knows pass order. */
public final class Pipeline {
    private Pipeline() {}

    private static final List<Pass> ALL = List.of(
            new DecomposeVariadic(), new InferShapes(), new FoldConstants(), new DecomposeFunctions(), new WidenHalf(),
            new RemoveIdentity(), new FoldBatchNorm(), new FuseLinear(), new FuseResidual(), new FuseActivation(),
            new CommonSubexpressionElimination(), new DeadCodeElimination(), new FuseElementwise());

    /**
     * The default pipeline, in order:
     * <ol>
     * <li>{@code decompose-variadic}: Sum, Mean, Max and Min of any input count become binary ops, typed by the
     *     inference that follows;
     * <li>{@code infer-shapes}: every later pass reads types;
     * <li>{@code fold-constants}: evaluates shape arithmetic ({@code Shape -> Gather -> Concat -> Reshape}) and
     *     Constant nodes, refining types as the computed shapes become constants;
     * <li>{@code decompose-functions}: ops that other ops express (Einsum, Trilu, GroupNormalization, ...)
     *     become those ops, once folding has evaluated such an op of constants and made the constants they need known;
     * <li>{@code widen-half}: f16 arithmetic in f32, each node's outputs rounded back to f16, after the lowerings
     *     (whose ops it then widens too) and before folding (which turns the Casts of f16 weights into f32 weights);
     * <li>{@code fold-constants} again: what the lowerings and widen-half made of constants (a quantized model's zero
     *     points cast to f32, f16 weights as f32: one Cast a layer that would otherwise run on every call);
     * <li>{@code remove-identity}: only after folding do Reshapes to the same shape show, and an Identity between
     *     a conv and its BatchNormalization would hide the pattern from fold-bn;
     * <li>{@code fold-bn}: BatchNormalization sits between a conv and its activation, so it goes before the fusions;
     * <li>{@code fuse-linear}: MatMul + Add becomes Linear (and a bias Add joins its Conv) before activations fuse,
     *     so that MatMul + Add + Relu ends as one Linear carrying relu;
     * <li>{@code fuse-residual}: a skip connection's Add joins the Conv or Linear before it, after the bias Adds have
     *     joined theirs and before activations fuse, so that Conv + Add + Relu ends as one conv;
     * <li>{@code fuse-activation};
     * <li>{@code cse}: merges the duplicate constants that folding produced (many [1] and [0] shape constants);
     * <li>{@code dce}: sweeps what the passes above left unused (folded inputs, old weights);
     * <li>{@code fuse-elementwise}: the chains of light elementwise ops left, each one pass over its tensor; last, as
     *     its bodies name their values locally;
     * <li>{@code infer-shapes}: recomputes every type on the final graph, as a check and for the ops made on the way.
     * </ol>
     */
    public static List<String> standard() {
        return List.of(
                "decompose-variadic",
                "infer-shapes",
                "fold-constants",
                "decompose-functions",
                "widen-half",
                "fold-constants",
                "remove-identity",
                "fold-bn",
                "fuse-linear",
                "fuse-residual",
                "fuse-activation",
                "cse",
                "dce",
                "fuse-elementwise",
                "infer-shapes");
    }

    /** The default pipeline as passes. */
    public static List<Pass> standardPasses() { return standard().stream().map(Pipeline::byName).toList(); }

    /** Every pass, for {@code cgc passes}. */
    public static List<Pass> all() { return ALL; }

    public static Pass byName(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() -> new CgcException(
                Where.NOWHERE.detail("--passes"), "unknown pass \"" + name + "\" (known: "
                        + ALL.stream().map(Pass::name).collect(Collectors.joining(", ")) + ")"));
    }

    /** Parses {@code "infer-shapes,fold-bn"} (blanks around names are ignored). */
    public static List<Pass> parse(String pipeline) {
        return Arrays.stream(pipeline.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(Pipeline::byName).toList();
    }

    public static String format(List<Pass> passes) {
        return passes.stream().map(Pass::name).collect(Collectors.joining(","));
    }
}
