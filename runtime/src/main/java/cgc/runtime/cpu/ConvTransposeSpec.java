package cgc.runtime.cpu;

/**
 * The geometry of a 2-D ONNX ConvTranspose over NCHW: weights c x (oc / groups) x kh x kw; output height
 * {@code strideH (h - 1) + outPadH + dilationH (kh - 1) + 1 - padTop - padBottom}, likewise the width.
 */
public record ConvTransposeSpec(int n, int c, int h, int w, int oc, int kh, int kw, int strideH, int strideW,
                                int padTop, int padLeft, int padBottom, int padRight, int dilationH,
                                int dilationW, int outPadH, int outPadW, int groups, Act act) {
    public ConvTransposeSpec {
        if (n < 1 || c < 1 || h < 1 || w < 1 || oc < 1 || kh < 1 || kw < 1 || strideH < 1 || strideW < 1
                || dilationH < 1 || dilationW < 1 || groups < 1 || c % groups != 0 || oc % groups != 0
                || outPadH < 0 || outPadW < 0) {
            throw new IllegalArgumentException("invalid ConvTranspose geometry: input " + n + "x" + c + "x" + h
                    + "x" + w + ", oc " + oc + ", kernel " + kh + "x" + kw + ", groups " + groups);
        }
        if (strideH * (h - 1) + outPadH + dilationH * (kh - 1) + 1 - padTop - padBottom < 1
                || strideW * (w - 1) + outPadW + dilationW * (kw - 1) + 1 - padLeft - padRight < 1) {
            throw new IllegalArgumentException("ConvTranspose over " + h + "x" + w + " has an empty output");
        }
    }

    public int oh() {
        return strideH * (h - 1) + outPadH + dilationH * (kh - 1) + 1 - padTop - padBottom;
    }

    public int ow() {
        return strideW * (w - 1) + outPadW + dilationW * (kw - 1) + 1 - padLeft - padRight;
    }

    public int cg() {
        return c / groups;
    }

    public int ocg() {
        return oc / groups;
    }

    public long macs() {
        return (long) n * c * h * w * ocg() * kh * kw;
    }
}
