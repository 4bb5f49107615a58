package cgc.codegen;

import static cgc.codegen.CpuCalls.constantLongs;
import static cgc.codegen.CpuCalls.copy;
import static cgc.codegen.CpuCalls.elementBytes;
import static cgc.codegen.CpuCalls.ints;
import static cgc.codegen.CpuCalls.isInteger;
import static cgc.codegen.CpuCalls.requireFloat;
import static cgc.codegen.CpuCalls.requireFloatInputs;
import static cgc.codegen.CpuCalls.runtimeType;
import static cgc.codegen.CpuCalls.shape;
import static cgc.codegen.CpuCalls.unsupported;

import cgc.diag.Where;
import cgc.ir.Node;
import cgc.ir.Weights;
import cgc.runtime.cpu.Act;
import cgc.runtime.cpu.BinaryOp;
import cgc.runtime.cpu.Broadcast;
import cgc.runtime.cpu.Elementwise;
import cgc.runtime.cpu.UnaryOp;
import cgc.runtime.cpu.GeluTanh;
import cgc.runtime.cpu.Doubles;
import cgc.runtime.cpu.Integers;
import cgc.runtime.cpu.Cast;
import cgc.runtime.cpu.Logic;
import cgc.runtime.cpu.Mod;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;

/**
 * The Java that runs an elementwise node on the CPU: broadcast binary ops (f32, integers, an f32 base to an integer
 * power), unary ops and activations, Where, comparisons and logic, and Cast.
 */
final class CpuElementwiseCalls {
    private CpuElementwiseCalls() {}

    /** Declares the {@link Broadcast} of operands {@code a} and {@code b}; returns its name. */
    private static String broadcast(Layer l, String a, String b) {
        return l.constant("broadcast", ClassName.get(Broadcast.class), CodeBlock.of("$T.of(new int[] {$L}, new int[] {$L})",
                Broadcast.class, ints(shape(l, a)), ints(shape(l, b))));
    }

    /**
     * A broadcast binary op: f32 operands, f64 ones, integer operands of one type, or (Pow) an f32 base and integer
     * exponent or an integer base and floating-point exponent.
     */
    static CodeBlock binary(Node n, Layer l, BinaryOp op) {
        if (n.inputs().size() != 2) throw unsupported(n, "with " + n.inputs().size() + " inputs");
        String a = n.input(0), b = n.input(1);
        cgc.ir.DType ta = l.type(a).dtype(), tb = l.type(b).dtype();
        if (op == BinaryOp.POW && ta == cgc.ir.DType.F32 && isInteger(tb)) {
            return CodeBlock.of("$T.powOfFloat($T.$L, $N, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Integers.class,
                    cgc.runtime.io.DType.class, runtimeType(n, tb), broadcast(l, a, b), l.segment(a), l.elementOffset(a),
                    l.segment(b), l.elementOffset(b), l.elementOffset(n.output(0)));
        }
        if (op == BinaryOp.POW && isInteger(ta) && (tb == cgc.ir.DType.F32 || tb == cgc.ir.DType.F64
                || tb == cgc.ir.DType.F16)) {
            return CodeBlock.of("$T.powToFloat($T.$L, $T.$L, $N, $L, $LL, $L, $LL, $L, f.act(), $LL, f.pool());\n",
                    Integers.class, cgc.runtime.io.DType.class, runtimeType(n, ta), cgc.runtime.io.DType.class,
                    runtimeType(n, tb), broadcast(l, a, b), l.segment(a), l.elementOffset(a), l.segment(b),
                    l.elementOffset(b), l.type(b).elementCount() == 1, l.elementOffset(n.output(0)));
        }
        if (ta == tb && ta == cgc.ir.DType.F64) {
            return CodeBlock.of("$T.binary($T.$L, $N, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Doubles.class,
                    BinaryOp.class, op.name(), broadcast(l, a, b), l.segment(a), l.elementOffset(a), l.segment(b),
                    l.elementOffset(b), l.elementOffset(n.output(0)));
        }
        if (ta == tb && isInteger(ta) && op != BinaryOp.PRELU) {
            return CodeBlock.of("$T.binary($T.Op.$L, $T.$L, $N, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n",
                    Integers.class, Integers.class, op.name(), cgc.runtime.io.DType.class, runtimeType(n, ta),
                    broadcast(l, a, b), l.segment(a), l.elementOffset(a), l.segment(b), l.elementOffset(b),
                    l.elementOffset(n.output(0)));
        }
        requireFloatInputs(n, l);
        String s = broadcast(l, a, b);
        return CodeBlock.of("$T.binary($T.$L, $N, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Elementwise.class,
                BinaryOp.class, op.name(), s, l.segment(a), l.elementOffset(a), l.segment(b), l.elementOffset(b),
                l.elementOffset(n.output(0)));
    }

