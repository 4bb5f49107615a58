package cgc.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Numpy-style multidirectional broadcasting (ONNX "Broadcasting in ONNX"): shapes are aligned at their last dimension;
 * two dimensions are compatible when equal or when one of them is 1. With symbolic dimensions: a symbol against 1 or
 * itself stays; a symbol against a known size {@code n > 1} becomes {@code n} (the symbol must be 1 or {@code n} at
 * run time); two different symbols, or a symbol against an unknown dimension, give an unknown dimension.
 */
public final class Broadcast {
    private Broadcast() {}

    /** The broadcast of two dimensions; empty when they are incompatible. */
    public static Optional<Dim> dim(Dim a, Dim b) {
        if (a.equals(b)) return Optional.of(a);
        if (a instanceof Dim.Known(long x) && b instanceof Dim.Known(long y)) {
            if (x == 1) return Optional.of(b);
            if (y == 1) return Optional.of(a);
            return Optional.empty();
        }
        if (a instanceof Dim.Known(long x)) return Optional.of(x == 1 ? b : a);
        if (b instanceof Dim.Known(long y)) return Optional.of(y == 1 ? a : b);
        return Optional.of(Dim.UNKNOWN);
    }

    /**
     * The broadcast of two shapes; empty when they are incompatible. The result has the larger rank.
     */
    public static Optional<List<Dim>> shapes(List<Dim> a, List<Dim> b) {
        int rank = Math.max(a.size(), b.size());
        List<Dim> out = new ArrayList<>(rank);
        for (int i = 0; i < rank; i++) {
            Dim x = i < rank - a.size() ? Dim.of(1) : a.get(i - (rank - a.size()));
            Dim y = i < rank - b.size() ? Dim.of(1) : b.get(i - (rank - b.size()));
            Optional<Dim> d = dim(x, y);
            if (d.isEmpty()) return Optional.empty();
            out.add(d.get());
        }
        return Optional.of(out);
    }

    /** Whether {@code from} broadcasts to {@code to} without changing {@code to} (unidirectional broadcasting). */
    public static boolean unidirectional(List<Dim> from, List<Dim> to) {
        return from.size() <= to.size() && shapes(from, to).map(to::equals).orElse(false);
    }

    /** Broadcasts static shapes: the shape of the result, or {@code null} when incompatible. */
    public static long[] shapes(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long x = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long y = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (x != y && x != 1 && y != 1) return null;
            out[i] = x == 1 ? y : x;
        }
        return out;
    }
}
