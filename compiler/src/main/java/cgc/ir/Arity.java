package cgc.ir;

/** How many inputs (or outputs) an op takes: {@code min..max}, {@code max == Integer.MAX_VALUE} for variadic. */
public record Arity(int min, int max) {
    public static Arity exactly(int n) { return new Arity(n, n); }
    public static Arity between(int min, int max) { return new Arity(min, max); }
    public static Arity atLeast(int min) { return new Arity(min, Integer.MAX_VALUE); }

    public boolean accepts(int n) { return n >= min && n <= max; }

    @Override
    public String toString() {
        if (min == max) return Integer.toString(min);
        return max == Integer.MAX_VALUE ? min + " or more" : min + " to " + max;
    }
}
