package cgc.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The shape rules of the op table, one static method per family of ops, following the type and shape inference of
 * the ONNX Operators spec (https://onnx.ai/onnx/operators/; the reference is {@code onnx/defs/*}: e.g.
 * {@code convPoolShapeInference}, shared here by Conv and the pools). A rule returns the output types of one node or
 * fails with a {@link cgc.diag.CgcException} naming the node, the input or attribute, and what was expected and found.
 * A symbolic dimension (a batch {@code N}) passes through wherever the op does not compute with it; a dimension the
 * rule cannot compute becomes unknown.
 */
public final class ShapeRules {
    private ShapeRules() {}

    // ---------------------------------------------------------------- elementwise

    /** Output 0 has the type of input 0: unary elementwise ops, activations, Identity, normalisations' Y. */
    static List<TensorType> same(ShapeContext cx) { return List.of(cx.type(0)); }

    /** Softmax: the type of the input; {@code axis} must be in range (its default is 1 before opset 13, -1 after). */
    static List<TensorType> softmax(ShapeContext cx) {
        axis(cx, "axis", cx.intAttr("axis"), cx.rank(0));
        return same(cx);
    }

    /** Binary arithmetic with multidirectional broadcasting; both operands have one element type. */
    static List<TensorType> broadcast(ShapeContext cx) {
        return List.of(new TensorType(commonDtype(cx, 0, cx.inputCount()), broadcastDims(cx, 0, cx.inputCount())));
    }

    /** Pow: broadcasting; the exponent may have another element type (opset 12 on). */
    static List<TensorType> pow(ShapeContext cx) {
        return List.of(new TensorType(cx.dtype(0), broadcastDims(cx, 0, 2)));
    }

    /**
     * Mod: broadcasting, one element type; floats only with {@code fmod} 1 (C's fmod): the spec's Python-style
     * remainder is for integers, and ONNX Runtime refuses it for floats.
     */
    static List<TensorType> mod(ShapeContext cx) {
        long fmod = cx.intAttr("fmod");
        if (fmod != 0 && fmod != 1) throw cx.attrError("fmod", "expected 0 or 1, got " + fmod);
        List<TensorType> y = broadcast(cx);
        DType t = y.getFirst().dtype();
        if (t.isFloat() && fmod == 0) {
            throw cx.attrError("fmod", "expected 1 for " + t.text() + " operands (fmod 0, the sign of the divisor, is"
                    + " for integers), got 0");
        }
        if (t == DType.BOOL) throw cx.inputError(0, "expected numbers, got " + cx.type(0));
        return y;
    }

    /** Comparisons and logic: broadcasting, boolean result. */
    static List<TensorType> compare(ShapeContext cx) {
        commonDtype(cx, 0, 2);
        return List.of(new TensorType(DType.BOOL, broadcastDims(cx, 0, 2)));
    }

    static List<TensorType> not(ShapeContext cx) { return List.of(cx.type(0).withDtype(DType.BOOL)); }

    /** Xor: bools in (ONNX allows no other), bool out, broadcasting. */
    static List<TensorType> logic(ShapeContext cx) {
        for (int i = 0; i < 2; i++) {
            if (cx.dtype(i) != DType.UNDEFINED && cx.dtype(i) != DType.BOOL) {
                throw cx.inputError(i, "expected bool, got " + cx.type(i));
            }
        }
        return compare(cx);
    }

    /** IsNaN and IsInf: a float input (ONNX allows no other), bools of its shape out. */
    static List<TensorType> floatTest(ShapeContext cx) {
        requireFloat(cx, 0);
        return not(cx);
    }

    /** The input's type, which must be a float type (the ops cgc supports on floats only). */
    static List<TensorType> sameFloat(ShapeContext cx) {
        requireFloat(cx, 0);
        return same(cx);
    }

    private static void requireFloat(ShapeContext cx, int i) {
        if (cx.dtype(i) != DType.UNDEFINED && !cx.dtype(i).isFloat()) {
            throw cx.inputError(i, "expected a float type, got " + cx.type(i));
        }
    }

    /** Where(cond, x, y): broadcasting over all three, the element type of x. */
    static List<TensorType> where(ShapeContext cx) {
        return List.of(new TensorType(commonDtype(cx, 1, 3), broadcastDims(cx, 0, 3)));
    }

    static List<TensorType> cast(ShapeContext cx) {
        long to = cx.intAttr("to");
        DType t = DType.fromOnnx((int) to).filter(d -> d != DType.UNDEFINED)
                .orElseThrow(() -> cx.attrError("to", "expected an ONNX element type code, got " + to));
        return List.of(cx.type(0).withDtype(t));
    }

    /** Dropout: Y like the input, and the optional mask of the same shape: of the input's type before opset 10, bool after. */
    static List<TensorType> dropout(ShapeContext cx) {
        TensorType x = cx.type(0);
        return cx.outputCount() == 1 ? List.of(x) : List.of(x, cx.opset() < 10 ? x : x.withDtype(DType.BOOL));
    }

    // ---------------------------------------------------------------- normalisation

    /** BatchNormalization: X is [N, C, ...]; scale, B, mean and var are [C]. */
    static List<TensorType> batchNorm(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        if (x.size() < 2) throw cx.inputError(0, "expected rank 2 or more [N, C, ...], got rank " + x.size() + " " + x);
        for (int i = 1; i <= 4; i++) channelVector(cx, i, x.get(1));
        TensorType y = cx.type(0);
        List<TensorType> out = new ArrayList<>(List.of(y));
        for (int i = 1; i < cx.outputCount(); i++) out.add(cx.type(3));
        return out;
    }

    /** InstanceNormalization: X is [N, C, ...]; scale and B are [C]. */
    static List<TensorType> instanceNorm(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        if (x.size() < 3) throw spatialRankError(cx, x);
        channelVector(cx, 1, x.get(1));
        channelVector(cx, 2, x.get(1));
        return same(cx);
    }

    /**
     * GroupNormalization: Y like X [N, C, D...]; num_groups divides C; scale and bias one per group before opset 21,
     * one per channel from 21.
     */
    static List<TensorType> groupNorm(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        if (x.size() < 2) throw cx.inputError(0, "expected rank 2 or more [N, C, D...], got " + cx.type(0));
        long groups = cx.intAttr("num_groups");
        if (groups < 1) throw cx.attrError("num_groups", "expected a positive group count, got " + groups);
        Dim c = x.get(1);
        if (c.isKnown() && c.size() % groups != 0) {
            throw cx.attrError("num_groups", "expected a divisor of the " + c + " channels, got " + groups);
        }
        Dim perInput = cx.opset() < 21 ? Dim.of(groups) : c;
        for (int i = 1; i <= 2; i++) {
            List<Dim> d = cx.dims(i, 1);
            if (perInput.isKnown() && d.getFirst().isKnown() && d.getFirst().size() != perInput.size()) {
                throw cx.inputError(i, "expected [" + perInput + "] (one per " + (cx.opset() < 21 ? "group" : "channel")
                        + " in opset " + cx.opset() + "), got " + d);
            }
        }
        return same(cx);
    }

    /** LayerNormalization: Y like X; the stashed Mean and InvStdDev keep the dims before {@code axis}, 1 after. */
    static List<TensorType> layerNorm(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        int axis = axis(cx, "axis", cx.intAttr("axis"), x.size());
        List<TensorType> out = new ArrayList<>(List.of(cx.type(0)));
        List<Dim> stats = new ArrayList<>(x.subList(0, axis));
        for (int i = axis; i < x.size(); i++) stats.add(Dim.of(1));
        DType stash = cx.intAttr("stash_type") == 1 ? DType.F32 : cx.dtype(0);
        for (int i = 1; i < cx.outputCount(); i++) out.add(new TensorType(stash, stats));
        return out;
    }

    // ---------------------------------------------------------------- matrix products

    /** MatMul: numpy matmul semantics (1-D operands promoted and the added dim removed; batch dims broadcast). */
    static List<TensorType> matmul(ShapeContext cx) {
        return List.of(new TensorType(commonDtype(cx, 0, 2), matmulDims(cx)));
    }

    /** cgc.Linear(X, W, B): MatMul, plus a bias that broadcasts onto the product without changing it. */
    static List<TensorType> linear(ShapeContext cx) {
        List<Dim> y = matmulDims(cx);
        if (cx.has(2) && !Broadcast.unidirectional(cx.dims(2), y)) {
            throw cx.inputError(2, "expected a bias that broadcasts to " + y + ", got " + cx.dims(2));
        }
        TensorType out = new TensorType(commonDtype(cx, 0, 2), y);
        if (cx.has(3) && cx.type(3).hasRank() && !cx.type(3).equals(out) && out.isStatic()) {   // the residual
            throw cx.inputError(3, "expected a residual of the output's type " + out + ", got " + cx.type(3));
        }
        return List.of(out);
    }

    /** Gemm: Y[M, N] = alpha * A' B' + beta * C with A' = transA ? A^T : A, B' likewise; C broadcasts to [M, N]. */
    static List<TensorType> gemm(ShapeContext cx) {
        List<Dim> a = cx.dims(0, 2);
        List<Dim> b = cx.dims(1, 2);
        boolean ta = cx.intAttr("transA") != 0;
        boolean tb = cx.intAttr("transB") != 0;
        Dim m = a.get(ta ? 1 : 0);
        Dim ka = a.get(ta ? 0 : 1);
        Dim kb = b.get(tb ? 1 : 0);
        Dim n = b.get(tb ? 0 : 1);
        if (ka.isKnown() && kb.isKnown() && ka.size() != kb.size()) {
            throw cx.inputError(1, "expected " + ka + " rows" + (tb ? " (transB: columns)" : "") + " to match A's "
                    + (ta ? "rows (transA)" : "columns") + ", got " + kb + " in " + b);
        }
        List<Dim> y = List.of(m, n);
        if (cx.has(2) && cx.type(2).hasRank() && !Broadcast.unidirectional(cx.dims(2), y)) {
            throw cx.inputError(2, "expected C to broadcast to " + y + ", got " + cx.dims(2));
        }
        return List.of(new TensorType(commonDtype(cx, 0, 2), y));
    }

    private static List<Dim> matmulDims(ShapeContext cx) { return matmulDims(cx, 1); }

    /** MatMul's output dims of A (input 0) and B (input bi). */
    private static List<Dim> matmulDims(ShapeContext cx, int bi) {
        List<Dim> a = cx.dims(0);
        List<Dim> b = cx.dims(bi);
        if (a.isEmpty()) throw cx.inputError(0, "expected rank 1 or more, got a scalar");
        if (b.isEmpty()) throw cx.inputError(bi, "expected rank 1 or more, got a scalar");
        List<Dim> aa = a.size() == 1 ? List.of(Dim.of(1), a.get(0)) : a;
        List<Dim> bb = b.size() == 1 ? List.of(b.get(0), Dim.of(1)) : b;
        Dim ka = aa.getLast();
        Dim kb = bb.get(bb.size() - 2);
        if (ka.isKnown() && kb.isKnown() && ka.size() != kb.size()) {
            throw cx.inputError(bi, "expected " + ka + " rows to match the columns of input 0 " + a + ", got " + kb
                    + " in " + b);
        }
        List<Dim> batch = Broadcast.shapes(aa.subList(0, aa.size() - 2), bb.subList(0, bb.size() - 2))
                .orElseThrow(() -> cx.inputError(bi, "batch dims " + bb.subList(0, bb.size() - 2)
                        + " do not broadcast with " + aa.subList(0, aa.size() - 2)));
        List<Dim> y = new ArrayList<>(batch);
        if (a.size() > 1) y.add(aa.get(aa.size() - 2));
        if (b.size() > 1) y.add(bb.getLast());
        return y;
    }

