package cgc.codegen;

/**
 * One heavy layer computed by both sides at once: its split dimension ({@code oc} of a conv, {@code m} of a matrix
 * product) of {@code total} units is cut at {@code cut}; the CPU computes {@code [0, cut)}, the GPU {@code [cut,
 * total)}, both into disjoint ranges of the same output. {@code ratio} is the GPU's share asked for; the GPU's part is
 * rounded to a whole number of the kernel's {@code tile}s, so either part may be empty. The cut is the plan's default:
 * the generated code reads it at run time, so a session may move it to any other cut with whole tiles on the GPU.
 */
public record Split(String dim, double ratio, int total, int tile, int cut) {

    public Split {
        if (!(ratio >= 0 && ratio <= 1)) throw new IllegalArgumentException("split ratio must be in [0, 1], got " + ratio);
        if (tile < 1) throw new IllegalArgumentException("tile must be at least 1, got " + tile);
        if (total < 0 || cut < 0 || cut > total) {
            throw new IllegalArgumentException("split cut " + cut + " must lie in [0, " + total + "]");
        }
    }

    /**
     * Splits {@code total} units with the share {@code ratio} for the GPU, its part rounded to the nearest multiple of
     * {@code tile} (the whole dimension when that would reach past it, or when {@code ratio} is 1).
     */
    public static Split of(String dim, double ratio, int total, int tile) {
        if (tile < 1) throw new IllegalArgumentException("tile must be at least 1, got " + tile);
        if (!(ratio >= 0 && ratio <= 1)) throw new IllegalArgumentException("split ratio must be in [0, 1], got " + ratio);
        return new Split(dim, ratio, total, tile, cgc.partition.Partitioner.cut(ratio, total, tile));
    }

    /** The CPU's part {@code [0, cut)}. */
    public int cpuEnd() { return cut; }

    public boolean cpuEmpty() { return cut == 0; }

    public boolean gpuEmpty() { return cut == total; }

    /** {@code split(oc, r=0.625): oc 0..23 CPU, 24..63 GPU}, with {@code none} for an empty part. */
    public String describe() {
        return "split(" + dim + ", r=" + ratio + "): " + dim + " " + range(0, cut) + " CPU, " + range(cut, total) + " GPU";
    }

    private static String range(int b, int e) { return b == e ? "none" : b + ".." + (e - 1); }
}
