package cgc.passes;

import cgc.ir.DType;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.List;

/**
 * Trilu keeps the elements of each matrix (the last two dims) on and above diagonal k (upper) or on and below it
 * (lower) and zeroes the rest: {@code Where(mask, x, 0)} with a constant bool mask of one matrix's shape, broadcast
 * over the leading dims. A k computed at run time is refused: the mask is the compiler's.
 */
final class LowerTrilu implements Lowering {
    @Override
    public void lower(Node n, Emitter e) {
        TensorType x = e.staticType(n, 0);
        long k = 0;
        if (n.hasInput(1)) {
            k = e.constant(n.input(1)).orElseThrow(() -> Emitter.error(n, 1,
                    "k must be known at compile time (a constant), not computed at run time")).toLongs()[0];
        }
        long[] shape = x.shape();
        long rows = shape[shape.length - 2], cols = shape[shape.length - 1];
        if (rows * cols > 1L << 26) {
            throw Emitter.error(n, 0, "matrices of more than 2^26 elements are not supported (the mask is a constant "
                    + "of one matrix), got " + x);
        }
        long[] keep = mask(n.attrs().getInt("upper", 1) != 0, k, (int) rows, (int) cols);
        byte[] bits = new byte[keep.length];
        for (int i = 0; i < keep.length; i++) bits[i] = (byte) keep[i];
        String mask = e.constant(n.name() + "_mask", Weights.of(DType.BOOL, List.of(rows, cols), bits));
        String zero = e.constant(n.name() + "_zero", Weights.of(x.dtype(), List.of(), new byte[x.dtype().byteSize()]));
        e.last(n, OpKind.WHERE, List.of(mask, n.input(0), zero), null);
    }

    /**
     * One matrix's mask, row-major, 1 where Trilu keeps the element: column - row ≥ k for the upper triangle, ≤ k for
     * the lower.
     */
    static long[] mask(boolean upper, long k, int rows, int cols) {
        long[] keep = new long[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                long d = (long) c - r;
                keep[r * cols + c] = (upper ? d >= k : d <= k) ? 1 : 0;
            }
        }
        return keep;
    }
}
