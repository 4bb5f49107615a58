package cgc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.cli.Cli;
import cgc.partition.LayerWork;
import cgc.partition.Profile;
import cgc.partition.SideModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileCommandTest {
    static final SideModel CPU = new SideModel(-17, 0.95, 0.1, Map.of("conv", 0.0, "gemm", -0.2));
    static final SideModel GPU = new SideModel(-14, 0.8, 0.1, Map.of("conv", 0.0, "gemm", -0.4));
    static final double SYNC = 0.02;

    private static Timing t(double ms) { return new Timing(ms, ms, ms, 7); }

    /** What the layers benchmark would measure of {@code w} on sides that follow CPU and GPU exactly. */
    static LayerBench.Result measured(String key, String model, LayerWork w) {
        int total = 64, tile = 8;
        List<LayerBench.Point> points = new ArrayList<>();
        for (double r : LayerBench.grid(0.125)) {
            int gpuUnits = (int) Math.min(total, Math.round(r * total / tile) * tile);
            int cut = total - gpuUnits;
            double share = (double) gpuUnits / total;
            double ms = cut == total ? CPU.predictMs(w) : cut == 0 ? GPU.predictMs(w)
                    : Math.max(CPU.predictMs(w.part("m", 1 - share)), GPU.predictMs(w.part("m", share))) + SYNC;
            points.add(new LayerBench.Point(r, cut, t(ms)));
        }
        LayerBench.Point best = points.stream().filter(p -> p.cut() > 0 && p.cut() < total)
                .min((a, b) -> Double.compare(a.time().medianMs(), b.time().medianMs())).orElseThrow();
        double share = (double) (total - best.cut()) / total;
        var sweep = new LayerBench.Sweep("m", total, tile, points, best, t(CPU.predictMs(w.part("m", 1 - share))),
                t(GPU.predictMs(w.part("m", share))), SYNC);
        Timing cpu = t(CPU.predictMs(w)), gpu = t(GPU.predictMs(w));
        return new LayerBench.Result(key, List.of(model + ":" + key), w, cpu, gpu, List.of(sweep),
                LayerBench.oracle(cpu, gpu, List.of(sweep)));
    }

    static List<LayerBench.Result> layers() {
        List<LayerBench.Result> out = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            double macs = 1e5 * Math.pow(4, i);
            String kind = i % 2 == 0 ? "gemm" : "conv";
            String model = i / 2 % 2 == 0 ? "even" : "odd";   // each model has layers of both kinds, small and large
            out.add(measured(kind + i, model, new LayerWork(kind, macs, macs / 50 * (1 + i % 3), macs / 20, macs / 100)));
        }
        return out;
    }

    @Test
    void measurementsThatFollowTheModelsGiveBackTheModelsAndTheOraclesChoices() {
        List<LayerBench.Result> layers = layers();
        Profile p = ProfileCommand.fit(layers, null, List.of());
        assertEquals(CPU.macsExponent(), p.cpu().macsExponent(), 1e-6);
        assertEquals(GPU.kindLog().get("gemm"), p.gpu().kindLog().get("gemm"), 1e-6);
        assertEquals(SYNC, p.syncMs(), 1e-12);
        assertTrue(layers.stream().anyMatch(l -> l.oracle().placement().equals("split"))
                && layers.stream().anyMatch(l -> !l.oracle().placement().equals("split")), "both kinds of choice occur");
        for (ProfileCommand.LeftOut l : ProfileCommand.leaveOneOut(layers, 0.125)) {
            boolean marginal = l.layer().oracle().ms() > (1 - cgc.partition.Partitioner.MARGIN) * l.layer().bestSingleMs();
            if (marginal) {   // a split that gains less than the margin is left for the faster side
                assertEquals(l.layer().bestSingleMs(), l.measuredMs(), 1e-9, l.layer().key());
            } else {
                assertEquals(l.layer().oracle().describe(), l.choice().describe(), l.layer().key());
                assertEquals(1.0, l.shareOfOracle(), 1e-9, l.layer().key());
            }
        }
    }

    @Test
    void aModelLeftOutIsChosenForByTheOtherModelsLayersAlone() {
        List<LayerBench.Result> layers = layers();
        var byModel = ProfileCommand.leaveOneModelOut(layers, 0.125);
        assertEquals(java.util.Set.of("even", "odd"), byModel.keySet());
        assertEquals(layers.size(), byModel.values().stream().mapToInt(List::size).sum(), "each layer chosen for once");
        for (var e : byModel.entrySet()) {
            for (ProfileCommand.LeftOut l : e.getValue()) {
                assertEquals(java.util.Set.of(e.getKey()), ProfileCommand.models(l.layer()));
                assertTrue(l.shareOfOracle() >= 1 - cgc.partition.Partitioner.MARGIN - 1e-9, l.layer().key());
            }
        }
    }

    @Test
    void fitWritesAProfileAndReportsTheLeftOutChoices(@TempDir Path dir) {
        Path layersJson = dir.resolve("layers.json");
        Reports.writeJson(layersJson, new Reports.Layers(ReportsTest.SETUP, layers()));
        Path profile = dir.resolve("profile.json");
        Cli r = Cli.run("profile", "fit", layersJson.toString(), "-o", profile.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Predicted choices reach"), r.out());
        assertEquals(Profile.FORMAT, Profile.read(profile).format());
        assertEquals("tiled", Profile.read(profile).gpuKernels(), "the layers' command gave no --gpu-kernels");
        assertEquals("vector", ProfileCommand.gpuKernels("cgc bench layers m.onnx --gpu-kernels vector --threads 8"));
        Cli unwritable = Cli.run("profile", "fit", layersJson.toString(), "-o", dir.resolve("no/such/dir/p.json").toString());
        assertEquals(2, unwritable.exitCode(), unwritable.err());
        assertTrue(unwritable.firstErrorLine().contains("cannot write the profile"), unwritable.err());
        Cli missing = Cli.run("profile", "fit", dir.resolve("none.json").toString());
        assertEquals(2, missing.exitCode(), missing.err());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertTrue(missing.firstErrorLine().contains("none.json") && !missing.err().contains("internal"), missing.err());
    }

    @Test
    void tooFewLayersToFitIsAOneLineErrorAndWritesNoProfile(@TempDir Path dir) {
        Path layersJson = dir.resolve("layers.json");
        Reports.writeJson(layersJson, new Reports.Layers(ReportsTest.SETUP, layers().subList(0, 2)));
        Cli r = Cli.run("profile", "fit", layersJson.toString(), "-o", dir.resolve("p.json").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.firstErrorLine().contains("layers.json") && r.firstErrorLine().contains("cannot fit"), r.err());
        assertTrue(!java.nio.file.Files.exists(dir.resolve("p.json")), "no profile written");
    }

    @Test
    void aChoiceIsLookedUpByTheCutItRoundsToNotByTheNearestRatio() {
        // tile 16 of 64: the grid of 0.05 gave the cuts 64, 48, 32, 16, 0 at the ratios 0, .15, .40, .65, .90
        var sweep = new LayerBench.Sweep("oc", 64, 16, List.of(new LayerBench.Point(0, 64, t(1.0)),
                new LayerBench.Point(0.15, 48, t(0.8)), new LayerBench.Point(0.4, 32, t(0.7)),
                new LayerBench.Point(0.65, 16, t(0.9)), new LayerBench.Point(0.9, 0, t(1.2))),
                new LayerBench.Point(0.4, 32, t(0.7)), t(0.6), t(0.5), 0.02);
        var r = new LayerBench.Result("k", List.of(), new LayerWork("conv", 1e6, 1e4, 1e4, 1e4), t(1.0), t(1.2),
                List.of(sweep), new LayerBench.Choice("split", "oc", 0.4, 32, 0.7));
        // r = 0.3 rounds to one tile on the GPU, cut 48, timed at the ratio 0.15
        assertEquals(0.8, ProfileCommand.measuredMs(r, new cgc.partition.Partitioner.Choice("split", "oc", 0.3, 0)), 1e-12);
        assertEquals(1.0, ProfileCommand.measuredMs(r, new cgc.partition.Partitioner.Choice("cpu", "", 0, 0)), 1e-12);
        assertEquals(0.05, ProfileCommand.step("cgc bench layers m.onnx --threads 8"));
        assertEquals(0.1, ProfileCommand.step("cgc bench layers m.onnx --step 0.1 --threads 8"));
    }
}
