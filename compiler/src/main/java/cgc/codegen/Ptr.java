package cgc.codegen;

/**
 * Where a tensor lives, as a generated kernel addresses it: a literal element offset into the activation arena
 * ({@code act}) or into the weights region ({@code wts}). Templates print it as a pointer expression, {@code (act + 4096)},
 * so every offset is a constant the OpenCL compiler can fold. Outputs must be in {@code act}: the weights region is
 * {@code const} in the kernel signature, so writing through a {@code wts} pointer fails to build, loudly.
 */
public record Ptr(Region region, long offset) {
    /** The two buffers every generated kernel receives, named as in its signature. */
    public enum Region { ACT, WTS }

    public Ptr {
        if (offset < 0 || offset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor offset " + offset + " in " + region + " is outside [0, 2^31)");
        }
    }

    public static Ptr act(long offset) { return new Ptr(Region.ACT, offset); }
    public static Ptr wts(long offset) { return new Ptr(Region.WTS, offset); }

    /** The OpenCL C pointer expression, e.g. {@code (wts + 128)}. */
    String c() { return "(" + region.name().toLowerCase(java.util.Locale.ROOT) + " + " + offset + ")"; }

    @Override public String toString() { return c(); }
}
