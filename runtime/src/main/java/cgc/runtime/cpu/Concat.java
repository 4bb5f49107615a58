package cgc.runtime.cpu;

import java.lang.foreign.MemorySegment;

/** ONNX Concat: inputs joined along {@code axis}; every other dimension must agree. */
public final class Concat {
    private Concat() {}

    /** Input i has shape {@code shapes[i]} and lives at element {@code offs[i]} of {@code xs[i]}. */
    public static void run(int axis, int[][] shapes, MemorySegment[] xs, long[] offs, MemorySegment y, long yOff) {
        Movement.concat(Float.BYTES, axis, shapes, xs, offs, y, yOff);
    }
}