    // ---------------------------------------------------------------- convolution and pooling

    /** Conv: X [N, C, D...], W [M, C/group, k...], optional B [M] -> [N, M, out...]. */
    static List<TensorType> conv(ShapeContext cx) {
        List<Dim> y = convDims(cx, 1);
        if (cx.has(2)) channelVector(cx, 2, y.get(1));
        TensorType out = new TensorType(commonDtype(cx, 0, 2), y);
        if (cx.has(3) && cx.type(3).hasRank() && !cx.type(3).equals(out) && out.isStatic()) {   // the residual
            throw cx.inputError(3, "expected a residual of the output's type " + out + ", got " + cx.type(3));
        }
        return List.of(out);
    }

    /**
     * ConvInteger: Conv's dims, in i32, of u8 or i8 X and W; X's zero point a scalar (or one element), W's a scalar
     * or one per output channel.
     */
    static List<TensorType> convInteger(ShapeContext cx) {
        integerOperands(cx, "tensor");
        List<Dim> y = convDims(cx, 1);
        if (cx.has(2) && cx.type(2).hasRank() && !single(cx.dims(2))) {
            throw cx.inputError(2, "expected a scalar zero point of x, got " + cx.type(2));
        }
        if (cx.has(3) && cx.type(3).hasRank() && !single(cx.dims(3))) channelVector(cx, 3, y.get(1));
        return List.of(new TensorType(DType.I32, y));
    }

    /** Conv's output dims: X [N, C, D...] (input 0), W [M, C/group, k...] (input wi) -> [N, M, out...]. */
    private static List<Dim> convDims(ShapeContext cx, int wi) {
        List<Dim> x = cx.dims(0);
        if (x.size() < 3) throw spatialRankError(cx, x);
        List<Dim> w = cx.dims(wi, x.size());
        long group = cx.intAttr("group");
        if (group < 1) throw cx.attrError("group", "expected 1 or more, got " + group);
        Dim c = x.get(1);
        Dim cw = w.get(1);
        if (c.isKnown() && cw.isKnown() && c.size() != cw.size() * group) {
            throw cx.inputError(wi, "expected " + (c.size() % group == 0 ? c.size() / group : c.size() + "/" + group)
                    + " input channels per group (" + c + " channels, group " + group + ") in " + w + ", got " + cw);
        }
        Dim m = w.get(0);
        if (m.isKnown() && m.size() % group != 0) {
            throw cx.inputError(wi, "expected output channels divisible by group " + group + ", got " + m);
        }
        long[] kernel = kernel(cx, w.subList(2, w.size()));
        List<Dim> y = new ArrayList<>(List.of(x.get(0), m));
        y.addAll(convPoolSpatial(cx, x.subList(2, x.size()), kernel, false));
        return y;
    }

    /**
     * ConvTranspose: X [N, C, D...], W [C, M/group, k...] -> [N, M, out...] with
     * {@code out = stride * (in - 1) + output_padding + (k - 1) * dilation + 1 - pad_begin - pad_end}, or
     * {@code output_shape} when given, or {@code in * stride} for SAME_UPPER/SAME_LOWER.
     */
    static List<TensorType> convTranspose(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        if (x.size() < 3) throw spatialRankError(cx, x);
        List<Dim> w = cx.dims(1, x.size());
        long group = cx.intAttr("group");
        if (group < 1) throw cx.attrError("group", "expected 1 or more, got " + group);
        if (x.get(1).isKnown() && w.get(0).isKnown() && x.get(1).size() != w.get(0).size()) {
            throw cx.inputError(1, "expected " + x.get(1) + " input channels as dim 0 of " + w + ", got " + w.get(0));
        }
        Dim m = w.get(1).isKnown() ? Dim.of(w.get(1).size() * group) : Dim.UNKNOWN;
        if (cx.has(2)) channelVector(cx, 2, m);
        int n = x.size() - 2;
        long[] kernel = kernel(cx, w.subList(2, w.size()));
        long[] strides = perAxis(cx, "strides", n, 1);
        long[] dilations = perAxis(cx, "dilations", n, 1);
        long[] outPad = perAxis(cx, "output_padding", n, 0);
        long[] pads = pads(cx, n);
        String autoPad = autoPad(cx);
        Optional<List<Long>> outputShape = cx.intsAttr("output_shape");
        List<Dim> y = new ArrayList<>(List.of(x.get(0), m));
        for (int i = 0; i < n; i++) {
            if (outputShape.isPresent()) {
                List<Long> os = outputShape.get();
                if (os.size() < n) throw cx.attrError("output_shape", "expected " + n + " spatial sizes, got " + os);
                y.add(Dim.of(os.get(os.size() - n + i)));
                continue;
            }
            Dim in = x.get(2 + i);
            if (!in.isKnown()) { y.add(Dim.UNKNOWN); continue; }
            long ek = (kernel[i] - 1) * dilations[i] + 1;
            long out = switch (autoPad) {
                case "SAME_UPPER", "SAME_LOWER" -> in.size() * strides[i];
                case "VALID" -> strides[i] * (in.size() - 1) + outPad[i] + ek;
                default -> strides[i] * (in.size() - 1) + outPad[i] + ek - pads[i] - pads[i + n];
            };
            if (out < 1) throw cx.inputError(0, "spatial dim " + i + " would be " + out + " (input " + in + ")");
            y.add(Dim.of(out));
        }
        return List.of(new TensorType(commonDtype(cx, 0, 2), y));
    }

    /** MaxPool and AveragePool: [N, C, D...] -> [N, C, out...]; MaxPool's optional Indices are i64 of that shape. */
    static List<TensorType> pool(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        if (x.size() < 3) throw spatialRankError(cx, x);
        List<Long> k = cx.intsAttr("kernel_shape").orElseThrow(() -> cx.attrError("kernel_shape",
                "required attribute is missing"));
        if (k.size() != x.size() - 2) {
            throw cx.attrError("kernel_shape", "expected " + (x.size() - 2) + " sizes for input " + x + ", got " + k);
        }
        List<Dim> y = new ArrayList<>(x.subList(0, 2));
        boolean ceil = cx.intAttr("ceil_mode") != 0;
        y.addAll(convPoolSpatial(cx, x.subList(2, x.size()), k.stream().mapToLong(Long::longValue).toArray(), ceil));
        TensorType out = new TensorType(cx.dtype(0), y);
        return cx.outputCount() == 1 ? List.of(out) : List.of(out, out.withDtype(DType.I64));
    }

    /** GlobalAveragePool, GlobalMaxPool: [N, C, D...] -> [N, C, 1...]. */
    static List<TensorType> globalPool(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        if (x.size() < 3) throw spatialRankError(cx, x);
        List<Dim> y = new ArrayList<>(x.subList(0, 2));
        for (int i = 2; i < x.size(); i++) y.add(Dim.of(1));
        return List.of(new TensorType(cx.dtype(0), y));
    }

