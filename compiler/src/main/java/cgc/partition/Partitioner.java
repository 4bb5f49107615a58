package cgc.partition;

import java.util.List;
import java.util.Optional;

/**
 * Where a heavy layer goes by the profile's predictions: whole on the CPU, whole on the GPU, or split along one of its
 * dimensions at the GPU share, on a grid of shares, that minimises {@code max(T_cpu(its part), T_gpu(its part)) +
 * sync}, the GPU's part in whole tiles ({@link #cut}, the one rounding the compiler and the benchmark use too). A split is
 * taken only when it is predicted to beat the faster side by {@value #MARGIN} of its time: the side models are off by
 * 30-40% on a layer (left-out layers of the emulated pair), and a split predicted to gain a little measured slower
 * than one side more often than not.
 */
public record Partitioner(Profile profile, double step) {
    /** The share of the faster side's predicted time a split must save. */
    public static final double MARGIN = 0.1;

    public Partitioner {
        if (!(step > 0 && step <= 1)) throw new IllegalArgumentException("the share step must be in (0, 1], got " + step);
    }

    /** A dimension a layer may be split along: {@code total} units, the GPU's part a multiple of {@code tile}. */
    public record Cut(String dim, int total, int tile) {}

    /** {@code cpu}, {@code gpu} or {@code split} along {@code dim} with the GPU share {@code ratio}; its predicted ms. */
    public record Choice(String placement, String dim, double ratio, double predictedMs) {
        public String describe() {
            return placement.equals("split") ? "split(" + dim + ", r=" + ratio + ")" : placement;
        }
    }

    /**
     * The CPU's units {@code [0, cut)} of a dimension of {@code total} for the GPU's share {@code ratio}: the GPU's
     * part rounded to the nearest whole number of tiles, the whole dimension when that reaches past it or when the
     * share is 1. Every split rounds so: the compiler's, the benchmark's, the predictions'.
     */
    public static int cut(double ratio, int total, int tile) {
        long gpu = ratio >= 1 ? total : Math.round(ratio * total / tile) * (long) tile;
        return total - (int) Math.min(gpu, total);
    }

    /** The choice for {@code work}, split along any of {@code cuts} (none: a side). */
    public Choice choose(LayerWork work, List<Cut> cuts) {
        double cpu = profile.cpu().predictMs(work), gpu = profile.gpu().predictMs(work);
        Choice single = cpu <= gpu ? new Choice("cpu", "", 0, cpu) : new Choice("gpu", "", 1, gpu);
        Choice split = new Choice("split", "", 0, Double.POSITIVE_INFINITY);
        int n = (int) Math.round(1 / step);
        for (Cut c : cuts) {
            for (int i = 1; i < n; i++) {
                double ratio = Math.round(i * step * 1e6) / 1e6;
                long gpuUnits = c.total() - cut(ratio, c.total(), c.tile());
                if (gpuUnits == 0 || gpuUnits == c.total()) continue;     // one part empty: a single side, above
                double ms = profile.splitMs(work, c.dim(), (double) gpuUnits / c.total());
                if (ms < split.predictedMs()) split = new Choice("split", c.dim(), ratio, ms);
            }
        }
        return split.predictedMs() <= (1 - MARGIN) * single.predictedMs() ? split : single;
    }

    /**
     * The split shared by a chain of layers ({@code cgc.codegen.Chain}: each reads the rows of the one before, all cut
     * alike along {@code cut}, whose tile is the coarsest of theirs): each side runs its parts one after another and
     * one sync ends the chain, so it takes {@code max(sum of the CPU's parts, sum of the GPU's parts) + sync}, which
     * tolerates a part that is off balance as long as the sums are not. The share on the grid that minimises it, as
     * the GPU's units over the total; empty when none leaves both sides a part.
     */
    public Optional<Choice> chooseChain(List<LayerWork> works, Cut cut) {
        Choice best = null;
        int n = (int) Math.round(1 / step);
        for (int i = 1; i < n; i++) {
            double ratio = Math.round(i * step * 1e6) / 1e6;
            long gpuUnits = cut.total() - cut(ratio, cut.total(), cut.tile());
            if (gpuUnits == 0 || gpuUnits == cut.total()) continue;
            double share = (double) gpuUnits / cut.total(), cpuMs = 0, gpuMs = 0;
            for (LayerWork w : works) {
                cpuMs += profile.cpu().predictMs(w.part(cut.dim(), 1 - share));
                gpuMs += profile.gpu().predictMs(w.part(cut.dim(), share));
            }
            double ms = Math.max(cpuMs, gpuMs) + profile.syncMs();
            // the share itself, not the grid point: the same cut then for every layer whose tile divides its units
            if (best == null || ms < best.predictedMs()) best = new Choice("split", cut.dim(), share, ms);
        }
        return Optional.ofNullable(best);
    }
}
