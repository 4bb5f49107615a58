package cgc.bench;

import cgc.codegen.Placement;
import cgc.codegen.Side;
import cgc.codegen.SplitConfig;
import cgc.diag.CgcException;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.runtime.SplitSpec;
import cgc.runtime.device.Device;
import cgc.runtime.io.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code layers} benchmark of one layer: its latency on the CPU alone, on the GPU alone, and split at every ratio
 * of a grid on each dimension it can be split along; the fastest of all is the grid-search <em>oracle</em>. A split
 * plan is compiled once per dimension and its cut moved at run time ({@link cgc.runtime.Session#cut}); every cut's
 * output is checked against the CPU plan's before it is timed, so the oracle never picks a wrong answer.
 */
final class LayerBench {
    private LayerBench() {}

    record Options(Device device, int threads, double step, Timing.Budget budget, Path work, long seed,
                   cgc.codegen.GpuKernelStyle gpuKernels) {}

    /** One cut of a sweep: the GPU's share asked for, the cut it rounds to, the latency. */
    record Point(double ratio, int cut, Timing time) {}

    /**
     * The sweep of one split dimension: {@code total} units, the GPU's part a multiple of {@code tile}; at its
     * fastest proper split (both parts non-empty), if any, the time of each part alone: the split's sync overhead is
     * its latency minus the slower of the two (issue 6's definition), {@code overheadMs} as measured in
     * {@value #PAIRED_ROUNDS} rounds of the three side by side (the median of the rounds' differences), NaN if not.
     */
    record Sweep(String dim, int total, int tile, List<Point> points, Point best, Timing cpuPartAlone,
                 Timing gpuPartAlone, double overheadMs) {
        /** The sync overhead at {@link #best} in ms, or NaN when no proper split was measured. */
        double syncOverheadMs() {
            return best == null ? Double.NaN : overheadMs;
        }
    }

    /**
     * Rounds of the split against its parts alone. Timed one after the other, the three moved apart by more than the
     * overhead itself (the CPU side's speed drifts by up to 2x over a run on the GPU machine, with PoCL busy or idle on
     * the other cores), so each round times all three and the overhead is the median of the rounds' differences.
     */
    static final int PAIRED_ROUNDS = 5;

    /** The split at {@code cut}, its CPU part alone and its GPU part alone, in {@link #PAIRED_ROUNDS} rounds. */
    static Sweep paired(PlanRunner r, String node, String dim, SplitSpec spec, List<Point> points, Point best,
                        Timing.Budget budget) {
        r.session().cut(node, best.cut());
        double[] split = new double[PAIRED_ROUNDS], cpu = new double[PAIRED_ROUNDS], gpu = new double[PAIRED_ROUNDS];
        double[] over = new double[PAIRED_ROUNDS];
        Timing.Budget later = new Timing.Budget(Math.max(1, budget.warmupMs() / 5), budget.runs(), budget.measureMs());
        for (int i = 0; i < PAIRED_ROUNDS; i++) {
            Timing.Budget b = i == 0 ? budget : later;        // the first round meets every branch; the JIT keeps them
            r.session().splitParts(true, true);
            split[i] = r.time(b).medianMs();
            r.session().splitParts(true, false);
            cpu[i] = r.time(b).medianMs();
            r.session().splitParts(false, true);
            gpu[i] = r.time(b).medianMs();
            over[i] = split[i] - Math.max(cpu[i], gpu[i]);
        }
        r.session().splitParts(true, true);
        return new Sweep(dim, spec.total(), spec.tile(), points, best, roundsOf(cpu), roundsOf(gpu), median(over));
    }

    private static Timing roundsOf(double[] medians) {
        double[] s = medians.clone();
        Arrays.sort(s);
        return new Timing(s[s.length / 2], s[0], s[s.length - 1], s.length);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** What the oracle picks: {@code cpu}, {@code gpu}, or {@code split} along {@code dim} at {@code ratio}. */
    record Choice(String placement, String dim, double ratio, int cut, double ms) {
        String describe() {
            return placement.equals("split") ? "split(" + dim + ", r=" + ratio + ")" : placement;
        }
    }

    /**
     * The layer's measurements; {@code work} is what the predictors are fitted on (null in results from before it
     * was recorded).
     */
    record Result(String key, List<String> sites, cgc.partition.LayerWork work, Timing cpu, Timing gpu,
                  List<Sweep> sweeps, Choice oracle) {
        /**
         * The fastest single side measured anywhere for this layer: its one-side plans, and the split plans with the
         * whole layer on one side (the same work on one side; in runs on the GPU machine these came out as much as
         * 2x faster than the one-side plan timed before them, so leaving them out inflated the oracle's speedup).
         */
        double bestSingleMs() {
            return Math.min(aloneMs(true), aloneMs(false));
        }

        /**
         * The layer on one side: the faster of its one-side plan and the split plans' points with the whole layer on
         * that side (see {@link #bestSingleMs}).
         */
        double aloneMs(boolean cpu) {
            double best = (cpu ? this.cpu : gpu).medianMs();
            for (Sweep s : sweeps) {
                for (Point p : s.points()) {
                    if (p.cut() == (cpu ? s.total() : 0)) best = Math.min(best, p.time().medianMs());
                }
            }
            return best;
        }

        /** The sync overhead of the oracle's split in ms; NaN when the oracle keeps the layer on one side. */
        double syncOverheadMs() {
            return sweeps.stream().filter(s -> s.dim().equals(oracle.dim()) && s.best() != null)
                    .mapToDouble(Sweep::syncOverheadMs).findFirst().orElse(Double.NaN);
        }

        /** The best single side over the oracle: how much co-execution gains on this layer. */
        double speedup() { return bestSingleMs() / oracle.ms(); }
    }

    /** Relative L2 error allowed between a split's output and the CPU plan's (issue 6's bound). */
    static final double TOLERANCE = 1e-4;

    /**
     * Runs {@code c} on each side for {@code ms} without recording anything: the JIT compiles the shared CPU kernels
     * and the device settles before the first measurement, so the first layers are not measured cold.
     */
    static void warmUp(LayerCase c, Options o, long ms) {
        for (Side side : Side.values()) {
            try (PlanRunner r = PlanRunner.open(c.model(), new Placement.OnSide(side), o)) {
                long end = System.nanoTime() + ms / 2 * 1_000_000;
                while (System.nanoTime() < end) r.run();
            }
        }
    }

    static Result measure(LayerCase c, Options o, PrintWriter log) {
        Node node = c.node();
        Map<String, Tensor> reference;
        Timing cpu, gpu;
        try (PlanRunner r = PlanRunner.open(c.model(), new Placement.OnSide(Side.CPU), o)) {
            reference = r.run();
            cpu = r.time(o.budget());
        }
        try (PlanRunner r = PlanRunner.open(c.model(), new Placement.OnSide(Side.GPU), o)) {
            check(c.key() + " on the GPU", reference, r.run());
            ThreadPlacement.remember();
            gpu = r.time(o.budget());
        }
        List<Sweep> sweeps = new ArrayList<>();
        for (String dim : dims(node)) {
            Placement split = new Placement.Configured(new SplitConfig(Map.of(node.name(),
                    new SplitConfig.SplitAlong(dim, 0.5))), Path.of("layers-bench.json"));
            PlanRunner r;
            try {
                r = PlanRunner.open(c.model(), split, o);
            } catch (CgcException notAlongThisDim) {
                continue;
            }
            try (r) {
                SplitSpec spec = r.plan().splits().getFirst();
                List<Point> points = new ArrayList<>();
                Set<Integer> seen = new LinkedHashSet<>();
                for (double ratio : grid(o.step())) {
                    int cut = cut(spec, ratio);
                    if (!seen.add(cut)) continue;   // a coarse tile maps several ratios to one cut: time it once
                    r.session().cut(node.name(), cut);
                    check(c.key() + " split along " + dim + " at " + cut, reference, r.run());
                    points.add(new Point(ratio, cut, r.time(o.budget())));
                }
                Point best = points.stream().filter(p -> p.cut() > 0 && p.cut() < spec.total())
                        .min((a, b) -> Double.compare(a.time().medianMs(), b.time().medianMs())).orElse(null);
                sweeps.add(best == null ? new Sweep(dim, spec.total(), spec.tile(), points, null, null, null, Double.NaN)
                        : paired(r, node.name(), dim, spec, points, best, o.budget()));
            }
        }
        Result result = new Result(c.key(), c.sites(), cgc.partition.LayerWork.of(c.model().graph(), node).orElse(null), cpu,
                gpu, sweeps, oracle(cpu, gpu, sweeps));
        log.printf("  cpu %.3f ms, gpu %.3f ms, oracle %s %.3f ms (%.2fx the best single side)%n", cpu.medianMs(),
                gpu.medianMs(), result.oracle().describe(), result.oracle().ms(), result.speedup());
        log.flush();
        return result;
    }

    /** The dimensions a node of this op may be split along (the compiler refuses those its shapes do not allow). */
    static List<String> dims(Node n) {
        return switch (n.op() instanceof OpKind k ? k : OpKind.IDENTITY) {
            case CONV -> List.of("oc", "rows");
            case GEMM, MATMUL, LINEAR -> List.of("m", "n");
            default -> List.of();
        };
    }

    /** 0, step, 2·step, …, 1. */
    static List<Double> grid(double step) {
        if (!(step > 0 && step <= 1)) throw new IllegalArgumentException("the ratio step must be in (0, 1], got " + step);
        List<Double> out = new ArrayList<>();
        int n = (int) Math.round(1 / step);
        for (int i = 0; i <= n; i++) out.add(Math.min(1.0, Math.round(i * step * 1e6) / 1e6));
        if (out.getLast() != 1.0) out.add(1.0);
        return out;
    }

    /** The cut for the GPU's share {@code ratio}: the GPU's part rounded to whole tiles, as the compiler rounds it. */
    static int cut(SplitSpec s, double ratio) {
        return cgc.partition.Partitioner.cut(ratio, s.total(), s.tile());
    }

    /**
     * The fastest of every measurement of the layer. A split plan's point with an empty part is a single side (cut 0:
     * the GPU; cut = total: the CPU), never a split: choosing it places the layer whole on that side.
     */
    static Choice oracle(Timing cpu, Timing gpu, List<Sweep> sweeps) {
        Choice best = cpu.medianMs() <= gpu.medianMs() ? new Choice("cpu", "", 0, 0, cpu.medianMs())
                : new Choice("gpu", "", 1, 0, gpu.medianMs());
        for (Sweep s : sweeps) {
            for (Point p : s.points()) {
                double ms = p.time().medianMs();
                if (ms >= best.ms()) continue;
                if (p.cut() == s.total()) best = new Choice("cpu", "", 0, 0, ms);
                else if (p.cut() == 0) best = new Choice("gpu", "", 1, 0, ms);
                else best = new Choice("split", s.dim(), p.ratio(), p.cut(), ms);
            }
        }
        return best;
    }

    /** Fails unless every output of {@code actual} is within {@link #TOLERANCE} of {@code expected}'s. */
    static void check(String what, Map<String, Tensor> expected, Map<String, Tensor> actual) {
        for (var e : expected.entrySet()) {
            float[] x = e.getValue().toFloatArray(), y = actual.get(e.getKey()).toFloatArray();
            double num = 0, den = 0;
            for (int i = 0; i < x.length; i++) {
                num += (double) (x[i] - y[i]) * (x[i] - y[i]);
                den += (double) x[i] * x[i];
            }
            double rel = Math.sqrt(num / Math.max(den, 1e-30));
            if (!(rel <= TOLERANCE)) {
                throw new IllegalStateException(what + ": output \"" + e.getKey()
                        + "\" is off by " + rel + " (relative L2) from the CPU plan's");
            }
        }
    }
}
