package cgc.runtime.cpu;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Constant GEMM operands (conv filters, Linear and Gemm weights) packed once into the micro-kernel's panel layout
 * and kept for every later run, as ONNX Runtime prepacks weights when it creates a session: otherwise each run
 * packs every weight again (13% of MobileNetV2's CPU time on one thread, bench/NOTES.md). Packing happens in the
 * first run that needs it. One per loaded plan, keyed by where the operand sits in its weights; safe for concurrent
 * sessions. The cost is a second copy of those weights on the Java heap ({@link #bytes}).
 */
public final class WeightPacks {
    /** Keeps nothing: each run packs as it goes (kernels called outside a plan, tests, {@code -Dcgc.prepack=false}). */
    public static final WeightPacks NONE = new WeightPacks(false);

    private final boolean enabled;
    private final ConcurrentHashMap<Key, Panels> packs = new ConcurrentHashMap<>();

    private WeightPacks(boolean enabled) {
        this.enabled = enabled;
    }

    /** A cache for one plan's weights, or {@link #NONE} when {@code -Dcgc.prepack=false}. */
    public static WeightPacks forPlan() {
        return Boolean.parseBoolean(System.getProperty("cgc.prepack", "true")) ? new WeightPacks(true) : NONE;
    }

    /**
     * The operand at element {@code offset} of the weights, {@code lines} lines of {@code k} (element (line, kk) at
     * {@code offset + line * lineStride + kk * kStride}), in panels of {@code unit} lines.
     */
    record Key(long offset, int lines, int k, long lineStride, long kStride, int unit) {}

    /** The packed operand, packed now if this is its first use; null for {@link #NONE}. */
    Panels get(Key key, Panels.Packer packer) {
        if (!enabled || key.k() == 0) {
            return null;
        }
        return packs.computeIfAbsent(key, kk -> Panels.pack(kk.lines(), kk.k(), kk.unit(), packer));
    }

    /** Heap bytes of the packed operands so far. */
    public long bytes() {
        return packs.values().stream().mapToLong(p -> 4L * p.data().length).sum();
    }
}
