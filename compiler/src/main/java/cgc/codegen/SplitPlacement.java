package cgc.codegen;

import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.memory.MemoryPlan;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * {@code --placement split:R}: every heavy layer (Conv, Gemm, MatMul, Linear) that has a GPU kernel is split at the
 * GPU's share {@code R} of its output channels (Conv) or rows (matrix products); the light layers go to the GPU as with
 * {@code --placement gpu}. A heavy layer is split only where the CPU's part is one contiguous range of the output (a
 * batch of one), so that the sync brackets cover exactly that part.
 */
final class SplitPlacement {
    private SplitPlacement() {}

    static Placements uniform(Graph g, MemoryPlan memory, GpuCalls gpu, double ratio) {
        Placements base = Placements.preferGpu(g, n -> gpu.lower(n, "probe").isPresent(), n -> Schedule.isView(n, memory));
        SequencedMap<String, Side> sides = new LinkedHashMap<>(base.sides());
        Map<String, Split> splits = new LinkedHashMap<>();
        for (Node n : g.nodes()) {
            if (sides.get(n.name()) != Side.GPU) continue;
            splittable(g, n, gpu).ifPresent(s -> splits.put(n.name(), Split.of(s.dim(), ratio, s.units(), s.tile())));
        }
        return new Placements(sides, base.fallbacks(), splits);
    }

    /** The split dimension of a heavy node, its length and the GPU kernel's tile along it. */
    record Dim(String dim, int units, int tile) {}

    static Optional<Dim> splittable(Graph g, Node n, GpuCalls gpu) {
        if (!(n.op() instanceof OpKind k)) return Optional.empty();
        var kernels = gpu.lower(n, "probe");
        if (kernels.isEmpty() || kernels.get().size() != 1) return Optional.empty();
        long[] y = g.type(n.output(0)).shape();
        int units = kernels.get().getFirst().units();
        int tile = kernels.get().getFirst().launch() instanceof Launch.Tiled t ? t.tiles().tm() : 1;
        return switch (k) {
            case CONV -> y.length == 4 && y[0] == 1 ? Optional.of(new Dim("oc", units, tile)) : Optional.empty();
            case GEMM, MATMUL, LINEAR -> {
                long batch = 1;
                for (int d = 0; d + 2 < y.length; d++) batch *= y[d];
                yield batch == 1 ? Optional.of(new Dim("m", units, tile)) : Optional.empty();
            }
            default -> Optional.empty();
        };
    }
}
