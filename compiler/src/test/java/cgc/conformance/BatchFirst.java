package cgc.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime refuses layout 1 (batch first) for RNN, GRU and LSTM ("Batchwise recurrent operations (layout == 1)
 * are not supported"), so the expected outputs of such a case come from the same node with layout 0, run on inputs
 * with their first two axes swapped, its outputs permuted back: Y [seq, dirs, batch, hidden] to [batch, seq, dirs,
 * hidden], Y_h and Y_c [dirs, batch, hidden] to [batch, dirs, hidden].
 */
final class BatchFirst {
    private BatchFirst() {}

    private static final List<String> RECURRENT = List.of("RNN", "GRU", "LSTM");

    static boolean applies(NodeModel m) {
        return RECURRENT.contains(m.opType()) && Long.valueOf(1L).equals(m.attrs().get("layout"));
    }

    /** ONNX Runtime's outputs for a layout-1 recurrent node, by way of its layout-0 twin. */
    static Map<String, Data> expected(NodeModel m) {
        NodeModel twin = NodeModel.of(m.opType(), m.opset());
        m.attrs().forEach((k, v) -> { if (!k.equals("layout")) twin.attr(k, v); });
        List<NodeModel.Input> in = m.inputs();
        for (int i = 0; i < in.size(); i++) {
            NodeModel.Input x = in.get(i);
            if (x.absent()) {
                twin.absent();
                continue;
            }
            boolean swapped = i == 0 || i == 5 || i == 6;   // X, initial_h, initial_c
            Data d = swapped ? permute(x.data(), 1, 0, 2) : x.data();
            if (x.initializer()) twin.init(x.name(), d); else twin.feed(x.name(), d);
        }
        boolean[] given = new boolean[m.outputCount()];
        for (int i = 0; i < given.length; i++) given[i] = m.gives(i);
        twin.outputs(given);
        Map<String, Data> feeds = new LinkedHashMap<>(twin.feeds());
        Map<String, Data> out = Ort.run(twin.bytes(false), feeds);
        Map<String, Data> back = new LinkedHashMap<>();
        out.forEach((name, d) -> back.put(name, d.shape().length == 4 ? permute(d, 2, 0, 1, 3) : permute(d, 1, 0, 2)));
        return back;
    }

    /** {@code d} transposed: axis k of the result is axis {@code perm[k]} of d. */
    static Data permute(Data d, int... perm) {
        long[] in = d.shape();
        int r = in.length;
        long[] shape = new long[r];
        for (int k = 0; k < r; k++) shape[k] = in[perm[k]];
        long[] inStrides = new long[r];
        for (int k = r - 1, s = 1; k >= 0; s *= (int) in[k], k--) inStrides[k] = s;
        double[] v = new double[d.values().length];
        int[] idx = new int[r];
        for (int o = 0; o < v.length; o++) {
            long from = 0;
            for (int k = 0; k < r; k++) from += idx[k] * inStrides[perm[k]];
            v[o] = d.values()[(int) from];
            for (int k = r - 1; k >= 0 && ++idx[k] == shape[k]; k--) idx[k] = 0;
        }
        return new Data(d.dtype(), shape, v);
    }
}
