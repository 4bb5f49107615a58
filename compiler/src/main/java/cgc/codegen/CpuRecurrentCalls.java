package cgc.codegen;

import static cgc.codegen.CpuCalls.isF32;
import static cgc.codegen.CpuCalls.requireFloat;
import static cgc.codegen.CpuCalls.shape;
import static cgc.codegen.CpuCalls.unsupported;

import cgc.ir.Node;
import cgc.ir.Recurrence;
import cgc.runtime.cpu.Recurrent;
import cgc.runtime.cpu.RecurrentSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java that runs an RNN, GRU or LSTM node on the CPU: the node's {@link RecurrentSpec} as a constant of the plan,
 * and a call of {@link Recurrent} with the segment and offset of each input and output, null where one is absent.
 * There is no GPU kernel: {@code --placement gpu} leaves these nodes with the CPU.
 */
final class CpuRecurrentCalls {
    private CpuRecurrentCalls() {}

    static CodeBlock recurrent(Node n, Layer l) {
        requireFloat(n, l);
        for (int i = 0; i < n.inputs().size(); i++) {   // but sequence_lens, int32 by the spec
            String v = n.input(i);
            if (i != 4 && !v.isEmpty() && !isF32(l, v)) throw unsupported(n, "on " + l.type(v).dtype().text() + " values");
        }
        Recurrence r = Recurrence.of(n, l.opset());
        long[] x = shape(l, n.input(0)), w = shape(l, n.input(1));
        boolean batchFirst = r.layout() == 1;
        long hidden = w[1] / r.gates();
        List<CodeBlock> acts = new ArrayList<>();
        for (Recurrence.Activation a : r.activations()) {
            acts.add(CodeBlock.of("new $T($T.$L, $L, $L)", RecurrentSpec.Activation.class,
                    RecurrentSpec.Activation.Kind.class, a.function().name(), Activations.literal(a.alpha()),
                    Activations.literal(a.beta())));
        }
        CodeBlock spec = CodeBlock.of("new $T($T.$L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $T.of($L))",
                RecurrentSpec.class, RecurrentSpec.Cell.class, n.op().opType(), x[batchFirst ? 1 : 0],
                x[batchFirst ? 0 : 1], x[2], hidden, r.directions(), r.reverse(), batchFirst,
                Activations.literal(r.clip()), r.inputForget(), r.linearBeforeReset(), List.class,
                CodeBlock.join(acts, ", "));
        String s = l.constant("spec", ClassName.get(RecurrentSpec.class), spec);
        CodeBlock inputs = CodeBlock.of("new $T.Inputs($L)", Recurrent.class, operands(n.inputs(), 8, l));
        CodeBlock outputs = CodeBlock.of("new $T.Outputs($L)", Recurrent.class, operands(n.outputs(), 3, l));
        return CodeBlock.of("$T.run($N, $L, $L, f.pool());\n", Recurrent.class, s, inputs, outputs);
    }

    /** The segment and element offset of each of {@code count} values, {@code null, 0} for an absent one. */
    private static CodeBlock operands(List<String> values, int count, Layer l) {
        List<CodeBlock> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String v = i < values.size() ? values.get(i) : "";
            parts.add(v.isEmpty() ? CodeBlock.of("null, 0") : CodeBlock.of("$L, $LL", l.segment(v), l.elementOffset(v)));
        }
        return CodeBlock.join(parts, ", ");
    }
}
