package cgc.bench;

import cgc.codegen.Placement;
import cgc.codegen.Side;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.runtime.Session;
import cgc.runtime.SplitSpec;
import cgc.runtime.io.Tensor;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The oracle searched in the model itself rather than layer by layer: every heavy layer the layer benchmark measured
 * is compiled split (on the dimension its oracle chose, else the one whose sweep was fastest), starting from the
 * layer oracle's cuts (a layer it kept whole starts whole, on the model's faster side); then, in schedule order, each
 * layer's cut is moved over an even grid of its cuts, at run time in the one loaded plan, and kept where the whole
 * model ran fastest (coordinate descent). Per-layer timings miss what the chain does: a one-layer plan's input is cold
 * and its output read by nobody, a split layer's GPU part may overlap the next CPU layer's, and each split adds an
 * enqueue and a sync that a 0.1 ms layer cannot pay back; the whole model's latency sees all of it. The result is no
 * slower than the same plan with no layer split, measured last in the same run: when that wins, it is the answer.
 */
final class ChainSearch {
    private ChainSearch() {}

    /** A move must beat the current cut by this much, so that noise does not walk the cuts. */
    static final double MIN_GAIN_PERCENT = 2;
    /** Cuts tried per layer and round: 0, 1/10, ... of the dimension, snapped to the layer's tiles. */
    static final int GRID = 10;

    /**
     * {@code baseline}: the same loaded plan with every cut at the base side's end (no layer split), timed right
     * after {@code time}, as the same-run peer the search must beat (separate plans of the same layers differ by more
     * than a small gain: code layout, JIT state).
     */
    record Result(Timing time, Timing baseline, Map<String, Integer> cuts, Map<String, SplitSpec> specs,
                  int splitLayers) {}

    static Result search(Model m, String name, Map<String, LayerBench.Result> heavy, Side base,
                         Map<String, Tensor> reference, LayerBench.Options o, int rounds, PrintWriter log) {
        Map<String, Object> config = config(m.graph(), heavy, base);
        Placement all = OracleConfig.write(o.work().resolve(name + ".searched.split.json"), config);
        // short measurements while searching: the model is timed once per candidate cut
        Timing.Budget quick = new Timing.Budget(Math.min(150, o.budget().warmupMs()), 15, 40);
        try (PlanRunner r = PlanRunner.open(m, all, o)) {
            Session s = r.session();
            List<SplitSpec> specs = r.plan().splits();
            Timing.of(r::runAgain, o.budget());                          // the first compilation of everything
            for (int round = 0; round < rounds; round++) {
                for (SplitSpec spec : specs) {
                    int current = s.cuts().get(spec.node());
                    double best = Timing.of(r::runAgain, quick).medianMs();
                    int bestCut = current;
                    for (int cut : grid(spec)) {
                        if (cut == current) continue;
                        s.cut(spec.node(), cut);
                        double t = Timing.of(r::runAgain, quick).medianMs();
                        if (t < best * (1 - MIN_GAIN_PERCENT / 100)) {
                            best = t;
                            bestCut = cut;
                        }
                    }
                    s.cut(spec.node(), bestCut);
                    log.printf("    %s: cut %d of %d (was %d), model %.3f ms%n", spec.node(), bestCut, spec.total(),
                            current, best);
                    log.flush();
                }
            }
            LayerBench.check(name + " with the searched cuts", reference, r.run());
            ThreadPlacement.remember();
            Timing time = r.time(o.budget());
            Map<String, SplitSpec> bySpec = new LinkedHashMap<>();
            for (SplitSpec spec : specs) bySpec.put(spec.node(), spec);
            Map<String, Integer> cuts = s.cuts();
            int proper = (int) specs.stream().filter(sp -> cuts.get(sp.node()) > 0 && cuts.get(sp.node()) < sp.total())
                    .count();
            for (SplitSpec spec : specs) s.cut(spec.node(), base == Side.CPU ? spec.total() : 0);
            Timing baseline = r.time(o.budget());
            if (baseline.medianMs() <= time.medianMs()) {
                // the quick measurements of the search misled it: no split is the answer
                log.printf("    the searched cuts (%.3f ms) lose to no split (%.3f ms) in the full measurement%n",
                        time.medianMs(), baseline.medianMs());
                return new Result(baseline, baseline, s.cuts(), bySpec, 0);
            }
            return new Result(time, baseline, cuts, bySpec, proper);
        }
    }

    /** Every heavy node measured, split; the others on {@code base}. */
    static Map<String, Object> config(Graph g, Map<String, LayerBench.Result> heavy, Side base) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (Node n : g.nodes()) {
            LayerBench.Result r = heavy.get(n.name());
            String dim = r == null ? null : dim(r);
            if (dim != null) {
                LayerBench.Choice c = r.oracle();
                double ratio = c.placement().equals("split") ? c.ratio() : base == Side.CPU ? 0.0 : 1.0;
                config.put(n.name(), Map.of("dim", dim, "ratio", ratio));
            } else if (base == Side.CPU) {
                config.put(n.name(), "cpu");
            }
        }
        return config;
    }

    /** The oracle's split dimension, else the dimension of the fastest point swept, or null when none was. */
    private static String dim(LayerBench.Result r) {
        if (r.oracle().placement().equals("split")) return r.oracle().dim();
        String best = null;
        double ms = Double.MAX_VALUE;
        for (LayerBench.Sweep sw : r.sweeps()) {
            for (LayerBench.Point p : sw.points()) {
                if (p.time() != null && p.time().medianMs() < ms) {
                    ms = p.time().medianMs();
                    best = sw.dim();
                }
            }
        }
        return best;
    }

    /** Cuts at 0, 1/GRID, ..., 1 of the dimension, each snapped to the nearest cut the layer's tiles allow. */
    static TreeSet<Integer> grid(SplitSpec s) {
        TreeSet<Integer> cuts = new TreeSet<>();
        for (int q = 0; q <= GRID; q++) {
            int want = (int) Math.round((double) s.total() * q / GRID);
            int gpuTiles = Math.round((float) (s.total() - want) / s.tile());
            int cut = Math.max(0, s.total() - gpuTiles * s.tile());
            cuts.add(cut);
        }
        return cuts;
    }
}
