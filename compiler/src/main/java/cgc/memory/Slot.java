package cgc.memory;

/**
 * Where one activation lives in the arena: a byte offset (a multiple of {@link MemoryPlan#ALIGNMENT}) and its size.
 * Values that alias (the output of a Reshape and its input, say) have equal slots and the same {@code root}: the value
 * whose producer writes the bytes.
 */
public record Slot(String root, long offset, long bytes, Lifetime lifetime) {

    public long end() { return offset + bytes; }

    /** Whether the two slots share at least one byte of the arena. */
    public boolean overlapsInMemory(Slot o) { return offset < o.end() && o.offset < end(); }
}
