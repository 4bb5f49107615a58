package cgc.ir;

/** One dimension of a tensor type: a known size, a named symbol (e.g. {@code N} for the batch), or unknown. */
public sealed interface Dim {

    record Known(long size) implements Dim {
        public Known {
            if (size < 0) throw new IllegalArgumentException("negative dimension " + size);
        }
        @Override public String toString() { return Long.toString(size); }
    }

    record Symbolic(String name) implements Dim {
        @Override public String toString() { return name; }
    }

    record Unknown() implements Dim {
        @Override public String toString() { return "?"; }
    }

    Dim UNKNOWN = new Unknown();

    static Dim of(long size) { return new Known(size); }
    static Dim symbol(String name) { return new Symbolic(name); }

    default boolean isKnown() { return this instanceof Known; }

    /** The size; throws for a symbolic or unknown dimension (callers check {@link #isKnown()} first). */
    default long size() {
        if (this instanceof Known(long s)) return s;
        throw new IllegalStateException("dimension " + this + " is not static");
    }
}
