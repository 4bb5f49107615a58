package cgc.memory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The result of memory planning: the arena slot of every activation (graph inputs and every node output), the arena's
 * size, and what a plan without reuse would need (the sum of all activations) for the compile summary.
 *
 * @param slots            value name to slot, in the order values are first written
 * @param arenaBytes       the arena size: the end of the highest slot, rounded up to {@link #ALIGNMENT}
 * @param activationBytes  the sum of the sizes of all activations, as if each had its own buffer
 */
public record MemoryPlan(SequencedMap<String, Slot> slots, long arenaBytes, long activationBytes) {

    /** Byte alignment of every slot: one cache line, and the widest vector the CPU kernels load. */
    public static final long ALIGNMENT = 64;

    public MemoryPlan {
        slots = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(slots));
    }

    public Slot slot(String value) {
        Slot s = slots.get(value);
        if (s == null) throw new IllegalArgumentException("no arena slot for value \"" + value + "\"");
        return s;
    }

    public boolean has(String value) { return slots.containsKey(value); }

    /** Whether {@code value} shares the bytes of another value instead of being written by its own producer. */
    public boolean isAlias(String value) { return !slot(value).root().equals(value); }

    /** The saving against one buffer per activation, as a fraction in [0, 1). */
    public double saving() { return activationBytes == 0 ? 0 : 1.0 - (double) arenaBytes / activationBytes; }

    /** {@code 1.2 MiB for 3.4 MiB of activations (saves 65%)} */
    public String summary() {
        return "%s for %s of activations (saves %.0f%%)"
                .formatted(Bytes.human(arenaBytes), Bytes.human(activationBytes), 100 * saving());
    }

    public Map<String, Slot> asMap() { return slots; }

    static long align(long bytes) { return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT; }
}
