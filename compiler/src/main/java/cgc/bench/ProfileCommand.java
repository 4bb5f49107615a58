package cgc.bench;

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
                Reports.Layers l = Reports.readLayers(f);
                setup = setup == null ? l.setup() : setup;
                l.layers().stream().filter(r -> r.work() != null).forEach(results::add);
            }
            if (results.size() < 3) {
                throw new cgc.diag.CgcException(cgc.diag.Where.file(layers.getFirst()), "the results hold " + results.size()
                        + " layers with their work recorded; a fit needs at least 3 (results of this cgc's bench layers)");
            }
            Profile profile = fit(results, setup, layers.stream().map(Path::toString).toList());
            profile.write(output);
            out.print(report(results, setup));
            out.printf(Locale.ROOT, "%nwrote %s: cpu %s; gpu %s; sync %.3f ms%n", output, describe(profile.cpu()),
                    describe(profile.gpu()), profile.syncMs());
            out.flush();
            return 0;
        }
    }

    /** The profile fitted to every layer of {@code results}. */
    static Profile fit(List<LayerBench.Result> results, Reports.Setup setup, List<String> sources) {
        return new Profile(Profile.FORMAT, setup == null ? "" : setup.device(), setup == null ? 0 : setup.threads(),
                setup == null ? "tiled" : gpuKernels(setup.command()), sources, SideModel.fit(samples(results, true)), SideModel.fit(samples(results, false)), syncMs(results));
    }

    /** The {@code --gpu-kernels} of a benchmark's command line ({@code tiled} when it gave none). */
    static String gpuKernels(String command) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("--gpu-kernels[ =](\\S+)").matcher(command);
        return m.find() ? m.group(1) : "tiled";
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
     * The sync a split pays: the 75th percentile of the measured splits' overheads (their latency minus their slower
     * part alone), not the median. The overheads run from below 0 to several times the median, and the splits the
     * models get wrong are the small ones, whose overhead is the larger: with the median, left-out layers' choices
     * reached 93% of the oracle, with the 75th percentile 98% (bench/NOTES.md).
     */
    static double syncMs(List<LayerBench.Result> results) {
        double[] o = results.stream().flatMap(r -> r.sweeps().stream()).mapToDouble(LayerBench.Sweep::syncOverheadMs)
                .filter(Double::isFinite).sorted().toArray();
        return o.length == 0 ? 0 : Math.max(0, o[(int) (0.75 * (o.length - 1))]);
    }

    /** What a predicted choice measured for this layer: the one-side plans, or the sweep's point at that cut. */
    static double measuredMs(LayerBench.Result r, Partitioner.Choice c) {
        return switch (c.placement()) {
            case "cpu" -> r.aloneMs(true);
            case "gpu" -> r.aloneMs(false);
            default -> {
                LayerBench.Sweep sw = r.sweeps().stream().filter(s -> s.dim().equals(c.dim())).findFirst().orElseThrow();
                yield sw.points().stream().min((a, b) -> Double.compare(Math.abs(a.ratio() - c.ratio()),
                        Math.abs(b.ratio() - c.ratio()))).orElseThrow().time().medianMs();
            }
        };
    }

    /** One layer's choice by models fitted without it. */
    record LeftOut(LayerBench.Result layer, Partitioner.Choice choice, double measuredMs, double[] cpuErrors,
                   double[] gpuErrors) {
        double shareOfOracle() { return layer.oracle().ms() / measuredMs; }
    }

    static List<LeftOut> leaveOneOut(List<LayerBench.Result> results) {
        List<LeftOut> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            List<LayerBench.Result> rest = new ArrayList<>(results);
            LayerBench.Result layer = rest.remove(i);
            Profile p = fit(rest, null, List.of());
            List<Partitioner.Cut> cuts = layer.sweeps().stream().map(s -> new Partitioner.Cut(s.dim(), s.total(), s.tile()))
                    .toList();
            Partitioner.Choice c = new Partitioner(p, step(layer)).choose(layer.work(), cuts);
            out.add(new LeftOut(layer, c, measuredMs(layer, c), errors(p.cpu(), samples(List.of(layer), true)),
                    errors(p.gpu(), samples(List.of(layer), false))));
        }
        return out;
    }

    /** The sweep's grid step: the smallest gap between its ratios (the benchmark's --step). */
    private static double step(LayerBench.Result r) {
        double step = 1;
        for (LayerBench.Sweep s : r.sweeps()) {
            for (int i = 1; i < s.points().size(); i++) {
                double d = s.points().get(i).ratio() - s.points().get(i - 1).ratio();
                if (d > 1e-9) step = Math.min(step, d);
            }
        }
        return step;
    }

    private static double[] errors(SideModel m, List<SideModel.Sample> samples) {
        return samples.stream().mapToDouble(s -> (m.predictMs(s.work()) - s.ms()) / s.ms()).toArray();
    }

    static String report(List<LayerBench.Result> results, Reports.Setup setup) {
        List<LeftOut> lo = leaveOneOut(results);
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
        return s.toString();
    }

    private static double mean(double[] v) { return Arrays.stream(v).average().orElse(0); }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : s[s.length / 2];
    }

    private static String describe(SideModel m) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%.3g ms x MACs^%.2f x bytes^%.2f", Math.exp(m.logMs()),
                m.macsExponent(), m.bytesExponent()));
        m.kindLog().forEach((k, v) -> s.append(String.format(Locale.ROOT, ", x%.2f for %s", Math.exp(v), k)));
        return s.toString();
    }
}
