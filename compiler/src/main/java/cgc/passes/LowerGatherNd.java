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
 * GatherND (batch_dims 0): each index tuple of length m picks the slice {@code data[i0, ..., im-1]}, which is row
 * {@code i0·s0 + ... + im-1·sm-1} of the data reshaped to [d0·...·dm-1, dm, ...] (s the row strides of the first m
 * dims), so a Gather along axis 0 at those flat indices is the result, shaped as the ONNX output already. The flat
 * indices are a constant where the indices are (each checked against its dim), else computed by Gather, Where
 * (negative indices), Mul and Add: an index out of its dim at run time is then not caught, and reads another row
 * (or fails in the Gather if the flat index leaves the table).
 */
final class LowerGatherNd implements Lowering {
    @Override
    public void lower(Node n, Emitter e) {
        String name = n.name();
        TensorType data = e.staticType(n, 0), idx = e.staticType(n, 1);
        long b = n.attrs().getInt("batch_dims", 0);
        if (b != 0) throw Emitter.error(n, 1, "batch_dims " + b + " is not supported (0 is)");
        long[] d = data.shape(), ix = idx.shape();
        int m = (int) ix[ix.length - 1];
        long[] strides = new long[m];
        long lead = 1;
        for (int j = m - 1; j >= 0; j--) {
            strides[j] = lead;
            lead *= d[j];
        }
        long[] rows = new long[d.length - m + 1];
        rows[0] = lead;
        System.arraycopy(d, m, rows, 1, d.length - m);
        String table = e.node(name + "_rows", OpKind.RESHAPE, List.of(n.input(0), e.longs(name + "_rows_shape", rows)),
                null);
        Optional<Weights> constant = e.constant(n.input(1));
        String flat = constant.isPresent() ? e.constant(name + "_flat", flat(n, constant.get(), d, ix, strides))
                : computed(n, e, d, ix, strides);
        e.last(n, OpKind.GATHER, List.of(table, flat), Attrs.EMPTY.with("axis", Attr.of(0L)));
    }

    /** The tuples' flat row indices, checked against the data's dims. */
    private static Weights flat(Node n, Weights w, long[] d, long[] ix, long[] strides) {
        long[] v = w.toLongs();
        int m = strides.length;
        long[] out = new long[v.length / m];
        for (int t = 0; t < out.length; t++) {
            for (int j = 0; j < m; j++) {
                out[t] += Emitter.index(n, 1, v[t * m + j], d[j], j) * strides[j];
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
