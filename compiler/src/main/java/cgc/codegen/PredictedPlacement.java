package cgc.codegen;

import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.memory.MemoryPlan;
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
 * {@code cgc.bench.OracleConfig}, which places the oracle's choices the same way). Runs of nodes that would form a
 * {@link Chain} (each, next in node order, reads rows that an earlier one wrote; light ones included) are weighed as
 * one as well: split alike at the share predicted best for their heavy layers together, when that beats the sum of
 * their own choices; the light ones are not modelled and cost nothing there. Not yet: the dynamic programme over the
 * node sequence that would weigh each crossing (design.md).
 */
final class PredictedPlacement {
    private PredictedPlacement() {}

    /** The shares tried, as the {@code layers} benchmark's default grid. */
    static final double STEP = 0.05;

    /** A heavy layer the GPU can run: its work, the dimensions it may split along, its own choice. */
    private record Layer(Node node, LayerWork work, List<Partitioner.Cut> cuts, Partitioner.Choice choice) {
        Optional<Partitioner.Cut> rows() { return cuts.stream().filter(c -> c.dim().equals("m")).findFirst(); }
    }

    /** Each node's choice as a split config: splits, and "cpu" for the rest when the CPU is the better base. */
    static SplitConfig config(Graph g, GpuCalls gpu, MemoryPlan memory, Profile profile) {
        Partitioner partitioner = new Partitioner(profile, STEP);
        Map<String, SplitConfig.Choice> choices = new LinkedHashMap<>();
        double cpuMs = 0, gpuMs = 0;
        Map<Node, Layer> layers = new LinkedHashMap<>();
        for (Node n : g.nodes()) {
            Optional<LayerWork> work = LayerWork.of(g, n);
            if (work.isEmpty() || gpu.lower(n, "probe").isEmpty()) continue;
            List<Partitioner.Cut> cuts = Placement.SplitAt.DIMS.stream()
                    .map(d -> SplitPlacement.along(g, n, gpu, d)).flatMap(Optional::stream)
                    .map(d -> new Partitioner.Cut(d.dim(), d.units(), d.tile())).toList();
            Partitioner.Choice c = partitioner.choose(work.get(), cuts);
            layers.put(n, new Layer(n, work.get(), cuts, c));
            cpuMs += profile.cpu().predictMs(work.get());
            gpuMs += profile.gpu().predictMs(work.get());
            if (c.placement().equals("split")) choices.put(n.name(), new SplitConfig.SplitAlong(c.dim(), c.ratio()));
        }
        for (List<Node> chain : chains(g, gpu, memory, layers)) {
            List<Layer> heavy = chain.stream().filter(layers::containsKey).map(layers::get).toList();
            chainChoice(partitioner, profile, heavy).ifPresent(c -> {
                for (Node n : chain) choices.put(n.name(), new SplitConfig.SplitAlong(c.dim(), c.ratio()));
            });
        }
        if (cpuMs <= gpuMs) {
            for (Node n : g.nodes()) choices.putIfAbsent(n.name(), new SplitConfig.OnSide(Side.CPU));
        }
        return new SplitConfig(choices);
    }

    /**
     * The runs of nodes that would form a chain with two heavy layers or more if every node that can split by rows
     * did ({@link Chain#runs} over those splits): light ones (residual Adds, LayerNorms) included, as the schedule
     * would chain them.
     */
    private static List<List<Node>> chains(Graph g, GpuCalls gpu, MemoryPlan memory, Map<Node, Layer> layers) {
        Map<String, Split> byRows = new LinkedHashMap<>();
        for (Node n : g.nodes()) {
            SplitPlacement.along(g, n, gpu, "m").ifPresent(d -> byRows.put(n.name(), Split.of("m", 0.5, d.units(), d.tile())));
        }
        return Chain.runs(g, memory, byRows).stream()
                .filter(run -> run.stream().filter(layers::containsKey).count() > 1).toList();
    }

    /**
     * The chain split alike along its rows, in tiles of the coarsest of its layers' tiles (so that one cut is whole
     * tiles of each), when predicted faster than its layers' own choices together and by the margin faster than
     * either side alone.
     */
    private static Optional<Partitioner.Choice> chainChoice(Partitioner partitioner, Profile profile, List<Layer> chain) {
        int tile = chain.stream().mapToInt(l -> l.rows().get().tile()).max().orElseThrow();
        Partitioner.Cut rows = new Partitioner.Cut("m", chain.getFirst().rows().get().total(), tile);
        List<LayerWork> works = chain.stream().map(Layer::work).toList();
        double own = chain.stream().mapToDouble(l -> l.choice().predictedMs()).sum();
        double cpu = works.stream().mapToDouble(profile.cpu()::predictMs).sum();
        double gpu = works.stream().mapToDouble(profile.gpu()::predictMs).sum();
        return partitioner.chooseChain(works, rows).filter(c -> c.predictedMs() < own
                && c.predictedMs() <= (1 - Partitioner.MARGIN) * Math.min(cpu, gpu));
    }
}
