package cgc.bench;

import cgc.codegen.Placement;
import cgc.codegen.Side;
import cgc.ir.Model;
import cgc.onnx.ImportOptions;
import cgc.onnx.OnnxImporter;
import cgc.passes.PassManager;
import cgc.passes.Pipeline;
import cgc.runtime.io.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code models} benchmark: each model end to end with every layer on the CPU, every layer on the GPU, the
 * oracle's splits on the faster of those two ({@link OracleConfig}), and optionally the cuts searched in the model
 * itself ({@link ChainSearch}), in one run; each split plan's output is checked against the CPU plan's first.
 */
final class ModelBench {
    private ModelBench() {}

    /**
     * {@code searched} is null when the search in the model was not asked for, {@code predicted} when no profile was
     * given ({@code predictedSplits} then 0).
     */
    record Result(String model, Timing cpu, Timing gpu, Timing oracle, int splitLayers, String base, Path config,
                  ChainSearch.Result searched, Timing predicted, int predictedSplits) {
        double bestSingleMs() { return Math.min(cpu.medianMs(), gpu.medianMs()); }

        double speedup() { return bestSingleMs() / oracle.medianMs(); }

        /** The best single side over the plan the profile's predictions placed; NaN without a profile. */
        double predictedSpeedup() { return predicted == null ? Double.NaN : bestSingleMs() / predicted.medianMs(); }

        /** Against the best single side, counting the searched plan itself with no layer split as one. */
        double searchedSpeedup() {
            if (searched == null) return Double.NaN;
            return Math.min(bestSingleMs(), searched.baseline().medianMs()) / searched.time().medianMs();
        }
    }

    /**
     * As below, {@code searchRounds} rounds of {@link ChainSearch} after the oracle's plan (none when 0), and with a
     * {@code profile} (or null) the plan {@code --placement predicted} compiles.
     */
    static Result measure(Path onnx, List<LayerBench.Result> layers, LayerBench.Options o, int searchRounds,
                          cgc.partition.Profile profile, Path profileFile, PrintWriter log) {
        String name = onnx.getFileName().toString().replaceFirst("\\.onnx$", "");
        Model m = PassManager.of(Pipeline.standardPasses()).run(OnnxImporter.read(onnx, ImportOptions.DEFAULT));
        Map<String, LayerBench.Choice> heavy = new HashMap<>();
        Map<String, LayerBench.Result> measured = new HashMap<>();
        for (LayerBench.Result r : layers) {
            for (String site : r.sites()) {
                if (!site.startsWith(name + ":")) continue;
                heavy.put(site.substring(name.length() + 1), r.oracle());
                measured.put(site.substring(name.length() + 1), r);
            }
        }
        Map<String, Tensor> reference;
        Timing cpu, gpu, best;
        try (PlanRunner r = PlanRunner.open(m, new Placement.OnSide(Side.CPU), o)) {
            reference = r.run();
            cpu = r.time(o.budget());
        }
        try (PlanRunner r = PlanRunner.open(m, new Placement.OnSide(Side.GPU), o)) {
            gpu = r.time(o.budget());
        }
        Side base = cpu.medianMs() <= gpu.medianMs() ? Side.CPU : Side.GPU;
        Map<String, Object> config = OracleConfig.of(m.graph(), heavy, base);
        Path file = o.work().resolve(name + ".oracle.split.json");
        Placement oracle = OracleConfig.write(file, config);
        try (PlanRunner r = PlanRunner.open(m, oracle, o)) {
            LayerBench.check(name + " with the oracle's splits", reference, r.run());
            ThreadPlacement.remember();
            best = r.time(o.budget());
        }
        int splits = (int) config.values().stream().filter(Map.class::isInstance).count();
        log.printf("  cpu %.3f ms, gpu %.3f ms, oracle splits %.3f ms%n", cpu.medianMs(), gpu.medianMs(),
                best.medianMs());
        log.flush();
        ChainSearch.Result searched = searchRounds == 0 ? null
                : ChainSearch.search(m, name, measured, base, reference, o, searchRounds, log);
        Timing predicted = null;
        int predictedSplits = 0;
        if (profile != null) {
            try (PlanRunner r = PlanRunner.open(m, new Placement.Predicted(profile, profileFile), o)) {
                LayerBench.check(name + " as the profile predicts", reference, r.run());
                predicted = r.time(o.budget());
                predictedSplits = r.plan().splits().size();
            }
            log.printf("  predicted placement %.3f ms (%d split)%n", predicted.medianMs(), predictedSplits);
        }
        Result result = new Result(name, cpu, gpu, best, splits, base.label(), file, searched, predicted,
                predictedSplits);
        log.printf("  %.2fx the best single side with the oracle's splits%s%n", result.speedup(), searched == null ? ""
                : String.format(java.util.Locale.ROOT, ", %.2fx with the cuts searched in the model (%.3f ms, %d split)",
                        result.searchedSpeedup(), searched.time().medianMs(), searched.splitLayers()));
        log.flush();
        return result;
    }
}
