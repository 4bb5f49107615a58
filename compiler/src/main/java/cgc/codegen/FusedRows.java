package cgc.codegen;

import java.util.ArrayList;
import java.util.List;

/**
 * How a fused elementwise op walks its output: rows of the leading axes ({@code outer}), each {@code inner} contiguous
 * elements of the trailing axes. The trailing axes are the longest run over which every input is either laid out as
 * the output (read in place) or a single value (a scalar for the row: a per-channel scale over a plane). Each input's
 * strides along the leading axes are in its own elements, 0 where it is broadcast.
 */
record FusedRows(long[] outer, long inner, List<long[]> strides, boolean[] rowScalar) {

    static FusedRows of(long[] y, List<long[]> inputs) {
        int r = y.length, k = inputs.size();
        long[][] aligned = new long[k][];
        for (int i = 0; i < k; i++) {
            long[] x = inputs.get(i);
            aligned[i] = new long[r];
            java.util.Arrays.fill(aligned[i], 1);
            System.arraycopy(x, 0, aligned[i], r - x.length, x.length);
        }
        boolean[] full = new boolean[k], ones = new boolean[k];
        java.util.Arrays.fill(full, true);
        java.util.Arrays.fill(ones, true);
        int first = r;   // the first trailing axis
        while (first > 0) {
            int d = first - 1;
            boolean fits = true;
            for (int i = 0; i < k && fits; i++) fits = full[i] && aligned[i][d] == y[d] || ones[i] && aligned[i][d] == 1;
            if (!fits) break;
            for (int i = 0; i < k; i++) {
                full[i] &= aligned[i][d] == y[d];
                ones[i] &= aligned[i][d] == 1;
            }
            first = d;
        }
        long inner = 1;
        for (int d = first; d < r; d++) inner = Math.multiplyExact(inner, y[d]);
        long[] outer = java.util.Arrays.copyOf(y, first);
        List<long[]> strides = new ArrayList<>();
        boolean[] rowScalar = new boolean[k];
        for (int i = 0; i < k; i++) {
            long[] s = new long[first];
            long step = 1;
            for (int d = r - 1; d >= 0; d--) {
                if (d < first) s[d] = aligned[i][d] == 1 ? 0 : step;
                step = Math.multiplyExact(step, aligned[i][d]);
            }
            strides.add(s);
            rowScalar[i] = ones[i] && !full[i];
        }
        return new FusedRows(outer, inner, strides, rowScalar);
    }
}
