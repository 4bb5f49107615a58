package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ScatterND and ScatterElements with indices known at compile time (the form exports of slice assignments take):
 * the compiler works out which update lands on which element of the output, then each round of writes is a Gather
 * of the flattened updates at a constant map (of the output's shape) and a Where over a constant mask; with a
 * reduction the gathered values are first combined with the current ones (Add, Mul, Max, Min). With a reduction,
 * an element written twice takes one round per write, in index order; without one, the last write wins, in one
 * round. Indices computed at run time are refused: the maps are the compiler's.
 */
final class LowerScatter implements Lowering {
    /**
     * The most elements of maps a node may make, over all its rounds: each is an int64 in the plan and a Gather and a
     * Where per run (2^22: 32 MiB of maps).
     */
    private static final long MAX_MAP_ELEMENTS = 1L << 22;

    @Override
    public void lower(Node n, Emitter e) {
        String name = n.name();
        TensorType data = e.staticType(n, 0), upd = e.staticType(n, 2);
        if (data.elementCount() > MAX_MAP_ELEMENTS) {
            throw Emitter.error(n, 0, "outputs of more than " + MAX_MAP_ELEMENTS + " elements are not supported (each "
                    + "write round stores an int64 map of the whole output), got " + data);
        }
        long[] idx = e.constant(n.input(1)).orElseThrow(() -> Emitter.error(n, 1,
                "the indices must be known at compile time (a constant), not computed at run time")).toLongs();
        long[] targets = n.is(OpKind.SCATTER_ND) ? ndTargets(n, idx, e.type(n.input(1)).shape(), data.shape())
                : elementTargets(n, idx, upd.shape(), data.shape());
        String reduction = n.attrs().getString("reduction", "none");
        // rounds: with a reduction the k-th write to an element goes into round k; without, the last write wins
        List<Map<Integer, Integer>> rounds = new ArrayList<>();
        Map<Long, Integer> writes = new HashMap<>();
        for (int u = 0; u < targets.length; u++) {
            int round = reduction.equals("none") ? 0 : writes.merge(targets[u], 1, Integer::sum) - 1;
            if (round == rounds.size()) rounds.add(new HashMap<>());
            rounds.get(round).put((int) targets[u], u);
        }
        if (rounds.size() * data.elementCount() > MAX_MAP_ELEMENTS) {
            throw Emitter.error(n, 1, rounds.size() + " writes to one element make " + rounds.size() + " rounds of "
                    + data.elementCount() + "-element maps, more than the " + MAX_MAP_ELEMENTS + " supported");
        }
        OpKind combine = switch (reduction) {
            case "none" -> null;
            case "add" -> OpKind.ADD;
            case "mul" -> OpKind.MUL;
            case "max" -> OpKind.MAX;
            case "min" -> OpKind.MIN;
            default -> throw Emitter.error(n, 2, "reduction \"" + reduction + "\" is not one of none, add, mul, max, min");
        };
        List<Long> shape = Arrays.stream(data.shape()).boxed().toList();
        String flat = e.node(name + "_updates", OpKind.RESHAPE, List.of(n.input(2), e.longs(name + "_flat", -1)), null);
        String current = n.input(0);
        for (int r = 0; r < rounds.size(); r++) {
            long[] map = new long[(int) data.elementCount()];
            byte[] mask = new byte[map.length];
            for (var w : rounds.get(r).entrySet()) {
                map[w.getKey()] = w.getValue();
                mask[w.getKey()] = 1;
            }
            String at = e.constant(name + "_map" + r, Weights.ofLongs(shape, map));
            String hit = e.constant(name + "_mask" + r, Weights.of(DType.BOOL, shape, mask));
            String value = e.node(name + "_gathered" + r, OpKind.GATHER, List.of(flat, at),
                    Attrs.EMPTY.with("axis", Attr.of(0L)));
            if (combine != null) value = e.node(name + "_combined" + r, combine, current, value);
            List<String> in = List.of(hit, value, current);
            if (r == rounds.size() - 1) {
                e.last(n, OpKind.WHERE, in, null);
            } else {
                current = e.node(name + "_round" + r, OpKind.WHERE, in, null);
            }
        }
        if (rounds.isEmpty()) e.last(n, OpKind.IDENTITY, List.of(n.input(0)), null);
    }

    /** ScatterND: update slice t goes to the slice at tuple t, element s of it to the same element of the slice. */
    private static long[] ndTargets(Node n, long[] idx, long[] ix, long[] d) {
        int m = (int) ix[ix.length - 1];
        long[] strides = Tensor.strides(d);
        long slice = strides[m - 1];
        int tuples = idx.length / m;
        long[] out = new long[(int) (tuples * slice)];
        for (int t = 0; t < tuples; t++) {
            long base = 0;
            for (int j = 0; j < m; j++) base += Emitter.index(n, 1, idx[t * m + j], d[j], j) * strides[j];
            for (int s = 0; s < slice; s++) out[(int) (t * slice + s)] = base + s;
        }
        return out;
    }

    /** ScatterElements: update u at position (i0, ..., ir-1) goes to the same position with the axis's index. */
    private static long[] elementTargets(Node n, long[] idx, long[] us, long[] d) {
        int axis = (int) Math.floorMod(n.attrs().getInt("axis", 0), d.length);
        long[] dataStrides = Tensor.strides(d), updStrides = Tensor.strides(us);
        long[] out = new long[idx.length];
        for (int u = 0; u < idx.length; u++) {
            long p = 0;
            for (int k = 0; k < d.length; k++) {
                long i = u / updStrides[k] % us[k];
                if (k == axis) i = Emitter.index(n, 1, idx[u], d[k], k);
                p += i * dataStrides[k];
            }
            out[u] = p;
        }
        return out;
    }
}
