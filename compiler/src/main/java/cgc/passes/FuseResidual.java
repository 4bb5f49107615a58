package cgc.passes;

import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds the Add of a skip connection into the Conv or Linear before it, as its fourth input, the residual: {@code
 * Add(Conv(x, w, b), r)} becomes {@code Conv(x, w, b, r)} (a Linear likewise; a MatMul, which fuse-linear left without
 * a bias, becomes {@code Linear(x, w, "", r)}), whose kernels add {@code r} to each output element as they store it,
 * before any fused activation (fuse-activation runs next, so ResNet's Conv, Add, Relu ends as one conv). That spares
 * a pass over the tensor and, on the GPU, a launch (a transformer block's two residual Adds). Only when the layer's
 * output is read by the Add alone and is not a graph output, the layer has no activation (it would come before the
 * Add) and no residual yet, and both operands are f32 of one static shape (a broadcasting Add stays).
 */
record FuseResidual() implements Pass {
    @Override public String name() { return "fuse-residual"; }
    @Override public String description() { return "fold a skip connection's Add into the Conv or Linear before it"; }
    @Override public Set<Stage> requires() { return Set.of(Stage.SHAPES_KNOWN); }

    @Override
    public Model run(Model in, PassContext cx) { return in.withGraph(rewrite(in.graph(), cx)); }

    private static Graph rewrite(Graph g, PassContext cx) {
        g = GraphEdits.inBranches(g, branch -> rewrite(branch, cx));
        for (Node add : List.copyOf(g.nodes())) {
            if (!add.is(OpKind.ADD) || add.inputs().size() != 2) continue;
            Map<String, Node> producers = g.producers();
            Map<String, Integer> uses = GraphEdits.uses(g);
            for (int side = 0; side < 2; side++) {
                Node layer = producers.get(add.input(side));
                String residual = add.input(1 - side);
                if (layer == null || !fusible(g, layer, uses) || residual.equals(layer.output(0))
                        || !sameStaticF32(g, layer.output(0), residual, add.output(0))) {
                    continue;
                }
                List<String> in = List.of(layer.input(0), layer.input(1), layer.input(2), residual);
                Node fused = (layer.is(OpKind.MATMUL) ? layer.withOp(OpKind.LINEAR) : layer).withInputs(in);
                g = GraphEdits.replacePair(g, layer, add, fused.withOutputs(add.outputs()));
                cx.count("Add fused into " + layer.op().opType() + " as its residual");
                break;
            }
        }
        return g;
    }

    private static boolean fusible(Graph g, Node layer, Map<String, Integer> uses) {
        return (layer.is(OpKind.CONV) || layer.is(OpKind.LINEAR) || layer.is(OpKind.MATMUL))
                && layer.inputs().size() <= 3 && !layer.attrs().has("cgc.act") && layer.outputs().size() == 1
                && GraphEdits.hasSoleUse(g, uses, layer.output(0));
    }

    private static boolean sameStaticF32(Graph g, String a, String b, String sum) {
        TensorType t = g.type(a);
        return t.isStatic() && t.dtype() == DType.F32 && t.equals(g.type(b)) && t.equals(g.type(sum));
    }
}
