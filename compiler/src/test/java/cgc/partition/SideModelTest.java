package cgc.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SideModelTest {
    /** Layers of log-uniform sizes, timed by {@code truth} with up to ±{@code noise} relative error. */
    private static List<SideModel.Sample> measure(SideModel truth, double noise, long seed) {
        Random r = new Random(seed);
        List<SideModel.Sample> s = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String kind = LayerWork.KINDS.get(i % 3);
            double macs = Math.pow(10, 5 + 4 * r.nextDouble());
            double bytes = Math.pow(10, 4 + 3 * r.nextDouble());
            LayerWork w = new LayerWork(kind, macs, bytes / 2, bytes / 4, bytes / 4);
            s.add(new SideModel.Sample(w, truth.predictMs(w) * (1 + noise * (2 * r.nextDouble() - 1))));
        }
        return s;
    }

    private static final SideModel TRUTH = new SideModel(-16, 0.9, 0.15, Map.of("conv", 0.0, "depthwise", 1.2, "gemm", -0.3));

    @Test
    void theFitFindsTheCoefficientsItWasMeasuredWith() {
        SideModel fitted = SideModel.fit(measure(TRUTH, 0.0, 1));
        assertEquals(TRUTH.logMs(), fitted.logMs(), 1e-6);
        assertEquals(TRUTH.macsExponent(), fitted.macsExponent(), 1e-9);
        assertEquals(TRUTH.bytesExponent(), fitted.bytesExponent(), 1e-9);
        TRUTH.kindLog().forEach((k, v) -> assertEquals(v, fitted.kindLog().get(k), 1e-9, k));
        SideModel noisy = SideModel.fit(measure(TRUTH, 0.05, 2));
        for (SideModel.Sample s : measure(TRUTH, 0, 3)) {
            double rel = Math.abs(noisy.predictMs(s.work()) - s.ms()) / s.ms();
            assertTrue(rel < 0.1, "with 5% noise, a fresh layer is predicted within 10%: " + rel);
        }
    }

    @Test
    void aKindNeverMeasuredTakesTheDearestFactorMeasured() {
        SideModel m = new SideModel(Math.log(1e-9), 1, 0, Map.of("conv", 0.0, "gemm", Math.log(3)));
        assertEquals(3.0, m.predictMs(new LayerWork("depthwise", 1e9, 0, 0, 0)), 1e-9);
        assertEquals(1.0, m.predictMs(new LayerWork("conv", 1e9, 0, 0, 0)), 1e-9);
        assertEquals(SideModel.FLOOR_MS, m.predictMs(new LayerWork("conv", 0, 0, 0, 0)));
        List<SideModel.Sample> noConv = measure(TRUTH, 0, 4).stream().filter(s -> !s.work().kind().equals("conv")).toList();
        SideModel fitted = SideModel.fit(noConv);
        assertEquals(0.0, fitted.kindLog().get("depthwise"), "no conv measured: depthwise is the base");
        for (SideModel.Sample s : noConv) assertEquals(s.ms(), fitted.predictMs(s.work()), 1e-9 * s.ms(), s.work().kind());
    }

    @Test
    void tooFewOrIndistinctMeasurementsAreRefused() {
        List<SideModel.Sample> s = List.of(new SideModel.Sample(new LayerWork("gemm", 1e6, 1e3, 0, 0), 1),
                new SideModel.Sample(new LayerWork("gemm", 2e6, 1e3, 0, 0), 2));
        assertThrows(IllegalArgumentException.class, () -> SideModel.fit(s));
        List<SideModel.Sample> same = java.util.Collections.nCopies(10, new SideModel.Sample(new LayerWork("gemm", 1e6, 1e3, 0, 0), 1));
        assertThrows(IllegalArgumentException.class, () -> SideModel.fit(same));
        assertThrows(IllegalArgumentException.class, () -> new SideModel(Double.NaN, 1, 0, Map.of()));
        List<SideModel.Sample> squares = new ArrayList<>();   // n x n x n products: bytes follow MACs exactly
        for (int n = 64; n <= 2048; n *= 2) {
            double macs = Math.pow(n, 3), bytes = 12.0 * n * n;
            squares.add(new SideModel.Sample(new LayerWork("gemm", macs, bytes / 3, bytes / 3, bytes / 3), 1e-6 * macs));
        }
        assertThrows(IllegalArgumentException.class, () -> SideModel.fit(squares), "MACs and bytes cannot be told apart");
    }
}
