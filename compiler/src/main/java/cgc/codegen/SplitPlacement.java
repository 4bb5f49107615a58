package cgc.codegen;

import cgc.ir.Cost;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.memory.MemoryPlan;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * {@code --placement split:R}: every heavy layer (Conv, Gemm, MatMul, Linear) that has a GPU kernel is split at the
 * GPU's share {@code R} of its output channels (a Conv of one image; output rows for a batch) or rows (matrix
 * products; columns when there is one row); the light layers go to the GPU as with {@code --placement gpu}. A
 * split's CPU part is one contiguous range of the output, except for a Conv split by rows, whose part is the same
 * rows of every channel: the sync brackets then cover each channel's run.
 */
final class SplitPlacement {
    private SplitPlacement() {}

    /** As {@code split:R}; with {@code dim}, along it wherever a layer can split so, elsewhere its own dimension. */
    static Placements uniform(Graph g, MemoryPlan memory, GpuCalls gpu, double ratio, String dim) {
        Placements base = Placements.preferGpu(g, n -> gpu.lower(n, "probe").isPresent(), n -> Schedule.isView(n, memory));
        SequencedMap<String, Side> sides = new LinkedHashMap<>(base.sides());
        Map<String, Split> splits = new LinkedHashMap<>();
        for (Node n : g.nodes()) {
            if (sides.get(n.name()) != Side.GPU || !(n.op() instanceof OpKind k) || k.cost() != Cost.HEAVY) continue;
            Optional<Dim> d = dim == null ? Optional.empty() : along(g, n, gpu, dim);
            d.or(() -> splittable(g, n, gpu))
                    .ifPresent(s -> splits.put(n.name(), Split.of(s.dim(), ratio, s.units(), s.tile())));
        }
        return new Placements(sides, base.fallbacks(), splits);
    }

    /** The split dimension of a heavy node, its length and the GPU kernel's tile along it. */
    record Dim(String dim, int units, int tile) {}

    /** The dimensions a split may take, for error messages. */
    static final String DIMS = "oc of a Conv or ConvTranspose with a batch of one, rows of any Conv; m of a Gemm, "
            + "MatMul or Linear with one batch; n of one with a single row; m (the rows) of an Add, Sub, Mul or Div "
            + "whose operands are whole or one row, or of a LayerNormalization over the last axis";

    /** The split of {@code n} along {@code dim}, when its kernel and the contiguity of the CPU's part allow it. */
    static Optional<Dim> along(Graph g, Node n, GpuCalls gpu, String dim) {
        if (!(n.op() instanceof OpKind k) || n.outputs().isEmpty() || n.output(0).isEmpty()
                || !g.type(n.output(0)).isStatic()) {
            return Optional.empty();   // an RNN whose Y is omitted, say: nothing to split
        }
        long[] y = g.type(n.output(0)).shape();
        long batch = 1;
        for (int d = 0; d + 2 < y.length; d++) batch *= y[d];
        long m = y.length < 2 ? 1 : y[y.length - 2];
        boolean ok = switch (k) {
            case CONV -> y.length == 4 && ((dim.equals("oc") && y[0] == 1) || dim.equals("rows"));
            case CONV_TRANSPOSE -> y.length == 4 && dim.equals("oc") && y[0] == 1;
            case GEMM, MATMUL, LINEAR -> batch == 1 && (dim.equals("m") || (dim.equals("n") && m == 1));
            // light ops by rows, the CPU's part a prefix of every operand that is not one row repeated
            case ADD, SUB, MUL, DIV -> dim.equals("m") && y.length >= 2
                    && n.inputs().stream().allMatch(i -> wholeOrOneRow(g.type(i).shape(), y));
            case LAYER_NORMALIZATION -> dim.equals("m") && y.length >= 2;
            default -> false;
        };
        return ok ? dim(gpu, n, dim) : Optional.empty();
    }

    /** An operand of output shape {@code y}: the whole of it, or one row (all but the last axis of size 1). */
    private static boolean wholeOrOneRow(long[] x, long[] y) {
        if (Arrays.equals(x, y)) return true;
        for (int d = 0; d + 1 < x.length; d++) if (x[d] != 1) return false;
        return true;
    }

    static Optional<Dim> splittable(Graph g, Node n, GpuCalls gpu) {
        if (!(n.op() instanceof OpKind k)) return Optional.empty();
        long[] y = g.type(n.output(0)).shape();
        return switch (k) {
            case CONV -> y.length != 4 ? Optional.empty() : dim(gpu, n, y[0] == 1 ? "oc" : "rows");
            // by output channels only: its GPU kernel gathers whole output planes
            case CONV_TRANSPOSE -> y.length != 4 || y[0] != 1 ? Optional.empty() : dim(gpu, n, "oc");
            case GEMM, MATMUL, LINEAR -> {
                long batch = 1;
                for (int d = 0; d + 2 < y.length; d++) batch *= y[d];
                long m = y.length < 2 ? 1 : y[y.length - 2];
                // one row: its columns are contiguous, and rows would leave nothing to share
                yield batch != 1 ? Optional.empty() : dim(gpu, n, m == 1 ? "n" : "m");
            }
            default -> Optional.empty();
        };
    }

    private static Optional<Dim> dim(GpuCalls gpu, Node n, String dim) {
        var kernels = gpu.lower(n, "probe", dim);
        if (kernels.isEmpty() || kernels.get().size() != 1) return Optional.empty();
        GpuCalls.Kernel k = kernels.get().getFirst();
        int tile = switch (k.launch()) {
            case Launch.Tiled t -> dim.equals("rows") ? 1 : dim.equals("n") ? t.tiles().tn() : t.tiles().tm();
            case Launch.Blocked b -> b.tile();
            case Launch.Flat f -> 1;
        };
        return Optional.of(new Dim(dim, k.units(), tile));
    }
}
