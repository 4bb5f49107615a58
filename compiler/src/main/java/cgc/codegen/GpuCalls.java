package cgc.codegen;

import static cgc.codegen.CpuCalls.asNchw;
import static cgc.codegen.CpuCalls.spatial;

import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.memory.MemoryPlan;
import cgc.runtime.cl.KernelGate;
import cgc.runtime.cpu.ReduceOp;
import cgc.runtime.cpu.ResizeSpec;
import cgc.runtime.cpu.Shaping;
import cgc.runtime.cpu.SliceSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * The OpenCL side of code generation: each node that a template of {@code kernels-templates} covers becomes one or
 * more kernels ({@link KernelTemplates}) with its shapes, strides, offsets and activation as literals, launched over
 * the whole of its split dimension. A node no template covers has no GPU kernel; {@code --placement gpu} leaves it on
 * the CPU and the summary says so.
 */
final class GpuCalls {
    private final Graph g;
    private final long opset;
    private final MemoryPlan memory;
    private final WeightsLayout weights;

    /** One kernel of a node: its name, source and launch geometry, over {@code [0, units)}. */
    record Kernel(String name, String source, Launch launch, int units) {}

    private final GpuKernelStyle style;

    GpuCalls(Graph g, long opset, MemoryPlan memory, WeightsLayout weights) {
        this(g, opset, memory, weights, GpuKernelStyle.TILED);
    }

    GpuCalls(Graph g, long opset, MemoryPlan memory, WeightsLayout weights, GpuKernelStyle style) {
        this.style = style;
        this.g = g;
        this.opset = opset;
        this.memory = memory;
        this.weights = weights;
    }

    /** The kernels of {@code n}, named after {@code base}; empty when no template covers it. */
    Optional<List<Kernel>> lower(Node n, String base) { return lower(n, base, null); }

    /**
     * As {@link #lower(Node, String)}, for the kernel of a layer split along {@code splitDim}: a Gemm, MatMul or Linear
     * covers a range of output rows ({@code m}, also when null) or columns ({@code n}); a Conv a range of output
     * channels ({@code oc}, also when null) or output rows ({@code rows}).
     */
    Optional<List<Kernel>> lower(Node n, String base, String splitDim) {
        boolean splitN = "n".equals(splitDim);
        boolean byRows = "m".equals(splitDim);   // a light op split by rows: its kernel runs over a range of rows
        if (!(n.op() instanceof OpKind k)) return Optional.empty();
        for (String in : n.inputs()) if (!in.isEmpty() && !g.type(in).isStatic()) return Optional.empty();
        if (COMPARISONS.containsKey(k)) return Optional.ofNullable(compare(n, base, COMPARISONS.get(k)));
        if (n.outputs().stream().anyMatch(o -> !o.isEmpty() && g.type(o).dtype() != DType.F32)) return Optional.empty();
        return Optional.ofNullable(switch (k) {
            case CONV -> conv(n, base, "rows".equals(splitDim));
            case GEMM -> gemm(n, base, splitN);
            case MATMUL, LINEAR -> matmul(n, base, splitN);
            case ADD, SUB, MUL, DIV -> binary(n, base, expression(n), byRows);
            case POW, MOD, MAX, MIN, PRELU -> binary(n, base, expression(n), false);
            case NEG, ABS, SQRT, EXP, LOG, RECIPROCAL, ERF, FLOOR, CEIL, ROUND, SIN, COS, TAN, ASIN, ACOS, ATAN, SINH,
                 COSH, ASINH, ACOSH, ATANH, SIGN, SOFTPLUS, SOFTSIGN, ELU, SELU, CELU, THRESHOLDED_RELU,
                 QUANTIZE_ROUND_TRIP, MISH, RELU, SIGMOID, TANH, HARD_SWISH, LEAKY_RELU, HARD_SIGMOID ->
                    unary(n, base, expression(n));
            case GELU -> n.attrs().getString("approximate", "none").equals("none") ? unary(n, base, expression(n)) : null;
            case FUSED_ELEMENTWISE -> fused(n, base);
            case CLIP -> clip(n, base);
            case TRANSPOSE -> transpose(n, base);
            case CONCAT -> concat(n, base);
            case SPLIT -> split(n, base);
            case SOFTMAX, LOG_SOFTMAX -> softmax(n, base);
            case LAYER_NORMALIZATION -> layerNorm(n, base);
            case REDUCE_MEAN -> reduce(n, base, ReduceOp.MEAN);
            case REDUCE_SUM -> reduce(n, base, ReduceOp.SUM);
            case REDUCE_MAX -> reduce(n, base, ReduceOp.MAX);
            case REDUCE_MIN -> reduce(n, base, ReduceOp.MIN);
            case REDUCE_L2 -> reduce(n, base, ReduceOp.L2);
            case REDUCE_L1 -> reduce(n, base, ReduceOp.L1);
            case REDUCE_PROD -> reduce(n, base, ReduceOp.PROD);
            case REDUCE_SUM_SQUARE -> reduce(n, base, ReduceOp.SUM_SQUARE);
            case REDUCE_LOG_SUM -> reduce(n, base, ReduceOp.LOG_SUM);
            case REDUCE_LOG_SUM_EXP -> reduce(n, base, ReduceOp.LOG_SUM_EXP);
            case CUM_SUM -> cumSum(n, base);
            case GLOBAL_AVERAGE_POOL -> globalPool(n, base, false);
            case GLOBAL_MAX_POOL -> globalPool(n, base, true);
            case MAX_POOL -> pool(n, base, true);
            case AVERAGE_POOL -> pool(n, base, false);
            case CONV_TRANSPOSE -> convTranspose(n, base);
            case SLICE -> slice(n, base);
            case EXPAND -> expand(n, base);
            case DEPTH_TO_SPACE -> depthToSpace(n, base);
            case SPACE_TO_DEPTH -> spaceToDepth(n, base);
            // inference: a copy; a mask output (f32 before opset 12) stays with the CPU kernel, which writes it
            case DROPOUT -> n.hasInput(2) || n.outputs().size() > 1 && !n.output(1).isEmpty() ? null : unary(n, base, "x0");
            case PAD -> pad(n, base);
            case WHERE -> where(n, base);
            case RESIZE, UPSAMPLE -> resize(n, base);
            case TILE -> tile(n, base);
            case BATCH_NORMALIZATION -> batchNorm(n, base);
            case GATHER -> gather(n, base);
            case GATHER_ELEMENTS -> gatherElements(n, base);
            case RESHAPE, FLATTEN, SQUEEZE, UNSQUEEZE, IDENTITY,
                 EQUAL, LESS, GREATER, GREATER_OR_EQUAL, LESS_OR_EQUAL,   // compare(), above
                 INSTANCE_NORMALIZATION, LRN, SUM, MEAN, NOT, AND, OR,
                 SHAPE, CONSTANT_OF_SHAPE, CONSTANT, CAST, RANGE, TRILU, GROUP_NORMALIZATION,
                 LP_NORMALIZATION, MEAN_VARIANCE_NORMALIZATION, SHRINK, HARDMAX, XOR, IS_NAN, IS_INF, CAST_LIKE, SIZE, EYE_LIKE,
                 GATHER_ND, SCATTER_ND, SCATTER_ELEMENTS, ONE_HOT, EINSUM, QUANTIZE_LINEAR, DEQUANTIZE_LINEAR,
                 DYNAMIC_QUANTIZE_LINEAR, MATMUL_INTEGER, CONV_INTEGER, QLINEAR_MATMUL, QLINEAR_CONV,
                 QLINEAR_ADD, QLINEAR_GLOBAL_AVERAGE_POOL, QGEMM,
                 ARG_MAX, ARG_MIN, TOP_K, IF, RNN, GRU, LSTM -> null;
        });
    }

