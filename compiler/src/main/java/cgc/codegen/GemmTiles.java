package cgc.codegen;

import java.util.Map;

/**
 * Tile sizes of the tiled GEMM templates: each work-group computes a {@code tm x tn} block of the output, stepping
 * through {@code k} by {@code tk}; each work-item computes {@code wm x wn} outputs of it (register blocking).
 */
public record GemmTiles(int tm, int tn, int tk, int wm, int wn) {
    /** A general-purpose choice: 64x64 tiles, 16 deep, 4x4 per work-item (256 work-items, 8 KiB of local memory). */
    public static final GemmTiles DEFAULT = new GemmTiles(64, 64, 16, 4, 4);

    public GemmTiles {
        if (tm < 1 || tn < 1 || tk < 1 || wm < 1 || wn < 1 || tm % wm != 0 || tn % wn != 0) {
            throw new IllegalArgumentException("GEMM tiles " + tm + "x" + tn + "x" + tk + " with " + wm + "x" + wn
                    + " per work-item: sizes must be positive and tm, tn multiples of wm, wn");
        }
    }

    /** The template parameters {@code TM, TN, TK, WM, WN}. */
    public Map<String, Object> params() { return Map.of("TM", tm, "TN", tn, "TK", tk, "WM", wm, "WN", wn); }
}
