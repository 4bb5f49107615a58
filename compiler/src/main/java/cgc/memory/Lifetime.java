package cgc.memory;

/**
 * The steps during which a buffer must keep its contents: from the step that writes it to the last step that reads it,
 * both included. Step {@code i} is the graph's node {@code i}; graph inputs are written at step {@code -1} (before the
 * first node, by the session) and graph outputs are read at step {@code nodes.size()} (after the last node).
 */
public record Lifetime(int first, int last) {

    public Lifetime {
        if (last < first) throw new IllegalArgumentException("lifetime ends (" + last + ") before it starts (" + first + ")");
    }

    public boolean overlaps(Lifetime o) { return first <= o.last && o.first <= last; }

    public boolean contains(int step) { return first <= step && step <= last; }

    public Lifetime union(Lifetime o) { return new Lifetime(Math.min(first, o.first), Math.max(last, o.last)); }

    @Override public String toString() { return "[" + first + ".." + last + "]"; }
}
