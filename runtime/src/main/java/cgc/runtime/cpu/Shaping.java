package cgc.runtime.cpu;

import java.lang.foreign.MemorySegment;

/** ONNX Pad, Expand, Tile and DepthToSpace: data movement without arithmetic. */
public final class Shaping {
    private Shaping() {}

    /** The modes of ONNX Pad ({@code wrap} from opset 19). */
    public enum PadMode { CONSTANT, REFLECT, EDGE, WRAP }

    /**
     * ONNX Pad: {@code pads} lists the begin pads of every axis, then the end pads. Negative pads crop first, and
     * the other modes then read the cropped tensor (as the spec's reference implementation and ONNX Runtime do):
     * reflect mirrors without repeating the edge; edge repeats it; wrap repeats the whole axis (numpy's modes).
     */
    public static void pad(int[] shape, long[] pads, PadMode mode, float value, MemorySegment x, long xOff,
                           MemorySegment y, long yOff, Parallel pool) {
        int[] out = padShape(shape, pads);
        Remap.run(out, padTables(shape, pads, mode), value, x, xOff, y, yOff, pool);
    }

    /** The shape Pad makes of {@code shape} with {@code pads}. */
    static int[] padShape(int[] shape, long[] pads) {
        int r = shape.length;
        if (pads.length != 2 * r) {
            throw new IllegalArgumentException("Pad: " + pads.length + " pads for rank " + r + ", expected " + 2 * r);
        }
        int[] out = new int[r];
        for (int d = 0; d < r; d++) {
            out[d] = Math.toIntExact(shape[d] + pads[d] + pads[r + d]);
        }
        return out;
    }

    /** Pad as {@link Remap} tables: per output index of each axis, the input offset it reads, or {@link Remap#FILL}. */
    static long[][] padTables(int[] shape, long[] pads, PadMode mode) {
        int r = shape.length;
        int[] out = padShape(shape, pads);
        long[] strides = Shapes.strides(shape);
        long[][] tables = new long[r][];
        for (int d = 0; d < r; d++) {
            int lo = (int) Math.max(0, -pads[d]);                         // the cropped axis: [lo, lo + kept)
            int kept = (int) (shape[d] - lo - Math.max(0, -pads[r + d]));
            if (out[d] < 0 || kept < 0 || mode != PadMode.CONSTANT && kept == 0 && out[d] > 0) {
                throw new IllegalArgumentException("Pad: axis " + d + " of size " + shape[d] + " cannot take pads "
                        + pads[d] + " and " + pads[r + d]);
            }
            int[] index = new int[out[d]];
            for (int i = 0; i < out[d]; i++) {
                int in = (int) (i - Math.max(0, pads[d]));                 // index into the cropped axis
                index[i] = in >= 0 && in < kept ? lo + in : switch (mode) {
                    case CONSTANT -> -1;
                    case EDGE -> lo + Math.clamp(in, 0, kept - 1);
                    case REFLECT -> lo + reflect(in, kept);
                    case WRAP -> lo + Math.floorMod(in, kept);
                };
            }
            tables[d] = Remap.table(index, strides[d]);
        }
        return tables;
    }

    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    /** ONNX Expand: x broadcast (numpy's rule) against {@code shape}. */
    public static void expand(int[] xShape, int[] shape, MemorySegment x, long xOff, MemorySegment y, long yOff,
                              Parallel pool) {
        int[] out = Broadcast.shape(xShape, shape);
        Remap.run(out, expandTables(xShape, out), 0f, x, xOff, y, yOff, pool);
    }

    /** The {@link Remap} tables of Expand of {@code xShape} to {@code out}: stride 0 along the repeated axes. */
    static long[][] expandTables(int[] xShape, int[] out) {
        long[] strides = Broadcast.stridesFor(xShape, out, 1);
        long[][] tables = new long[out.length][];
        for (int d = 0; d < out.length; d++) {
            tables[d] = new long[out[d]];
            for (int i = 0; i < out[d]; i++) {
                tables[d][i] = i * strides[d];
            }
        }
        return tables;
    }

    /** ONNX Tile: output dimension d is {@code shape[d] * repeats[d]}, reading index i mod shape[d]. */
    public static void tile(int[] shape, long[] repeats, MemorySegment x, long xOff, MemorySegment y, long yOff,
                            Parallel pool) {
        Remap.run(tileShape(shape, repeats), tileTables(shape, repeats), 0f, x, xOff, y, yOff, pool);
    }

    /** Tile's output shape: {@code shape[d] * repeats[d]}. */
    static int[] tileShape(int[] shape, long[] repeats) {
        if (repeats.length != shape.length) {
            throw new IllegalArgumentException("Tile: " + repeats.length + " repeats for rank " + shape.length);
        }
        int[] out = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            out[d] = Math.toIntExact(shape[d] * repeats[d]);
        }
        return out;
    }

    /** The {@link Remap} tables of Tile: output index i of dimension d reads index i mod shape[d]. */
    static long[][] tileTables(int[] shape, long[] repeats) {
        int[] out = tileShape(shape, repeats);
        long[] strides = Shapes.strides(shape);
        long[][] tables = new long[shape.length][];
        for (int d = 0; d < shape.length; d++) {
            tables[d] = new long[out[d]];
            for (int i = 0; i < out[d]; i++) {
                tables[d][i] = (i % shape[d]) * strides[d];
            }
        }
        return tables;
    }

    /**
     * ONNX DepthToSpace on n x c x h x w: a reshape, transpose and reshape. DCR reads x as (n, b, b, c/b², h, w),
     * CRD as (n, c/b², b, b, h, w).
     */
    public static void depthToSpace(int n, int c, int h, int w, int blocksize, boolean crd, MemorySegment x,
                                    long xOff, MemorySegment y, long yOff, Parallel pool) {
        int b = blocksize;
        if (b < 1 || c % (b * b) != 0) {
            throw new IllegalArgumentException("DepthToSpace: " + c + " channels do not divide by blocksize² = "
                    + b * b);
        }
        int cOut = c / (b * b);
        if (crd) {
            Transpose.run(new int[] {n, cOut, b, b, h, w}, new int[] {0, 1, 4, 2, 5, 3}, x, xOff, y, yOff, pool);
        } else {
            Transpose.run(new int[] {n, b, b, cOut, h, w}, new int[] {0, 3, 4, 1, 5, 2}, x, xOff, y, yOff, pool);
        }
    }
}
