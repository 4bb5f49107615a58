package cgc.partition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * One side's latency for a layer's work, a light model fitted in log space: {@code ln ms = logMs + macsExponent ·
 * ln MACs + bytesExponent · ln bytes + kindLog[kind]}, i.e. a power law in the work with a factor per kind of layer
 * (conv the base). Fitted in log space because the errors are multiplicative (a layer of 20 µs and one of 2 ms weigh
 * alike), and a power law both bends where small layers use a side badly (dispatch, idle threads and compute units:
 * an exponent below 1) and extrapolates to layers larger than those measured. Measured on the emulated pair's 64
 * layers, left-out layers' choices reached 93% of the oracle against 89% with a linear model of a fixed cost plus
 * rates per MAC and per byte ({@code bench/NOTES.md}).
 */
public record SideModel(double logMs, double macsExponent, double bytesExponent, Map<String, Double> kindLog) {
    /** A prediction is never below this (the cost of a call that does nothing). */
    static final double FLOOR_MS = 1e-3;

    public SideModel {
        kindLog = Map.copyOf(kindLog);
        if (!Double.isFinite(logMs) || !Double.isFinite(macsExponent) || !Double.isFinite(bytesExponent)
                || kindLog.values().stream().anyMatch(v -> !Double.isFinite(v))) {
            throw new IllegalArgumentException("a side model's coefficients must be finite");
        }
    }

    /** One measurement: a layer's (or a part's) work on this side, and its median latency. */
    public record Sample(LayerWork work, double ms) {
        public Sample {
            if (!(ms > 0)) throw new IllegalArgumentException("a latency must be positive, got " + ms);
        }
    }

    /**
     * The predicted latency in ms. {@code kindLog} holds every kind fitted, the base kind at 0; a kind not fitted
     * takes the dearest factor of those that were.
     */
    public double predictMs(LayerWork w) {
        double kind = kindLog.containsKey(w.kind()) ? kindLog.get(w.kind())
                : kindLog.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return Math.max(FLOOR_MS, Math.exp(logMs + macsExponent * Math.log(Math.max(1, w.macs()))
                + bytesExponent * Math.log(Math.max(1, w.bytes())) + kind));
    }

    /**
     * Relative error below which the least squares call the work's terms indistinct (e.g. square matrix products
     * only, whose bytes follow their MACs): the fit is refused rather than giving huge opposite coefficients.
     */
    private static final double SINGULARITY = 1e-8;

    /**
     * Least squares in log space over the kinds the samples have: the first of {@link LayerWork#KINDS} present is
     * the base (factor 1), each other a column of its own.
     */
    public static SideModel fit(List<Sample> samples) {
        List<String> present = LayerWork.KINDS.stream()
                .filter(kind -> samples.stream().anyMatch(s -> s.work().kind().equals(kind))).toList();
        if (present.isEmpty()) throw new IllegalArgumentException("no measurements to fit");
        List<String> kinds = present.subList(1, present.size());
        int columns = 2 + kinds.size();
        if (samples.size() <= columns + 1) {
            throw new IllegalArgumentException("fitting " + (columns + 1) + " coefficients needs more than "
                    + samples.size() + " measurements");
        }
        double[][] x = new double[samples.size()][columns];
        double[] y = new double[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            LayerWork w = samples.get(i).work();
            x[i][0] = Math.log(Math.max(1, w.macs()));
            x[i][1] = Math.log(Math.max(1, w.bytes()));
            for (int k = 0; k < kinds.size(); k++) x[i][2 + k] = w.kind().equals(kinds.get(k)) ? 1 : 0;
            y[i] = Math.log(samples.get(i).ms());
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression(SINGULARITY);
        ols.newSampleData(y, x);
        double[] beta;
        try {
            beta = ols.estimateRegressionParameters();
        } catch (SingularMatrixException e) {
            throw new IllegalArgumentException("the measurements do not tell the work's terms apart (all of one size?)");
        }
        Map<String, Double> kindLog = new LinkedHashMap<>();
        kindLog.put(present.getFirst(), 0.0);
        for (int k = 0; k < kinds.size(); k++) kindLog.put(kinds.get(k), beta[3 + k]);
        return new SideModel(beta[0], beta[1], beta[2], kindLog);
    }
}
