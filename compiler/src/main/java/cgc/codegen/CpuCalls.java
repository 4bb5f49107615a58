package cgc.codegen;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Node;
import cgc.ir.OpKind;
import com.palantir.javapoet.CodeBlock;
import java.lang.foreign.MemorySegment;

/**
 * The Java that runs one node on the CPU: a call of a {@code cgc.runtime.cpu} kernel with the node's geometry (a
 * constant of the plan class) and its arena and weights offsets, or a plain copy for data movement. One case per op
 * of the op table, and no default: an op added to the table must be decided here.
 */
final class CpuCalls {
    private CpuCalls() {}

    static CodeBlock call(Node n, Layer l) {
        OpKind k = n.kind();
        return switch (k) {
            case RESHAPE, FLATTEN, SQUEEZE, UNSQUEEZE, IDENTITY -> copy(n, l);
            case CONV, CONV_TRANSPOSE, GEMM, MATMUL,
                 BATCH_NORMALIZATION, LAYER_NORMALIZATION, INSTANCE_NORMALIZATION, SOFTMAX,
                 RELU, LEAKY_RELU, PRELU, CLIP, SIGMOID, HARD_SIGMOID, HARD_SWISH, TANH, ERF, GELU,
                 ADD, SUB, MUL, DIV, POW, SQRT, EXP, LOG, NEG, ABS, RECIPROCAL, FLOOR, CEIL, ROUND, MAX, MIN, SUM, MEAN,
                 EQUAL, LESS, GREATER, NOT, AND, OR, WHERE,
                 TRANSPOSE, CONCAT, SPLIT, SLICE, GATHER, SHAPE, CONSTANT_OF_SHAPE, CONSTANT, DROPOUT, CAST, EXPAND,
                 TILE, RANGE, DEPTH_TO_SPACE, RESIZE, PAD,
                 ARG_MAX, REDUCE_MEAN, REDUCE_SUM, REDUCE_MAX, REDUCE_L2,
                 MAX_POOL, AVERAGE_POOL, GLOBAL_AVERAGE_POOL, GLOBAL_MAX_POOL, IF -> throw unsupported(n);
        };
    }

    /** Reshape and friends that could not share their input (it is a constant): copy the bytes. */
    private static CodeBlock copy(Node n, Layer l) {
        String in = n.input(0), out = n.output(0);
        return CodeBlock.of("$T.copy($L, $LL, f.act(), $LL, $LL);\n", MemorySegment.class,
                l.isConstant(in) ? "f.wts()" : "f.act()", l.byteOffset(in), l.byteOffset(out), l.bytes(out));
    }

    static CgcException unsupported(Node n) {
        return new CgcException(Where.NOWHERE.node(n.name()).op(n.op().opType()),
                "no CPU kernel for this op in this version of cgc");
    }
}
