package cgc.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where the time of a plan's runs goes, step by step: the generated schedule marks the end of each step that runs
 * code (a layer, a split layer, a sync), and the time since the previous mark is that step's. A GPU layer's time is
 * its launch only (launches are asynchronous); the device's work shows in the sync step that waits for it. Filled by
 * {@link Session#run(java.util.Map, java.util.Map, Profile)}, over as many runs as it is passed to; each step's time
 * is its median over those runs (the first runs of a JVM are slow while the JIT compiles).
 */
public final class Profile {
    private final List<String> steps;
    private final List<long[]> runs = new ArrayList<>();   // nanoseconds of each step, one array per run
    private long[] current;
    private long last;

    Profile(List<String> steps) {
        this.steps = List.copyOf(steps);
    }

    /** One step: its name (node, op, side), its median time per run in microseconds. */
    public record Step(String name, double micros) {}

    void begin() {
        current = new long[steps.size()];
        last = System.nanoTime();
    }

    /** Ends step {@code step}: called by the generated code, through {@link Frame#step}. */
    void tick(int step) {
        long now = System.nanoTime();
        current[step] += now - last;
        last = now;
    }

    void end() {
        runs.add(current);
    }

    /** The runs profiled so far. */
    public int runs() {
        return runs.size();
    }

    /** Every step in schedule order, with its median time per run (0 before any run). */
    public List<Step> steps() {
        List<Step> out = new ArrayList<>(steps.size());
        long[] times = new long[runs.size()];
        for (int i = 0; i < steps.size(); i++) {
            for (int r = 0; r < times.length; r++) times[r] = runs.get(r)[i];
            java.util.Arrays.sort(times);
            out.add(new Step(steps.get(i), times.length == 0 ? 0 : times[times.length / 2] / 1e3));
        }
        return out;
    }

    /** The {@code top} slowest steps as a table (time per run, share of all steps), and the rest in one line. */
    public String table(int top) {
        List<Step> all = steps();
        double total = all.stream().mapToDouble(Step::micros).sum();
        List<Step> slowest = all.stream().sorted(Comparator.comparingDouble(Step::micros).reversed()).toList();
        StringBuilder sb = new StringBuilder("median time per step over %d runs (%d steps, %.1f us in all):%n"
                .formatted(runs(), all.size(), total));
        sb.append("%10s %6s  %s%n".formatted("us", "share", "step"));
        for (Step s : slowest.subList(0, Math.min(top, slowest.size()))) {
            sb.append("%10.1f %5.1f%%  %s%n".formatted(s.micros(), total > 0 ? 100 * s.micros() / total : 0, s.name()));
        }
        if (slowest.size() > top) {
            double rest = slowest.subList(top, slowest.size()).stream().mapToDouble(Step::micros).sum();
            sb.append("%10.1f %5.1f%%  %d more steps%n".formatted(rest, total > 0 ? 100 * rest / total : 0,
                    slowest.size() - top));
        }
        return sb.toString();
    }
}
