package cgc.codegen;

import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.partition.LayerWork;
import cgc.partition.Partitioner;
import cgc.partition.Profile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --placement predicted}: the {@link Partitioner}'s choice for each heavy layer with a GPU kernel, over every
 * dimension the layer may be split along. A layer it splits is split; every other node runs on the side whose
 * predicted total over the heavy layers is lower (the light ones are not modelled yet), not on the side predicted
 * for it alone: a layer alone pays for crossings that a layer inside a run of layers on one side does not (see
 * {@code cgc.bench.OracleConfig}, which places the oracle's choices the same way). Not yet: the dynamic programme over
 * the node sequence that would weigh each crossing (design.md).
 */
final class PredictedPlacement {
    private PredictedPlacement() {}

    /** The shares tried, as the {@code layers} benchmark's default grid. */
    static final double STEP = 0.05;

    /** Each node's choice as a split config: splits, and "cpu" for the rest when the CPU is the better base. */
    static SplitConfig config(Graph g, GpuCalls gpu, Profile profile) {
        Partitioner partitioner = new Partitioner(profile, STEP);
        Map<String, SplitConfig.Choice> choices = new LinkedHashMap<>();
        double cpuMs = 0, gpuMs = 0;
        for (Node n : g.nodes()) {
            Optional<LayerWork> work = LayerWork.of(g, n);
            if (work.isEmpty() || gpu.lower(n, "probe").isEmpty()) continue;
            List<Partitioner.Cut> cuts = Placement.SplitAt.DIMS.stream()
                    .map(d -> SplitPlacement.along(g, n, gpu, d)).flatMap(Optional::stream)
                    .map(d -> new Partitioner.Cut(d.dim(), d.units(), d.tile())).toList();
            Partitioner.Choice c = partitioner.choose(work.get(), cuts);
            cpuMs += profile.cpu().predictMs(work.get());
            gpuMs += profile.gpu().predictMs(work.get());
            if (c.placement().equals("split")) choices.put(n.name(), new SplitConfig.SplitAlong(c.dim(), c.ratio()));
        }
        if (cpuMs <= gpuMs) {
            for (Node n : g.nodes()) choices.putIfAbsent(n.name(), new SplitConfig.OnSide(Side.CPU));
        }
        return new SplitConfig(choices);
    }
}
