package cgc.runtime.cpu;

import java.lang.foreign.MemorySegment;

/** ONNX Concat: inputs joined along {@code axis}; every other dimension must agree. */
public final class Concat {
    private Concat() {}

    /** Input i has shape {@code shapes[i]} and lives at element {@code offs[i]} of {@code xs[i]}. */
    public static void run(int axis, int[][] shapes, MemorySegment[] xs, long[] offs, MemorySegment y, long yOff) {
        int r = shapes[0].length;
        int a = Shapes.axis(axis, r, "Concat");
        int outer = Shapes.product(shapes[0], 0, a);
        int inner = Shapes.product(shapes[0], a + 1, r);
        long outRow = 0;
        for (int[] s : shapes) {
            for (int d = 0; d < r; d++) {
                if (d != a && (s.length != r || s[d] != shapes[0][d])) {
                    throw new IllegalArgumentException("Concat along " + a + ": shapes " + Shapes.text(shapes[0])
                            + " and " + Shapes.text(s) + " differ outside the axis");
                }
            }
            outRow += (long) s[a] * inner;
        }
        long col = 0;
        for (int i = 0; i < shapes.length; i++) {
            long chunk = (long) shapes[i][a] * inner;
            for (int o = 0; o < outer; o++) {
                MemorySegment.copy(xs[i], (offs[i] + o * chunk) << 2, y, (yOff + o * outRow + col) << 2, 4 * chunk);
            }
            col += chunk;
        }
    }
}
