package cgc.codegen;

import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.runtime.cpu.FusedElementwise;
import cgc.runtime.cpu.UnaryOp;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java of a fused tree of elementwise ops ({@code cgc.FusedElementwise}): one block's code, written for this node.
 * Its inputs' block is copied into per-thread arrays (a row's single value into a local), each op of the body is one
 * plain loop over the arrays (which C2 vectorises: no call, no type switch inside), and the result's block is copied
 * out; {@link FusedElementwise#run} runs the blocks over all threads. f32 values are {@code float}s, i32, u8 and i8
 * ones {@code int}s within their type's range.
 */
final class CpuFusedCalls {
    private CpuFusedCalls() {}

    /** A value of the body: a local (one value for the row) or an array slot, of floats or ints. */
    private record Value(boolean scalar, String name, DType type) {
        String at() { return scalar ? name : name + "[i]"; }

        boolean isFloat() { return type == DType.F32; }
    }

    static CodeBlock fused(Node n, Layer l) {
        Graph body = n.attrs().getGraph("body").orElseThrow();
        long[] y = CpuCalls.shape(l, n.output(0));
        FusedRows rows = FusedRows.of(y, n.inputs().stream().map(i -> CpuCalls.shape(l, i)).toList());
        Map<String, Integer> lastUse = new HashMap<>();
        for (int k = 0; k < body.nodes().size(); k++) for (String v : body.nodes().get(k).inputs()) lastUse.put(v, k);
        Slots floats = new Slots(), ints = new Slots();
        Map<String, Value> values = new HashMap<>();
        CodeBlock.Builder code = CodeBlock.builder();
        String outer = rows.outer().length == 0 ? null
                : l.ints("outer", rows.outer());
        for (int i = 0; i < n.inputs().size(); i++) {
            String v = body.inputs().get(i);
            if (!lastUse.containsKey(v)) continue;   // read only as a constant (Clip's bounds)
            values.put(v, input(n, l, i, rows, outer, v, floats, ints, code));
        }
        for (int k = 0; k < body.nodes().size(); k++) {
            Node m = body.nodes().get(k);
            DType t = body.type(m.output(0)).dtype();
            List<Value> operands = m.inputs().stream().map(v -> v.isEmpty() ? null : values.get(v)).toList();
            boolean scalar = operands.stream().allMatch(o -> o == null || o.scalar());
            String expr = expression(n, m, t, operands, body, l);
            for (String v : m.inputs()) {
                Value o = values.get(v);
                if (o != null && !o.scalar() && lastUse.get(v) == k) (o.isFloat() ? floats : ints).free(o.name());
            }
            boolean isFloat = t == DType.F32;
            Value r;
            if (scalar) {
                r = new Value(true, "v" + k, t);
                code.addStatement("$L $L = $L", isFloat ? "float" : "int", r.name(), expr);
            } else {
                r = new Value(false, (isFloat ? floats : ints).take(isFloat ? "f" : "i"), t);
                code.addStatement("for (int i = 0; i < n; i++) $L = $L", r.at(), expr);
            }
            values.put(m.output(0), r);
        }
        store(n, l, values.get(body.outputs().getFirst()), rows, code);
        CodeBlock.Builder arrays = CodeBlock.builder();
        for (int k = 0; k < floats.count(); k++) arrays.addStatement("float[] f$L = s.f[$L]", k, k);
        for (int k = 0; k < ints.count(); k++) arrays.addStatement("int[] i$L = s.i[$L]", k, k);
        return CodeBlock.builder()
                .add("$T.run($LL, $LL, $L, $L, (row, first, n, s) -> {\n", FusedElementwise.class,
                        java.util.Arrays.stream(rows.outer()).reduce(1, Math::multiplyExact), rows.inner(),
                        floats.count(), ints.count())
                .indent().add(arrays.build()).add(code.build()).unindent()
                .add("}, f.pool());\n").build();
    }

    /** Reads input {@code i}: its row's value into a local, or its block into a slot. */
    private static Value input(Node n, Layer l, int i, FusedRows rows, String outer, String name, Slots floats,
                               Slots ints, CodeBlock.Builder code) {
        String x = n.input(i);
        DType t = l.type(x).dtype();
        boolean scalar = rows.rowScalar()[i];
        long[] strides = rows.strides().get(i);
        CodeBlock offset = java.util.Arrays.stream(strides).allMatch(s -> s == 0) ? CodeBlock.of("$LL", l.elementOffset(x))
                : CodeBlock.of("$LL + $T.offset(row, $N, $N)", l.elementOffset(x), FusedElementwise.class, outer,
                        l.constant("strides" + i, ArrayTypeName.of(long.class), CodeBlock.of("{$L}", CpuCalls.longs(strides))));
        CodeBlock seg = l.segment(x);
        ClassName layout = ClassName.get(ValueLayout.class);
        if (scalar) {
            String v = "x" + i;
            switch (t) {
                case F32 -> code.addStatement("float $L = $L.get($T.JAVA_FLOAT_UNALIGNED, ($L) * 4L)", v, seg, layout, offset);
                case I32 -> code.addStatement("int $L = $L.get($T.JAVA_INT_UNALIGNED, ($L) * 4L)", v, seg, layout, offset);
                case U8 -> code.addStatement("int $L = $L.get($T.JAVA_BYTE, $L) & 0xFF", v, seg, layout, offset);
                default -> code.addStatement("int $L = $L.get($T.JAVA_BYTE, $L)", v, seg, layout, offset);
            }
            return new Value(true, v, t);
        }
        if (t == DType.F32) {
            String r = floats.take("f");
            code.addStatement("$T.copy($L, $T.JAVA_FLOAT_UNALIGNED, ($L + first) * 4L, $L, 0, n)", MemorySegment.class,
                    seg, layout, offset, r);
            return new Value(false, r, t);
        }
        String r = ints.take("i");
        if (t == DType.I32) {
            code.addStatement("$T.copy($L, $T.JAVA_INT_UNALIGNED, ($L + first) * 4L, $L, 0, n)", MemorySegment.class,
                    seg, layout, offset, r);
        } else {
            code.addStatement("$T.copy($L, $T.JAVA_BYTE, $L + first, s.b, 0, n)", MemorySegment.class, seg, layout, offset);
            code.addStatement("for (int i = 0; i < n; i++) $L[i] = s.b[i]$L", r, t == DType.U8 ? " & 0xFF" : "");
        }
        return new Value(false, r, t);
    }

    /** Writes the result's block to the output, in the output's type. */
    private static void store(Node n, Layer l, Value r, FusedRows rows, CodeBlock.Builder code) {
        CodeBlock at = CodeBlock.of("$LL + row * $LL + first", l.elementOffset(n.output(0)), rows.inner());
        ClassName layout = ClassName.get(ValueLayout.class);
        switch (r.type()) {
            case F32 -> code.addStatement("$T.copy($L, 0, f.act(), $T.JAVA_FLOAT_UNALIGNED, ($L) * 4L, n)",
                    MemorySegment.class, r.name(), layout, at);
            case I32 -> code.addStatement("$T.copy($L, 0, f.act(), $T.JAVA_INT_UNALIGNED, ($L) * 4L, n)",
                    MemorySegment.class, r.name(), layout, at);
            default -> {
                code.addStatement("for (int i = 0; i < n; i++) s.b[i] = (byte) $L[i]", r.name());
                code.addStatement("$T.copy(s.b, 0, f.act(), $T.JAVA_BYTE, $L, n)", MemorySegment.class, layout, at);
            }
        }
    }

    /**
     * One op's Java over its operands. f32 arithmetic as the standalone kernels compute it; integers wrapped to their
     * type; Cast as the standalone Cast converts (a float truncated, to i32 saturating where ONNX leaves the result
     * undefined), an activation as {@code Act.apply} or its clamp.
     */
    private static String expression(Node fused, Node m, DType t, List<Value> ops, Graph body, Layer l) {
        String a = ops.getFirst().at(), b = ops.size() > 1 && ops.get(1) != null ? ops.get(1).at() : null;
        boolean isFloat = t == DType.F32;
        return switch (m.kind()) {
            case ADD -> isFloat ? a + " + " + b : wrap(t, a + " + " + b);
            case SUB -> isFloat ? a + " - " + b : wrap(t, a + " - " + b);
            case MUL -> isFloat ? a + " * " + b : wrap(t, a + " * " + b);
            case DIV -> a + " / " + b;
            case MAX -> "Math.max(" + a + ", " + b + ")";
            case MIN -> "Math.min(" + a + ", " + b + ")";
            case CAST -> {
                boolean fromFloat = body.type(m.input(0)).dtype() == DType.F32;
                if (isFloat) yield fromFloat ? a : "(float) " + a;
                yield wrap(t, fromFloat ? "(int) " + a : a);
            }
            case ROUND -> "(float) Math.rint(" + a + ")";
            case NEG -> "-" + a;
            case ABS -> "Math.abs(" + a + ")";
            case RELU -> "Math.max(" + a + ", 0f)";
            default -> {
                if (UNARY_OPS.contains(m.kind().name())) yield CodeBlock.of("$T.$L.apply($L)", UnaryOp.class, m.kind().name(), a).toString();
                Node view = m.withInputs(m.inputs().stream().map(v -> outerName(fused, body, v)).toList());
                String act = l.constant("act" + body.nodes().indexOf(m), ClassName.get(cgc.runtime.cpu.Act.class),
                        CpuCalls.act(view, l));
                yield act + ".apply(" + a + ")";
            }
        };
    }

    /** The ops that are {@link UnaryOp}s, by name (the rest of the unary table are activations, {@code Act}s). */
    private static final java.util.Set<String> UNARY_OPS = java.util.Arrays.stream(UnaryOp.values()).map(Enum::name)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** A body input's name in the graph around (for constants a body op reads, as Clip's bounds). */
    private static String outerName(Node fused, Graph body, String v) {
        int i = body.inputs().indexOf(v);
        return i < 0 ? v : fused.input(i);
    }

    /** An int expression wrapped to {@code t}: u8 and i8 to their range. */
    private static String wrap(DType t, String e) {
        return switch (t) {
            case U8 -> "(" + e + ") & 0xFF";
            case I8 -> "(byte) (" + e + ")";
            default -> e;
        };
    }

    /** Array slots of one element type, reused once their value is dead. */
    private static final class Slots {
        private final BitSet busy = new BitSet();
        private int count;

        String take(String prefix) {
            int k = busy.nextClearBit(0);
            busy.set(k);
            count = Math.max(count, k + 1);
            return prefix + k;
        }

        void free(String name) { busy.clear(Integer.parseInt(name.substring(1))); }

        int count() { return count; }
    }
}
