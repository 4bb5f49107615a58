package cgc.runtime.cpu;

/**
 * ONNX Resize of the two spatial axes of NCHW (n and c keep their size), by {@code scaleH} / {@code scaleW} (the
 * Resize scales, or output / input size when sizes were given). Cubic interpolation takes {@code cubicA} (the
 * {@code cubic_coeff_a} attribute) and {@code excludeOutside}. With {@code antialias} (linear and cubic), each axis
 * is filtered by the interpolation kernel stretched by 1 / scale where it shrinks ({@link AntialiasTable});
 * {@code crop} holds tf_crop_and_resize's region (null for every other coordinate mode).
 */
public record ResizeSpec(int n, int c, int h, int w, int oh, int ow, float scaleH, float scaleW, Mode mode,
                         Coordinates coordinates, Nearest nearest, float cubicA, boolean excludeOutside,
                         boolean antialias, Crop crop) {
    /** Interpolation. */
    public enum Mode { NEAREST, LINEAR, CUBIC }

    /** coordinate_transformation_mode. */
    public enum Coordinates {
        HALF_PIXEL, HALF_PIXEL_SYMMETRIC, PYTORCH_HALF_PIXEL, ALIGN_CORNERS, ASYMMETRIC, TF_HALF_PIXEL_FOR_NN,
        TF_CROP_AND_RESIZE
    }

    /**
     * tf_crop_and_resize's region of the input, as fractions of each axis's extent (the roi input's starts and
     * ends), and the value of outputs whose source falls outside the input ({@code extrapolation_value}).
     */
    public record Crop(float startH, float endH, float startW, float endW, float extrapolation) {}

    /** nearest_mode: how a fractional source coordinate becomes an index. */
    public enum Nearest { ROUND_PREFER_FLOOR, ROUND_PREFER_CEIL, FLOOR, CEIL }

    public ResizeSpec {
        if (n < 1 || c < 1 || h < 1 || w < 1 || oh < 1 || ow < 1 || !(scaleH > 0) || !(scaleW > 0)) {
            throw new IllegalArgumentException("invalid Resize: " + n + "x" + c + "x" + h + "x" + w + " -> "
                    + oh + "x" + ow + " by " + scaleH + "x" + scaleW);
        }
        if ((coordinates == Coordinates.TF_CROP_AND_RESIZE) != (crop != null)) {
            throw new IllegalArgumentException("a Resize has a crop region exactly when its coordinates are "
                    + "tf_crop_and_resize, got " + coordinates + " with " + crop);
        }
        if (antialias && mode == Mode.NEAREST) {
            throw new IllegalArgumentException("antialias filters linear and cubic Resizes only");
        }
    }

    /** A nearest or linear Resize (the cubic parameters at their ONNX defaults, unused). */
    public ResizeSpec(int n, int c, int h, int w, int oh, int ow, float scaleH, float scaleW, Mode mode,
                      Coordinates coordinates, Nearest nearest) {
        this(n, c, h, w, oh, ow, scaleH, scaleW, mode, coordinates, nearest, -0.75f, false, false, null);
    }

    /**
     * Per output coordinate of one axis, for nearest and linear: the source index ({@code i0}, nearest), or the two
     * neighbours and the weight of the second (linear; the source coordinate clamped into the input, as ONNX Runtime
     * does). The GPU kernel bakes the same tables into its source, so both sides read the same pixels.
     */
    public record AxisTable(int[] i0, int[] i1, float[] frac) {}

    /** One of the two axes: its sizes, its scale and its crop range (0 to 1 without a crop). */
    record Axis(int in, int out, float scale, float roiStart, float roiEnd) {}

    /** The rows' axis. */
    Axis height() {
        return new Axis(h, oh, scaleH, crop == null ? 0 : crop.startH(), crop == null ? 1 : crop.endH());
    }

    /** The columns' axis. */
    Axis width() {
        return new Axis(w, ow, scaleW, crop == null ? 0 : crop.startW(), crop == null ? 1 : crop.endW());
    }

    /** The table of the rows. */
    public AxisTable rows() { return table(height()); }

    /** The table of the columns. */
    public AxisTable cols() { return table(width()); }

    /**
     * Per output coordinate of an axis, whether its source lies outside the input (so that the output is the crop's
     * extrapolation value); null without a crop, as no other mode extrapolates. An axis of scale 1 maps onto itself
     * ({@link #source}), so none of its coordinates falls outside.
     */
    /** {@link #outside} of the rows, for the GPU's tables. */
    public boolean[] outsideRows() { return outside(height()); }

    /** {@link #outside} of the columns, for the GPU's tables. */
    public boolean[] outsideCols() { return outside(width()); }

    boolean[] outside(Axis a) {
        if (crop == null) {
            return null;
        }
        boolean[] out = new boolean[a.out()];
        for (int o = 0; o < a.out(); o++) {
            // antialias tests its window's centre less its half pixel, in float, as ONNX Runtime does
            double src = antialias ? (0.5f + (float) source(o, a)) - 0.5f : source(o, a);
            out[o] = src < 0 || src > a.in() - 1;
        }
        return out;
    }

    private AxisTable table(Axis a) {
        int in = a.in();
        int out = a.out();
        int[] i0 = new int[out];
        int[] i1 = new int[out];
        float[] frac = new float[out];
        for (int o = 0; o < out; o++) {
            double src = source(o, a);
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
     * Per output coordinate of one axis under antialias: the input range {@code [min, max)} it reads and the weights
     * of those inputs ({@code window} floats apart from one output to the next). As ONNX Runtime builds them: the
     * interpolation kernel (linear's triangle, or Keys' cubic with {@link #cubicA}) stretched by 1 / scale where the
     * axis shrinks, centred on the source coordinate, normalised to sum 1; the weights of taps past either end of the
     * input fold onto the edge taps, or with {@link #excludeOutside} are left out before normalising.
     */
    public record AntialiasTable(int[] min, int[] max, float[] weights, int window) {}

    /** The antialias table of the rows. */
    public AntialiasTable antialiasRows() { return antialias(height()); }

    /** The antialias table of the columns. */
    public AntialiasTable antialiasCols() { return antialias(width()); }

    private AntialiasTable antialias(Axis a) {
        float scale = 1f / a.scale();                             // input pixels per output pixel
        float support = (mode == Mode.CUBIC ? 2f : 1f) * Math.max(scale, 1f);
        int window = (int) Math.ceil(support) * 2 + 1;
        float step = scale >= 1f ? 1f / scale : 1f;               // kernel units per input pixel
        int in = a.in();
        int out = a.out();
        int[] min = new int[out];
        int[] max = new int[out];
        float[] weights = new float[window * out];
        float[] taps = new float[window];
        for (int o = 0; o < out; o++) {
            float center = 0.5f + (scale == 1f ? o : (float) source(o, a));
            long first = (long) Math.floor(center - support + 0.5f);
            long end = first + Math.clamp((long) Math.floor(center + support + 0.5f) - first, 0, window);
            int lo = (int) Math.clamp(first, 0, in);
            int hi = (int) Math.clamp(end, 0, in);
            long from = excludeOutside ? lo : first;
            int count = (int) ((excludeOutside ? hi : end) - from);
            java.util.Arrays.fill(taps, 0f);
            float total = 0;
            for (int t = 0; t < count; t++) {
                taps[t] = filter((t + from - center + 0.5f) * step);
                total += taps[t];
            }
            if (!excludeOutside && lo < hi) {
                // the taps before the input add into the first inside one, those past it into the last; then the
                // inside ones move to the front
                int before = (int) Math.clamp(-from, 0, count - 1);
                for (int t = 0; t < before; t++) {
                    taps[before] += taps[t];
                }
                int after = (int) Math.clamp(count + from - in, 0, count - 1);
                for (int t = count - after; t < count; t++) {
                    taps[count - after - 1] += taps[t];
                }
                for (int t = 0; (before | after) > 0 && t < hi - lo; t++) {
                    taps[t] = taps[t + before];
                }
            }
            float norm = total == 0f ? 1f : 1f / total;
            for (int t = 0; t < hi - lo; t++) {
                weights[o * window + t] = taps[t] * norm;
            }
            min[o] = lo;
            max[o] = hi;
        }
        return new AntialiasTable(min, max, weights, window);
    }

    /** The interpolation kernel at distance x (in kernel units): linear's triangle or Keys' cubic. */
    private float filter(float x) {
        x = Math.abs(x);
        if (mode == Mode.CUBIC) {
            if (x < 1f) {
                return ((cubicA + 2f) * x - (cubicA + 3f)) * x * x + 1;
            }
            return x < 2f ? (((x - 5f) * x + 8f) * x - 4f) * cubicA : 0f;
        }
        return x < 1f ? 1f - x : 0f;
    }

    /**
     * The source coordinate of output coordinate {@code x} along an axis of {@code in} -> {@code out} by scale, in
     * float as ONNX Runtime computes it: the nearest modes floor, ceil and round it, and a double can land on the
     * other side of a whole number ((1 + 0.5) / 0.6 - 0.5 is 2 in float, 1.9999999 in double).
     */
    double source(int x, Axis a) {
        int in = a.in();
        int out = a.out();
        float scale = a.scale();
        if (scale == 1f) {
            return x;               // ONNX Runtime maps an axis of scale 1 onto itself in every mode, a crop's included
        }
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
            // the region's start plus x steps across it; one output takes its middle (ONNX Runtime's 0.5 is a double)
            case TF_CROP_AND_RESIZE -> out > 1
                    ? a.roiStart() * (in - 1f) + x * (a.roiEnd() - a.roiStart()) * (in - 1f) / (out - 1f)
                    : (float) (0.5 * (a.roiStart() + a.roiEnd()) * (in - 1f));
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
