package cgc.runtime.cpu;

import cgc.runtime.io.DType;
import java.lang.foreign.MemorySegment;

/**
 * ONNX Mod of floats (f32, f16, f64), which ONNX defines with fmod 1 only: C's fmod, the remainder with the sign of
 * the dividend. Java's % on doubles is that function, and on values widened from f32 or f16 it is exact, so rounding
 * back to the type gives C's fmodf bit for bit. Integers go through {@link Integers#binary}.
 */
public final class Mod {
    private Mod() {}

    /** {@code y = fmod(a, b)}, a, b and y all of float type {@code t}, broadcast as {@code s} says. */
    public static void floats(DType t, Broadcast s, MemorySegment a, long aOff, MemorySegment b, long bOff,
                              MemorySegment y, long yOff, Parallel pool) {
        Doubles.binary(t, s, a, aOff, b, bOff, y, yOff, pool, (va, vb) -> va % vb);
    }
}
