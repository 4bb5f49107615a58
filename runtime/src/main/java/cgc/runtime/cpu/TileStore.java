package cgc.runtime.cpu;

import java.lang.foreign.MemorySegment;

/**
 * Where a micro-kernel stores its finished register tile itself, sparing the round trip through the C scratch: row r
 * of the tile (r < {@link #rows}) goes to byte {@code yByte + r * ldyByte} of {@code y} as
 * {@code clamp(sum + bias[r], lo, hi)}, the arithmetic {@link Simd#storeRow} does for the same row. With a residual
 * ({@code res} not null, laid out as y from byte {@code resByte}), the bounds are open and {@link
 * Simd#residualTile} then makes each element {@code clamp(y + res, resLo, resHi)}. Mutable, one per thread, filled by
 * {@link GemmDriver} for each tile.
 */
final class TileStore {
    MemorySegment y;
    long yByte;
    long ldyByte;
    /** A conv's fused residual, laid out as y; null for none. */
    MemorySegment res;
    long resByte;
    float resLo;
    float resHi;
    int rows;
    final float[] bias = new float[16];
    float lo;
    float hi;

    /** The clamp bounds of an activation a tile can apply itself (none, Relu, Clip), or null for any other. */
    static float[] clampOf(Act act) {
        return switch (act) {
            case Act.None n -> new float[] {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
            case Act.Relu r -> new float[] {0f, Float.POSITIVE_INFINITY};
            case Act.Clip c -> new float[] {c.min(), c.max()};
            default -> null;
        };
    }
}
