package cgc.passes;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

/** What a pass may use and report while it runs: its statistics counters ("52 BatchNormalization folded"). */
public final class PassContext {
    private final SequencedMap<String, Long> counters = new LinkedHashMap<>();

    /** Adds {@code n} to the counter {@code what}, e.g. {@code count("BatchNormalization folded", 1)}. */
    public void count(String what, long n) { counters.merge(what, n, Long::sum); }

    public void count(String what) { count(what, 1); }

    public SequencedMap<String, Long> counters() { return Collections.unmodifiableSequencedMap(counters); }
}
