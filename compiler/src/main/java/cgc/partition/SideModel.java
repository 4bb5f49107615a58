package cgc.partition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * One side's latency for a layer's work, a light model in the hardware's own terms: a fixed cost (dispatch, waking
 * the thread pool, the sync of a one-side layer), plus its multiply-adds at a rate per kind of layer, plus its bytes
 * at a rate: {@code ms + msPerGmac[kind] · GMACs + msPerMb · MB}. Every coefficient is at least 0, so a part never
 * costs more than the whole, and the model extrapolates to layers larger than those it was fitted on, which a tree
 * ensemble would not.
 */
public record SideModel(double ms, Map<String, Double> msPerGmac, double msPerMb) {
    /** A prediction is never below this (the cost of a call that does nothing). */
    static final double FLOOR_MS = 1e-3;

    public SideModel {
        msPerGmac = Map.copyOf(msPerGmac);
        if (!(ms >= 0 && msPerMb >= 0) || msPerGmac.values().stream().anyMatch(v -> !(v >= 0))) {
            throw new IllegalArgumentException("a side model's coefficients are at least 0");
        }
    }

    /** One measurement: a layer's (or a part's) work on this side, and its median latency. */
    public record Sample(LayerWork work, double ms) {
        public Sample {
            if (!(ms > 0)) throw new IllegalArgumentException("a latency must be positive, got " + ms);
        }
    }

    /** The predicted latency in ms. A kind the model was not fitted on costs its dearest fitted rate. */
    public double predictMs(LayerWork w) {
        double rate = msPerGmac.containsKey(w.kind()) ? msPerGmac.get(w.kind())
                : msPerGmac.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return Math.max(FLOOR_MS, ms + rate * w.macs() / 1e9 + msPerMb * w.bytes() / 1e6);
    }

    /**
     * Least squares on the relative error (each row divided by its latency: a 20 µs layer counts as much as a 2 ms
     * one), over the columns the samples have; a column whose coefficient comes out negative is dropped and the rest
     * fitted again, until none is.
     */
    public static SideModel fit(List<Sample> samples) {
        List<String> columns = new ArrayList<>(List.of("ms", "mb"));
        for (String kind : LayerWork.KINDS) {
            if (samples.stream().anyMatch(s -> s.work().kind().equals(kind) && s.work().macs() > 0)) columns.add(kind);
        }
        List<String> kinds = columns.subList(2, columns.size()).stream().toList();
        while (true) {
            if (samples.size() <= columns.size()) {
                throw new IllegalArgumentException("fitting " + columns.size() + " coefficients needs more than "
                        + samples.size() + " measurements");
            }
            double[] beta = solve(samples, columns);
            int worst = -1;
            for (int c = 0; c < beta.length; c++) {
                if (beta[c] < 0 && (worst < 0 || beta[c] < beta[worst])) worst = c;
            }
            if (worst < 0) return of(columns, beta, kinds);
            columns.remove(worst);
            if (columns.isEmpty()) throw new IllegalArgumentException("no coefficient fits these measurements");
        }
    }

    private static double[] solve(List<Sample> samples, List<String> columns) {
        double[][] x = new double[samples.size()][columns.size()];
        double[] y = new double[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            for (int c = 0; c < columns.size(); c++) x[i][c] = feature(s.work(), columns.get(c)) / s.ms();
            y[i] = 1;
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.setNoIntercept(true);                                    // the fixed cost is the "ms" column
        ols.newSampleData(y, x);
        try {
            return ols.estimateRegressionParameters();
        } catch (SingularMatrixException e) {
            throw new IllegalArgumentException("the measurements do not tell the coefficients " + columns + " apart");
        }
    }

    private static double feature(LayerWork w, String column) {
        return switch (column) {
            case "ms" -> 1;
            case "mb" -> w.bytes() / 1e6;
            default -> w.kind().equals(column) ? w.macs() / 1e9 : 0;
        };
    }

    /** The fitted coefficients; a kind measured but dropped as negative costs nothing per multiply-add. */
    private static SideModel of(List<String> columns, double[] beta, List<String> kinds) {
        double ms = 0, mb = 0;
        Map<String, Double> rates = new LinkedHashMap<>();
        for (String kind : kinds) rates.put(kind, 0.0);
        for (int c = 0; c < columns.size(); c++) {
            switch (columns.get(c)) {
                case "ms" -> ms = beta[c];
                case "mb" -> mb = beta[c];
                default -> rates.put(columns.get(c), beta[c]);
            }
        }
        return new SideModel(ms, rates, mb);
    }
}
