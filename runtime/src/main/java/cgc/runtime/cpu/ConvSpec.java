package cgc.runtime.cpu;

/**
 * The geometry of one 2-D convolution (ONNX Conv, NCHW): input n x c x h x w, weights oc x (c / groups) x kh x kw,
 * output n x oc x oh() x ow(), pads as ONNX orders them (top, left, bottom, right), and the fused activation.
 * Generated plans hold one per layer in a {@code static final} field, so every size is a JIT-time constant.
 */
public record ConvSpec(int n, int c, int h, int w, int oc, int kh, int kw, int strideH, int strideW,
                       int padTop, int padLeft, int padBottom, int padRight, int dilationH, int dilationW,
                       int groups, Act act) {
    public ConvSpec {
        java.util.function.Supplier<String> shape = () -> shapeText(n, c, h, w, oc, kh, kw, strideH, strideW, padTop,
                padLeft, padBottom, padRight, dilationH, dilationW, groups);   // only for an error
        if (n < 1 || c < 1 || h < 1 || w < 1 || oc < 1 || kh < 1 || kw < 1 || strideH < 1 || strideW < 1
                || dilationH < 1 || dilationW < 1 || groups < 1 || padTop < 0 || padLeft < 0 || padBottom < 0
                || padRight < 0) {
            throw new IllegalArgumentException("invalid conv geometry " + shape.get());
        }
        if (c % groups != 0 || oc % groups != 0) {
            throw new IllegalArgumentException("conv " + shape.get() + ": channels " + c + " and " + oc
                    + " must both divide by groups " + groups);
        }
        // fields are not assigned yet inside the compact constructor: the sizes are computed from the parameters
        if (h + padTop + padBottom < dilationH * (kh - 1) + 1 || w + padLeft + padRight < dilationW * (kw - 1) + 1) {
            throw new IllegalArgumentException("conv " + shape.get() + " has an empty output");
        }
    }

    /** Output height. */
    public int oh() {
        return (h + padTop + padBottom - dilationH * (kh - 1) - 1) / strideH + 1;
    }

    /** Output width. */
    public int ow() {
        return (w + padLeft + padRight - dilationW * (kw - 1) - 1) / strideW + 1;
    }

    /** Input channels per group. */
    public int cg() {
        return c / groups;
    }

    /** Output channels per group. */
    public int ocg() {
        return oc / groups;
    }

    /** groups == c == oc: one filter per channel. */
    public boolean depthwise() {
        return groups == c && groups == oc;
    }

    /** 1x1, stride 1, no padding: a plain matrix product per image and group. */
    public boolean pointwise() {
        return kh == 1 && kw == 1 && strideH == 1 && strideW == 1 && padTop == 0 && padLeft == 0
                && padBottom == 0 && padRight == 0;
    }

    /** Multiply-adds of the whole convolution. */
    public long macs() {
        return (long) n * oc * oh() * ow() * cg() * kh * kw;
    }

    /** Inside the compact constructor the fields are still zero: every name here is the parameter's. */
    private static String shapeText(int n, int c, int h, int w, int oc, int kh, int kw, int strideH, int strideW,
                                    int padTop, int padLeft, int padBottom, int padRight, int dilationH,
                                    int dilationW, int groups) {
        return n + "x" + c + "x" + h + "x" + w + " -> oc " + oc + ", kernel " + kh + "x" + kw + ", stride " + strideH
                + "x" + strideW + ", pads " + padTop + "," + padLeft + "," + padBottom + "," + padRight
                + ", dilation " + dilationH + "x" + dilationW + ", groups " + groups;
    }
}
