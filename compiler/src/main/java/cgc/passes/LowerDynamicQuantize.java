package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Node;
import cgc.ir.OpKind;
import java.util.List;
import java.util.stream.LongStream;

/**
 * DynamicQuantizeLinear, as ONNX defines it and ONNX Runtime computes it: the range of x widened to hold 0, {@code
 * scale = (max - min) / 255} (1 where the range is empty, x all zeros, as ONNX Runtime has it), {@code zero =
 * round(clamp(-min / scale, 0, 255))}, {@code y = clamp(round(x / scale) + zero, 0, 255)}, both cast to u8.
 */
final class LowerDynamicQuantize implements Lowering {
    @Override
    public void lower(Node n, Emitter e) {
        String x = n.input(0), name = n.name();
        int rank = e.type(x).rank();
        long[] all = LongStream.range(0, rank).toArray();
        String zero = e.scalar(name + "_zero", DType.F32, 0);
        String lo = rank == 0 ? x : e.reduce(name + "_min", OpKind.REDUCE_MIN, x, false, all);
        String hi = rank == 0 ? x : e.reduce(name + "_max", OpKind.REDUCE_MAX, x, false, all);
        lo = e.node(name + "_low", OpKind.MIN, lo, zero);
        hi = e.node(name + "_high", OpKind.MAX, hi, zero);
        String levels = e.scalar(name + "_levels", DType.F32, 255);
        String range = e.node(name + "_range", OpKind.SUB, hi, lo);
        String step = e.node(name + "_step", OpKind.DIV, range, levels);
        String empty = e.node(name + "_empty", OpKind.EQUAL, hi, lo);
        String scale = e.output(n, 1, name + "_scale", OpKind.WHERE,
                List.of(empty, e.scalar(name + "_one", DType.F32, 1), step), null);
        String z = e.node(name + "_shift", OpKind.NEG, e.node(name + "_min_steps", OpKind.DIV, lo, scale));
        z = e.node(name + "_round_zero", OpKind.ROUND, clamp(e, name + "_zero", z, zero, levels));
        e.output(n, 2, name + "_zero_u8", OpKind.CAST, List.of(z), U8);
        String y = e.node(name + "_rounded", OpKind.ROUND, e.node(name + "_scaled", OpKind.DIV, x, scale));
        y = clamp(e, name + "_y", e.node(name + "_shifted", OpKind.ADD, y, z), zero, levels);
        e.output(n, 0, name + "_y_u8", OpKind.CAST, List.of(y), U8);
    }

    private static final Attrs U8 = Attrs.EMPTY.with("to", Attr.of((long) DType.U8.onnxCode()));

    /** v clamped to u8's range [0, 255] (the constants 0 and 255 given). */
    private static String clamp(Emitter e, String hint, String v, String zero, String top) {
        return e.node(hint + "_below_255", OpKind.MIN, e.node(hint + "_above_0", OpKind.MAX, v, zero), top);
    }
}
