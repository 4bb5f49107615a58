package cgc.bench;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.partition.LayerWork;
import cgc.partition.Partitioner;
import cgc.partition.Profile;
import cgc.partition.SideModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cgc profile fit}: the device profile (latency models of both sides and the sync) from measurements. */
@Command(name = "profile", description = "Device profiles: the latency predictors of each side, fitted to measurements.",
        subcommands = {ProfileCommand.Fit.class})
public final class ProfileCommand {

    /**
     * Fits the profile to the {@code layers} benchmark's results (run on the target: {@code cgc bench layers}), and
     * measures the fit the honest way: each layer's choice predicted by models fitted without that layer, its latency
     * looked up among the layer's own measurements, against the oracle's.
     */
    @Command(name = "fit", description = "Fit a device profile to `cgc bench layers` results (layers.json) and report how "
            + "the predicted choices compare with the oracle's, each layer left out of the fit that chooses for it.")
    static final class Fit implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "LAYERS.json", arity = "1..*", description = "Results of cgc bench layers on the target.")
        List<Path> layers;

        @Option(names = {"-o", "--output"}, paramLabel = "PROFILE.json", defaultValue = "profile.json",
                description = "Where to write the profile (default: ${DEFAULT-VALUE}).")
        Path output;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<LayerBench.Result> results = new ArrayList<>();
            Reports.Setup setup = null;
            for (Path f : layers) {
                if (!java.nio.file.Files.isRegularFile(f)) throw new CgcException(Where.file(f), "no such file");
                Reports.Layers l;
                try {
                    l = Reports.readLayers(f);
                } catch (java.io.UncheckedIOException e) {
                    throw new CgcException(Where.file(f), "not the results of cgc bench layers: "
                            + e.getCause().getMessage().lines().findFirst().orElse(""));
                }
                if (l.layers() == null || l.setup() == null) {
                    throw new CgcException(Where.file(f), "not the results of cgc bench layers (no setup or layers)");
                }
                setup = setup == null ? l.setup() : setup;
                l.layers().stream().filter(r -> r.work() != null).forEach(results::add);
            }
            Profile profile;
            String report;
            try {
                report = report(results, setup);                 // first: a fit that fails leaves no profile behind
                profile = fit(results, setup, layers.stream().map(Path::toString).toList());
            } catch (IllegalArgumentException e) {
                throw new CgcException(Where.file(layers.getFirst()), "cannot fit a profile to " + results.size()
                        + " layers with their work recorded (results of this cgc's bench layers): " + e.getMessage());
            }
            try {
                profile.write(output);
            } catch (java.io.UncheckedIOException e) {
                throw new CgcException(Where.file(output), "cannot write the profile: " + e.getCause().getMessage());
            }
            out.print(report);
            out.printf(Locale.ROOT, "%nwrote %s: cpu %s; gpu %s; sync %.3f ms%n", output, describe(profile.cpu()),
                    describe(profile.gpu()), profile.syncMs());
            out.flush();
            return 0;
        }
    }

    /** The profile fitted to every layer of {@code results}. */
    static Profile fit(List<LayerBench.Result> results, Reports.Setup setup, List<String> sources) {
        double[] macs = results.stream().mapToDouble(r -> r.work().macs()).toArray();
        return new Profile(Profile.FORMAT, setup == null ? "" : setup.device(), setup == null ? 0 : setup.threads(),
                setup == null ? "tiled" : gpuKernels(setup.command()), sources, SideModel.fit(samples(results, true)),
                SideModel.fit(samples(results, false)), syncMs(results), new Profile.Range(
                        Arrays.stream(macs).min().orElse(0), Arrays.stream(macs).max().orElse(0)));
    }

    /** The {@code --gpu-kernels} of a benchmark's command line ({@code tiled} when it gave none). */
    static String gpuKernels(String command) {
        return option(command, "--gpu-kernels").orElse("tiled");
    }

    /** The value of {@code name} on a benchmark's command line, as its setup recorded it. */
    private static java.util.Optional<String> option(String command, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(name + "[ =](\\S+)").matcher(command);
        return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    /**
     * A side's measurements: each layer whole, and at the fastest split of each dimension its part on that side
     * alone (the part the sweep gave the side: {@code [0, cut)} to the CPU, the rest to the GPU).
     */
    static List<SideModel.Sample> samples(List<LayerBench.Result> results, boolean cpu) {
        List<SideModel.Sample> s = new ArrayList<>();
        for (LayerBench.Result r : results) {
            s.add(new SideModel.Sample(r.work(), r.aloneMs(cpu)));
            for (LayerBench.Sweep sw : r.sweeps()) {
                if (sw.best() == null) continue;
                double cpuShare = (double) sw.best().cut() / sw.total();
                Timing alone = cpu ? sw.cpuPartAlone() : sw.gpuPartAlone();
                s.add(new SideModel.Sample(r.work().part(sw.dim(), cpu ? cpuShare : 1 - cpuShare), alone.medianMs()));
            }
        }
        return s;
    }

    /**
     * The sync a split pays: the 75th percentile (nearest rank) of the measured splits' overheads (their latency minus
     * their slower part alone), not the median. The overheads run from below 0 to several times the median, and the
     * splits the models get wrong are the small ones, whose overhead is the larger: with the median, left-out layers'
     * choices reached 93% of the oracle, with the 75th percentile 98% (bench/NOTES.md).
     */
    static double syncMs(List<LayerBench.Result> results) {
        double[] o = results.stream().flatMap(r -> r.sweeps().stream()).mapToDouble(LayerBench.Sweep::syncOverheadMs)
                .filter(Double::isFinite).sorted().toArray();
        return o.length == 0 ? 0 : Math.max(0, o[(int) Math.ceil(0.75 * o.length) - 1]);
    }

    /**
     * What a predicted choice measured for this layer: the one-side plans, or the sweep's point at the choice's cut
     * (rounded as every split is; the sweep timed each cut once, at the first ratio that gave it).
     */
    static double measuredMs(LayerBench.Result r, Partitioner.Choice c) {
        return switch (c.placement()) {
            case "cpu" -> r.aloneMs(true);
            case "gpu" -> r.aloneMs(false);
            default -> {
                LayerBench.Sweep sw = r.sweeps().stream().filter(s -> s.dim().equals(c.dim())).findFirst().orElseThrow();
                int cut = Partitioner.cut(c.ratio(), sw.total(), sw.tile());
                yield sw.points().stream().min((a, b) -> Integer.compare(Math.abs(a.cut() - cut), Math.abs(b.cut() - cut)))
                        .orElseThrow().time().medianMs();
            }
        };
    }

    /** One layer's choice by models fitted without it. */
    record LeftOut(LayerBench.Result layer, Partitioner.Choice choice, double measuredMs, double[] cpuErrors,
                   double[] gpuErrors) {
        double shareOfOracle() { return layer.oracle().ms() / measuredMs; }
    }

    /**
     * Each distinct layer's choice by models fitted to the others: every result of the same shapes (the same layer
     * measured in another file) is left out with it. The shares tried are the benchmark's grid ({@code step}).
     */
    static List<LeftOut> leaveOneOut(List<LayerBench.Result> results, double step) {
        List<LeftOut> out = new ArrayList<>();
        for (String key : results.stream().map(LayerBench.Result::key).distinct().toList()) {
            out.addAll(leaveOut(results, r -> r.key().equals(key), step));
        }
        return out;
    }

    /** The model (or {@code large}, {@code design}) of each site of a result: {@code model:node}. */
    static java.util.Set<String> models(LayerBench.Result r) {
        return r.sites().stream().map(s -> s.substring(0, Math.max(0, s.indexOf(':')))).collect(
                java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /**
     * Each model's layers chosen by a profile fitted to the other models' layers only (a layer two models share is
     * left out of the fit for either): the test of a profile used on a model it never saw. Models whose absence
     * leaves too little to fit are left out of the answer.
     */
    static java.util.Map<String, List<LeftOut>> leaveOneModelOut(List<LayerBench.Result> results, double step) {
        java.util.Map<String, List<LeftOut>> out = new java.util.TreeMap<>();
        for (String model : results.stream().flatMap(r -> models(r).stream()).distinct().sorted().toList()) {
            try {
                out.put(model, leaveOut(results, r -> models(r).contains(model), step));
            } catch (IllegalArgumentException tooFew) {
                // the other models' layers cannot fit a profile: nothing to report for this one
            }
        }
        return out;
    }

    /** The choices for the results {@code out} selects (distinct shapes), by a profile fitted to all the others. */
    private static List<LeftOut> leaveOut(List<LayerBench.Result> results,
                                          java.util.function.Predicate<LayerBench.Result> out, double step) {
        Profile p = fit(results.stream().filter(out.negate()).toList(), null, List.of());
        java.util.Map<String, LayerBench.Result> layers = new java.util.LinkedHashMap<>();
        results.stream().filter(out).forEach(r -> layers.putIfAbsent(r.key(), r));
        List<LeftOut> chosen = new ArrayList<>();
        for (LayerBench.Result layer : layers.values()) {
            List<Partitioner.Cut> cuts = layer.sweeps().stream().map(s -> new Partitioner.Cut(s.dim(), s.total(), s.tile()))
                    .toList();
            Partitioner.Choice c = new Partitioner(p, step).choose(layer.work(), cuts);
            chosen.add(new LeftOut(layer, c, measuredMs(layer, c), errors(p.cpu(), samples(List.of(layer), true)),
                    errors(p.gpu(), samples(List.of(layer), false))));
        }
        return chosen;
    }

    /** The {@code --step} of a benchmark's command line (its default, 0.05, when it gave none). */
    static double step(String command) {
        try {
            return option(command, "--step").map(Double::parseDouble).orElse(0.05);
        } catch (NumberFormatException e) {
            return 0.05;
        }
    }

    private static double[] errors(SideModel m, List<SideModel.Sample> samples) {
        return samples.stream().mapToDouble(s -> (m.predictMs(s.work()) - s.ms()) / s.ms()).toArray();
    }

    static String report(List<LayerBench.Result> results, Reports.Setup setup) {
        double step = setup == null ? 0.05 : step(setup.command());
        List<LeftOut> lo = leaveOneOut(results, step);
        StringBuilder s = new StringBuilder();
        if (setup != null) {
            s.append(String.format(Locale.ROOT, "Measured with `%s` on %s, CPU side %d threads.%n%n", setup.command(),
                    setup.device(), setup.threads()));
        }
        s.append("Each layer's choice by models fitted to the other layers (leave one out):\n\n");
        s.append("| layer | oracle | oracle ms | predicted | predicted ms | measured ms | oracle / measured | best single / measured |\n");
        s.append("|---|---|---|---|---|---|---|---|\n");
        for (LeftOut l : lo) {
            s.append(String.format(Locale.ROOT, "| `%s` | %s | %.3f | %s | %.3f | %.3f | %.0f%% | %.2fx |%n",
                    l.layer().key(), l.layer().oracle().describe(), l.layer().oracle().ms(), l.choice().describe(),
                    l.choice().predictedMs(), l.measuredMs(), 100 * l.shareOfOracle(),
                    l.layer().bestSingleMs() / l.measuredMs()));
        }
        double[] share = lo.stream().mapToDouble(LeftOut::shareOfOracle).toArray();
        double oracleSum = lo.stream().mapToDouble(l -> l.layer().oracle().ms()).sum();
        double chosenSum = lo.stream().mapToDouble(LeftOut::measuredMs).sum();
        double singleSum = lo.stream().mapToDouble(l -> l.layer().bestSingleMs()).sum();
        s.append(String.format(Locale.ROOT, "%nPredicted choices reach %.0f%% of the oracle on average (median %.0f%%, worst "
                + "%.0f%%); over all %d layers together %.1f ms against the oracle's %.1f (%.0f%%) and the best single "
                + "side's %.1f.%n", 100 * mean(share), 100 * median(share), 100 * Arrays.stream(share).min().orElse(0),
                lo.size(), chosenSum, oracleSum, 100 * oracleSum / chosenSum, singleSum));
        for (boolean cpu : new boolean[] {true, false}) {
            double[] e = lo.stream().flatMapToDouble(l -> Arrays.stream(cpu ? l.cpuErrors() : l.gpuErrors())).toArray();
            double mape = Arrays.stream(e).map(Math::abs).average().orElse(0);
            long within = Arrays.stream(e).filter(x -> Math.abs(x) <= 0.10).count();
            s.append(String.format(Locale.ROOT, "%s latency, left-out layers: mean absolute error %.0f%%, %d of %d within "
                    + "±10%%.%n", cpu ? "CPU" : "GPU", 100 * mape, within, e.length));
        }
        var byModel = leaveOneModelOut(results, step);
        if (byModel.size() > 1) {
            s.append("\nEach model's layers by a profile fitted without that model's (leave one model out):\n\n");
            s.append("| model | layers | predicted ms | oracle ms | oracle / predicted | best single / predicted |\n");
            s.append("|---|---|---|---|---|---|\n");
            byModel.forEach((model, l) -> {
                double chosen = l.stream().mapToDouble(LeftOut::measuredMs).sum();
                double oracle = l.stream().mapToDouble(x -> x.layer().oracle().ms()).sum();
                double single = l.stream().mapToDouble(x -> x.layer().bestSingleMs()).sum();
                s.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.0f%% | %.2fx |%n", model, l.size(), chosen,
                        oracle, 100 * oracle / chosen, single / chosen));
            });
        }
        return s.toString();
    }

    private static double mean(double[] v) { return Arrays.stream(v).average().orElse(0); }

    private static double median(double[] v) {
        return v.length == 0 ? 0 : LayerBench.median(v);
    }

    private static String describe(SideModel m) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%.3g ms x MACs^%.2f x bytes^%.2f", Math.exp(m.logMs()),
                m.macsExponent(), m.bytesExponent()));
        for (String k : LayerWork.KINDS) {
            if (m.kindLog().containsKey(k)) s.append(String.format(Locale.ROOT, ", x%.2f for %s", Math.exp(m.kindLog().get(k)), k));
        }
        return s.toString();
    }
}
