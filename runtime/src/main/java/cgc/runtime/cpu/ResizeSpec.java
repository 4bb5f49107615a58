package cgc.runtime.cpu;

/**
 * ONNX Resize of the two spatial axes of NCHW (n and c keep their size), by {@code scaleH} / {@code scaleW} (the
 * Resize scales, or output / input size when sizes were given).
 */
public record ResizeSpec(int n, int c, int h, int w, int oh, int ow, float scaleH, float scaleW, Mode mode,
                         Coordinates coordinates, Nearest nearest) {
    /** Interpolation; cubic is not implemented. */
    public enum Mode { NEAREST, LINEAR }

    /** coordinate_transformation_mode. */
    public enum Coordinates { HALF_PIXEL, PYTORCH_HALF_PIXEL, ALIGN_CORNERS, ASYMMETRIC }

    /** nearest_mode: how a fractional source coordinate becomes an index. */
    public enum Nearest { ROUND_PREFER_FLOOR, ROUND_PREFER_CEIL, FLOOR, CEIL }

    public ResizeSpec {
        if (n < 1 || c < 1 || h < 1 || w < 1 || oh < 1 || ow < 1 || !(scaleH > 0) || !(scaleW > 0)) {
            throw new IllegalArgumentException("invalid Resize: " + n + "x" + c + "x" + h + "x" + w + " -> "
                    + oh + "x" + ow + " by " + scaleH + "x" + scaleW);
        }
    }

    /** The source coordinate of output coordinate {@code x} along an axis of {@code in} -> {@code out} by scale. */
    double source(int x, int in, int out, float scale) {
        return switch (coordinates) {
            case HALF_PIXEL -> (x + 0.5) / scale - 0.5;
            case PYTORCH_HALF_PIXEL -> out > 1 ? (x + 0.5) / scale - 0.5 : 0;
            case ALIGN_CORNERS -> out == 1 ? 0 : x * (in - 1) / (double) (out - 1);
            case ASYMMETRIC -> x / (double) scale;
        };
    }

    int nearestIndex(double src, int in) {
        double f = Math.floor(src);
        int i = switch (nearest) {
            case FLOOR -> (int) f;
            case CEIL -> (int) Math.ceil(src);
            case ROUND_PREFER_FLOOR -> src - f == 0.5 ? (int) f : (int) Math.round(src);
            case ROUND_PREFER_CEIL -> (int) Math.round(src);
        };
        return Math.clamp(i, 0, in - 1);
    }
}
