package cgc.runtime;

/**
 * A heavy layer that both sides compute at once, as the plan describes it: its {@code dim} of {@code total} units is
 * cut at {@code cut}, the CPU computing {@code [0, cut)} and the GPU {@code [cut, total)}; the GPU's part is a whole
 * number of {@code tile}s (or the whole dimension). {@code cut} is the compiled default; a session may move it
 * ({@link Session#cut}) without recompiling, which is how the grid-search oracle sweeps a loaded plan.
 */
public record SplitSpec(String node, String dim, int total, int tile, int cut) {
    public SplitSpec {
        if (total < 0 || tile < 1) throw new IllegalArgumentException("split of \"" + node + "\": total " + total + ", tile " + tile);
        check(node, total, tile, cut);
    }

    /** Fails unless {@code cut} is a cut of this layer. */
    public void check(int cut) {
        check(node, total, tile, cut);
    }

    private static void check(String node, int total, int tile, int cut) {
        if (cut < 0 || cut > total || (cut != 0 && (total - cut) % tile != 0)) {
            throw new IllegalArgumentException("node \"" + node + "\": cut " + cut + " is not in [0, " + total
                    + "] with the GPU's part [cut, " + total + ") a multiple of " + tile + " (or cut 0: all on the GPU)");
        }
    }
}
