package cgc.codegen;

import static cgc.codegen.CpuCalls.asNchw;
import static cgc.codegen.CpuCalls.constantLongs;
import static cgc.codegen.CpuCalls.copy;
import static cgc.codegen.CpuCalls.ints;
import static cgc.codegen.CpuCalls.isInteger;
import static cgc.codegen.CpuCalls.pads;
import static cgc.codegen.CpuCalls.requireConstant;
import static cgc.codegen.CpuCalls.requireFloat;
import static cgc.codegen.CpuCalls.requireFloatData;
import static cgc.codegen.CpuCalls.runtimeType;
import static cgc.codegen.CpuCalls.shape;
import static cgc.codegen.CpuCalls.spatial;
import static cgc.codegen.CpuCalls.unsupported;

import cgc.ir.Attrs;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.runtime.cpu.CumSum;
import cgc.runtime.cpu.Integers;
import cgc.runtime.cpu.LayerNorm;
import cgc.runtime.cpu.TopK;
import cgc.runtime.cpu.LayerNormStats;
import cgc.runtime.cpu.MaxPoolIndices;
import cgc.runtime.cpu.Norms;
import cgc.runtime.cpu.Pool;
import cgc.runtime.cpu.PoolSpec;
import cgc.runtime.cpu.Reduce;
import cgc.runtime.cpu.ReduceOp;
import cgc.runtime.cpu.Softmax;
import cgc.runtime.cpu.ArgMax;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.util.List;

/**
 * The Java that runs a normalisation, pooling or reduction node on the CPU: BatchNormalization, InstanceNormalization,
 * LayerNormalization, Softmax, the pools, the Reduce ops, CumSum and ArgMax.
 */
final class CpuNormPoolCalls {
    private CpuNormPoolCalls() {}

    /**
     * MaxPool (with its optional indices output, flattened as for the 2-D input: the same for a 1-D one) and
     * AveragePool, 2-D NCHW or 1-D NCW (as 2-D of height 1).
     */
    static CodeBlock pool(Node n, Layer l, boolean max) {
        cgc.ir.DType type = l.type(n.input(0)).dtype();
        boolean integers = max && (type == cgc.ir.DType.I8 || type == cgc.ir.DType.U8);
        if (!integers) requireFloatData(n, l);
        long[] x = shape(l, n.input(0));
        int rank = x.length;
        if (rank != 4 && rank != 3) throw unsupported(n, "other than 1-D or 2-D (input " + l.type(n.input(0)) + ")");
        boolean indices = n.outputs().size() > 1 && !n.output(1).isEmpty();
        x = asNchw(x);
        Attrs a = n.attrs();
        List<Long> kernel = a.getInts("kernel_shape", List.of());
        if (kernel.size() != rank - 2) throw unsupported(n, "with kernel_shape " + kernel + " on input " + l.type(n.input(0)));
        if (rank == 3) kernel = List.of(1L, kernel.getFirst());
        List<Long> strides = spatial(a, "strides", rank), dil = spatial(a, "dilations", rank);
        long[] pads = pads(n, x, new long[] {0, 0, kernel.get(0), kernel.get(1)}, strides, dil, rank);
        CodeBlock spec = CodeBlock.of("new $T($L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L)",
                PoolSpec.class, x[0], x[1], x[2], x[3], kernel.get(0), kernel.get(1), strides.get(0), strides.get(1),
                pads[0], pads[1], pads[2], pads[3], dil.get(0), dil.get(1), a.getInt("ceil_mode", 0) != 0,
                a.getInt("count_include_pad", 0) != 0);
        String s = l.constant("spec", ClassName.get(PoolSpec.class), spec);
        if (integers) {
            if (indices) throw unsupported(n, "with Indices on " + type.text() + " values");
            return CodeBlock.of("$T.maxPool($N, $T.$L, f.act(), $LL, f.act(), $LL, f.pool());\n", Integers.class, s,
                    cgc.runtime.io.DType.class, runtimeType(n, type), l.elementOffset(n.input(0)),
                    l.elementOffset(n.output(0)));
        }
        if (indices) {
            return CodeBlock.of("$T.run($N, $L, f.act(), $LL, f.act(), $LL, f.act(), $LL, f.pool());\n",
                    MaxPoolIndices.class, s, a.getInt("storage_order", 0) != 0, l.elementOffset(n.input(0)),
                    l.elementOffset(n.output(0)), l.elementOffset(n.output(1)));
        }
        return CodeBlock.of("$T.$L($N, f.act(), $LL, f.act(), $LL, f.pool());\n", Pool.class, max ? "max" : "average", s,
                l.elementOffset(n.input(0)), l.elementOffset(n.output(0)));
    }

