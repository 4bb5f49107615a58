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

    @Test
    void theFitFindsTheCoefficientsItWasMeasuredWith() {
        SideModel truth = new SideModel(0.02, Map.of("conv", 0.5, "depthwise", 2.0, "gemm", 0.3), 0.01);
        SideModel fitted = SideModel.fit(measure(truth, 0.0, 1));
        assertEquals(truth.ms(), fitted.ms(), 1e-9);
        truth.msPerGmac().forEach((k, v) -> assertEquals(v, fitted.msPerGmac().get(k), 1e-9, k));
        assertEquals(truth.msPerMb(), fitted.msPerMb(), 1e-9);
        SideModel noisy = SideModel.fit(measure(truth, 0.05, 2));
        for (SideModel.Sample s : measure(truth, 0, 3)) {
            double rel = Math.abs(noisy.predictMs(s.work()) - s.ms()) / s.ms();
            assertTrue(rel < 0.1, "with 5% noise, a fresh layer is predicted within 10%: " + rel);
        }
    }

    @Test
    void aCoefficientTheDataPushesBelowZeroIsDroppedNotKept() {
        // timed by arithmetic alone, with noise that correlates with the bytes: a free fit gives bytes a negative rate
        List<SideModel.Sample> s = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double macs = 1e6 * (1 + i), bytes = 1e5 * (1 + (i * 7) % 11);
            LayerWork w = new LayerWork("gemm", macs, bytes, 0, 0);
            s.add(new SideModel.Sample(w, 0.01 + 1e-6 * macs * (1 - 0.02 * (bytes / 1e5 - 6))));
        }
        SideModel m = SideModel.fit(s);
        assertTrue(m.ms() >= 0 && m.msPerMb() >= 0 && m.msPerGmac().values().stream().allMatch(v -> v >= 0), m.toString());
        assertEquals(0.0, m.msPerMb(), "the bytes' rate came out negative and was dropped");
    }

    @Test
    void aKindNeverMeasuredCostsTheDearestRateMeasured() {
        SideModel m = new SideModel(0, Map.of("conv", 1.0, "gemm", 3.0), 0);
        assertEquals(3.0, m.predictMs(new LayerWork("depthwise", 1e9, 0, 0, 0)), 1e-12);
        assertEquals(SideModel.FLOOR_MS, m.predictMs(new LayerWork("conv", 0, 0, 0, 0)));
    }

    @Test
    void tooFewMeasurementsAreRefused() {
        List<SideModel.Sample> s = List.of(new SideModel.Sample(new LayerWork("gemm", 1e6, 1e3, 0, 0), 1),
                new SideModel.Sample(new LayerWork("gemm", 2e6, 1e3, 0, 0), 2));
        assertThrows(IllegalArgumentException.class, () -> SideModel.fit(s));
        assertThrows(IllegalArgumentException.class, () -> new SideModel(-1, Map.of(), 0));
    }
}