    /**
     * The CPU's part of an f32 Add, Sub, Mul or Div split by rows: the first {@code cut} rows of the output (the rows
     * of its last axis), each operand whole or one row repeated ({@link SplitPlacement#along}).
     */
    static CodeBlock binaryRows(Node n, Layer l, BinaryOp op, String cut) {
        String a = n.input(0), b = n.input(1);
        long[] y = l.type(n.output(0)).shape();
        return CodeBlock.of("$T.binary($T.$L, $N, (long) $L * $L, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n",
                Elementwise.class, BinaryOp.class, op.name(), broadcast(l, a, b), cut, y[y.length - 1], l.segment(a),
                l.elementOffset(a), l.segment(b), l.elementOffset(b), l.elementOffset(n.output(0)));
    }

    /** Mod: integers with either sign rule ({@code fmod}), floats with C's fmod (the shape rule refused fmod 0). */
    static CodeBlock mod(Node n, Layer l) {
        String a = n.input(0), b = n.input(1);
        cgc.ir.DType t = l.type(a).dtype();
        boolean fmod = n.attrs().getInt("fmod", 0) != 0;
        if (isInteger(t)) {
            return CodeBlock.of("$T.binary($T.Op.$L, $T.$L, $N, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n",
                    Integers.class, Integers.class, fmod ? "FMOD" : "MOD", cgc.runtime.io.DType.class,
                    runtimeType(n, t), broadcast(l, a, b), l.segment(a), l.elementOffset(a), l.segment(b),
                    l.elementOffset(b), l.elementOffset(n.output(0)));
        }
        if (!fmod) throw unsupported(n, "with fmod=0 on " + t.text() + " values");
        return CodeBlock.of("$T.floats($T.$L, $N, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Mod.class,
                cgc.runtime.io.DType.class, runtimeType(n, t), broadcast(l, a, b), l.segment(a), l.elementOffset(a),
                l.segment(b), l.elementOffset(b), l.elementOffset(n.output(0)));
    }

    /**
     * Max and Min of two inputs; the decompose-variadic pass (in the standard pipeline) has made binary ops of every
     * other input count, and of Sum and Mean.
     */
    static CodeBlock binaryOfTwo(Node n, Layer l, BinaryOp op) {
        if (n.inputs().size() != 2) {
            throw unsupported(n, "with " + n.inputs().size() + " inputs (the decompose-variadic pass makes binary ops of it)");
        }
        return binary(n, l, op);
    }

    /** Where: {@code cond ? a : b}, all three broadcast together; cond is bool, a and b of any one type. */
    static CodeBlock where(Node n, Layer l) {
        String c = n.input(0), a = n.input(1), b = n.input(2);
        return CodeBlock.of("$T.run($N, $N, $N, $L, $L, $LL, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n",
                cgc.runtime.cpu.Where.class, l.shape("cond", c), l.shape("a", a), l.shape("b", b),
                elementBytes(n, l, a), l.segment(c), l.elementOffset(c), l.segment(a), l.elementOffset(a),
                l.segment(b), l.elementOffset(b), l.elementOffset(n.output(0)));
    }

    /** Equal, Less, Greater (operands of one numeric or bool type), And, Or: bool out, broadcast. */
    static CodeBlock logic(Node n, Layer l, Logic.Op op) {
        String a = n.input(0), b = n.input(1);
        String s = broadcast(l, a, b);
        return CodeBlock.of("$T.binary($T.Op.$L, $T.$L, $N, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Logic.class,
                Logic.class, op.name(), cgc.runtime.io.DType.class, runtimeType(n, l.type(a).dtype()), s, l.segment(a),
                l.elementOffset(a), l.segment(b), l.elementOffset(b), l.elementOffset(n.output(0)));
    }

