package cgc.codegen;

import java.util.List;
import java.util.Map;

/**
 * Tile sizes of the tiled GEMM templates: each work-group computes a {@code tm x tn} block of the output, stepping
 * through {@code k} by {@code tk}; each work-item computes {@code wm x wn} outputs of it (register blocking).
 */
public record GemmTiles(int tm, int tn, int tk, int wm, int wn) {
    /** A general-purpose choice: 64x64 tiles, 16 deep, 4x4 per work-item (256 work-items, 8 KiB of local memory). */
    public static final GemmTiles DEFAULT = new GemmTiles(64, 64, 16, 4, 4);
    /** 32x32 tiles, 2x2 per work-item: the same 256 work-items, four times the work-groups. */
    public static final GemmTiles MEDIUM = new GemmTiles(32, 32, 16, 2, 2);
    /** 16x16 tiles, one output per work-item. */
    public static final GemmTiles SMALL = new GemmTiles(16, 16, 16, 1, 1);

    /**
     * Work-groups enough to occupy a large GPU (an H100 has 132 compute units): below this, smaller tiles win more by
     * spreading the product over more of them than they lose to less register blocking.
     */
    static final long ENOUGH_GROUPS = 128;

    /**
     * The tiles for {@code batches} products of m x n: the largest of 64x64, 32x32 and 16x16 that still gives {@link
     * #ENOUGH_GROUPS} work-groups. MobileNetV2's late 1x1 convs are a few work-groups of 64x64 (320 x 49 pixels: 5),
     * which left most of an H100 idle while each crossed a K of up to 960.
     */
    public static GemmTiles forShape(long m, long n, long batches) {
        for (GemmTiles t : List.of(DEFAULT, MEDIUM)) {
            if (ceilDiv(m, t.tm) * ceilDiv(n, t.tn) * batches >= ENOUGH_GROUPS) return t;
        }
        return SMALL;
    }

    private static long ceilDiv(long a, long b) { return (a + b - 1) / b; }

    public GemmTiles {
        if (tm < 1 || tn < 1 || tk < 1 || wm < 1 || wn < 1 || tm % wm != 0 || tn % wn != 0) {
            throw new IllegalArgumentException("GEMM tiles " + tm + "x" + tn + "x" + tk + " with " + wm + "x" + wn
                    + " per work-item: sizes must be positive and tm, tn multiples of wm, wn");
        }
    }

    /** The template parameters {@code TM, TN, TK, WM, WN}. */
    public Map<String, Object> params() { return Map.of("TM", tm, "TN", tn, "TK", tk, "WM", wm, "WN", wn); }
}