    /** The OpenCL side of a schedule: every GPU node's kernels, numbered in schedule order, and kernels.cl. */
    GpuKernels kernels(Schedule schedule, Names names) {
        SequencedMap<String, List<GpuKernels.Call>> calls = new LinkedHashMap<>();
        StringBuilder source = new StringBuilder();
        int index = 0;
        for (Schedule.Step s : schedule.steps()) {
            Node n;
            Split split = null;
            if (s instanceof Schedule.Run(Node node, Side side) && side == Side.GPU) n = node;
            else if (s instanceof Schedule.RunSplit rs) {   // even with no GPU part compiled: the cut may move at run time
                n = rs.node();
                split = rs.split();
            } else continue;
            List<Kernel> ks = lower(n, "k" + index + "_" + names.method(n, n.name()), split == null ? null : split.dim())
                    .orElseThrow(() -> new IllegalStateException("node \"" + n.name() + "\" is on the GPU without a kernel"));
            List<GpuKernels.Call> list = new ArrayList<>();
            for (Kernel k : ks) {
                if (split != null && split.total() != k.units()) {
                    throw new IllegalStateException("node \"" + n.name() + "\": split over " + split.total()
                            + " units, kernel " + k.name() + " over " + k.units());
                }
                int begin = split == null ? 0 : split.cut();
                list.add(new GpuKernels.Call(index++, k.name(), begin, k.units(), boxed(k.launch().global(begin, k.units())),
                        k.launch().local() == null ? null : boxed(k.launch().local()), k.launch()));
                source.append(KernelGate.insert(k.source(), k.name(), index - 1)).append('\n');
            }
            calls.put(n.name(), list);
        }
        return calls.isEmpty() ? GpuKernels.NONE : new GpuKernels(KernelGate.MACRO + withFunctions(source.toString()), calls);
    }

    /** The name of the kernels' erf ({@code erf} in math.stg), in place of OpenCL's built-in one. */
    static final String ERF = "cgc_erf";

    /** {@code source} headed by the functions of math.stg that its kernels call. */
    static String withFunctions(String source) {
        return source.contains(ERF + "(") ? KernelTemplates.render("erf", ERF, Map.of()) + "\n" + source : source;
    }

    // ---- heavy ops

    /**
     * A Conv's kernel; with {@code rows}, its {@code [begin, end)} are output rows instead of output channels. A fused
     * residual (fuse-residual) is added by the kernel's store, before the activation.
     */
    private List<Kernel> conv(Node n, String base, boolean rows) {
        int rank = shape(n.input(0)).length;   // 1-D (NCW) as 2-D of height 1, as on the CPU
        long[] x = asNchw(shape(n.input(0))), w = asNchw(shape(n.input(1))), y = asNchw(shape(n.output(0)));
        if ((rank != 4 && rank != 3) || !g.isConstant(n.input(1)) || (n.hasInput(2) && !g.isConstant(n.input(2)))) {
            return null;
        }
        Attrs a = n.attrs();
        List<Long> strides = spatial(a, "strides", rank), dil = spatial(a, "dilations", rank);
        long[] pads = CpuCalls.pads(n, x, w, strides, dil, rank);
        long group = a.getInt("group", 1);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("N", x[0]); p.put("C", x[1]); p.put("H", x[2]); p.put("W", x[3]);
        p.put("OC", y[1]); p.put("OH", y[2]); p.put("OW", y[3]); p.put("KH", w[2]); p.put("KW", w[3]);
        p.put("SH", strides.get(0)); p.put("SW", strides.get(1)); p.put("PH", pads[0]); p.put("PW", pads[1]);
        p.put("DH", dil.get(0)); p.put("DW", dil.get(1));
        p.put("x", ptr(n.input(0))); p.put("w", ptr(n.input(1)));
        p.put("bias", n.hasInput(2) ? ptr(n.input(2)) : Boolean.FALSE);
        p.put("res", n.hasInput(3) ? ptr(n.input(3)) : Boolean.FALSE);
        p.put("y", ptr(n.output(0))); p.put("act", Activation.fromAttrs(a));
        int units = Math.toIntExact(rows ? y[2] : y[1]);
        if (group == 1 && style == GpuKernelStyle.VECTOR && pointwise(w, strides, pads)) {
            return List.of(pointwiseVector(n, base, x, y, rows, units));
        }
        if (group == 1 && style == GpuKernelStyle.VECTOR) {
            int mr = (int) Math.min(y[1], 8);
            p.put("splitRows", rows); p.put("MR", mr); p.put("NV", y[3] > 16 ? 2 : 1);
            return List.of(kernel("conv_vector", base, p, new Launch.Blocked(y[1], y[2], x[0], !rows, 1, mr, 1), units));
        }
        if (group == 1) {   // rows: the GEMM's n = OH * OW pixels, split in whole rows of OW
            p.put("splitM", !rows); p.put("splitUnit", rows ? y[3] : 1);
            GemmTiles tiles = GemmTiles.forShape(y[1], y[2] * y[3], x[0]);
            p.putAll(tiles.params());
            return List.of(kernel("conv_igemm", base, p, new Launch.Tiled(y[1], y[2] * y[3], x[0], !rows, rows ? y[3] : 1,
                    tiles), units));
        }
        p.put("splitRows", rows);
        boolean depthwise = group == x[1] && y[1] % x[1] == 0;
        if (depthwise && style == GpuKernelStyle.VECTOR) {   // a row of one channel per work-item
            p.put("NV", y[3] > 16 ? 2 : 1);
            return List.of(kernel("depthwise_vector", base, p, new Launch.Blocked(y[1], y[2], x[0], !rows, 1, 1, 1), units));
        }
        Launch flat = new Launch.Flat(y[0] * (rows ? y[1] : y[2]) * y[3]);
        if (depthwise) return List.of(kernel("depthwise_conv", base, p, flat, units));
        p.put("G", group);
        return List.of(kernel("conv", base, p, flat, units));
    }

    private static boolean pointwise(long[] w, List<Long> strides, long[] pads) {
        return w[2] == 1 && w[3] == 1 && strides.get(0) == 1 && strides.get(1) == 1
                && Arrays.stream(pads).allMatch(v -> v == 0);
    }

    /** Whether the vector 1x1 convs take their blocks rows first; {@code -Dcgc.gpu.rows-first=false} for measuring. */
    private static final boolean ROWS_FIRST = Boolean.parseBoolean(System.getProperty("cgc.gpu.rows-first", "true"));

    /**
     * A 1x1 conv (stride 1, no padding) on a CPU device as the matrix product it is, per image: filters (OC x C) times
     * the input (C x H·W), through gemm_vector_n, whose wider register block measured 2.3x faster on PoCL than
     * conv_vector's one vector of pixels per channel. Rows split as whole runs of OW pixels.
     */
    private Kernel pointwiseVector(Node n, String base, long[] x, long[] y, boolean rows, int units) {
        long pixels = y[2] * y[3];
        int mr = (int) Math.min(y[1], 8), nv = vectorBlocks(y[1]);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("M", y[1]); v.put("N", pixels); v.put("K", x[1]);
        v.put("batchOuter", 1); v.put("batchInner", x[0]);
        v.put("a", ptr(n.input(1))); v.put("aOuterStride", 0); v.put("aInnerStride", 0);
        v.put("aStrideM", x[1]); v.put("aStrideK", 1);
        v.put("b", ptr(n.input(0))); v.put("bOuterStride", 0); v.put("bInnerStride", x[1] * pixels);
        v.put("bStrideK", pixels);
        v.put("c", ptr(n.output(0))); v.put("alpha", 1f); v.put("beta", 1f);
        if (n.hasInput(2)) {
            v.put("bias", ptr(n.input(2))); v.put("biasStrideM", 1); v.put("biasStrideN", 0);
        } else {
            v.put("bias", Boolean.FALSE); v.put("biasStrideM", 0); v.put("biasStrideN", 0);
        }
        v.put("act", Activation.fromAttrs(n.attrs()));
        v.put("res", n.hasInput(3) ? ptr(n.input(3)) : Boolean.FALSE);
        v.put("splitM", !rows); v.put("splitUnit", rows ? y[3] : 1);
        v.put("MR", mr); v.put("NV", nv); v.put("bPanels", false);   // B is the input, packed by no one
        v.put("rowsFirst", ROWS_FIRST);   // a run of work-items shares one panel of the input, kept in L2
        return kernel("gemm_vector_n", base, v,
                new Launch.Blocked(y[1], pixels, x[0], !rows, rows ? y[3] : 1, mr, 16 * nv), units);
    }

