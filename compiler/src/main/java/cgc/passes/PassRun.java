package cgc.passes;

import java.util.SequencedMap;
import java.util.stream.Collectors;

/**
 * What one pass did: its counters, its time, and the node count before and after.
 *
 * @param index 1-based position in the pipeline
 */
public record PassRun(int index, String pass, SequencedMap<String, Long> counters, long nanos, int nodesBefore,
                      int nodesAfter) {

    /** {@code fold-bn: 52 BatchNormalization folded}, or {@code fold-bn: no change}. */
    public String summary() {
        String what = counters.isEmpty() ? "no change"
                : counters.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", "));
        return pass + ": " + what;
    }

    public double millis() { return nanos / 1e6; }
}
