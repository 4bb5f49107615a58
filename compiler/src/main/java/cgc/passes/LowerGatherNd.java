package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * GatherND: each index tuple of length m picks the slice {@code data[b0, ..., bB-1, i0, ..., im-1]}, its first B
 * coordinates (batch_dims) those of the tuple's own place in the indices, which is row {@code b0·s0 + ... + i0·sB +
 * ... + im-1·sB+m-1} of the data reshaped to [d0·...·dB+m-1, dB+m, ...] (s the row strides of the first B + m dims),
 * so a Gather along axis 0 at those flat indices is the result, shaped as the ONNX output already. The flat indices
 * are a constant where the indices are (each checked against its dim), else, with batch_dims 0, computed by Gather,
 * Where (negative indices), Mul and Add: an index out of its dim at run time is then not caught, and reads another
 * row (or fails in the Gather if the flat index leaves the table).
 */
final class LowerGatherNd implements Lowering {
    @Override
    public void lower(Node n, Emitter e) {
        String name = n.name();
        TensorType data = e.staticType(n, 0), idx = e.staticType(n, 1);
        long[] d = data.shape(), ix = idx.shape();
        int batch = (int) n.attrs().getInt("batch_dims", 0);
        int m = (int) ix[ix.length - 1];
        long[] strides = new long[batch + m];
        long lead = 1;
        for (int j = batch + m - 1; j >= 0; j--) {
            strides[j] = lead;
            lead *= d[j];
        }
        long[] rows = new long[d.length - batch - m + 1];
        rows[0] = lead;
        System.arraycopy(d, batch + m, rows, 1, d.length - batch - m);
        Optional<Weights> constant = e.constant(n.input(1));
        if (constant.isEmpty() && batch != 0) {
            throw Emitter.error(n, 1, "batch_dims " + batch + " with indices computed at run time is not supported");
        }
        String table = e.node(name + "_rows", OpKind.RESHAPE, List.of(n.input(0), e.longs(name + "_rows_shape", rows)),
                null);
        String flat = constant.isPresent() ? e.constant(name + "_flat", flat(n, constant.get(), d, ix, batch, strides))
                : computed(n, e, d, ix, strides);
        e.last(n, OpKind.GATHER, List.of(table, flat), Attrs.EMPTY.with("axis", Attr.of(0L)));
    }

    /** The tuples' flat row indices, their batch coordinates from their place, checked against the data's dims. */
    private static Weights flat(Node n, Weights w, long[] d, long[] ix, int batch, long[] strides) {
        long[] v = w.toLongs();
        int m = strides.length - batch;
        long[] out = new long[Math.toIntExact(Arrays.stream(ix, 0, ix.length - 1).reduce(1, (a, b) -> a * b))];
        long[] place = new long[ix.length - 1];                  // the tuple's coordinates in the indices
        for (int t = 0; t < out.length; t++) {
            for (int j = 0; j < batch; j++) {
                out[t] += place[j] * strides[j];
            }
            for (int j = 0; j < m; j++) {
                out[t] += Emitter.index(n, 1, v[t * m + j], d[batch + j], j) * strides[batch + j];
            }
            for (int j = place.length - 1; j >= 0 && ++place[j] == ix[j]; j--) {
                place[j] = 0;
            }
        }
        return Weights.ofLongs(Arrays.stream(Arrays.copyOf(ix, ix.length - 1)).boxed().toList(), out);
    }

    /** The same at run time: each tuple's component j, made non-negative, times its stride, summed. */
    private static String computed(Node n, Emitter e, long[] d, long[] ix, long[] strides) {
        String name = n.name(), idx = e.int64(name + "_i64", n.input(1));
        String zero = e.longScalar(name + "_zero", 0);
        String sum = null;
        for (int j = 0; j < strides.length; j++) {
            String part = e.node(name + "_part" + j, OpKind.GATHER, List.of(idx, e.longScalar(name + "_at" + j, j)),
                    Attrs.EMPTY.with("axis", Attr.of(-1L)));
            String wrapped = e.node(name + "_wrapped" + j, OpKind.ADD, part, e.longScalar(name + "_dim" + j, d[j]));
            String negative = e.node(name + "_negative" + j, OpKind.LESS, part, zero);
            String index = e.node(name + "_index" + j, OpKind.WHERE, negative, wrapped, part);
            String term = strides[j] == 1 ? index : e.node(name + "_term" + j, OpKind.MUL, index,
                    e.longScalar(name + "_stride" + j, strides[j]));
            sum = sum == null ? term : e.node(name + "_sum" + j, OpKind.ADD, sum, term);
        }
        return sum;
    }
}
