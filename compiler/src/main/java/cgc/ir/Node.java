package cgc.ir;

import java.util.List;

/**
 * One operation. Inputs and outputs are value names (SSA: each name is defined once in a graph); an empty input name
 * marks an absent optional input, as in ONNX. {@code name} is the ONNX node name, kept for traceability.
 */
public record Node(String name, Op op, List<String> inputs, List<String> outputs, Attrs attrs) {

    public Node {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        if (attrs == null) attrs = Attrs.EMPTY;
    }

    /** The op table entry; throws for an opaque op (callers that may meet one check {@code op() instanceof OpKind}). */
    public OpKind kind() {
        if (op instanceof OpKind k) return k;
        throw new IllegalStateException("node \"" + name + "\" has opaque op " + op.opType());
    }

    public boolean is(OpKind k) { return op == k; }

    /** Input {@code i}, or {@code ""} when absent or beyond the given inputs. */
    public String input(int i) { return i < inputs.size() ? inputs.get(i) : ""; }

    public boolean hasInput(int i) { return !input(i).isEmpty(); }

    public String output(int i) { return outputs.get(i); }

    public Node withInputs(List<String> in) { return new Node(name, op, in, outputs, attrs); }
    public Node withOutputs(List<String> out) { return new Node(name, op, inputs, out, attrs); }
    public Node withAttrs(Attrs a) { return new Node(name, op, inputs, outputs, a); }
    public Node withOp(Op o) { return new Node(name, o, inputs, outputs, attrs); }
}