    /** ConvTranspose in gather form (conv.stg), one work-item per output element, not split. */
    private List<Kernel> convTranspose(Node n, String base) {
        long[] x = shape(n.input(0)), w = shape(n.input(1)), y = shape(n.output(0));
        if (x.length != 4 || !g.isConstant(n.input(1)) || (n.hasInput(2) && !g.isConstant(n.input(2)))) return null;
        Attrs a = n.attrs();
        List<Long> strides = a.getInts("strides", List.of(1L, 1L)), dil = a.getInts("dilations", List.of(1L, 1L));
        long[] pads = ConvPads.ofTranspose(n, x, w, y);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("N", x[0]); p.put("C", x[1]); p.put("H", x[2]); p.put("W", x[3]);
        p.put("OC", y[1]); p.put("OH", y[2]); p.put("OW", y[3]); p.put("KH", w[2]); p.put("KW", w[3]);
        p.put("SH", strides.get(0)); p.put("SW", strides.get(1)); p.put("PH", pads[0]); p.put("PW", pads[1]);
        p.put("DH", dil.get(0)); p.put("DW", dil.get(1)); p.put("G", a.getInt("group", 1));
        p.put("x", ptr(n.input(0))); p.put("w", ptr(n.input(1)));
        p.put("bias", n.hasInput(2) ? ptr(n.input(2)) : Boolean.FALSE);
        p.put("y", ptr(n.output(0))); p.put("act", Activation.fromAttrs(a)); p.put("splitRows", false);
        return List.of(kernel("conv_transpose", base, p, new Launch.Flat(y[0] * y[2] * y[3]), Math.toIntExact(y[1])));
    }

    private List<Kernel> gemm(Node n, String base, boolean splitN) {
        Attrs a = n.attrs();
        boolean ta = a.getInt("transA", 0) != 0, tb = a.getInt("transB", 0) != 0;
        long[] as = shape(n.input(0)), bs = shape(n.input(1));
        long m = ta ? as[1] : as[0], k = ta ? as[0] : as[1], nn = tb ? bs[0] : bs[1];
        Map<String, Object> p = product(n, m, nn, k, 1, 1, 0, 0, ta ? 1 : k, ta ? m : 1, 0, 0, tb ? 1 : nn, tb ? k : 1);
        p.put("alpha", a.getFloat("alpha", 1f));
        p.put("beta", a.getFloat("beta", 1f));
        bias(p, n.input(2), m, nn);
        p.put("splitM", !splitN);
        return List.of(product(base, p, m, nn, 1, splitN, panels(n)));
    }

    /** MatMul and Linear; batch dimensions (broadcast) must fold into at most two levels with uniform strides. */
    private List<Kernel> matmul(Node n, String base, boolean splitN) {
        long[] as = shape(n.input(0)), bs = shape(n.input(1)), ys = shape(n.output(0));
        if (as.length < 2 || bs.length < 2) return null;
        long m = as[as.length - 2], k = as[as.length - 1], nn = bs[bs.length - 1];
        long[] batch = Arrays.copyOf(ys, ys.length - 2);
        long[] aStr = batchStrides(as, batch, m * k), bStr = batchStrides(bs, batch, k * nn);
        // Two levels: outer = all batch dims but the last, inner = the last (strides must be uniform over outer).
        long inner = batch.length == 0 ? 1 : batch[batch.length - 1];
        long outer = inner == 0 ? 0 : Arrays.stream(batch).reduce(1, Math::multiplyExact) / inner;
        long aIn = batch.length == 0 ? 0 : aStr[batch.length - 1], bIn = batch.length == 0 ? 0 : bStr[batch.length - 1];
        long aOut = batch.length < 2 ? 0 : aStr[batch.length - 2], bOut = batch.length < 2 ? 0 : bStr[batch.length - 2];
        for (int d = 0; d + 2 < batch.length; d++) {   // dimensions above the outer one must chain uniformly
            if (aStr[d] != aStr[d + 1] * batch[d + 1] || bStr[d] != bStr[d + 1] * batch[d + 1]) return null;
        }
        Map<String, Object> p = product(n, m, nn, k, outer, inner, aOut, aIn, k, 1, bOut, bIn, nn, 1);
        p.put("alpha", 1f);
        p.put("beta", 1f);
        String bias = n.is(OpKind.LINEAR) ? n.input(2) : "";
        if (!bias.isEmpty() && g.type(bias).elementCount() != nn) return null;
        bias(p, bias, 1, nn);
        p.put("splitM", !splitN);
        return List.of(product(base, p, m, nn, outer * inner, splitN, panels(n)));
    }