    static CodeBlock globalPool(Node n, Layer l, boolean max) {
        requireFloatData(n, l);
        long[] x = shape(l, n.input(0));
        if (x.length < 3) throw unsupported(n, "on rank " + x.length);
        long planes = x[0] * x[1], hw = l.type(n.input(0)).elementCount() / planes;
        return CodeBlock.of("$T.global($L, $L, $L, $L, $LL, f.act(), $LL, f.pool());\n", Pool.class, max, planes, hw,
                l.segment(n.input(0)), l.elementOffset(n.input(0)), l.elementOffset(n.output(0)));
    }

    /**
     * Softmax over one axis (opset 13 on); before opset 13, over the input flattened to 2-D at {@code axis} (default 1),
     * which is a softmax over one axis of the shape {@code [outer, rest]}. LogSoftmax likewise.
     */
    static CodeBlock softmax(Node n, Layer l) {
        String x = n.input(0);
        long[] shape = shape(l, x);
        String dims;
        long axis;
        if (l.opset() >= 13) {
            dims = l.shape("shape", x);
            axis = n.attrs().getInt("axis", -1);
        } else {
            int a = Math.toIntExact(Math.floorMod(n.attrs().getInt("axis", 1), shape.length == 0 ? 1 : shape.length));
            long outer = 1, rest = 1;
            for (int d = 0; d < shape.length; d++) {
                if (d < a) outer *= shape[d];
                else rest *= shape[d];
            }
            dims = l.ints("shape", new long[] {outer, rest});
            axis = 1;
        }
        return CodeBlock.of("$T.$L($N, $L, $L, $LL, f.act(), $LL, f.pool());\n", Softmax.class,
                n.is(OpKind.LOG_SOFTMAX) ? "log" : "run", dims, axis, l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    /** LayerNormalization, with its optional outputs: the mean and inverse deviation of each row. */
    static CodeBlock layerNorm(Node n, Layer l) {
        requireFloat(n, l);
        String x = n.input(0), scale = n.input(1), bias = n.input(2);
        long axis = n.attrs().getInt("axis", -1);
        String epsilon = Activations.literal(n.attrs().getFloat("epsilon", 1e-5f));
        String shape = l.shape("shape", x);
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("$T.run($N, $L, $L, $L, $LL, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", LayerNorm.class, shape, axis,
                epsilon, l.segment(x), l.elementOffset(x), l.segment(scale), l.elementOffset(scale),
                bias.isEmpty() ? "null" : l.segment(bias), bias.isEmpty() ? 0 : l.elementOffset(bias),
                l.elementOffset(n.output(0)));
        String mean = n.outputs().size() > 1 ? n.output(1) : "", invStd = n.outputs().size() > 2 ? n.output(2) : "";
        if (!mean.isEmpty() || !invStd.isEmpty()) {
            b.add("$T.run($N, $L, $L, $L, $LL, f.act(), $LL, f.act(), $LL, f.pool());\n", LayerNormStats.class, shape,
                    axis, epsilon, l.segment(x), l.elementOffset(x), mean.isEmpty() ? -1 : l.elementOffset(mean),
                    invStd.isEmpty() ? -1 : l.elementOffset(invStd));
        }
        return b.build();
    }

    /** The CPU's part of a LayerNormalization over the last axis split by rows: its first {@code cut} rows. */
    static CodeBlock layerNormRows(Node n, Layer l, String cut) {
        requireFloat(n, l);
        String x = n.input(0), scale = n.input(1), bias = n.input(2);
        return CodeBlock.of("$T.rows($L, $N, $L, $L, $L, $LL, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n",
                LayerNorm.class, cut, l.shape("shape", x), n.attrs().getInt("axis", -1),
                Activations.literal(n.attrs().getFloat("epsilon", 1e-5f)), l.segment(x), l.elementOffset(x),
                l.segment(scale), l.elementOffset(scale), bias.isEmpty() ? "null" : l.segment(bias),
                bias.isEmpty() ? 0 : l.elementOffset(bias), l.elementOffset(n.output(0)));
    }

    /**
     * ReduceMean and friends; axes from the attribute (before opset 18) or a constant input (after). With
     * noop_with_empty_axes and no axes, each element is reduced alone, as ONNX Runtime and the ONNX reference
     * implementation compute it (x² for ReduceSumSquare, not the input the spec's text promises): a copy where that is
     * the element itself, else a reduction over a unit axis appended to the input's shape.
     */
    static CodeBlock reduce(Node n, Layer l, ReduceOp op) {
        String x = n.input(0);
        long[] axes = n.hasInput(1) ? constantLongs(n, l, 1)
                : n.attrs().getInts("axes", List.of()).stream().mapToLong(Long::longValue).toArray();
        long[] shape = shape(l, x);
        if (axes.length == 0 && n.attrs().getInt("noop_with_empty_axes", 0) != 0) {
            if (op.keepsLoneValues()) return copy(n, l);
            shape = java.util.Arrays.copyOf(shape, shape.length + 1);
            shape[shape.length - 1] = 1;
            axes = new long[] {-1};
        }
        String dims = l.ints("shape", shape);
        cgc.ir.DType t = l.type(x).dtype();
        if (isInteger(t) && op.onIntegers()) {
            return CodeBlock.of("$T.reduce($T.$L, $T.$L, $N, new int[] {$L}, $L, $LL, f.act(), $LL, f.pool());\n",
                    Integers.class, ReduceOp.class, op.name(), cgc.runtime.io.DType.class, runtimeType(n, t),
                    dims, ints(axes), l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
        }
        if (t == cgc.ir.DType.F64) {
            return CodeBlock.of("$T.run($T.$L, $T.FLOAT64, $N, new int[] {$L}, $L, $LL, f.act(), $LL, f.pool());\n",
                    Reduce.class, ReduceOp.class, op.name(), cgc.runtime.io.DType.class, dims, ints(axes), l.segment(x),
                    l.elementOffset(x), l.elementOffset(n.output(0)));
        }
        requireFloat(n, l);
        return CodeBlock.of("$T.run($T.$L, $N, new int[] {$L}, $L, $LL, f.act(), $LL, f.pool());\n", Reduce.class,
                ReduceOp.class, op.name(), dims, ints(axes), l.segment(x), l.elementOffset(x),
                l.elementOffset(n.output(0)));
    }

    /** CumSum along its constant axis, on any numeric type the runtime holds. */
    static CodeBlock cumSum(Node n, Layer l) {
        requireConstant(n, l, 1, "axis");
        String x = n.input(0);
        return CodeBlock.of("$T.run($T.$L, $N, $L, $L, $L, $L, $LL, f.act(), $LL, f.pool());\n", CumSum.class,
                cgc.runtime.io.DType.class, runtimeType(n, l.type(x).dtype()), l.shape("shape", x),
                constantLongs(n, l, 1)[0], n.attrs().getInt("exclusive", 0) != 0, n.attrs().getInt("reverse", 0) != 0,
                l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    /** BatchNormalization in inference form (running statistics, all four constant), NCHW or NC. */
    static CodeBlock batchNorm(Node n, Layer l) {
        requireFloat(n, l);
        for (int i = 1; i < n.outputs().size(); i++) if (!n.output(i).isEmpty()) throw unsupported(n, "in training mode");
        for (int i = 1; i <= 4; i++) requireConstant(n, l, i, "parameters");
        long[] x = shape(l, n.input(0));
        if (x.length < 2) throw unsupported(n, "on rank " + x.length);
        long spatial = l.type(n.input(0)).elementCount() / (x[0] * x[1]);
        return CodeBlock.of("$T.batchNorm($L, $L, $L, $L, $L, $LL, f.wts(), $LL, $LL, $LL, $LL, f.act(), $LL, f.pool());\n",
                Norms.class, x[0], x[1], spatial, Activations.literal(n.attrs().getFloat("epsilon", 1e-5f)),
                l.segment(n.input(0)), l.elementOffset(n.input(0)), l.elementOffset(n.input(1)), l.elementOffset(n.input(2)),
                l.elementOffset(n.input(3)), l.elementOffset(n.input(4)), l.elementOffset(n.output(0)));
    }

    static CodeBlock instanceNorm(Node n, Layer l) {
        requireFloat(n, l);
        requireConstant(n, l, 1, "scale");
        requireConstant(n, l, 2, "bias");
        long[] x = shape(l, n.input(0));
        if (x.length < 3) throw unsupported(n, "on rank " + x.length);
        long spatial = l.type(n.input(0)).elementCount() / (x[0] * x[1]);
        return CodeBlock.of("$T.instanceNorm($L, $L, $L, $L, $L, $LL, f.wts(), $LL, $LL, f.act(), $LL, f.pool());\n",
                Norms.class, x[0], x[1], spatial, Activations.literal(n.attrs().getFloat("epsilon", 1e-5f)),
                l.segment(n.input(0)), l.elementOffset(n.input(0)), l.elementOffset(n.input(1)), l.elementOffset(n.input(2)),
                l.elementOffset(n.output(0)));
    }

    /** LRN across channels, on planes of the spatial dims. */
    static CodeBlock lrn(Node n, Layer l) {
        requireFloat(n, l);
        long[] x = shape(l, n.input(0));
        long spatial = l.type(n.input(0)).elementCount() / (x[0] * x[1]);
        var a = n.attrs();
        return CodeBlock.of("$T.lrn($L, $L, $L, $L, $L, $L, $L, $L, $LL, f.act(), $LL, f.pool());\n", Norms.class, x[0],
                x[1], spatial, a.getInt("size", 1), Activations.literal(a.getFloat("alpha", 1e-4f)),
                Activations.literal(a.getFloat("beta", 0.75f)), Activations.literal(a.getFloat("bias", 1f)),
                l.segment(n.input(0)), l.elementOffset(n.input(0)), l.elementOffset(n.output(0)));
    }

    /**
     * TopK along one axis: values and i64 indices, sorted; k from the output's shape (the rule checked it against a
     * constant K: one fed at run time would be ignored, so it is refused).
     */
    static CodeBlock topK(Node n, Layer l) {
        if (n.hasInput(1)) requireConstant(n, l, 1, "K");
        String x = n.input(0);
        long[] in = shape(l, x);
        int axis = (int) Math.floorMod(n.attrs().getInt("axis", -1), in.length);
        long k = shape(l, n.output(0))[axis];
        boolean largest = n.attrs().getInt("largest", 1) != 0;
        return CodeBlock.of("$T.run($T.$L, $N, $L, $L, $L, $L, $LL, f.act(), $LL, f.act(), $LL, f.pool());\n", TopK.class,
                cgc.runtime.io.DType.class, runtimeType(n, l.type(x).dtype()), l.shape("shape", x), axis, k, largest,
                l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)), l.elementOffset(n.output(1)));
    }

    /** ArgMax or ArgMin along one axis, i64 indices out (keepdims is the output's shape alone). */
    static CodeBlock argMax(Node n, Layer l) {
        String x = n.input(0);
        return CodeBlock.of("$T.run($T.$L, $N, $L, $L, $L, $L, $LL, f.act(), $LL, f.pool());\n", ArgMax.class,
                cgc.runtime.io.DType.class, runtimeType(n, l.type(x).dtype()), l.shape("shape", x),
                n.attrs().getInt("axis", 0), n.is(OpKind.ARG_MIN), n.attrs().getInt("select_last_index", 0) != 0, l.segment(x),
                l.elementOffset(x), l.elementOffset(n.output(0)));
    }
}
