package cgc.runtime.cpu;

/**
 * ONNX Resize of the two spatial axes of NCHW (n and c keep their size), by {@code scaleH} / {@code scaleW} (the
 * Resize scales, or output / input size when sizes were given). Cubic interpolation takes {@code cubicA} (the
 * {@code cubic_coeff_a} attribute) and {@code excludeOutside}.
 */
public record ResizeSpec(int n, int c, int h, int w, int oh, int ow, float scaleH, float scaleW, Mode mode,
                         Coordinates coordinates, Nearest nearest, float cubicA, boolean excludeOutside) {
    /** Interpolation. */
    public enum Mode { NEAREST, LINEAR, CUBIC }

    /** coordinate_transformation_mode (but tf_crop_and_resize). */
    public enum Coordinates {
        HALF_PIXEL, HALF_PIXEL_SYMMETRIC, PYTORCH_HALF_PIXEL, ALIGN_CORNERS, ASYMMETRIC, TF_HALF_PIXEL_FOR_NN
    }

    /** nearest_mode: how a fractional source coordinate becomes an index. */
    public enum Nearest { ROUND_PREFER_FLOOR, ROUND_PREFER_CEIL, FLOOR, CEIL }

    public ResizeSpec {
        if (n < 1 || c < 1 || h < 1 || w < 1 || oh < 1 || ow < 1 || !(scaleH > 0) || !(scaleW > 0)) {
            throw new IllegalArgumentException("invalid Resize: " + n + "x" + c + "x" + h + "x" + w + " -> "
                    + oh + "x" + ow + " by " + scaleH + "x" + scaleW);
        }
    }

    /** A nearest or linear Resize (the cubic parameters at their ONNX defaults, unused). */
    public ResizeSpec(int n, int c, int h, int w, int oh, int ow, float scaleH, float scaleW, Mode mode,
                      Coordinates coordinates, Nearest nearest) {
        this(n, c, h, w, oh, ow, scaleH, scaleW, mode, coordinates, nearest, -0.75f, false);
    }

    /**
     * Per output coordinate of one axis, for nearest and linear: the source index ({@code i0}, nearest), or the two
     * neighbours and the weight of the second (linear; the source coordinate clamped into the input, as ONNX Runtime
     * does). The GPU kernel bakes the same tables into its source, so both sides read the same pixels.
     */
    public record AxisTable(int[] i0, int[] i1, float[] frac) {}

    /** The table of the rows. */
    public AxisTable rows() { return table(h, oh, scaleH); }

    /** The table of the columns. */
    public AxisTable cols() { return table(w, ow, scaleW); }

    private AxisTable table(int in, int out, float scale) {
        int[] i0 = new int[out];
        int[] i1 = new int[out];
        float[] frac = new float[out];
        for (int o = 0; o < out; o++) {
            double src = source(o, in, out, scale);
            if (mode == Mode.NEAREST) {
                i0[o] = nearestIndex(src, in);
                i1[o] = i0[o];
            } else {
                double c = Math.clamp(src, 0, in - 1);
                i0[o] = (int) Math.floor(c);
                i1[o] = Math.min(i0[o] + 1, in - 1);
                frac[o] = (float) (c - i0[o]);
            }
        }
        return new AxisTable(i0, i1, frac);
    }

    /**
     * The source coordinate of output coordinate {@code x} along an axis of {@code in} -> {@code out} by scale, in
     * float as ONNX Runtime computes it: the nearest modes floor, ceil and round it, and a double can land on the
     * other side of a whole number ((1 + 0.5) / 0.6 - 0.5 is 2 in float, 1.9999999 in double).
     */
    double source(int x, int in, int out, float scale) {
        return switch (coordinates) {
            case HALF_PIXEL -> (x + 0.5f) / scale - 0.5f;
            case HALF_PIXEL_SYMMETRIC -> {     // half_pixel about the centre, for the output's rounding to whole pixels
                float adjustment = out / (scale * in);
                float offset = in / 2f * (1 - adjustment);
                yield (float) (offset + ((x + 0.5) / scale - 0.5));   // ONNX Runtime's 0.5 is a double here
            }
            case PYTORCH_HALF_PIXEL -> out > 1 ? (x + 0.5f) / scale - 0.5f : 0;
            case ALIGN_CORNERS -> out == 1 ? 0 : x * (float) (in - 1) / (out - 1);
            case ASYMMETRIC -> x / scale;
            case TF_HALF_PIXEL_FOR_NN -> (x + 0.5f) / scale;   // opsets 11 and 12: TensorFlow's nearest neighbours
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

    /**
     * The four weights of the cubic convolution (Keys, with {@code a = cubicA}) of the taps {@code floor(src) - 1 ..
     * floor(src) + 2} at fraction {@code s = src - floor(src)}; ONNX Runtime's {@code GetCubicCoeffs}.
     */
    float[] cubicWeights(double s) {
        double a = cubicA;
        double s1 = s + 1;
        double t = 1 - s;
        double t1 = 2 - s;
        return new float[] {
            (float) (((a * s1 - 5 * a) * s1 + 8 * a) * s1 - 4 * a),
            (float) (((a + 2) * s - (a + 3)) * s * s + 1),
            (float) (((a + 2) * t - (a + 3)) * t * t + 1),
            (float) (((a * t1 - 5 * a) * t1 + 8 * a) * t1 - 4 * a),
        };
    }
}