    /**
     * The spatial output sizes shared by Conv and the pools (ONNX {@code convPoolShapeInference}): with
     * {@code ek = (k - 1) * dilation + 1}, NOTSET gives {@code floor_or_ceil((in + pads - ek) / stride) + 1} (in ceil
     * mode a last window that would start inside the end padding is dropped, as ONNX Runtime and PyTorch do), VALID
     * gives {@code floor((in - ek) / stride) + 1}, SAME_UPPER and SAME_LOWER give {@code ceil(in / stride)}.
     */
    private static List<Dim> convPoolSpatial(ShapeContext cx, List<Dim> in, long[] kernel, boolean ceilMode) {
        int n = in.size();
        long[] strides = perAxis(cx, "strides", n, 1);
        long[] dilations = cx.node().kind().attr("dilations").filter(s -> s.existsIn(cx.opset())).isPresent()
                ? perAxis(cx, "dilations", n, 1) : ones(n);
        long[] pads = pads(cx, n);
        String autoPad = autoPad(cx);
        List<Dim> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (!in.get(i).isKnown()) { out.add(Dim.UNKNOWN); continue; }
            long d = in.get(i).size();
            long ek = (kernel[i] - 1) * dilations[i] + 1;
            long s = strides[i];
            long o = switch (autoPad) {
                case "SAME_UPPER", "SAME_LOWER" -> Math.ceilDiv(d, s);
                case "VALID" -> d < ek ? 0 : (d - ek) / s + 1;
                default -> {
                    long span = d + pads[i] + pads[i + n] - ek;
                    if (span < 0) yield 0;
                    long r = (ceilMode ? Math.ceilDiv(span, s) : span / s) + 1;
                    if (ceilMode && (r - 1) * s >= d + pads[i]) r--;
                    yield r;
                }
            };
            if (o < 1) {
                throw cx.inputError(0, "spatial dim " + i + " of size " + d + " is smaller than the kernel extent " + ek
                        + " (kernel " + kernel[i] + ", dilation " + dilations[i]
                        + ", pads " + pads[i] + "+" + pads[i + n] + ")");
            }
            out.add(Dim.of(o));
        }
        return out;
    }

    /**
     * The explicit pads {@code [begin..., end...]} of a Conv or pool node over spatial input sizes {@code in} (all
     * known), with {@code auto_pad} resolved as ONNX does: SAME_UPPER and SAME_LOWER pad to {@code ceil(in / stride)}
     * outputs, the odd pad going at the end (UPPER) or the beginning (LOWER); VALID pads nothing.
     */
    public static long[] explicitPads(Node n, long[] in, long[] kernel) {
        int k = in.length;
        long[] strides = longs(n.attrs().getInts("strides", null), k, 1);
        long[] dilations = longs(n.attrs().getInts("dilations", null), k, 1);
        String autoPad = n.attrs().getString("auto_pad", "NOTSET");
        long[] pads = new long[2 * k];
        switch (autoPad) {
            case "SAME_UPPER", "SAME_LOWER" -> {
                for (int i = 0; i < k; i++) {
                    long out = Math.ceilDiv(in[i], strides[i]);
                    long total = Math.max(0, (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - in[i]);
                    long small = total / 2;
                    pads[i] = autoPad.equals("SAME_UPPER") ? small : total - small;
                    pads[i + k] = total - pads[i];
                }
            }
            case "VALID" -> { }
            default -> pads = longs(n.attrs().getInts("pads", null), 2 * k, 0);
        }
        return pads;
    }

    private static long[] longs(List<Long> v, int n, long dflt) {
        long[] a = new long[n];
        Arrays.fill(a, dflt);
        if (v != null) for (int i = 0; i < Math.min(n, v.size()); i++) a[i] = v.get(i);
        return a;
    }

    private static RuntimeException spatialRankError(ShapeContext cx, List<Dim> x) {
        return cx.inputError(0, "expected rank 3 or more [N, C, D1, ...], got rank " + x.size() + " " + x);
    }

    private static long[] kernel(ShapeContext cx, List<Dim> w) {
        Optional<List<Long>> k = cx.intsAttr("kernel_shape");
        if (k.isPresent()) {
            if (k.get().size() != w.size()) {
                throw cx.attrError("kernel_shape", "expected " + w.size() + " sizes, got " + k.get());
            }
            for (int i = 0; i < w.size(); i++) {
                if (w.get(i).isKnown() && w.get(i).size() != k.get().get(i)) {
                    throw cx.attrError("kernel_shape", "expected " + w + " (the weight's spatial dims), got "
                            + k.get());
                }
            }
            return k.get().stream().mapToLong(Long::longValue).toArray();
        }
        if (!w.stream().allMatch(Dim::isKnown)) throw cx.undetermined();
        return w.stream().mapToLong(Dim::size).toArray();
    }

    private static String autoPad(ShapeContext cx) {
        String p = cx.stringAttr("auto_pad");
        if (!Set.of("NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID").contains(p)) {
            throw cx.attrError("auto_pad", "expected NOTSET, SAME_UPPER, SAME_LOWER or VALID, got \"" + p + "\"");
        }
        if (!p.equals("NOTSET") && cx.hasAttr("pads")) {
            throw cx.attrError("pads", "expected no explicit pads with auto_pad " + p);
        }
        return p;
    }

    private static long[] pads(ShapeContext cx, int n) {
        long[] p = perAxis(cx, "pads", 2 * n, 0);
        for (long v : p) if (v < 0) throw cx.attrError("pads", "expected no negative pads, got " + Arrays.toString(p));
        return p;
    }

    /** An ints attribute with one value per axis ({@code n} values), or {@code dflt} for each when absent. */
    private static long[] perAxis(ShapeContext cx, String attr, int n, long dflt) {
        Optional<List<Long>> v = cx.intsAttr(attr);
        if (v.isEmpty()) {
            long[] d = new long[n];
            Arrays.fill(d, dflt);
            return d;
        }
        if (v.get().size() != n) throw cx.attrError(attr, "expected " + n + " values, got " + v.get());
        long[] a = v.get().stream().mapToLong(Long::longValue).toArray();
        if (!attr.equals("pads") && !attr.equals("output_padding")) {
            for (long x : a) if (x < 1) throw cx.attrError(attr, "expected values of 1 or more, got " + v.get());
        }
        return a;
    }

    private static long[] ones(int n) {
        long[] a = new long[n];
        Arrays.fill(a, 1);
        return a;
    }

    // ---------------------------------------------------------------- shape manipulation

    /** Reshape: 0 copies the input dim (unless allowzero, opset 14 on), -1 takes what is left. */
    static List<TensorType> reshape(ShapeContext cx) {
        TensorType x = cx.type(0);
        List<Dim> shapeDims = cx.dims(1, 1);
        Optional<long[]> target = cx.constantLongs(1);
        if (target.isEmpty()) {
            if (!shapeDims.getFirst().isKnown()) throw cx.undetermined();
            return List.of(new TensorType(x.dtype(), Collections.nCopies((int) shapeDims.getFirst().size(),
                    Dim.UNKNOWN)));
        }
        boolean allowZero = cx.opset() >= 14 && cx.intAttr("allowzero") != 0;
        long[] t = target.get();
        List<Dim> in = cx.dims(0);
        List<Dim> out = new ArrayList<>();
        int inferred = -1;
        for (int i = 0; i < t.length; i++) {
            if (t[i] == -1) {
                if (inferred >= 0) throw cx.inputError(1, "expected at most one -1, got " + Arrays.toString(t));
                inferred = i;
                out.add(Dim.UNKNOWN);
            } else if (t[i] == 0 && !allowZero) {
                if (i >= in.size()) {
                    throw cx.inputError(1, "0 at position " + i + " copies a dim the input " + in + " does not have");
                }
                out.add(in.get(i));
            } else if (t[i] < 0) {
                throw cx.inputError(1, "expected sizes >= -1, got " + Arrays.toString(t));
            } else {
                out.add(Dim.of(t[i]));
            }
        }
        // Cancel what both sides share, then compare what is left: known products and symbols.
        List<Dim> restIn = new ArrayList<>(in);
        List<Dim> restOut = new ArrayList<>(out);
        if (inferred >= 0) restOut.remove(inferred);
        for (Dim d : List.copyOf(restOut)) if (!d.isKnown() && restIn.remove(d)) restOut.remove(d);
        long knownIn = product(restIn);
        long knownOut = product(restOut);
        List<Dim> symIn = restIn.stream().filter(d -> !d.isKnown()).toList();
        List<Dim> symOut = restOut.stream().filter(d -> !d.isKnown()).toList();
        if (inferred >= 0) {
            Dim fill = Dim.UNKNOWN;
            if (symOut.isEmpty() && symIn.isEmpty()) {
                if (knownOut == 0 || knownIn % knownOut != 0) {
                    throw cx.inputError(1, "cannot reshape " + in + " (" + knownIn + " elements) into "
                            + Arrays.toString(t));
                }
                fill = Dim.of(knownIn / knownOut);
            } else if (symOut.isEmpty() && symIn.size() == 1 && symIn.getFirst() instanceof Dim.Symbolic
                    && knownIn == knownOut) {
                fill = symIn.getFirst();
            }
            out.set(inferred, fill);
        } else if (symIn.isEmpty() && symOut.isEmpty() && knownIn != knownOut) {
            throw cx.inputError(1, "cannot reshape " + in + " (" + product(in) + " elements) into " + out);
        }
        return List.of(new TensorType(x.dtype(), out));
    }

    /** Flatten: [d0..dn) -> [d0 * .. * d(axis-1), d(axis) * .. * d(n-1)]. */
    static List<TensorType> flatten(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        long a = cx.intAttr("axis");
        if (a < -x.size() || a > x.size()) {
            throw cx.attrError("axis", "expected an axis in [" + -x.size() + ", " + x.size() + "], got " + a);
        }
        int axis = (int) (a < 0 ? a + x.size() : a);
        List<Dim> y = List.of(productDim(x.subList(0, axis)), productDim(x.subList(axis, x.size())));
        return List.of(new TensorType(cx.dtype(0), y));
    }

    /** Transpose: {@code perm} defaults to reversing the dims. */
    static List<TensorType> transpose(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        List<Long> perm = cx.intsAttr("perm").orElse(null);
        if (perm == null) {
            List<Dim> r = new ArrayList<>(x);
            Collections.reverse(r);
            return List.of(new TensorType(cx.dtype(0), r));
        }
        if (perm.size() != x.size() || !new HashSet<>(perm).equals(new HashSet<>(range(x.size())))) {
            throw cx.attrError("perm", "expected a permutation of 0.." + (x.size() - 1) + ", got " + perm);
        }
        return List.of(new TensorType(cx.dtype(0), perm.stream().map(p -> x.get(p.intValue())).toList()));
    }

    /** Squeeze: {@code axes} an attribute before opset 13, an input after; absent means every dim of size 1. */
    static List<TensorType> squeeze(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        Optional<List<Long>> axesArg = cx.intsAttrOrInput("axes", 1, 13);
        Set<Integer> drop = new HashSet<>();
        if (axesArg.isEmpty() || axesArg.get().isEmpty()) {   // no axes (or an empty list, as ONNX Runtime reads it)
            for (int i = 0; i < x.size(); i++) {
                if (!x.get(i).isKnown()) throw cx.undetermined();
                if (x.get(i).size() == 1) drop.add(i);
            }
        } else {
            for (long a : axesArg.get()) {
                int axis = axis(cx, "axes", a, x.size());
                if (x.get(axis).isKnown() && x.get(axis).size() != 1) {
                    throw cx.error(cx.opset() < 13 ? cx.attrWhere("axes") : cx.inputWhere(1),
                            "expected dim " + axis + " of " + x + " to be 1, got " + x.get(axis));
                }
                drop.add(axis);
            }
        }
        List<Dim> y = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) if (!drop.contains(i)) y.add(x.get(i));
        return List.of(new TensorType(cx.dtype(0), y));
    }

    /** Unsqueeze: {@code axes} (attribute before opset 13, input after) index the output. */
    static List<TensorType> unsqueeze(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        List<Long> axes = cx.intsAttrOrInput("axes", 1, 13).orElseThrow(() -> cx.opset() < 13
                ? cx.attrError("axes", "required attribute is missing")
                : cx.inputError(1, "required input is missing"));
        int rank = x.size() + axes.size();
        Set<Integer> at = new HashSet<>();
        for (long a : axes) {
            if (!at.add(axis(cx, "axes", a, rank))) throw cx.attrError("axes", "expected distinct axes, got " + axes);
        }
        List<Dim> y = new ArrayList<>(rank);
        int j = 0;
        for (int i = 0; i < rank; i++) y.add(at.contains(i) ? Dim.of(1) : x.get(j++));
        return List.of(new TensorType(cx.dtype(0), y));
    }

    /** Concat along {@code axis}: the other dims agree, the axis dims add up. */
    static List<TensorType> concat(ShapeContext cx) {
        List<Dim> first = cx.dims(0);
        int axis = axis(cx, "axis", cx.intAttr("axis"), first.size());
        List<Dim> y = new ArrayList<>(first);
        DType t = commonDtype(cx, 0, cx.inputCount());
        for (int i = 1; i < cx.inputCount(); i++) {
            List<Dim> d = cx.dims(i, first.size());
            for (int k = 0; k < d.size(); k++) {
                if (k == axis) {
                    y.set(k, y.get(k).isKnown() && d.get(k).isKnown() ? Dim.of(y.get(k).size() + d.get(k).size())
                            : Dim.UNKNOWN);
                } else {
                    y.set(k, mergeDim(cx, i, k, y.get(k), d.get(k)));
                }
            }
        }
        return List.of(new TensorType(t, y));
    }

    /**
     * Split along {@code axis}: sizes from {@code split} (attribute before opset 13, input after), else equal parts,
     * one per output ({@code num_outputs} from opset 18, where the last part may be smaller).
     */
    static List<TensorType> split(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        int axis = axis(cx, "axis", cx.intAttr("axis"), x.size());
        int n = cx.outputCount();
        Dim d = x.get(axis);
        Optional<List<Long>> sizes = cx.intsAttrOrInput("split", 1, 13);
        List<Dim> parts = new ArrayList<>();
        if (sizes.isPresent()) {
            List<Long> s = sizes.get();
            if (s.size() != n) throw cx.attrError("split", "expected " + n + " sizes (one per output), got " + s);
            long sum = s.stream().mapToLong(Long::longValue).sum();
            if (d.isKnown() && sum != d.size()) {
                throw cx.attrError("split", "expected sizes adding up to " + d + " (dim " + axis + " of " + x
                        + "), got " + s);
            }
            s.forEach(v -> parts.add(Dim.of(v)));
        } else {
            if (cx.opset() >= 18 && cx.hasAttr("num_outputs") && cx.intAttr("num_outputs") != n) {
                throw cx.attrError("num_outputs", "expected " + n + " (the node's outputs), got "
                        + cx.intAttr("num_outputs"));
            }
            if (!d.isKnown()) {
                for (int i = 0; i < n; i++) parts.add(Dim.UNKNOWN);
            } else if (d.size() % n == 0) {
                for (int i = 0; i < n; i++) parts.add(Dim.of(d.size() / n));
            } else if (cx.opset() >= 18) {
                long chunk = Math.ceilDiv(d.size(), n);
                for (int i = 0; i < n; i++) parts.add(Dim.of(Math.max(0, Math.min(chunk, d.size() - chunk * i))));
            } else {
                throw cx.inputError(0, "dim " + axis + " of " + x + " does not split into " + n + " equal parts");
            }
        }
        List<TensorType> out = new ArrayList<>();
        for (Dim p : parts) {
            List<Dim> y = new ArrayList<>(x);
            y.set(axis, p);
            out.add(new TensorType(cx.dtype(0), y));
        }
        return out;
    }

    /**
     * Slice: starts, ends and axes are attributes before opset 10, inputs (with steps) after. Negative starts and
     * ends count from the end; they are clamped to [0, d] for positive steps and [-1, d-1] for negative ones.
     */
    static List<TensorType> slice(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        List<Long> starts, ends, axes, steps;
        if (cx.opset() < 10) {
            starts = cx.intsAttr("starts").orElseThrow(() -> cx.attrError("starts", "required attribute is missing"));
            ends = cx.intsAttr("ends").orElseThrow(() -> cx.attrError("ends", "required attribute is missing"));
            axes = cx.intsAttr("axes").orElse(range(starts.size()));
            steps = Collections.nCopies(starts.size(), 1L);
        } else {
            starts = cx.requireLongs(1);
            ends = cx.requireLongs(2);
            axes = cx.has(3) ? cx.requireLongs(3) : range(starts.size());
            steps = cx.has(4) ? cx.requireLongs(4) : Collections.nCopies(starts.size(), 1L);
        }
        if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size()) {
            throw cx.error(cx.opset() < 10 ? cx.attrWhere("ends") : cx.inputWhere(2),
                    "expected starts, ends, axes and steps of one length, got "
                    + starts + ", " + ends + ", " + axes + ", " + steps);
        }
        List<Dim> y = new ArrayList<>(x);
        for (int i = 0; i < starts.size(); i++) {
            int axis = axis(cx, "axes", axes.get(i), x.size());
            long step = steps.get(i);
            if (step == 0) throw cx.inputError(4, "expected non-zero steps, got " + steps);
            Dim d = x.get(axis);
            if (!d.isKnown()) {
                boolean whole = step == 1 && starts.get(i) == 0 && ends.get(i) >= Integer.MAX_VALUE;
                y.set(axis, whole ? d : Dim.UNKNOWN);
                continue;
            }
            y.set(axis, Dim.of(sliceLength(d.size(), starts.get(i), ends.get(i), step)));
        }
        return List.of(new TensorType(cx.dtype(0), y));
    }

    /** The number of elements of {@code [start, end)} by {@code step} along a dim of size {@code d}, per ONNX Slice. */
    public static long sliceLength(long d, long start, long end, long step) {
        long[] r = sliceRange(d, start, end, step);
        return step > 0 ? Math.max(0, Math.ceilDiv(r[1] - r[0], step)) : Math.max(0, Math.ceilDiv(r[0] - r[1], -step));
    }

    /** The clamped {start, end} of a slice along a dim of size {@code d}. */
    public static long[] sliceRange(long d, long start, long end, long step) {
        if (start < 0) start += d;
        if (end < 0) end += d;
        if (step > 0) {
            start = Math.clamp(start, 0, d);
            end = Math.clamp(end, 0, d);
        } else {
            start = Math.clamp(start, 0, d - 1);
            end = Math.clamp(end, -1, d - 1);
        }
        return new long[] {start, end};
    }

    /** Gather: data[:axis] + indices + data[axis+1:]; constant indices must lie in [-d, d-1]. */
    static List<TensorType> gather(ShapeContext cx) {
        List<Dim> data = cx.dims(0);
        List<Dim> idx = cx.dims(1);
        int axis = axis(cx, "axis", cx.intAttr("axis"), data.size());
        Dim d = data.get(axis);
        if (d.isKnown()) {
            for (long i : cx.constantLongs(1).orElse(new long[0])) {
                if (i < -d.size() || i >= d.size()) {
                    throw cx.inputError(1, "expected indices in [" + -d.size() + ", " + (d.size() - 1)
                            + "] (dim " + axis
                            + " of " + data + "), got " + i);
                }
            }
        }
        List<Dim> y = new ArrayList<>(data.subList(0, axis));
        y.addAll(idx);
        y.addAll(data.subList(axis + 1, data.size()));
        return List.of(new TensorType(cx.dtype(0), y));
    }

    /**
     * GatherElements: the data's element type in the indices' shape; indices of the data's rank, int32 or int64, no
     * longer than the data along the other axes (ONNX Runtime's bound), and in range along {@code axis} when constant.
     */
    /** GatherND: the indices' dims but the last, then the data's past batch_dims + the tuples' length. */
    static List<TensorType> gatherNd(ShapeContext cx) {
        List<Dim> data = cx.dims(0), idx = cx.dims(1);
        int64Indices(cx, 1);
        long b = cx.intAttr("batch_dims");
        if (idx.isEmpty()) throw cx.inputError(1, "expected indices of rank 1 or more, got " + cx.type(1));
        if (b < 0 || b >= Math.min(idx.size(), data.size())) {
            throw cx.attrError("batch_dims", "expected a count below the ranks of data and indices, got " + b);
        }
        Dim last = idx.getLast();
        if (!last.isKnown()) throw cx.undetermined();
        if (last.size() < 1 || last.size() > data.size() - b) {
            throw cx.inputError(1, "expected index tuples of 1 to " + (data.size() - b) + " (the data " + cx.type(0)
                    + " past batch_dims " + b + "), got " + last.size());
        }
        List<Dim> y = new ArrayList<>(idx.subList(0, idx.size() - 1));
        y.addAll(data.subList((int) (b + last.size()), data.size()));
        return List.of(new TensorType(cx.dtype(0), y));
    }

    /** ScatterND: the data's type; updates shaped as the indices' dims but the last, then the data's past the tuple. */
    static List<TensorType> scatterNd(ShapeContext cx) {
        List<Dim> data = cx.dims(0), idx = cx.dims(1), upd = cx.dims(2);
        int64Indices(cx, 1);
        if (idx.isEmpty() || !idx.getLast().isKnown()) throw cx.undetermined();
        long m = idx.getLast().size();
        if (m < 1 || m > data.size()) {
            throw cx.inputError(1, "expected index tuples of 1 to " + data.size() + " (the data's rank), got " + m);
        }
        List<Dim> want = new ArrayList<>(idx.subList(0, idx.size() - 1));
        want.addAll(data.subList((int) m, data.size()));
        if (!sameDims(want, upd)) throw cx.inputError(2, "expected updates of shape " + want + ", got " + cx.type(2));
        return same(cx);
    }

    /** ScatterElements: the data's type; indices and updates of one shape, of the data's rank. */
    static List<TensorType> scatterElements(ShapeContext cx) {
        List<Dim> data = cx.dims(0), idx = cx.dims(1), upd = cx.dims(2);
        indexType(cx, 1);
        axis(cx, "axis", cx.intAttr("axis"), data.size());
        if (idx.size() != data.size()) {
            throw cx.inputError(1, "expected indices of the data's rank " + data.size() + ", got " + cx.type(1));
        }
        if (!sameDims(idx, upd)) throw cx.inputError(2, "expected updates shaped as the indices " + idx + ", got "
                + cx.type(2));
        for (int k = 0; k < idx.size(); k++) {
            if (idx.get(k).isKnown() && data.get(k).isKnown() && idx.get(k).size() > data.get(k).size()) {
                throw cx.inputError(1, "expected indices no longer than the data along dim " + k + " (data "
                        + cx.type(0) + "), got " + cx.type(1));
            }
        }
        return same(cx);
    }

    private static void int64Indices(ShapeContext cx, int i) {
        if (cx.dtype(i) != DType.UNDEFINED && cx.dtype(i) != DType.I64) {
            throw cx.inputError(i, "expected int64 indices, got " + cx.type(i));
        }
    }

    private static void indexType(ShapeContext cx, int i) {
        if (cx.dtype(i) != DType.UNDEFINED && cx.dtype(i) != DType.I64 && cx.dtype(i) != DType.I32) {
            throw cx.inputError(i, "expected int32 or int64 indices, got " + cx.type(i));
        }
    }

    /** Whether two shapes agree wherever both dims are known. */
    private static boolean sameDims(List<Dim> a, List<Dim> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).isKnown() && b.get(i).isKnown() && a.get(i).size() != b.get(i).size()) return false;
        }
        return true;
    }

    static List<TensorType> gatherElements(ShapeContext cx) {
        List<Dim> data = cx.dims(0);
        List<Dim> idx = cx.dims(1);
        indexType(cx, 1);
        if (idx.size() != data.size()) {
            throw cx.inputError(1, "expected indices of the data's rank " + data.size() + " (data " + cx.type(0)
                    + "), got " + cx.type(1));
        }
        int axis = axis(cx, "axis", cx.intAttr("axis"), data.size());
        for (int d = 0; d < data.size(); d++) {
            Dim i = idx.get(d), x = data.get(d);
            if (d != axis && i.isKnown() && x.isKnown() && i.size() > x.size()) {
                throw cx.inputError(1, "expected indices no longer than the data along axis " + d + " (data "
                        + cx.type(0) + "), got " + cx.type(1));
            }
        }
        Dim d = data.get(axis);
        if (d.isKnown()) {
            for (long i : cx.constantLongs(1).orElse(new long[0])) {
                if (i < -d.size() || i >= d.size()) {
                    throw cx.inputError(1, "expected indices in [" + -d.size() + ", " + (d.size() - 1) + "] (dim "
                            + axis + " of " + data + "), got " + i);
                }
            }
        }
        return List.of(new TensorType(cx.dtype(0), idx));
    }

    /** Shape: i64[end - start], with start and end (opset 15 on) clamped to [0, rank]. */
    static List<TensorType> shape(ShapeContext cx) {
        int r = cx.rank(0);
        long[] se = shapeRange(r, cx.opset() >= 15 ? cx.intAttr("start") : 0,
                cx.opset() >= 15 && cx.hasAttr("end") ? cx.intAttr("end") : r);
        return List.of(TensorType.of(DType.I64, Math.max(0, se[1] - se[0])));
    }

    /** The clamped {start, end} of Shape over a rank-{@code r} input. */
    public static long[] shapeRange(int r, long start, long end) {
        if (start < 0) start += r;
        if (end < 0) end += r;
        return new long[] {Math.clamp(start, 0, r), Math.clamp(end, 0, r)};
    }

    /** ConstantOfShape: the dims are the values of the input; the element type is that of {@code value} (f32). */
    static List<TensorType> constantOfShape(ShapeContext cx) {
        DType t = cx.attr("value").map(a -> ((Attr.Tensor) a).value().dtype()).orElse(DType.F32);
        Optional<long[]> shape = cx.constantLongs(0);
        if (shape.isEmpty()) {
            Dim n = cx.dims(0, 1).getFirst();
            if (!n.isKnown()) throw cx.undetermined();
            return List.of(new TensorType(t, Collections.nCopies((int) n.size(), Dim.UNKNOWN)));
        }
        for (long v : shape.get()) if (v < 0) throw cx.inputError(0, "expected sizes >= 0, got "
                + Arrays.toString(shape.get()));
        return List.of(TensorType.of(t, shape.get()));
    }

    /** Constant: the type of whichever value attribute is given. */
    static List<TensorType> constant(ShapeContext cx) {
        var a = cx.node().attrs();
        if (a.getTensor("value").isPresent()) return List.of(a.getTensor("value").get().type());
        if (a.has("value_float")) return List.of(TensorType.of(DType.F32));
        if (a.has("value_int")) return List.of(TensorType.of(DType.I64));
        if (a.has("value_floats")) {
            return List.of(TensorType.of(DType.F32, a.getFloats("value_floats", List.of()).size()));
        }
        if (a.has("value_ints")) return List.of(TensorType.of(DType.I64, a.getInts("value_ints", List.of()).size()));
        throw cx.error("attributes", "expected one of value, value_float(s), value_int(s); got " + a.asMap().keySet());
    }

    /** Expand: bidirectional broadcasting of the input with the shape given as input 1. */
    static List<TensorType> expand(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        Optional<long[]> shape = cx.constantLongs(1);
        if (shape.isEmpty()) {
            Dim n = cx.dims(1, 1).getFirst();
            if (!n.isKnown()) throw cx.undetermined();
            return List.of(new TensorType(cx.dtype(0), Collections.nCopies((int) Math.max(n.size(), x.size()),
                    Dim.UNKNOWN)));
        }
        List<Dim> s = Arrays.stream(shape.get()).mapToObj(Dim::of).toList();
        List<Dim> y = Broadcast.shapes(x, s).orElseThrow(
                () -> cx.inputError(1, "expected a shape " + x + " broadcasts with, got " + s));
        return List.of(new TensorType(cx.dtype(0), y));
    }

    /** Tile: each dim times its repeat count. */
    static List<TensorType> tile(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        List<Long> reps = cx.requireLongs(1);
        if (reps.size() != x.size()) throw cx.inputError(1, "expected " + x.size() + " repeat counts for " + x
                + ", got " + reps);
        List<Dim> y = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            y.add(reps.get(i) == 1 ? x.get(i) : x.get(i).isKnown() ? Dim.of(x.get(i).size() * reps.get(i))
                    : Dim.UNKNOWN);
        }
        return List.of(new TensorType(cx.dtype(0), y));
    }

    /** CastLike: the input's shape, the second input's element type. */
    static List<TensorType> castLike(ShapeContext cx) { return List.of(cx.type(0).withDtype(cx.dtype(1))); }

    /**
     * QuantizeLinear: x's shape (a float or i32 tensor), of the zero point's type, else {@code output_dtype}'s (opset
     * 21), else u8; the scale as {@link #quantizationScale} checks it.
     */
    static List<TensorType> quantizeLinear(ShapeContext cx) {
        DType x = cx.dtype(0);
        if (x != DType.UNDEFINED && !x.isFloat() && x != DType.I32) {
            throw cx.inputError(0, "expected a float or i32 tensor to quantize, got " + cx.type(0));
        }
        long code = cx.opset() >= 21 ? cx.intAttr("output_dtype") : 0;
        DType named = code == 0 ? DType.UNDEFINED : DType.fromOnnx((int) code).filter(d -> d != DType.UNDEFINED)
                .orElseThrow(() -> cx.attrError("output_dtype", "expected an ONNX element type code, got " + code));
        DType q = cx.has(2) ? cx.dtype(2) : named != DType.UNDEFINED ? named : DType.U8;
        if (named != DType.UNDEFINED && q != named) {
            throw cx.attrError("output_dtype", "expected the zero point's type " + q.text() + ", got " + named.text());
        }
        quantizationScale(cx);
        return List.of(cx.type(0).withDtype(q));
    }

    /**
     * DequantizeLinear: x's shape (an integer tensor, the zero point of its type), of the scale's (float) type; the
     * scale as {@link #quantizationScale} checks it.
     */
    static List<TensorType> dequantizeLinear(ShapeContext cx) {
        DType x = cx.dtype(0);
        if (x.isFloat() || x == DType.BOOL || x == DType.STRING) {
            throw cx.inputError(0, "expected an integer tensor to dequantize, got " + cx.type(0));
        }
        if (cx.has(2) && x != DType.UNDEFINED && cx.dtype(2) != DType.UNDEFINED && cx.dtype(2) != x) {
            throw cx.inputError(2, "expected a zero point of x's type " + x.text() + ", got " + cx.type(2));
        }
        quantizationScale(cx);
        return List.of(cx.type(0).withDtype(cx.dtype(1)));
    }

    /** DynamicQuantizeLinear: x (f32) quantized to u8 of its shape, its scale (an f32 scalar) and zero point (a u8 one). */
    static List<TensorType> dynamicQuantizeLinear(ShapeContext cx) {
        if (cx.dtype(0) != DType.F32 && cx.dtype(0) != DType.UNDEFINED) {
            throw cx.inputError(0, "expected an f32 tensor to quantize, got " + cx.type(0));
        }
        return List.of(cx.type(0).withDtype(DType.U8), TensorType.of(DType.F32), TensorType.of(DType.U8));
    }

    /**
     * MatMulInteger: MatMul's dims, in i32, of u8 or i8 A and B; a zero point of its matrix's type, a scalar or one
     * element, or a vector: A's one per row (of a matrix A), B's one per column.
     */
    static List<TensorType> matmulInteger(ShapeContext cx) {
        integerOperands(cx, "matrix");
        List<Dim> y = matmulDims(cx);
        for (int i = 2; i < 4; i++) {
            if (!cx.has(i) || !cx.type(i).hasRank() || single(cx.dims(i))) continue;
            List<Dim> m = cx.dims(i - 2);
            Dim along = i == 2 ? (m.size() > 1 ? m.get(m.size() - 2) : Dim.of(1)) : m.size() > 1 ? m.getLast() : Dim.of(1);
            Dim z = cx.dims(i).size() == 1 ? cx.dims(i).getFirst() : null;
            if (z == null || i == 2 && m.size() > 2 || z.isKnown() && along.isKnown() && z.size() != along.size()) {
                throw cx.inputError(i, "expected a scalar or one zero point per " + (i == 2 ? "row of a matrix A " + m
                        : "column of B " + m) + ", got " + cx.type(i));
            }
        }
        return List.of(new TensorType(DType.I32, y));
    }

    /**
     * QLinearMatMul: MatMul's dims of A (input 0) and B (input 3), u8 or i8, of y's zero point's type (input 7); each
     * scale f32 and each zero point of its operand's type (A's and y's per tensor, B's per tensor or per column).
     */
    static List<TensorType> qlinearMatMul(ShapeContext cx) {
        qlinearOperands(cx);
        return List.of(new TensorType(cx.dtype(7), matmulDims(cx, 3)));
    }

    /**
     * QLinearConv: Conv's dims of X (input 0) and W (input 3), u8 or i8, of y's zero point's type (input 7); W's scale
     * and zero point per tensor or per output channel; an optional i32 bias (input 8), one per output channel.
     */
    static List<TensorType> qlinearConv(ShapeContext cx) {
        qlinearOperands(cx);
        List<Dim> y = convDims(cx, 3);
        for (int i = 4; i < 6; i++) {
            if (cx.type(i).hasRank() && !single(cx.dims(i))) channelVector(cx, i, y.get(1));
        }
        if (cx.has(8)) {
            if (cx.dtype(8) != DType.I32 && cx.dtype(8) != DType.UNDEFINED) {
                throw cx.inputError(8, "expected an i32 bias, got " + cx.type(8));
            }
            channelVector(cx, 8, y.get(1));
        }
        return List.of(new TensorType(cx.dtype(7), y));
    }

    /** QLinearAdd: A (input 0) and B (input 3) broadcast, of A's type (u8 or i8), B's too. */
    static List<TensorType> qlinearAdd(ShapeContext cx) {
        DType t = cx.dtype(0);
        if (t != DType.UNDEFINED && t != DType.U8 && t != DType.I8) throw cx.inputError(0, "expected u8 or i8, got " + cx.type(0));
        if (cx.dtype(3) != DType.UNDEFINED && t != DType.UNDEFINED && cx.dtype(3) != t) {
            throw cx.inputError(3, "expected " + t.text() + " (as input 0), got " + cx.type(3));
        }
        List<Dim> y = Broadcast.shapes(cx.dims(0), cx.dims(3))
                .orElseThrow(() -> cx.inputError(3, cx.dims(3) + " does not broadcast with " + cx.dims(0)));
        return List.of(new TensorType(t, y));
    }

    /** QLinearGlobalAveragePool: X [N, C, spatial...] (u8 or i8) to [N, C, 1...]; channels_last is refused. */
    static List<TensorType> qlinearGlobalAveragePool(ShapeContext cx) {
        if (cx.intAttr("channels_last") != 0) throw cx.attrError("channels_last", "channels last is not supported, NCHW is");
        DType t = cx.dtype(0);
        if (t != DType.UNDEFINED && t != DType.U8 && t != DType.I8) throw cx.inputError(0, "expected u8 or i8, got " + cx.type(0));
        return globalPool(cx);
    }

    /**
     * QGemm: Gemm's [M, N] of A (input 0) and B (input 3), u8 or i8; of y's zero point's type (input 8), u8 with a scale
     * and no zero point, f32 without a scale (input 7).
     */
    static List<TensorType> qgemm(ShapeContext cx) {
        List<Dim> a = cx.dims(0, 2), b = cx.dims(3, 2);
        boolean ta = cx.intAttr("transA") != 0, tb = cx.intAttr("transB") != 0;
        Dim ka = a.get(ta ? 0 : 1), kb = b.get(tb ? 1 : 0);
        if (ka.isKnown() && kb.isKnown() && ka.size() != kb.size()) {
            throw cx.inputError(3, "expected " + ka + " rows" + (tb ? " (transB: columns)" : "") + ", got " + kb + " in " + b);
        }
        DType t = cx.has(8) ? cx.dtype(8) : cx.has(7) ? DType.U8 : DType.F32;
        return List.of(new TensorType(t, List.of(a.get(ta ? 1 : 0), b.get(tb ? 0 : 1))));
    }

    /** QLinearMatMul's and QLinearConv's operands: (x, scale, zero point) three times, for A, B and y. */
    private static void qlinearOperands(ShapeContext cx) {
        for (int t = 0; t < 3; t++) {
            int v = 3 * t, scale = t == 2 ? 6 : v + 1, zero = scale + 1;    // y has no value among the inputs
            DType q = cx.dtype(t == 2 ? zero : v);
            if (q != DType.UNDEFINED && q != DType.U8 && q != DType.I8) {
                throw cx.inputError(t == 2 ? zero : v, "expected u8 or i8, got " + cx.type(t == 2 ? zero : v));
            }
            if (cx.dtype(scale) != DType.F32 && cx.dtype(scale) != DType.UNDEFINED) {
                throw cx.inputError(scale, "expected an f32 scale, got " + cx.type(scale));
            }
            if (t < 2 && cx.dtype(zero) != DType.UNDEFINED && q != DType.UNDEFINED && cx.dtype(zero) != q) {
                throw cx.inputError(zero, "expected a zero point of type " + q.text() + " (as input " + v + "), got "
                        + cx.type(zero));
            }
            if (t != 1) {
                for (int i : new int[] {scale, zero}) {
                    if (cx.type(i).hasRank() && !single(cx.dims(i))) {
                        throw cx.inputError(i, "expected a scalar (per tensor), got " + cx.type(i));
                    }
                }
            }
        }
    }

    /** MatMulInteger's and ConvInteger's inputs 0 and 1 u8 or i8, each zero point (inputs 2 and 3) of its operand's type. */
    private static void integerOperands(ShapeContext cx, String what) {
        for (int i = 0; i < 4; i++) {
            if (!cx.has(i) || cx.dtype(i) == DType.UNDEFINED) continue;
            DType own = cx.dtype(i % 2);
            if (i < 2 && own != DType.U8 && own != DType.I8) {
                throw cx.inputError(i, "expected a u8 or i8 " + what + ", got " + cx.type(i));
            }
            if (i >= 2 && own != DType.UNDEFINED && cx.dtype(i) != own) {
                throw cx.inputError(i, "expected a zero point of type " + own.text() + " (as input " + (i - 2)
                        + "), got " + cx.type(i));
            }
        }
    }

    /** Whether {@code dims} hold one element: a scalar, or one dim of size 1. */
    private static boolean single(List<Dim> dims) {
        return dims.isEmpty() || dims.size() == 1 && dims.getFirst().isKnown() && dims.getFirst().size() == 1;
    }

    /** QuantizeRoundTrip: a float tensor of its shape; a positive scale and lo <= hi. */
    static List<TensorType> quantizeRoundTrip(ShapeContext cx) {
        if (!cx.dtype(0).isFloat() && cx.dtype(0) != DType.UNDEFINED) {
            throw cx.inputError(0, "expected a float tensor, got " + cx.type(0));
        }
        if (!(cx.floatAttr("scale") > 0)) throw cx.attrError("scale", "expected a positive scale, got " + cx.floatAttr("scale"));
        if (!(cx.floatAttr("lo") <= cx.floatAttr("hi"))) {
            throw cx.attrError("hi", "expected hi >= lo " + cx.floatAttr("lo") + ", got " + cx.floatAttr("hi"));
        }
        return List.of(cx.type(0));
    }

    /**
     * FusedElementwise: the body's output type. The body's inputs must be typed as the node's inputs are (the body was
     * cut from the graph with those types), and its output must be as large as every input broadcasts to.
     */
    static List<TensorType> fusedElementwise(ShapeContext cx) {
        Graph body = cx.node().attrs().getGraph("body").orElseThrow(() -> cx.attrError("body", "required attribute is missing"));
        if (body.inputs().size() != cx.inputCount() || body.outputs().size() != 1) {
            throw cx.attrError("body", "expected " + cx.inputCount() + " inputs and one output, got "
                    + body.inputs().size() + " and " + body.outputs().size());
        }
        for (int i = 0; i < cx.inputCount(); i++) {
            TensorType declared = body.type(body.inputs().get(i));
            if (!declared.equals(cx.type(i)) && cx.dtype(i) != DType.UNDEFINED) {
                throw cx.inputError(i, "expected " + declared + " as the body declares, got " + cx.type(i));
            }
        }
        for (Node m : body.nodes()) {
            String what = "body node \"" + m.name() + "\" (" + m.op().opType() + ")";
            if (!(m.op() instanceof OpKind k) || !OpKind.FUSIBLE.contains(k) || m.outputs().size() != 1) {
                throw cx.attrError("body", what + " is not an elementwise op a fused body computes");
            }
            for (String v : m.outputs()) {
                if (!OpKind.FUSIBLE_TYPES.contains(body.type(v).dtype())) {
                    throw cx.attrError("body", what + " gives " + body.type(v) + "; a fused body holds f32, i32, u8 and i8");
                }
            }
        }
        return List.of(body.type(body.outputs().getFirst()));
    }

    /**
     * A quantizer's scale (input 1): a float, a scalar or one element (per tensor), a vector as long as x's dim at
     * {@code axis} (per axis, from opset 13) or, from opset 21 with a {@code block_size}, of x's rank (blocked); the
     * zero point (input 2), if any, shaped as the scale.
     */
    private static void quantizationScale(ShapeContext cx) {
        if (!cx.dtype(1).isFloat() && cx.dtype(1) != DType.UNDEFINED) {
            throw cx.inputError(1, "expected a float scale, got " + cx.type(1));
        }
        List<Dim> x = cx.dims(0), scale = cx.dims(1);
        boolean blocked = cx.opset() >= 21 && cx.intAttr("block_size") > 0;
        if (scale.size() == 1 && !blocked && !(scale.getFirst().isKnown() && scale.getFirst().size() == 1)) {
            if (cx.opset() < 13) throw cx.inputError(1, "expected a scalar scale before opset 13, got " + cx.type(1));
            int axis = axis(cx, "axis", cx.intAttr("axis"), x.size());
            if (scale.getFirst().isKnown() && x.get(axis).isKnown() && scale.getFirst().size() != x.get(axis).size()) {
                throw cx.inputError(1, "expected one scale per element of axis " + axis + " of " + cx.type(0)
                        + ", got " + cx.type(1));
            }
        } else if (blocked ? scale.size() != x.size() : scale.size() > 1) {
            throw cx.inputError(1, "expected a scalar or a vector" + (blocked ? " of x's rank for block_size "
                    + cx.intAttr("block_size") : "") + ", got " + cx.type(1));
        }
        // per tensor, a scalar and a one-element vector are alike (ONNX Runtime's quantizer writes a bias's scale as
        // [1] and its zero point as a scalar)
        if (cx.has(2) && !cx.dims(2).equals(scale) && !(single(cx.dims(2)) && single(scale))) {
            throw cx.inputError(2, "expected a zero point shaped as the scale " + cx.type(1) + ", got " + cx.type(2));
        }
    }

    /** OneHot: the indices' dims with depth inserted at {@code axis} (of the output's rank), of the values' type. */
    static List<TensorType> oneHot(ShapeContext cx) {
        List<Dim> idx = cx.dims(0);
        if (idx.isEmpty()) throw cx.inputError(0, "expected indices of rank 1 or more, got " + cx.type(0));
        long depth = oneHotDepth(cx);
        if (cx.rank(2) != 1 || cx.dims(2).getFirst().isKnown() && cx.dims(2).getFirst().size() != 2) {
            throw cx.inputError(2, "expected values [off, on], two elements, got " + cx.type(2));
        }
        int axis = axis(cx, "axis", cx.intAttr("axis"), idx.size() + 1);
        List<Dim> y = new ArrayList<>(idx);
        y.add(axis, Dim.of(depth));
        return List.of(new TensorType(cx.dtype(2), y));
    }

    /** OneHot's depth: a constant of one element, of any numeric type, positive (a float is truncated, as ONNX does). */
    private static long oneHotDepth(ShapeContext cx) {
        Weights w = cx.constant(1).orElseThrow(cx::undetermined);
        if (w.elementCount() != 1) throw cx.inputError(1, "expected depth, one value, got " + w.type());
        long depth = w.dtype().isFloat() ? (long) w.toFloats()[0] : w.toLongs()[0];
        if (depth < 1) throw cx.inputError(1, "expected a positive depth, got " + depth);
        return depth;
    }

    /**
     * Einsum: one dim per output label, sized as in the input terms (the same size wherever a label appears); the
     * output is the explicit term after "->", else the ellipsis dims and then the labels used once, sorted.
     */
    static List<TensorType> einsum(ShapeContext cx) {
        String eq = cx.stringAttr("equation").replace(" ", "");
        String[] sides = eq.split("->", -1);
        String[] terms = sides[0].split(",", -1);
        if (sides.length > 2 || terms.length != cx.inputCount()) {
            throw cx.attrError("equation", "expected one term per input (" + cx.inputCount()
                    + ") and at most one ->, got \"" + eq + "\"");
        }
        Map<Character, Dim> sizes = new java.util.HashMap<>();
        Map<Character, Integer> uses = new java.util.HashMap<>();
        List<Dim> ellipsis = List.of();
        for (int i = 0; i < terms.length; i++) {
            List<Dim> x = cx.dims(i);
            String explicit = terms[i].replace("...", "");
            int dots = terms[i].indexOf("...");
            if (explicit.length() > x.size() || dots < 0 && explicit.length() != x.size()) {
                throw cx.inputError(i, "term \"" + terms[i] + "\" does not fit " + cx.type(i));
            }
            int before = dots < 0 ? explicit.length() : dots;
            int span = x.size() - explicit.length();
            if (dots >= 0 && span > ellipsis.size()) ellipsis = x.subList(before, before + span);
            for (int k = 0; k < explicit.length(); k++) {
                char c = explicit.charAt(k);
                if (!Character.isLetter(c)) throw cx.attrError("equation", "'" + c + "' is no label in \"" + eq + "\"");
                Dim d = x.get(k < before ? k : k + span);
                Dim known = sizes.get(c);
                if (known != null && known.isKnown() && d.isKnown() && known.size() != d.size()) {
                    throw cx.inputError(i, "label '" + c + "' is " + d + " here and " + known + " elsewhere");
                }
                if (known == null || !known.isKnown()) sizes.put(c, d);
                uses.merge(c, 1, Integer::sum);
            }
        }
        List<Dim> y = new ArrayList<>();
        if (sides.length == 2) {
            String out = sides[1];
            int dots = out.indexOf("...");
            for (int k = 0; k < out.length(); k++) {
                if (k == dots) {
                    y.addAll(ellipsis);
                    k += 2;
                    continue;
                }
                Dim d = sizes.get(out.charAt(k));
                if (d == null) throw cx.attrError("equation", "output label '" + out.charAt(k) + "' is in no input");
                y.add(d);
            }
        } else {
            y.addAll(ellipsis);
            new java.util.TreeMap<>(uses).forEach((c, k) -> { if (k == 1) y.add(sizes.get(c)); });
        }
        return List.of(new TensorType(cx.dtype(0), y));
    }

    /** Size: an int64 scalar. */
    static List<TensorType> size(ShapeContext cx) {
        cx.type(0);
        return List.of(TensorType.of(DType.I64));
    }

    /** EyeLike: a matrix (rank 2) of the input's shape, of {@code dtype} where given, else the input's type. */
    static List<TensorType> eyeLike(ShapeContext cx) {
        if (cx.rank(0) != 2) throw cx.inputError(0, "expected a matrix (rank 2), got " + cx.type(0));
        if (!cx.hasAttr("dtype")) return same(cx);
        long code = cx.intAttr("dtype");
        DType t = DType.fromOnnx((int) code).filter(d -> d != DType.UNDEFINED && d != DType.STRING)
                .orElseThrow(() -> cx.attrError("dtype", "expected an ONNX numeric element type code, got " + code));
        return List.of(cx.type(0).withDtype(t));
    }

    /** LpNormalization: the input's type; p is 1 or 2, axis in range. */
    static List<TensorType> lpNorm(ShapeContext cx) {
        requireFloat(cx, 0);
        axis(cx, "axis", cx.intAttr("axis"), cx.rank(0));
        long p = cx.intAttr("p");
        if (p != 1 && p != 2) throw cx.attrError("p", "expected 1 or 2, got " + p);
        return same(cx);
    }

    /** MeanVarianceNormalization: the input's type; axes in range (default [0, 2, 3]: rank 4 then). */
    static List<TensorType> mvn(ShapeContext cx) {
        requireFloat(cx, 0);
        int rank = cx.rank(0);
        if (!cx.hasAttr("axes") && rank < 4) {
            throw cx.inputError(0, "the default axes [0, 2, 3] need rank 4 or more, got " + cx.type(0)
                    + " (give the axes)");
        }
        for (long a : cx.intsAttr("axes").orElse(List.of(0L, 2L, 3L))) axis(cx, "axes", a, rank);
        return same(cx);
    }

    /** Trilu: the input's type; rank 2 or more; k, where given, an int64 scalar. */
    static List<TensorType> trilu(ShapeContext cx) {
        if (cx.rank(0) < 2) throw cx.inputError(0, "expected rank 2 or more (the matrices' rows and columns last), got "
                + cx.type(0));
        if (cx.has(1) && (cx.dtype(1) != DType.I64 && cx.dtype(1) != DType.UNDEFINED || cx.rank(1) > 1
                || cx.rank(1) == 1 && cx.dims(1).getFirst().isKnown() && cx.dims(1).getFirst().size() != 1)) {
            throw cx.inputError(1, "expected k, an int64 scalar, got " + cx.type(1));
        }
        return same(cx);
    }

    /** Range(start, limit, delta): {@code max(ceil((limit - start) / delta), 0)} elements. */
    static List<TensorType> range(ShapeContext cx) {
        DType t = commonDtype(cx, 0, 3);
        for (int i = 0; i < 3; i++) {
            if (cx.type(i).hasRank() && cx.rank(i) != 0) throw cx.inputError(i, "expected a scalar, got " + cx.type(i));
        }
        Optional<Weights> s = cx.constant(0), l = cx.constant(1), d = cx.constant(2);
        if (s.isEmpty() || l.isEmpty() || d.isEmpty()) return List.of(new TensorType(t, List.of(Dim.UNKNOWN)));
        double start = scalar(s.get()), limit = scalar(l.get()), delta = scalar(d.get());
        if (delta == 0) throw cx.inputError(2, "expected a non-zero delta");
        long n = t.isFloat() ? (long) Math.max(Math.ceil((limit - start) / delta), 0)
                : Math.max(Math.ceilDiv(l.get().toLongs()[0] - s.get().toLongs()[0], d.get().toLongs()[0]), 0);
        return List.of(TensorType.of(t, n));
    }

    /** DepthToSpace: [N, C, H, W] -> [N, C / b^2, H * b, W * b] (modes DCR and CRD order the channels). */
    static List<TensorType> depthToSpace(ShapeContext cx) {
        List<Dim> x = cx.dims(0, 4);
        long b = cx.intAttr("blocksize");
        String mode = cx.stringAttr("mode");
        if (!mode.equals("DCR") && !mode.equals("CRD")) {
            throw cx.attrError("mode", "expected DCR or CRD, got \"" + mode + "\"");
        }
        if (b < 1) throw cx.attrError("blocksize", "expected 1 or more, got " + b);
        Dim c = x.get(1);
        if (c.isKnown() && c.size() % (b * b) != 0) {
            throw cx.inputError(0, "expected channels divisible by blocksize^2 = " + b * b + ", got " + c);
        }
        Dim channels = c.isKnown() ? Dim.of(c.size() / (b * b)) : Dim.UNKNOWN;
        List<Dim> y = List.of(x.get(0), channels, times(x.get(2), b), times(x.get(3), b));
        return List.of(new TensorType(cx.dtype(0), y));
    }

    /**
     * RNN, GRU, LSTM: X [seq, batch, input] ([batch, seq, input] with layout 1), W [dirs, gates * hidden, input],
     * R [dirs, gates * hidden, hidden], B [dirs, 2 * gates * hidden], sequence_lens int32 [batch], initial_h and
     * initial_c [dirs, batch, hidden] ([batch, dirs, hidden]), P [dirs, 3 * hidden]; out Y [seq, dirs, batch, hidden]
     * ([batch, seq, dirs, hidden]), Y_h and Y_c as initial_h. Hidden is the attribute, else R's last dim.
     */
    static List<TensorType> recurrent(ShapeContext cx) {
        Recurrence r = Recurrence.of(cx.node(), cx.opset());
        boolean batchFirst = r.layout() == 1;
        DType t = commonDtype(cx, 0, 3);
        if (t != DType.UNDEFINED && !t.isFloat()) throw cx.inputError(0, "expected floats, got " + cx.type(0));
        List<Dim> x = cx.dims(0, 3), w = cx.dims(1, 3), rr = cx.dims(2, 3);
        Dim seq = x.get(batchFirst ? 1 : 0), batch = x.get(batchFirst ? 0 : 1);
        Dim hidden = r.hiddenSize() > 0 ? Dim.of(r.hiddenSize()) : rr.get(2);
        Dim dirs = Dim.of(r.directions());
        Dim rows = hidden.isKnown() ? Dim.of(r.gates() * hidden.size()) : Dim.UNKNOWN;
        String gateRows = r.gates() == 1 ? "hidden_size" : r.gates() + " * hidden_size";
        expectDims(cx, 1, w, List.of(dirs, rows, x.get(2)), "[directions, " + gateRows + ", input_size]");
        expectDims(cx, 2, rr, List.of(dirs, rows, hidden), "[directions, " + gateRows + ", hidden_size]");
        if (cx.has(3)) {
            sameDtype(cx, 3, t);
            Dim bias = hidden.isKnown() ? Dim.of(2L * r.gates() * hidden.size()) : Dim.UNKNOWN;
            expectDims(cx, 3, cx.dims(3), List.of(dirs, bias), "[directions, " + 2 * r.gates() + " * hidden_size]");
        }
        if (cx.has(4)) {
            if (cx.dtype(4) != DType.UNDEFINED && cx.dtype(4) != DType.I32) {
                throw cx.inputError(4, "expected int32 sequence lengths, got " + cx.type(4));
            }
            expectDims(cx, 4, cx.dims(4), List.of(batch), "[batch_size]");
            Dim s = seq;
            for (long len : cx.constantLongs(4).orElse(new long[0])) {
                if (len < 0 || s.isKnown() && len > s.size()) {
                    throw cx.inputError(4, "expected sequence lengths in [0, " + s + "], got " + len);
                }
            }
        }
        List<Dim> state = batchFirst ? List.of(batch, dirs, hidden) : List.of(dirs, batch, hidden);
        String stateText = batchFirst ? "[batch_size, directions, hidden_size]" : "[directions, batch_size, hidden_size]";
        for (int i = 5; i <= 6; i++) {
            if (!cx.has(i)) continue;
            sameDtype(cx, i, t);
            expectDims(cx, i, cx.dims(i), state, stateText);
        }
        if (cx.has(7)) {
            sameDtype(cx, 7, t);
            Dim peep = hidden.isKnown() ? Dim.of(3 * hidden.size()) : Dim.UNKNOWN;
            expectDims(cx, 7, cx.dims(7), List.of(dirs, peep), "[directions, 3 * hidden_size]");
        }
        List<Dim> y = batchFirst ? List.of(batch, seq, dirs, hidden) : List.of(seq, dirs, batch, hidden);
        List<TensorType> out = new ArrayList<>(List.of(new TensorType(t, y)));
        for (int i = 1; i < cx.outputCount(); i++) out.add(new TensorType(t, state));
        return out.subList(0, cx.outputCount());
    }

    /** Input {@code i} must hold {@code t} (X's element type) when both are known. */
    private static void sameDtype(ShapeContext cx, int i, DType t) {
        DType d = cx.dtype(i);
        if (t != DType.UNDEFINED && d != DType.UNDEFINED && d != t) {
            throw cx.inputError(i, "expected element type " + t.text() + " (as input 0), got " + d.text());
        }
    }

    /** Input {@code i}'s dims {@code got} must equal {@code want} wherever both are known; {@code text} names them. */
    private static void expectDims(ShapeContext cx, int i, List<Dim> got, List<Dim> want, String text) {
        boolean ok = got.size() == want.size();
        for (int d = 0; ok && d < got.size(); d++) {
            Dim g = got.get(d), w = want.get(d);
            ok = !(g.isKnown() && w.isKnown()) || g.size() == w.size();
        }
        if (!ok) throw cx.inputError(i, "expected " + text + " = " + want + ", got " + cx.type(i));
    }

    /** LRN: [N, C, D...] (rank 3 or more) to the same type; size at least 1. */
    static List<TensorType> lrn(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        if (x.size() < 3) throw cx.inputError(0, "expected rank 3 or more (N, C, D...), got " + x.size());
        long size = cx.intAttr("size");
        if (size < 1) throw cx.attrError("size", "expected 1 or more, got " + size);
        return List.of(cx.type(0));
    }

    /** SpaceToDepth: [N, C, H, W] -> [N, C * b^2, H / b, W / b]; H and W must divide by b. */
    static List<TensorType> spaceToDepth(ShapeContext cx) {
        List<Dim> x = cx.dims(0, 4);
        long b = cx.intAttr("blocksize");
        if (b < 1) throw cx.attrError("blocksize", "expected 1 or more, got " + b);
        List<Dim> y = new ArrayList<>(List.of(x.get(0), times(x.get(1), b * b)));
        for (int d = 2; d < 4; d++) {
            Dim s = x.get(d);
            if (s.isKnown() && s.size() % b != 0) {
                throw cx.inputError(0, "expected height and width divisible by blocksize = " + b + ", got " + s);
            }
            y.add(s.isKnown() ? Dim.of(s.size() / b) : Dim.UNKNOWN);
        }
        return List.of(new TensorType(cx.dtype(0), y));
    }

    /**
     * Resize: from {@code sizes}, or {@code floor(d * scale)} (computed in float, as ONNX Runtime does). Opset 10
     * takes (X, scales); opset 11 on takes (X, roi, scales, sizes) and, from 18, {@code axes}.
     */
    static List<TensorType> resize(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        String mode = cx.stringAttr("mode");
        if (!Set.of("nearest", "linear", "cubic").contains(mode)) {
            throw cx.attrError("mode", "expected nearest, linear or cubic, got \"" + mode + "\"");
        }
        int scalesAt = cx.opset() < 11 ? 1 : 2;
        List<Long> axes = cx.opset() >= 18 ? cx.intsAttr("axes").orElse(range(x.size())) : range(x.size());
        List<Dim> y = new ArrayList<>(x);
        boolean hasScales = cx.has(scalesAt) && cx.type(scalesAt).hasRank()
                && !cx.type(scalesAt).dims().equals(List.of(Dim.of(0)));
        if (cx.opset() >= 11 && cx.has(3) && !hasScales) {
            List<Long> sizes = cx.requireLongs(3);
            if (sizes.size() != axes.size()) throw cx.inputError(3, "expected " + axes.size() + " sizes, got " + sizes);
            String policy = cx.opset() >= 18 ? cx.stringAttr("keep_aspect_ratio_policy") : "stretch";
            if (policy.equals("stretch")) {
                for (int i = 0; i < axes.size(); i++) {
                    y.set(axis(cx, "axes", axes.get(i), x.size()), Dim.of(sizes.get(i)));
                }
            } else {
                double scale = policy.equals("not_larger") ? Double.MAX_VALUE : 0;
                for (int i = 0; i < axes.size(); i++) {
                    Dim d = x.get(axis(cx, "axes", axes.get(i), x.size()));
                    if (!d.isKnown()) throw cx.undetermined();
                    double s = (double) sizes.get(i) / d.size();
                    scale = policy.equals("not_larger") ? Math.min(scale, s) : Math.max(scale, s);
                }
                for (long a : axes) {
                    int ax = axis(cx, "axes", a, x.size());
                    y.set(ax, Dim.of(Math.round(scale * x.get(ax).size())));
                }
            }
        } else if (hasScales) {
            float[] scales = cx.constantFloats(scalesAt).orElseThrow(cx::undetermined);
            if (scales.length != axes.size()) {
                throw cx.inputError(scalesAt, "expected " + axes.size() + " scales, got " + Arrays.toString(scales));
            }
            for (int i = 0; i < axes.size(); i++) {
                int ax = axis(cx, "axes", axes.get(i), x.size());
                Dim d = x.get(ax);
                if (scales[i] <= 0) throw cx.inputError(scalesAt, "expected positive scales, got "
                        + Arrays.toString(scales));
                y.set(ax, scaled(d, scales[i]));
            }
        } else {
            throw cx.inputError(scalesAt, "expected scales or sizes, got neither");
        }
        return List.of(new TensorType(cx.dtype(0), y));
    }

    /** A dim resized by {@code scale}: {@code floor(d * scale)}, computed in f32 as ONNX Runtime does. */
    private static Dim scaled(Dim d, float scale) {
        if (scale == 1f) return d;
        return d.isKnown() ? Dim.of((long) Math.floor(scale * (float) d.size())) : Dim.UNKNOWN;
    }

    /**
     * Upsample (opsets 7 to 9): each dim times its scale, as Resize-10; scales an attribute before opset 9, a constant
     * input from 9, one per dim and at least 1. From opset 10 the op is deprecated (Resize replaces it).
     */
    static List<TensorType> upsample(ShapeContext cx) {
        if (cx.opset() >= 10) {
            throw cx.error("opset " + cx.opset(), "Upsample is deprecated from opset 10 on; expected Resize");
        }
        List<Dim> x = cx.dims(0);
        String mode = cx.stringAttr("mode");
        if (!Set.of("nearest", "linear").contains(mode)) {
            throw cx.attrError("mode", "expected nearest or linear, got \"" + mode + "\"");
        }
        float[] scales;
        String where;
        if (cx.opset() < 9) {
            if (cx.has(1)) throw cx.inputError(1, "expected no input 1 before opset 9 (scales is an attribute)");
            List<Float> given = cx.node().attrs().getFloats("scales", List.of());
            scales = new float[given.size()];
            for (int i = 0; i < scales.length; i++) scales[i] = given.get(i);
            where = cx.attrWhere("scales");
        } else {
            if (!cx.has(1)) throw cx.inputError(1, "required input is missing (scales, from opset 9)");
            scales = cx.constantFloats(1).orElseThrow(cx::undetermined);
            where = cx.inputWhere(1);
        }
        if (scales.length != x.size()) {
            throw cx.error(where, "expected " + x.size() + " scales for " + cx.type(0) + ", got " + Arrays.toString(scales));
        }
        List<Dim> y = new ArrayList<>();
        for (int i = 0; i < scales.length; i++) {
            if (!(scales[i] >= 1)) throw cx.error(where, "expected scales of 1 or more, got " + Arrays.toString(scales));
            y.add(scaled(x.get(i), scales[i]));
        }
        return List.of(new TensorType(cx.dtype(0), y));
    }

    /** Pad: each dim grows by its begin and end pads (attribute before opset 11, input after; axes from 18). */
    static List<TensorType> pad(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        String mode = cx.stringAttr("mode");
        if (!Set.of("constant", "reflect", "edge", "wrap").contains(mode)) {
            throw cx.attrError("mode", "expected constant, reflect, edge or wrap, got \"" + mode + "\"");
        }
        List<Long> pads = cx.intsAttrOrInput("pads", 1, 11).orElseThrow(() -> cx.opset() < 11
                ? cx.attrError("pads", "required attribute is missing")
                : cx.inputError(1, "required input is missing"));
        List<Long> axes = cx.opset() >= 18 && cx.has(3) ? cx.requireLongs(3) : range(x.size());
        if (pads.size() != 2 * axes.size()) {
            throw cx.error(cx.opset() < 11 ? cx.attrWhere("pads") : cx.inputWhere(1),
                    "expected " + 2 * axes.size() + " pads for " + x + ", got " + pads);
        }
        List<Dim> y = new ArrayList<>(x);
        for (int i = 0; i < axes.size(); i++) {
            int ax = axis(cx, "axes", axes.get(i), x.size());
            long grow = pads.get(i) + pads.get(i + axes.size());
            Dim d = x.get(ax);
            if (grow == 0) continue;
            if (!d.isKnown()) { y.set(ax, Dim.UNKNOWN); continue; }
            if (d.size() + grow < 0) {
                throw cx.error(cx.opset() < 11 ? cx.attrWhere("pads") : cx.inputWhere(1),
                        "dim " + ax + " of " + x + " would become " + (d.size() + grow));
            }
            y.set(ax, Dim.of(d.size() + grow));
        }
        return List.of(new TensorType(cx.dtype(0), y));
    }

    // ---------------------------------------------------------------- reductions

    /**
     * The Reduce ops: {@code axes} an attribute before opset 13 (ReduceSum) or 18 (the others), an input after;
     * no axes reduces all of them, unless {@code noop_with_empty_axes}.
     */
    static List<TensorType> reduce(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        long inputSince = cx.node().is(OpKind.REDUCE_SUM) ? 13 : 18;
        List<Long> axes = cx.intsAttrOrInput("axes", 1, inputSince).orElse(List.of());
        boolean keep = cx.intAttr("keepdims") != 0;
        if (axes.isEmpty()) {
            if (cx.opset() >= inputSince && cx.intAttr("noop_with_empty_axes") != 0) return same(cx);
            axes = range(x.size());
        }
        Set<Integer> reduced = new HashSet<>();
        for (long a : axes) reduced.add(axis(cx, "axes", a, x.size()));
        List<Dim> y = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            if (!reduced.contains(i)) y.add(x.get(i));
            else if (keep) y.add(Dim.of(1));
        }
        return List.of(new TensorType(cx.dtype(0), y));
    }

    /** CumSum: the input's type; the axis an int32 or int64 tensor of one element, in range where it is known. */
    static List<TensorType> cumSum(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        TensorType axis = cx.type(1);
        if (axis.dtype() != DType.UNDEFINED && axis.dtype() != DType.I64 && axis.dtype() != DType.I32) {
            throw cx.inputError(1, "expected an int32 or int64 axis, got " + axis);
        }
        if (axis.isStatic() && (axis.rank() > 1 || axis.elementCount() != 1)) {
            throw cx.inputError(1, "expected the axis as a 0-D tensor (or one element), got " + axis);
        }
        Optional<long[]> a = cx.constantLongs(1);
        if (a.isPresent() && (a.get()[0] < -x.size() || a.get()[0] >= x.size())) {
            throw cx.inputError(1, "expected an axis in [" + -x.size() + ", " + (x.size() - 1) + "] for rank "
                    + x.size() + ", got " + a.get()[0]);
        }
        return List.of(cx.type(0));
    }

    /** TopK: values of the input's type and i64 indices, k along the axis; 0 ≤ k ≤ the axis's length. */
    static List<TensorType> topK(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        int axis = axis(cx, "axis", cx.intAttr("axis"), x.size());
        long k;
        if (cx.opset() < 10) {
            k = cx.intAttr("k");
        } else {
            List<Long> ks = cx.requireLongs(1);
            if (ks.size() != 1) throw cx.inputError(1, "expected K, one int64, got " + ks);
            k = ks.getFirst();
        }
        Dim len = x.get(axis);
        if (k < 0 || len.isKnown() && k > len.size()) {
            throw cx.error(cx.opset() < 10 ? cx.attrWhere("k") : cx.inputWhere(1), "expected k in [0, " + len
                    + "] (the length of axis " + axis + " of " + x + "), got " + k);
        }
        List<Dim> y = new ArrayList<>(x);
        y.set(axis, Dim.of(k));
        return List.of(new TensorType(cx.dtype(0), y), new TensorType(DType.I64, y));
    }

    /** ArgMax, ArgMin: one axis reduced (kept as 1 with keepdims), i64 indices. */
    static List<TensorType> argMax(ShapeContext cx) {
        List<Dim> x = cx.dims(0);
        int axis = axis(cx, "axis", cx.intAttr("axis"), x.size());
        List<Dim> y = new ArrayList<>(x);
        if (cx.intAttr("keepdims") != 0) y.set(axis, Dim.of(1));
        else y.remove(axis);
        return List.of(new TensorType(DType.I64, y));
    }

    // ---------------------------------------------------------------- control flow

    /** If: each output has the type both branches agree on (differing dims become unknown). */
    static List<TensorType> ifThenElse(ShapeContext cx) {
        Graph thenG = branch(cx, "then_branch");
        Graph elseG = branch(cx, "else_branch");
        List<TensorType> t = cx.subgraphOutputs(thenG);
        List<TensorType> e = cx.subgraphOutputs(elseG);
        if (t.size() != cx.outputCount() || e.size() != cx.outputCount()) {
            throw cx.error("branches", "expected " + cx.outputCount() + " outputs from each branch, got " + t.size()
                    + " (then) and " + e.size() + " (else)");
        }
        List<TensorType> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            TensorType a = t.get(i), b = e.get(i);
            if (a.dtype() != b.dtype() && a.dtype() != DType.UNDEFINED && b.dtype() != DType.UNDEFINED) {
                throw cx.error("output " + i, "expected branches of one element type, got " + a + " (then) and " + b
                        + " (else)");
            }
            DType dt = a.dtype() == DType.UNDEFINED ? b.dtype() : a.dtype();
            if (!a.hasRank() || !b.hasRank() || a.rank() != b.rank()) { out.add(TensorType.unranked(dt)); continue; }
            List<Dim> dims = new ArrayList<>();
            for (int k = 0; k < a.rank(); k++) {
                dims.add(a.dims().get(k).equals(b.dims().get(k)) ? a.dims().get(k) : Dim.UNKNOWN);
            }
            out.add(new TensorType(dt, dims));
        }
        return out;
    }

    private static Graph branch(ShapeContext cx, String attr) {
        return cx.node().attrs().getGraph(attr).orElseThrow(() -> cx.attrError(attr, "required attribute is missing"));
    }

    // ---------------------------------------------------------------- helpers

    /** Normalises an axis in [-rank, rank-1] to [0, rank-1]. */
    static int axis(ShapeContext cx, String attr, long a, int rank) {
        if (a < -rank || a >= rank) {
            throw cx.attrError(attr, "expected an axis in [" + -rank + ", " + (rank - 1) + "] for rank " + rank
                    + ", got " + a);
        }
        return (int) (a < 0 ? a + rank : a);
    }

    /** The element type inputs {@code [from, to)} share (absent inputs and unknown types are skipped). */
    private static DType commonDtype(ShapeContext cx, int from, int to) {
        DType t = DType.UNDEFINED;
        int first = -1;
        for (int i = from; i < to; i++) {
            if (!cx.has(i)) continue;
            DType d = cx.dtype(i);
            if (d == DType.UNDEFINED) continue;
            if (t == DType.UNDEFINED) { t = d; first = i; }
            else if (d != t) throw cx.inputError(i, "expected element type " + t.text() + " (as input " + first
                    + "), got " + d.text());
        }
        return t;
    }

    private static List<Dim> broadcastDims(ShapeContext cx, int from, int to) {
        List<Dim> y = cx.dims(from);
        for (int i = from + 1; i < to; i++) {
            List<Dim> d = cx.dims(i);
            List<Dim> prev = y;
            y = Broadcast.shapes(y, d).orElseThrow(() -> cx.inputError(cx.inputCount() == 2 ? 1 : 0,
                    "shapes " + prev + " and " + d + " do not broadcast"));
        }
        return y;
    }

    private static void channelVector(ShapeContext cx, int i, Dim c) {
        List<Dim> d = cx.dims(i, 1);
        if (c.isKnown() && d.getFirst().isKnown() && c.size() != d.getFirst().size()) {
            throw cx.inputError(i, "expected [" + c + "] (one per channel), got " + d);
        }
    }

    private static Dim mergeDim(ShapeContext cx, int input, int k, Dim a, Dim b) {
        if (a.isKnown() && b.isKnown()) {
            if (a.size() != b.size()) throw cx.inputError(input, "expected dim " + k + " to be " + a + ", got " + b);
            return a;
        }
        if (a.isKnown()) return a;
        if (b.isKnown()) return b;
        return a.equals(b) ? a : Dim.UNKNOWN;
    }

    private static long product(List<Dim> dims) {
        long p = 1;
        for (Dim d : dims) if (d.isKnown()) p = Math.multiplyExact(p, d.size());
        return p;
    }

    /** The product of dims: known if all are; the one symbol if the rest are 1; otherwise unknown. */
    private static Dim productDim(List<Dim> dims) {
        List<Dim> unknown = dims.stream().filter(d -> !d.isKnown()).toList();
        if (unknown.isEmpty()) return Dim.of(product(dims));
        if (unknown.size() == 1 && product(dims) == 1) return unknown.getFirst();
        return Dim.UNKNOWN;
    }

    private static double scalar(Weights w) { return w.readDouble(w.bytes(), 0); }

    private static Dim times(Dim d, long k) { return d.isKnown() ? Dim.of(d.size() * k) : Dim.UNKNOWN; }

    private static List<Long> range(int n) {
        List<Long> r = new ArrayList<>(n);
        for (long i = 0; i < n; i++) r.add(i);
        return r;
    }
}