    private Map<String, Object> product(Node n, long m, long nn, long k, long batchOuter, long batchInner, long aOuter,
                                        long aInner, long aM, long aK, long bOuter, long bInner, long bK, long bN) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("M", m); p.put("N", nn); p.put("K", k);
        p.put("batchOuter", batchOuter); p.put("batchInner", batchInner);
        p.put("a", ptr(n.input(0))); p.put("aOuterStride", aOuter); p.put("aInnerStride", aInner);
        p.put("aStrideM", aM); p.put("aStrideK", aK);
        p.put("b", ptr(n.input(1))); p.put("bOuterStride", bOuter); p.put("bInnerStride", bInner);
        p.put("bStrideK", bK); p.put("bStrideN", bN);
        p.put("c", ptr(n.output(0))); p.put("act", Activation.fromAttrs(n.attrs()));
        // a Linear's residual (fuse-residual), shaped as C and added before the activation
        p.put("res", n.is(OpKind.LINEAR) && n.hasInput(3) ? ptr(n.input(3)) : Boolean.FALSE);
        p.put("splitM", true); p.put("splitUnit", 1);
        return p;
    }

    /** A bias broadcast onto m x n: a scalar, a row of n, a column of m, or a full matrix. */
    private void bias(Map<String, Object> p, String c, long m, long nn) {
        if (c.isEmpty()) {
            p.put("bias", Boolean.FALSE);
            p.put("biasStrideM", 0);
            p.put("biasStrideN", 0);
            return;
        }
        long[] cs = shape(c);
        long rows = cs.length == 2 ? cs[0] : 1, cols = cs.length == 0 ? 1 : cs[cs.length - 1];
        p.put("bias", ptr(c));
        p.put("biasStrideM", rows == 1 ? 0 : cols);
        p.put("biasStrideN", cols == 1 ? 0 : 1);
    }

    /**
     * The kernel of a matrix product whose parameters {@link #product} gathered: the tiled template, or with
     * {@link GpuKernelStyle#VECTOR} a vector one where the operands' layout suits it (B contiguous along n; or A and B
     * both contiguous along k).
     */
    private Kernel product(String base, Map<String, Object> p, long m, long nn, long batches, boolean splitN,
                           Optional<BPanels> panels) {
        int units = Math.toIntExact(splitN ? nn : m);
        if (style == GpuKernelStyle.VECTOR) {
            int mr = (int) Math.min(m, 8);
            if (((Number) p.get("bStrideN")).longValue() == 1) {
                Map<String, Object> v = vectorParams(p);
                v.remove("bStrideN");
                int nv = vectorBlocks(m);
                v.put("MR", mr);
                v.put("NV", nv);
                boolean packed = panels.isPresent() && weights.has(panels.get().name());
                if (packed) v.put("b", Ptr.wts(weights.entry(panels.get().name()).offset() / Float.BYTES));
                v.put("bPanels", packed);
                v.put("rowsFirst", false);
                return kernel("gemm_vector_n", base, v, new Launch.Blocked(m, nn, batches, !splitN, 1, mr, 16 * nv), units);
            }
            if (((Number) p.get("aStrideK")).longValue() == 1 && ((Number) p.get("bStrideK")).longValue() == 1
                    && p.get("res") == Boolean.FALSE) {   // no residual in the dot-product template
                Map<String, Object> v = vectorParams(p);
                v.remove("res");
                v.remove("aStrideK");
                v.remove("bStrideK");
                int kmr = Math.min(mr, 4), nr = 4;
                v.put("MR", kmr);
                v.put("NR", nr);
                return kernel("gemm_vector_k", base, v, new Launch.Blocked(m, nn, batches, !splitN, 1, kmr, nr), units);
            }
        }
        GemmTiles tiles = GemmTiles.forShape(m, nn, batches);
        p.putAll(tiles.params());
        return kernel("gemm", base, p, new Launch.Tiled(m, nn, batches, !splitN, 1, tiles), units);
    }

    /** gemm_vector_n's blocks of 16-float vectors per row: few rows, wider blocks, so that B streams in long runs. */
    private static int vectorBlocks(long m) {
        return Math.max(1, Math.min(8, 16 / (int) Math.max(1, Math.min(m, 8))));
    }

    /**
     * The packed copy of {@code n}'s right operand that its vector kernel reads where the layout allows ({@link
     * BPanels}): a float constant, the same for every batch, with a multiple of the kernel's block of columns. The code
     * generator adds it to the weights of a plan whose GPU side runs {@code n}; {@link #lower} then reads it.
     */
    Optional<BPanels> panels(Node n) {
        if (style != GpuKernelStyle.VECTOR || !(n.op() instanceof OpKind k) || n.inputs().size() < 2) return Optional.empty();
        String b = n.input(1);
        if (b.isEmpty() || !g.isConstant(b) || g.type(b).dtype() != DType.F32 || n.input(0).isEmpty()) return Optional.empty();
        long[] as = shape(n.input(0)), bs = shape(b);
        if (as.length < 2 || bs.length < 2) return Optional.empty();
        for (int d = 0; d + 2 < bs.length; d++) if (bs[d] != 1) return Optional.empty();
        long m;
        switch (k) {
            case GEMM -> {
                if (n.attrs().getInt("transB", 0) != 0) return Optional.empty();
                m = n.attrs().getInt("transA", 0) != 0 ? as[1] : as[0];
            }
            case MATMUL, LINEAR -> m = as[as.length - 2];
            default -> { return Optional.empty(); }
        }
        long kk = bs[bs.length - 2], nn = bs[bs.length - 1];
        int width = 16 * vectorBlocks(m);
        return m > 0 && kk > 0 && nn % width == 0 ? Optional.of(new BPanels(b, kk, nn, width)) : Optional.empty();
    }

    private static Map<String, Object> vectorParams(Map<String, Object> tiledParams) {
        Map<String, Object> v = new LinkedHashMap<>(tiledParams);
        GemmTiles.DEFAULT.params().keySet().forEach(v::remove);
        return v;
    }

    // ---- elementwise and data movement: the strided loop nest of the elementwise template

    /**
     * Tile as the broadcast it is: output axis d of size r·n seen as two axes (r, n), the repeat with input stride 0.
     */
    private List<Kernel> tile(Node n, String base) {
        var reps = g.constant(n.input(1));
        if (reps.isEmpty()) return null;
        long[] r = reps.get().toLongs(), x = shape(n.input(0)), y = shape(n.output(0));
        if (r.length != x.length || Arrays.stream(y).anyMatch(v -> v == 0)) return null;
        long[] xs = strides(x), ys = strides(y), dims = new long[2 * x.length], in = new long[2 * x.length],
                out = new long[2 * x.length];
        for (int d = 0; d < x.length; d++) {
            dims[2 * d] = r[d];
            dims[2 * d + 1] = x[d];
            in[2 * d] = 0;
            in[2 * d + 1] = xs[d];
            out[2 * d] = x[d] * ys[d];
            out[2 * d + 1] = ys[d];
        }
        return List.of(elementwise(base, dims, List.of(n.input(0)), n.output(0), "x0", List.of(in), out, 0));
    }

    /**
     * BatchNormalization in inference form, scale, bias, mean and variance constant, per channel (axis 1):
     * {@code (x - mean) * scale / sqrt(var + epsilon) + bias}. (Most fold into the conv before them, fold-bn.)
     */
    private List<Kernel> batchNorm(Node n, String base) {
        for (int i = 1; i < n.outputs().size(); i++) if (!n.output(i).isEmpty()) return null;
        long[] x = shape(n.input(0));
        if (x.length < 2 || n.inputs().size() < 5) return null;
        for (int i = 1; i <= 4; i++) if (!g.isConstant(n.input(i)) || g.type(n.input(i)).elementCount() != x[1]) return null;
        long[] channel = new long[x.length];
        channel[1] = 1;                       // each parameter: one value per channel, the same everywhere else
        String eps = CLiterals.floatLiteral(n.attrs().getFloat("epsilon", 1e-5f));
        return List.of(elementwise(base, x, List.of(n.input(0), n.input(1), n.input(2), n.input(3), n.input(4)),
                n.output(0), "(x0 - x3) * (x1 / sqrt(x4 + " + eps + ")) + x2",
                List.of(strides(x), channel, channel, channel, channel), strides(x), 0));
    }

    /**
     * Gather with constant indices (checked against the axis here, negative ones wrapped): the indices become a
     * table in the kernel's source. Indices computed at run time stay on the CPU, whose kernel checks each.
     */
    private List<Kernel> gather(Node n, String base) {
        var idx = g.constant(n.input(1));
        if (idx.isEmpty()) return null;
        long[] x = shape(n.input(0));
        if (x.length == 0) return null;
        int axis = axis(n.attrs().getInt("axis", 0), x.length);
        long[] values = idx.get().toLongs();
        if (values.length == 0) return null;
        List<Integer> table = new ArrayList<>();
        for (long v : values) {
            long k = v < 0 ? v + x[axis] : v;
            if (k < 0 || k >= x[axis]) return null;   // the CPU lowering says what is wrong
            table.add(Math.toIntExact(k));
        }
        long inner = product(x, axis + 1, x.length), outer = product(x, 0, axis);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("outer", outer); p.put("axisSize", x[axis]); p.put("inner", inner); p.put("indices", table);
        p.put("x", ptr(n.input(0))); p.put("y", ptr(n.output(0)));
        return List.of(kernel("gather", base, p, new Launch.Flat(1), Math.toIntExact(outer * values.length * inner)));
    }

    /**
     * GatherElements of f32 data, the indices (int64 or int32) read by the kernel: one work-item per output element,
     * walking the indices' shape with the data's strides but along {@code axis}, where the index picks.
     */
    private List<Kernel> gatherElements(Node n, String base) {
        String idx = n.input(1);
        DType it = g.type(idx).dtype();
        long[] x = shape(n.input(0)), i = shape(idx);
        long count = Arrays.stream(i).reduce(1, Math::multiplyExact);
        if (it != DType.I64 && it != DType.I32 || x.length == 0 || x.length != i.length || count == 0) return null;
        int axis = axis(n.attrs().getInt("axis", 0), x.length);
        long[] xs = strides(x);
        List<Axis> walk = new ArrayList<>();
        for (int d = 0; d < x.length; d++) {
            walk.add(Axis.of(Math.toIntExact(i[d]), 0, d == axis ? 0 : Math.toIntExact(xs[d])));
        }
        Ptr at = ptr(idx);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("axes", walk); p.put("axisSize", x[axis]); p.put("axisStride", xs[axis]);
        p.put("indices", "((__global const " + (it == DType.I64 ? "long" : "int") + "*) "
                + at.region().name().toLowerCase(java.util.Locale.ROOT) + " + " + at.offset() + ")");
        p.put("x", ptr(n.input(0))); p.put("y", ptr(n.output(0)));
        return List.of(kernel("gather_elements", base, p, new Launch.Flat(1), Math.toIntExact(count)));
    }

    /** The comparisons of f32 values and their C: each gives a bool, one byte an element. */
    private static final Map<OpKind, String> COMPARISONS = Map.of(OpKind.EQUAL, "x0 == x1", OpKind.LESS, "x0 < x1",
            OpKind.GREATER, "x0 > x1", OpKind.GREATER_OR_EQUAL, "x0 >= x1", OpKind.LESS_OR_EQUAL, "x0 <= x1");

    /**
     * A comparison of two f32 operands, broadcast as numpy does, written as bytes (0 or 1, the bool layout Where's
     * kernel reads): a dynamically quantized model's empty-range test, which would otherwise keep its plan crossing
     * to the CPU at every layer.
     */
    private List<Kernel> compare(Node n, String base, String expr) {
        if (n.inputs().size() != 2 || n.inputs().stream().anyMatch(i -> g.type(i).dtype() != DType.F32)
                || g.type(n.output(0)).dtype() != DType.BOOL || !g.type(n.output(0)).isStatic()) {
            return null;
        }
        return List.of(broadcast(n, base, expr));
    }

    /**
     * Where with f32 values: the bool condition is read as bytes ({@code uchar}, one per element, which the memory
     * plan places 64-byte aligned like every value), all three broadcast as numpy does.
     */
    private List<Kernel> where(Node n, String base) {
        String c = n.input(0), a = n.input(1), b = n.input(2);
        if (g.type(c).dtype() != DType.BOOL || g.type(a).dtype() != DType.F32 || g.type(b).dtype() != DType.F32) {
            return null;
        }
        return List.of(broadcast(n, base, "x0 != 0 ? x1 : x2"));
    }

    /** {@code expr} of all of {@code n}'s inputs, broadcast to its output as numpy does, one work-item a point. */
    private Kernel broadcast(Node n, String base, String expr) {
        long[] y = shape(n.output(0));
        return elementwise(base, y, n.inputs(), n.output(0), expr,
                n.inputs().stream().map(i -> broadcastStrides(shape(i), y)).toList(), strides(y), 0);
    }

    /** With {@code byRows}, over a range of rows (the last axis's runs; a layer split by rows) rather than elements. */
    private List<Kernel> binary(Node n, String base, String expr, boolean byRows) {
        if (n.inputs().size() != 2 || n.inputs().stream().anyMatch(i -> g.type(i).dtype() != DType.F32)) return null;
        long[] y = shape(n.output(0));
        if (byRows && y.length == 0) return null;
        return List.of(elementwise(base, y, List.of(n.input(0), n.input(1)), n.output(0), expr,
                List.of(broadcastStrides(shape(n.input(0)), y), broadcastStrides(shape(n.input(1)), y)), strides(y), 0, 0,
                byRows ? y[y.length - 1] : 1));
    }

    /**
     * The OpenCL C of an f32 elementwise op of its operands {@code x0} and {@code x1}: what its standalone kernel
     * computes, and a fused kernel composes. Null for an op that is not one.
     */
    private static String expression(Node n) {
        if (!(n.op() instanceof OpKind k)) return null;
        return switch (k) {
            case ADD -> "x0 + x1";
            case SUB -> "x0 - x1";
            case MUL -> "x0 * x1";
            case DIV -> "x0 / x1";
            case POW -> "pow(x0, x1)";
            case MOD -> "fmod(x0, x1)";   // f32 here, so fmod 1: the shape rule refuses 0
            case MAX -> "fmax(x0, x1)";
            case MIN -> "fmin(x0, x1)";
            case PRELU -> "x0 < 0.0f ? x0 * x1 : x0";
            case NEG -> "-x0";
            case ABS -> "fabs(x0)";
            case SQRT -> "sqrt(x0)";
            case EXP -> "exp(x0)";
            case LOG -> "log(x0)";
            case RECIPROCAL -> "1.0f / x0";
            case ERF -> ERF + "(x0)";
            case FLOOR -> "floor(x0)";
            case CEIL -> "ceil(x0)";
            case ROUND -> "rint(x0)";   // halves to even, as ONNX Round
            case SIN -> "sin(x0)";
            case COS -> "cos(x0)";
            case TAN -> "tan(x0)";
            case ASIN -> "asin(x0)";
            case ACOS -> "acos(x0)";
            case ATAN -> "atan(x0)";
            case SINH -> "sinh(x0)";
            case COSH -> "cosh(x0)";
            case ASINH -> "asinh(x0)";
            case ACOSH -> "acosh(x0)";
            case ATANH -> "atanh(x0)";
            case SIGN -> "(isnan(x0) ? x0 : (float) ((x0 > 0.0f) - (x0 < 0.0f)))";
            case SOFTPLUS -> "(fmax(x0, 0.0f) + log1p(exp(-fabs(x0))))";
            case SOFTSIGN -> "(x0 / (1.0f + fabs(x0)))";
            case ELU -> "(x0 < 0.0f ? " + lit(n, "alpha", 1f) + " * expm1(x0) : x0)";
            case SELU -> lit(n, "gamma", 1.05070102214813232421875f) + " * (x0 > 0.0f ? x0 : "
                    + lit(n, "alpha", 1.67326319217681884765625f) + " * expm1(x0))";
            case CELU -> "(fmax(x0, 0.0f) + fmin(0.0f, " + lit(n, "alpha", 1f) + " * expm1(x0 / " + lit(n, "alpha", 1f)
                    + ")))";
            case THRESHOLDED_RELU -> "(x0 > " + lit(n, "alpha", 1f) + " ? x0 : 0.0f)";
            case QUANTIZE_ROUND_TRIP -> new Activation(Activation.Kind.QUANTIZE, n.attrs().getFloat("lo", 0f),
                    n.attrs().getFloat("hi", 0f), n.attrs().getFloat("scale", 1f)).apply("x0");
            case MISH -> "(x0 * tanh(x0 > 20.0f ? x0 : log1p(exp(x0))))";
            case RELU -> Activation.of(Activation.Kind.RELU).apply("x0");
            case SIGMOID -> Activation.of(Activation.Kind.SIGMOID).apply("x0");
            case TANH -> Activation.of(Activation.Kind.TANH).apply("x0");
            case HARD_SWISH -> Activation.of(Activation.Kind.HARDSWISH).apply("x0");
            case GELU -> Activation.of(Activation.Kind.GELU).apply("x0");
            case LEAKY_RELU -> Activation.leakyRelu(n.attrs().getFloat("alpha", 0.01f)).apply("x0");
            case HARD_SIGMOID -> Activation.hardSigmoid(n.attrs().getFloat("alpha", 0.2f),
                    n.attrs().getFloat("beta", 0.5f)).apply("x0");
            default -> null;
        };
    }

    /**
     * A fused tree of elementwise ops as one kernel: the body's ops composed into one expression of the inputs, where
     * the output is f32 (the inputs f32, or i32, u8 and i8 read into C ints; the integers between, as a quantized
     * model's requantization has them, are C ints converted as the CPU's generated loops convert them).
     */
    private List<Kernel> fused(Node n, String base) {
        Graph body = n.attrs().getGraph("body").orElseThrow();
        Map<String, String> expr = new HashMap<>();
        Map<String, String> outer = new HashMap<>();
        for (int i = 0; i < body.inputs().size(); i++) {
            expr.put(body.inputs().get(i), "x" + i);
            outer.put(body.inputs().get(i), n.input(i));
        }
        for (Node m : body.nodes()) {
            String e = fusedExpression(m.withInputs(m.inputs().stream().map(v -> outer.getOrDefault(v, v)).toList()), m, body);
            if (e == null) return null;
            List<String> operands = m.inputs().stream().map(v -> v.isEmpty() ? "" : expr.get(v)).toList();
            expr.put(m.output(0), "(" + OPERAND.matcher(e).replaceAll(r -> java.util.regex.Matcher.quoteReplacement(
                    operands.get(Integer.parseInt(r.group(1))))) + ")");
        }
        return List.of(broadcast(n, base, expr.get(body.outputs().getFirst())));
    }

    /** An operand of an op's C ({@link #expression}), where the operand's own expression goes. */
    private static final java.util.regex.Pattern OPERAND = java.util.regex.Pattern.compile("\\bx([01])\\b");

    /**
     * One body node's C in {@code x0} and {@code x1}: the f32 ops as their own kernels have them, integers as C
     * ints wrapped to their type, Cast as C's conversions (a float truncated, then wrapped). {@code view} reads the
     * graph's values, for Clip's constant bounds.
     */
    private String fusedExpression(Node view, Node m, Graph body) {
        DType t = body.type(m.output(0)).dtype();
        if (m.kind() == OpKind.CAST) {
            DType from = body.type(m.input(0)).dtype();
            if (t == DType.F32) return "(float) x0";
            String truncated = from == DType.F32 ? "(int) x0" : "x0";
            return wrapInt(t, truncated);
        }
        if (t != DType.F32) {
            return switch (m.kind()) {
                case ADD -> wrapInt(t, "x0 + x1");
                case SUB -> wrapInt(t, "x0 - x1");
                case MUL -> wrapInt(t, "x0 * x1");
                case MAX -> "max(x0, x1)";
                case MIN -> "min(x0, x1)";
                default -> null;
            };
        }
        if (m.kind() == OpKind.CLIP) return clipExpression(view);
        return expression(m);
    }

    /** An int expression wrapped to {@code t}: u8 and i8 through C's modular conversions. */
    private static String wrapInt(DType t, String e) {
        return switch (t) {
            case U8 -> "(int) (uchar) (" + e + ")";
            case I8 -> "(int) (char) (" + e + ")";
            default -> e;
        };
    }

    /** Float attribute {@code name} of {@code n} ({@code fallback} when absent) as an OpenCL literal. */
    private static String lit(Node n, String name, float fallback) {
        return CLiterals.floatLiteral(n.attrs().getFloat(name, fallback));
    }

    private List<Kernel> unary(Node n, String base, String expr) {
        long[] y = shape(n.output(0));
        return List.of(elementwise(base, y, List.of(n.input(0)), n.output(0), expr, List.of(strides(y)), strides(y), 0));
    }

    private List<Kernel> clip(Node n, String base) {
        String e = clipExpression(n);
        return e == null ? null : unary(n, base, e);
    }

    /** Clip of {@code x0} with its bounds baked in; null where a bound is computed at run time. */
    private String clipExpression(Node n) {
        float min = n.attrs().getFloat("min", Float.NEGATIVE_INFINITY), max = n.attrs().getFloat("max", Float.POSITIVE_INFINITY);
        for (int i = 1; i <= 2; i++) {
            if (!n.hasInput(i)) continue;
            var w = g.constant(n.input(i));
            if (w.isEmpty()) return null;
            if (i == 1) min = w.get().toFloats()[0];
            else max = w.get().toFloats()[0];
        }
        return Activation.clip(min, max).apply("x0");
    }

    private List<Kernel> transpose(Node n, String base) {
        long[] x = shape(n.input(0)), y = shape(n.output(0));
        int r = x.length;
        List<Long> perm = n.attrs().getInts("perm", java.util.stream.LongStream.range(0, r).map(i -> r - 1 - i).boxed().toList());
        long[] xs = strides(x), in = new long[r];
        for (int d = 0; d < r; d++) in[d] = xs[Math.toIntExact(perm.get(d))];
        return List.of(elementwise(base, y, List.of(n.input(0)), n.output(0), "x0", List.of(in), strides(y), 0));
    }

    /** The output's points read the input at start + step * index along each axis (ONNX's clamping: SliceSpec). */
    private List<Kernel> slice(Node n, String base) {
        long[] x = shape(n.input(0)), y = shape(n.output(0));
        SliceSpec spec;
        try {
            spec = CpuMovementCalls.sliceArgs(n, layer(n)).spec(x);
        } catch (cgc.diag.CgcException | IllegalArgumentException e) {
            return null;   // arguments computed at run time, or a step of 0: the CPU lowering says what
        }
        long[] xs = strides(x), in = new long[x.length];
        long shift = 0;
        for (int d = 0; d < x.length; d++) {
            in[d] = xs[d] * spec.step(d);
            shift += xs[d] * spec.start(d);
        }
        if (Arrays.stream(y).anyMatch(v -> v == 0)) return null;   // nothing to compute: the CPU's no-op
        return List.of(elementwise(base, y, List.of(n.input(0)), n.output(0), "x0", List.of(in), strides(y), 0, shift, 1));
    }

    /**
     * The node seen as the CPU lowering sees it, to share its reading of arguments (Slice's, Pad's, Resize's): no
     * code is generated through it.
     */
    private Layer layer(Node n) {
        return new Layer(n, g, opset, memory, weights, new Names(), new ArrayList<>());
    }

    /** One axis of a Pad kernel: output size, pad before, the input range [lo, lo + n) it reads, input stride. */
    public record PadAxis(int size, int before, int lo, int n, int stride) {}

    /**
     * ONNX Pad of f32 data: pads (and the constant value, and opset 18's axes) constant; negative pads crop first,
     * so reflect, edge and wrap read the cropped axis, as ONNX Runtime and the CPU kernel do.
     */
    private List<Kernel> pad(Node n, String base) {
        long[] x = shape(n.input(0)), y = shape(n.output(0));
        int r = x.length;
        CpuMovementCalls.Padding padding;
        try {
            padding = CpuMovementCalls.padding(n, layer(n));
        } catch (cgc.diag.CgcException e) {
            return null;   // arguments computed at run time, or a mode no kernel has: the CPU lowering says so
        }
        long[] pads = padding.pads();
        if (pads.length != 2 * r || r == 0 || Arrays.stream(y).anyMatch(v -> v == 0)) return null;
        Shaping.PadMode mode = padding.mode();
        long[] xs = strides(x);
        List<PadAxis> axes = new ArrayList<>();
        for (int d = 0; d < r; d++) {
            long lo = Math.max(0, -pads[d]), len = x[d] - lo - Math.max(0, -pads[r + d]);
            if (len <= 0 && mode != Shaping.PadMode.CONSTANT) return null;   // nothing to reflect or repeat
            axes.add(new PadAxis(Math.toIntExact(y[d]), Math.toIntExact(Math.max(0, pads[d])), Math.toIntExact(lo),
                    Math.toIntExact(Math.max(0, len)), Math.toIntExact(xs[d])));
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("axes", axes);
        p.put("x", ptr(n.input(0)));
        p.put("y", ptr(n.output(0)));
        p.put("value", CLiterals.floatLiteral(padding.floatValue()));
        for (Shaping.PadMode m : Shaping.PadMode.values()) p.put(m.name().toLowerCase(java.util.Locale.ROOT), mode == m);
        long count = Arrays.stream(y).reduce(1, Math::multiplyExact);
        return List.of(kernel("pad", base, p, new Launch.Flat(1), Math.toIntExact(count)));
    }

    /**
     * Resize, nearest or bilinear, cropped or not, or antialiased (linear or cubic; plain cubic stays on the CPU), from the spec the CPU lowering builds, with the CPU
     * kernel's own source tables baked in; a form the CPU refuses is left to it, to say so.
     */
    private List<Kernel> resize(Node n, String base) {
        ResizeSpec s;
        try {
            s = CpuMovementCalls.resizeSpec(n, layer(n));
        } catch (cgc.diag.CgcException e) {
            return null;
        }
        // the CPU copies a Resize to the input's own shape (as ONNX Runtime does); cubic without antialias stays there
        if ((s.mode() == ResizeSpec.Mode.CUBIC && !s.antialias()) || (s.oh() == s.h() && s.ow() == s.w())) return null;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("h", s.h()); p.put("w", s.w()); p.put("oh", s.oh()); p.put("ow", s.ow());
        p.put("x", ptr(n.input(0))); p.put("y", ptr(n.output(0)));
        p.put("crop", s.crop() != null);
        p.put("ro", flags(s.outsideRows())); p.put("co", flags(s.outsideCols()));
        p.put("extrapolation", s.crop() == null ? "0.0f" : CLiterals.floatLiteral(s.crop().extrapolation()));
        int outputs = Math.toIntExact((long) s.n() * s.oh() * s.ow());
        if (s.antialias()) {
            ResizeSpec.AntialiasTable rows = s.antialiasRows(), cols = s.antialiasCols();
            p.put("rmin", ints(rows.min())); p.put("rmax", ints(rows.max())); p.put("rw", floats(rows.weights()));
            p.put("rwin", rows.window());
            p.put("cmin", ints(cols.min())); p.put("cmax", ints(cols.max())); p.put("cw", floats(cols.weights()));
            p.put("cwin", cols.window());
            return List.of(kernel("resizeFilter", base, p, new Launch.Flat(1), outputs));
        }
        ResizeSpec.AxisTable rows = s.rows(), cols = s.cols();
        p.put("linear", s.mode() == ResizeSpec.Mode.LINEAR);
        p.put("ri0", ints(rows.i0())); p.put("ri1", ints(rows.i1())); p.put("rf", floats(rows.frac()));
        p.put("ci0", ints(cols.i0())); p.put("ci1", ints(cols.i1())); p.put("cf", floats(cols.frac()));
        return List.of(kernel("resize", base, p, new Launch.Flat(1), outputs));
    }

    private static List<Integer> ints(int[] v) { return Arrays.stream(v).boxed().toList(); }

    /** A crop's per-coordinate "outside the input" flags as 0 and 1 (none without a crop). */
    private static List<Integer> flags(boolean[] v) {
        List<Integer> out = new ArrayList<>();
        if (v != null) for (boolean b : v) out.add(b ? 1 : 0);
        return out;
    }

    private static List<String> floats(float[] v) {
        List<String> out = new ArrayList<>();
        for (float f : v) out.add(CLiterals.floatLiteral(f));
        return out;
    }

    /** Numpy broadcasting of the input against the output: stride 0 along the axes it repeats. */
    private List<Kernel> expand(Node n, String base) {
        if (!g.isConstant(n.input(1))) return null;      // the CPU's code refuses a shape fed at run time
        long[] y = shape(n.output(0));
        return List.of(elementwise(base, y, List.of(n.input(0)), n.output(0), "x0",
                List.of(broadcastStrides(shape(n.input(0)), y)), strides(y), 0));
    }

    /**
     * DepthToSpace as the transpose it is: the input seen as N x b x b x C' x H x W (DCR) or N x C' x b x b x H x W
     * (CRD), written as N x C' x H x b x W x b.
     */
    private List<Kernel> depthToSpace(Node n, String base) {
        long[] x = shape(n.input(0));
        if (x.length != 4) return null;
        long b = n.attrs().getInt("blocksize", 0);
        if (b < 1 || x[1] % (b * b) != 0) return null;
        long c = x[1] / (b * b);
        boolean crd = n.attrs().getString("mode", "DCR").equals("CRD");
        long[] in6 = crd ? new long[] {x[0], c, b, b, x[2], x[3]} : new long[] {x[0], b, b, c, x[2], x[3]};
        int[] from = crd ? new int[] {0, 1, 4, 2, 5, 3} : new int[] {0, 3, 4, 1, 5, 2};   // output axis -> input axis
        return permuted(n, base, in6, from);
    }

    /** The input seen as {@code in6} (6-D), written with output axis d taken from its axis {@code from[d]}. */
    private List<Kernel> permuted(Node n, String base, long[] in6, int[] from) {
        long[] is = strides(in6), out6 = new long[6], in = new long[6];
        for (int d = 0; d < 6; d++) {
            out6[d] = in6[from[d]];
            in[d] = is[from[d]];
        }
        return List.of(elementwise(base, out6, List.of(n.input(0)), n.output(0), "x0", List.of(in), strides(out6), 0));
    }

    /** SpaceToDepth as the transpose it is: the input seen as N x C x H' x b x W' x b, written as N x b x b x C x H' x W'. */
    private List<Kernel> spaceToDepth(Node n, String base) {
        long[] x = shape(n.input(0));
        if (x.length != 4) return null;
        long b = n.attrs().getInt("blocksize", 0);
        if (b < 1 || x[2] % b != 0 || x[3] % b != 0) return null;
        return permuted(n, base, new long[] {x[0], x[1], x[2] / b, b, x[3] / b, b}, CpuMovementCalls.SPACE_TO_DEPTH_PERM);
    }

    /** One kernel per input, writing it into its place of the output with the output's strides. */
    private List<Kernel> concat(Node n, String base) {
        long[] y = shape(n.output(0));
        int axis = axis(n.attrs().getInt("axis", 0), y.length);
        long[] ys = strides(y);
        List<Kernel> ks = new ArrayList<>();
        long at = 0;
        for (int i = 0; i < n.inputs().size(); i++) {
            if (g.type(n.input(i)).elementCount() == 0) continue;   // an empty input adds nothing
            long[] x = shape(n.input(i));
            ks.add(elementwise(base + "_" + i, x, List.of(n.input(i)), n.output(0), "x0", List.of(strides(x)), ys,
                    at * ys[axis]));
            at += x[axis];
        }
        return ks;
    }

    /** One kernel per output, reading its part of the input with the input's strides. */
    private List<Kernel> split(Node n, String base) {
        if (n.hasInput(1) && !g.isConstant(n.input(1))) return null;   // as expand
        long[] x = shape(n.input(0));
        int axis = axis(n.attrs().getInt("axis", 0), x.length);
        long[] xs = strides(x);
        List<Kernel> ks = new ArrayList<>();
        long at = 0;
        for (int i = 0; i < n.outputs().size(); i++) {
            if (n.output(i).isEmpty()) return null;
            if (g.type(n.output(i)).elementCount() == 0) continue;   // an empty output takes nothing
            long[] y = shape(n.output(i));
            ks.add(elementwise(base + "_" + i, y, List.of(n.input(0)), n.output(i), "x0", List.of(xs), strides(y), 0,
                    at * xs[axis], 1));
            at += y[axis];
        }
        return ks;
    }

    private Kernel elementwise(String name, long[] dims, List<String> inputs, String output, String expr,
                               List<long[]> inStrides, long[] outStrides, long outShift) {
        return elementwise(name, dims, inputs, output, expr, inStrides, outStrides, outShift, 0, 1);
    }

    /**
     * {@code unit} points per unit of the launch's range: 1, or a row's length for a kernel over rows. f32 values are
     * read and written through the float pointers; integer and bool values through pointers of their own C type,
     * read into {@code int}s (a fused op's i32 bias, a u8 activation, Where's condition; a comparison's bool out).
     */
    private Kernel elementwise(String name, long[] dims, List<String> inputs, String output, String expr,
                               List<long[]> inStrides, long[] outStrides, long outShift, long inShift, long unit) {
        List<Axis> axes = new ArrayList<>();
        for (int d = 0; d < dims.length; d++) {
            List<Integer> in = new ArrayList<>();
            for (long[] s : inStrides) in.add(Math.toIntExact(s[d]));
            axes.add(new Axis(Math.toIntExact(dims[d]), in, Math.toIntExact(outStrides[d])));
        }
        if (axes.isEmpty()) axes.add(new Axis(1, inputs.stream().map(i -> 0).toList(), 0));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("axes", axes);
        List<Object> xs = new ArrayList<>();
        for (String in : inputs) xs.add(typed(in, shifted(ptr(in), inShift), "const "));
        p.put("x", xs);
        p.put("xt", inputs.stream().map(i -> cType(i) == null ? "float" : "int").toList());
        p.put("y", typed(output, shifted(ptr(output), outShift), ""));
        p.put("expr", expr);
        p.put("unit", unit);
        long count = Arrays.stream(dims).reduce(1, Math::multiplyExact);
        return kernel("elementwise", name, p, new Launch.Flat(unit), Math.toIntExact(count / unit));
    }

    // ---- reductions, normalisation, pools

    /** Softmax over one axis; before opset 13 over everything from {@code axis} on (the input flattened to 2-D). */
    private List<Kernel> softmax(Node n, String base) {
        long[] x = shape(n.input(0));
        if (x.length == 0) return null;
        boolean flatten = opset < 13;
        int axis = axis(n.attrs().getInt("axis", flatten ? 1 : -1), x.length);
        long inner = flatten ? 1 : product(x, axis + 1, x.length);
        long d = flatten ? product(x, axis, x.length) : x[axis];
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("D", d); p.put("inner", inner); p.put("x", ptr(n.input(0))); p.put("y", ptr(n.output(0)));
        p.put("log", n.is(OpKind.LOG_SOFTMAX));
        return List.of(kernel("softmax", base, p, new Launch.Flat(1), Math.toIntExact(product(x, 0, x.length) / d)));
    }

    private List<Kernel> layerNorm(Node n, String base) {
        long[] x = shape(n.input(0));
        if (axis(n.attrs().getInt("axis", -1), x.length) != x.length - 1) return null;
        for (int i = 1; i < n.outputs().size(); i++) if (!n.output(i).isEmpty()) return null;
        long d = x[x.length - 1];
        if (g.type(n.input(1)).elementCount() != d || (n.hasInput(2) && g.type(n.input(2)).elementCount() != d)) return null;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("D", d); p.put("x", ptr(n.input(0))); p.put("scale", ptr(n.input(1)));
        p.put("bias", n.hasInput(2) ? ptr(n.input(2)) : Boolean.FALSE); p.put("y", ptr(n.output(0)));
        p.put("epsilon", n.attrs().getFloat("epsilon", 1e-5f));
        return List.of(kernel("layernorm", base, p, new Launch.Flat(1), Math.toIntExact(product(x, 0, x.length) / d)));
    }

    private List<Kernel> reduce(Node n, String base, ReduceOp op) {
        long[] x = shape(n.input(0));
        long[] axesList;
        if (n.hasInput(1)) {
            var w = g.constant(n.input(1));
            if (w.isEmpty()) return null;
            axesList = w.get().toLongs();
        } else {
            axesList = n.attrs().getInts("axes", List.of()).stream().mapToLong(Long::longValue).toArray();
        }
        if (axesList.length == 0) {
            if (n.attrs().getInt("noop_with_empty_axes", 0) != 0) return null;
            axesList = java.util.stream.LongStream.range(0, x.length).toArray();
        }
        boolean[] reduced = new boolean[x.length];
        for (long a : axesList) reduced[axis(a, x.length)] = true;
        long[] xs = strides(x);
        List<Axis> kept = new ArrayList<>(), red = new ArrayList<>();
        long count = 1, outStride = 1;
        for (int d = x.length - 1; d >= 0; d--) {
            if (reduced[d]) {
                red.addFirst(Axis.of(Math.toIntExact(x[d]), 0, Math.toIntExact(xs[d])));
                count *= x[d];
            } else {
                kept.addFirst(Axis.of(Math.toIntExact(x[d]), Math.toIntExact(outStride), Math.toIntExact(xs[d])));
                outStride *= x[d];
            }
        }
        if (kept.isEmpty()) kept.add(Axis.of(1, 0, 0));
        String init = switch (op) {
            case MAX -> "-INFINITY";
            case MIN -> "INFINITY";
            case PROD -> "1.0f";
            default -> "0.0f";
        };
        String combine = switch (op) {
            case SUM, MEAN, LOG_SUM -> "acc + v";
            case MAX -> "fmax(acc, v)";
            case MIN -> "fmin(acc, v)";
            case L2, SUM_SQUARE -> "acc + v * v";
            case PROD -> "acc * v";
            case L1 -> "acc + fabs(v)";
            case LOG_SUM_EXP -> "acc + exp(v - m)";
        };
        String finish = switch (op) {
            case SUM, MAX, MIN, PROD, L1, SUM_SQUARE -> "acc";
            case MEAN -> "acc / " + count + ".0f";
            case L2 -> "sqrt(acc)";
            case LOG_SUM -> "log(acc)";
            case LOG_SUM_EXP -> "(isinf(m) ? m : m + log(acc))";   // as the CPU: an infinite max is the result
        };
        return List.of(reduceKernel(base, kept, red, n.input(0), n.output(0), init, combine, finish,
                op == ReduceOp.LOG_SUM_EXP, Math.toIntExact(outStride)));
    }

    /** CumSum along a constant axis: one work-item per line along it. */
    private List<Kernel> cumSum(Node n, String base) {
        var axis = g.constant(n.input(1));
        long[] x = shape(n.input(0));
        if (axis.isEmpty() || x.length == 0) return null;   // the CPU lowering says what is wrong
        int a = axis(axis.get().toLongs()[0], x.length);
        long inner = product(x, a + 1, x.length);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("D", x[a]); p.put("inner", inner); p.put("x", ptr(n.input(0))); p.put("y", ptr(n.output(0)));
        p.put("exclusive", n.attrs().getInt("exclusive", 0) != 0); p.put("reverse", n.attrs().getInt("reverse", 0) != 0);
        return List.of(kernel("cumsum", base, p, new Launch.Flat(1), Math.toIntExact(product(x, 0, a) * inner)));
    }

    private List<Kernel> globalPool(Node n, String base, boolean max) {
        long[] x = shape(n.input(0));
        if (x.length < 3) return null;
        long planes = x[0] * x[1], hw = product(x, 2, x.length);
        return List.of(reduceKernel(base, List.of(Axis.of(Math.toIntExact(planes), 1, Math.toIntExact(hw))),
                List.of(Axis.of(Math.toIntExact(hw), 0, 1)), n.input(0), n.output(0), max ? "-INFINITY" : "0.0f",
                max ? "fmax(acc, v)" : "acc + v", max ? "acc" : "acc / " + hw + ".0f", false, Math.toIntExact(planes)));
    }

    private Kernel reduceKernel(String name, List<Axis> kept, List<Axis> reduced, String x, String y, String init,
                                String combine, String finish, boolean shift, int points) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("kept", kept); p.put("reduced", reduced); p.put("x", ptr(x)); p.put("y", ptr(y));
        p.put("init", init); p.put("combine", combine); p.put("finish", finish); p.put("shift", shift);
        return kernel("reduce", name, p, new Launch.Flat(1), points);
    }

    private List<Kernel> pool(Node n, String base, boolean max) {
        int rank = shape(n.input(0)).length;   // 1-D (NCW) as 2-D of height 1
        long[] x = asNchw(shape(n.input(0))), y = asNchw(shape(n.output(0)));
        if ((rank != 4 && rank != 3) || (n.outputs().size() > 1 && !n.output(1).isEmpty())) return null;
        Attrs a = n.attrs();
        List<Long> kernel = spatial(a, "kernel_shape", rank), strides = spatial(a, "strides", rank),
                dil = spatial(a, "dilations", rank);
        if (a.getInts("kernel_shape", List.of()).size() != rank - 2) return null;
        long[] pads = CpuCalls.pads(n, x, new long[] {0, 0, kernel.get(0), kernel.get(1)}, strides, dil, rank);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("P", x[0] * x[1]); p.put("H", x[2]); p.put("W", x[3]); p.put("OH", y[2]); p.put("OW", y[3]);
        p.put("KH", kernel.get(0)); p.put("KW", kernel.get(1)); p.put("SH", strides.get(0)); p.put("SW", strides.get(1));
        p.put("PT", pads[0]); p.put("PL", pads[1]); p.put("PB", pads[2]); p.put("PR", pads[3]);
        p.put("DH", dil.get(0)); p.put("DW", dil.get(1)); p.put("x", ptr(n.input(0))); p.put("y", ptr(n.output(0)));
        p.put("isMax", max); p.put("countIncludePad", a.getInt("count_include_pad", 0) != 0);
        return List.of(kernel("pool", base, p, new Launch.Flat(1), Math.toIntExact(x[0] * x[1] * y[2] * y[3])));
    }

    // ---- helpers

    private static Kernel kernel(String template, String name, Map<String, Object> params, Launch launch, int units) {
        return new Kernel(name, KernelTemplates.render(template, name, params), launch, units);
    }

    /** Where a value lives, as an element offset into the arena or the weights. */
    private Ptr ptr(String value) {
        long bytes = g.isConstant(value) ? weights.entry(value).offset() : memory.slot(value).offset();
        long elem = g.type(value).dtype().byteSize();
        return g.isConstant(value) ? Ptr.wts(bytes / elem) : Ptr.act(bytes / elem);
    }

    /** The C type an integer or bool value is read and written as; null for f32 (the float pointers). */
    private String cType(String value) {
        return switch (g.type(value).dtype()) {
            case I32 -> "int";
            case U8, BOOL -> "uchar";
            case I8 -> "char";
            default -> null;
        };
    }

    /** A kernel's pointer to {@code value} at {@code at}: {@code at} (floats), or one of its C type at its offset. */
    private Object typed(String value, Ptr at, String qualifier) {
        String c = cType(value);
        return c == null ? at : "((__global " + qualifier + c + "*) " + at.region().name().toLowerCase(java.util.Locale.ROOT)
                + " + " + at.offset() + ")";
    }

    private static Ptr shifted(Ptr p, long by) { return new Ptr(p.region(), p.offset() + by); }

    private long[] shape(String v) { return g.type(v).shape(); }

    static long[] strides(long[] dims) {
        long[] s = new long[dims.length];
        long acc = 1;
        for (int d = dims.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= dims[d];
        }
        return s;
    }

    /** Strides of an operand of shape {@code x} broadcast (numpy rules, aligned right) to {@code out}: 0 where it repeats. */
    static long[] broadcastStrides(long[] x, long[] out) {
        long[] own = strides(x), s = new long[out.length];
        for (int d = 0; d < out.length; d++) {
            int xd = d - (out.length - x.length);
            s[d] = xd < 0 || x[xd] == 1 ? 0 : own[xd];
        }
        return s;
    }

    /** Batch strides of a MatMul operand (its last two dims being one matrix of {@code matrix} elements). */
    private static long[] batchStrides(long[] x, long[] batch, long matrix) {
        long[] own = Arrays.copyOf(x, x.length - 2), s = new long[batch.length];
        long acc = matrix;
        long[] ownStrides = new long[own.length];
        for (int d = own.length - 1; d >= 0; d--) {
            ownStrides[d] = acc;
            acc *= own[d];
        }
        for (int d = 0; d < batch.length; d++) {
            int xd = d - (batch.length - own.length);
            s[d] = xd < 0 || own[xd] == 1 ? 0 : ownStrides[xd];
        }
        return s;
    }

    private static long product(long[] dims, int from, int to) {
        long p = 1;
        for (int d = from; d < to; d++) p *= dims[d];
        return p;
    }

    private static int axis(long a, int rank) { return Math.toIntExact(a < 0 ? a + rank : a); }

    private static List<Long> boxed(long[] v) { return Arrays.stream(v).boxed().toList(); }
}