    static CodeBlock not(Node n, Layer l) {
        String x = n.input(0);
        return CodeBlock.of("$T.not($LL, $L, $LL, f.act(), $LL, f.pool());\n", Logic.class, l.type(x).elementCount(),
                l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    /** Cast between the numeric types and bool ({@code saturate} only concerns the f8 types, which have no kernel). */
    static CodeBlock cast(Node n, Layer l) {
        String x = n.input(0), y = n.output(0);
        cgc.ir.DType from = l.type(x).dtype(), to = l.type(y).dtype();
        if (from == to) return copy(n, l);
        return CodeBlock.of("$T.run($T.$L, $T.$L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Cast.class,
                cgc.runtime.io.DType.class, runtimeType(n, from), cgc.runtime.io.DType.class, runtimeType(n, to),
                l.type(x).elementCount(), l.segment(x), l.elementOffset(x), l.elementOffset(y));
    }

    static CodeBlock unary(Node n, Layer l, UnaryOp op) {
        String x = n.input(0);
        cgc.ir.DType t = l.type(x).dtype();
        if (isInteger(t) && Integers.unaryOnIntegers(op)) {
            return CodeBlock.of("$T.unary($T.$L, $T.$L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Integers.class,
                    UnaryOp.class, op.name(), cgc.runtime.io.DType.class, runtimeType(n, t), l.type(x).elementCount(),
                    l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
        }
        if (t == cgc.ir.DType.F64 && Doubles.unaryOnDoubles(op)) {
            return CodeBlock.of("$T.unary($T.$L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Doubles.class, UnaryOp.class,
                    op.name(), l.type(x).elementCount(), l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
        }
        requireFloat(n, l);
        return CodeBlock.of("$T.unary($T.$L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Elementwise.class, UnaryOp.class,
                op.name(), l.type(n.output(0)).elementCount(), l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    static CodeBlock activation(Node n, Layer l, CodeBlock act) {
        requireFloat(n, l);
        String x = n.input(0);
        return CodeBlock.of("$T.activation($L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Elementwise.class, act,
                l.type(n.output(0)).elementCount(), l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    /** Gelu: the exact (erf) form is an activation; the tanh approximation a kernel of its own. */
    static CodeBlock gelu(Node n, Layer l) {
        String approximate = n.attrs().getString("approximate", "none");
        return switch (approximate) {
            case "none" -> activation(n, l, CpuCalls.act(n, l));
            case "tanh" -> {
                requireFloat(n, l);
                String x = n.input(0);
                yield CodeBlock.of("$T.run($LL, $L, $LL, f.act(), $LL, f.pool());\n", GeluTanh.class,
                        l.type(x).elementCount(), l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
            }
            default -> throw unsupported(n, "with approximate=" + approximate);
        };
    }

    /** Clip: of f32 values an activation, of integers a kernel of its own. */
    static CodeBlock clip(Node n, Layer l) {
        String x = n.input(0);
        cgc.ir.DType t = l.type(x).dtype();
        if (!isInteger(t)) return activation(n, l, clipAct(n, l));
        long[] bounds = {Long.MIN_VALUE, Long.MAX_VALUE};
        for (int i = 1; i <= 2; i++) {
            if (n.hasInput(i)) bounds[i - 1] = constantLongs(n, l, i)[0];
        }
        return CodeBlock.of("$T.clip($T.$L, $LL, $LL, $LL, $L, $LL, f.act(), $LL, f.pool());\n", Integers.class,
                cgc.runtime.io.DType.class, runtimeType(n, t), bounds[0], bounds[1], l.type(x).elementCount(),
                l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    /** Clip's bounds: attributes before opset 11, optional constant inputs after. */
    static CodeBlock clipAct(Node n, Layer l) {
        float min = n.attrs().getFloat("min", Float.NEGATIVE_INFINITY), max = n.attrs().getFloat("max", Float.POSITIVE_INFINITY);
        for (int i = 1; i <= 2; i++) {
            if (!n.hasInput(i)) continue;
            Weights w = l.constantValue(n.input(i)).orElseThrow(() -> unsupported(n, "with bounds computed at run time"));
            if (i == 1) min = w.toFloats()[0];
            else max = w.toFloats()[0];
        }
        return Activations.clip(min, max);
    }
}
