package cgc.codegen;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Node;
import java.util.List;

/**
 * The explicit pads of a 2-D Conv as {@code top, left, bottom, right}, resolving {@code auto_pad} as the ONNX Conv
 * spec defines it: SAME_UPPER / SAME_LOWER pad so that {@code out = ceil(in / stride)}, with the odd pixel at the end
 * (UPPER) or the beginning (LOWER); VALID pads nothing.
 */
final class ConvPads {
    private ConvPads() {}

    static long[] of(Node n, long[] x, long[] w, List<Long> strides, List<Long> dilations) {
        String auto = n.attrs().getString("auto_pad", "NOTSET");
        return switch (auto) {
            case "NOTSET" -> {
                List<Long> p = n.attrs().getInts("pads", List.of(0L, 0L, 0L, 0L));
                yield new long[] {p.get(0), p.get(1), p.get(2), p.get(3)};
            }
            case "VALID" -> new long[4];
            case "SAME_UPPER", "SAME_LOWER" -> {
                long[] pads = new long[4];
                for (int d = 0; d < 2; d++) {
                    long in = x[2 + d], s = strides.get(d), k = (w[2 + d] - 1) * dilations.get(d) + 1;
                    long out = (in + s - 1) / s;
                    long total = Math.max(0, (out - 1) * s + k - in);
                    long small = total / 2, big = total - small;
                    pads[d] = auto.equals("SAME_UPPER") ? small : big;
                    pads[d + 2] = auto.equals("SAME_UPPER") ? big : small;
                }
                yield pads;
            }
            default -> throw new CgcException(Where.NOWHERE.node(n.name()).op(n.op().opType()).detail("attribute \"auto_pad\""),
                    "expected NOTSET, SAME_UPPER, SAME_LOWER or VALID, got \"" + auto + "\"");
        };
    }

    /**
     * The pads of a 2-D ConvTranspose as {@code top, left, bottom, right}: the attributes', or, with {@code
     * output_shape} or {@code auto_pad} SAME_*, the total padding {@code stride (in - 1) + output_padding + dilation
     * (k - 1) + 1 - out} for the output size {@code y} that shape inference gave, split as ONNX Runtime splits it: the
     * larger half at the start for SAME_LOWER, at the end otherwise (negative where the output is larger than the
     * full one; the conformance suite checks both against ONNX Runtime).
     */
    static long[] ofTranspose(Node n, long[] x, long[] w, long[] y) {
        var a = n.attrs();
        List<Long> strides = a.getInts("strides", List.of(1L, 1L)), dil = a.getInts("dilations", List.of(1L, 1L));
        List<Long> outPad = a.getInts("output_padding", List.of(0L, 0L));
        String auto = a.getString("auto_pad", "NOTSET");
        if (!a.has("output_shape") && !auto.startsWith("SAME")) {
            if (auto.equals("VALID")) return new long[4];
            List<Long> p = a.getInts("pads", List.of(0L, 0L, 0L, 0L));
            return new long[] {p.get(0), p.get(1), p.get(2), p.get(3)};
        }
        long[] pads = new long[4];
        for (int d = 0; d < 2; d++) {
            long total = strides.get(d) * (x[2 + d] - 1) + outPad.get(d) + dil.get(d) * (w[2 + d] - 1) + 1 - y[2 + d];
            pads[d] = transposeBegin(auto, total);
            pads[d + 2] = total - pads[d];
        }
        return pads;
    }

    /**
     * The start's share of a ConvTranspose's total padding (output_shape given, or auto_pad SAME_*), as the spec and
     * ONNX Runtime split it: the smaller half with SAME_UPPER, the larger in every other mode. A total below zero (an
     * output_shape past the natural size) pads nothing at the start, as ONNX Runtime's: the end's negative pad
     * lengthens the output, whose extra places take no input.
     */
    static long transposeBegin(String autoPad, long total) {
        if (total <= 0) return 0;
        return autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
    }
}
