package cgc.runtime.cpu;

/**
 * The geometry of a 2-D MaxPool or AveragePool over NCHW. With {@code ceilMode} the output size rounds up, but a
 * window that would start past the end of the input and its leading pad is dropped (as ONNX Runtime and PyTorch do).
 */
public record PoolSpec(int n, int c, int h, int w, int kh, int kw, int strideH, int strideW, int padTop,
                       int padLeft, int padBottom, int padRight, int dilationH, int dilationW, boolean ceilMode,
                       boolean countIncludePad) {
    public PoolSpec {
        if (n < 1 || c < 1 || h < 1 || w < 1 || kh < 1 || kw < 1 || strideH < 1 || strideW < 1 || dilationH < 1
                || dilationW < 1 || padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0) {
            throw new IllegalArgumentException("invalid pool geometry: input " + n + "x" + c + "x" + h + "x" + w
                    + ", kernel " + kh + "x" + kw + ", stride " + strideH + "x" + strideW);
        }
        if (size(h, kh, strideH, padTop, padBottom, dilationH, ceilMode) < 1
                || size(w, kw, strideW, padLeft, padRight, dilationW, ceilMode) < 1) {
            throw new IllegalArgumentException("pool of kernel " + kh + "x" + kw + " over " + h + "x" + w
                    + " has an empty output");
        }
    }

    public int oh() {
        return size(h, kh, strideH, padTop, padBottom, dilationH, ceilMode);
    }

    public int ow() {
        return size(w, kw, strideW, padLeft, padRight, dilationW, ceilMode);
    }

    static int size(int in, int k, int stride, int padBegin, int padEnd, int dilation, boolean ceil) {
        int span = in + padBegin + padEnd - dilation * (k - 1) - 1;
        if (span < 0) {
            return 0;
        }
        int out = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceil && (out - 1) * stride >= in + padBegin) {
            out--;
        }
        return out;
    }
}
