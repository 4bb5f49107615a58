package cgc.ir.text;

import cgc.ir.Attr;
import cgc.ir.Dim;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Prints a model as IR text (docs/ir-text.md). The output is canonical: a model prints one way, attributes sorted by
 * name, fixed spacing, one statement a line, so golden tests can compare exact text. {@link IrParser} reads it back.
 */
public final class IrPrinter {
    /** The version of the text format, written on the first line ({@code // cgc IR 1}). */
    public static final int TEXT_VERSION = 1;

    private static final String INDENT = "  ";

    private final LargeTensors large;
    private final StringBuilder out = new StringBuilder();

    private IrPrinter(LargeTensors large) { this.large = large; }

    /**
     * The text of {@code model}. Pure and deterministic.
     *
     * @param weightsFileName the name of the weights side file that the header records together with the SHA-256 of
     *                        its contents (as {@link IrFiles#write} writes it); {@code null} to record none
     */
    public static String print(Model model, String weightsFileName) {
        LargeTensors large = LargeTensors.of(model);
        IrPrinter p = new IrPrinter(large);
        p.out.append("// cgc IR ").append(TEXT_VERSION).append('\n');
        p.module(model, weightsFileName);
        p.out.append('\n');
        p.graph(model.graph(), "");
        p.out.append('\n');
        return p.out.toString();
    }

    private void module(Model m, String weightsFileName) {
        out.append("module ").append(Lexemes.quote(m.name())).append(" {ir_version = ").append(m.irVersion());
        out.append(", opsets = ").append(m.opsets().entrySet().stream()
                .map(e -> Lexemes.quote(e.getKey()) + " = " + e.getValue())
                .collect(Collectors.joining(", ", "{", "}")));
        if (!m.producer().isEmpty()) out.append(", producer = ").append(Lexemes.quote(m.producer()));
        if (weightsFileName != null) {
            out.append(", weights = ").append(Lexemes.quote(weightsFileName));
            out.append(", weights_sha256 = ").append(Lexemes.quote(WeightsFile.sha256(large.tensors())));
        }
        out.append("}\n");
    }

    /** Prints {@code g} from its {@code graph} keyword to its closing brace; the caller has placed the first line. */
    private void graph(Graph g, String indent) {
        out.append("graph ").append(Lexemes.quote(g.name())).append(' ');
        out.append(join(g.inputs(), v -> Lexemes.value(v) + ": " + type(g.type(v)), ", ", "(", ")"));
        out.append(" -> ");
        out.append(join(g.outputs(), v -> Lexemes.value(v) + ": " + type(g.type(v)), ", ", "(", ")"));
        out.append(" {\n");
        String inner = indent + INDENT;
        for (Map.Entry<String, Weights> c : g.constants().entrySet()) {
            out.append(inner).append("const ").append(Lexemes.value(c.getKey())).append(" : ");
            Weights w = c.getValue();
            out.append(type(w.type()));
            out.append(InlineTensors.fits(w) ? " = " + InlineTensors.format(w) : " #" + large.shortHash(w));
            out.append('\n');
        }
        for (Node n : g.nodes()) node(g, n, inner);
        out.append(inner).append("return");
        if (!g.outputs().isEmpty()) out.append(' ').append(join(g.outputs(), Lexemes::value, ", ", "", ""));
        out.append('\n').append(indent).append('}');
    }

    private void node(Graph g, Node n, String indent) {
        out.append(indent);
        if (!n.outputs().isEmpty()) out.append(join(n.outputs(), IrPrinter::operand, ", ", "", "")).append(" = ");
        out.append(OpNames.print(n.op()));
        out.append(join(n.inputs(), IrPrinter::operand, ", ", "(", ")"));
        if (!n.attrs().isEmpty()) {
            out.append(' ');
            attrs(n.attrs().asMap(), indent);
        }
        if (!n.outputs().isEmpty()) {
            out.append(" : ").append(join(n.outputs(), v -> v.isEmpty() ? "?" : type(g.type(v)), ", ", "", ""));
        }
        if (!n.name().isEmpty()) out.append(' ').append(Lexemes.nodeName(n.name()));
        out.append('\n');
    }

    /** {@code {a = 1, b = 2}} on one line, or one attribute a line when any holds a graph. */
    private void attrs(Map<String, Attr> attrs, String indent) {
        boolean multiline = attrs.values().stream()
                .anyMatch(a -> a instanceof Attr.GraphValue || a instanceof Attr.Graphs);
        out.append('{');
        String inner = indent + INDENT;
        boolean first = true;
        for (Map.Entry<String, Attr> a : attrs.entrySet()) {
            if (!first) out.append(',');
            if (multiline) out.append('\n').append(inner);
            else if (!first) out.append(' ');
            first = false;
            out.append(Lexemes.ident(a.getKey())).append(" = ");
            attr(a.getValue(), inner);
        }
        if (multiline) out.append('\n').append(indent);
        out.append('}');
    }

    private void attr(Attr a, String indent) {
        switch (a) {
            case Attr.Int(long v) -> out.append(v);
            case Attr.Float(float v) -> out.append(Lexemes.formatFloat(v));
            case Attr.Str(String v) -> out.append(Lexemes.quote(v));
            case Attr.Tensor(Weights w) -> out.append(tensor(w));
            case Attr.GraphValue(Graph g) -> graph(g, indent);
            case Attr.Ints(List<Long> vs) -> out.append(list("ints", vs, String::valueOf));
            case Attr.Floats(List<Float> vs) -> out.append(list("floats", vs, Lexemes::formatFloat));
            case Attr.Strs(List<String> vs) -> out.append(list("strings", vs, Lexemes::quote));
            case Attr.Tensors(List<Weights> ws) -> out.append(list("tensors", ws, this::tensor));
            case Attr.Graphs(List<Graph> gs) -> {
                if (gs.isEmpty()) {
                    out.append("graphs[]");
                } else {
                    out.append('[');
                    for (int i = 0; i < gs.size(); i++) {
                        if (i > 0) out.append(", ");
                        graph(gs.get(i), indent);
                    }
                    out.append(']');
                }
            }
        }
    }

    /** {@code i64[2] [1, -1]} or {@code f32[64] #1a2b3c4d}. */
    private String tensor(Weights w) {
        return type(w.type()) + " " + (InlineTensors.fits(w) ? InlineTensors.format(w) : "#" + large.shortHash(w));
    }

    private static <T> String list(String kind, List<T> values, Function<T, String> format) {
        return values.isEmpty() ? kind + "[]" : join(values, format, ", ", "[", "]");
    }

    /** {@code f32[1,3,224,224]}, {@code f32[N,?]}, {@code f32[*]}, {@code ?}. */
    static String type(TensorType t) {
        if (t.dims() == null) return t.dtype() == cgc.ir.DType.UNDEFINED ? "?" : t.dtype().text() + "[*]";
        return t.dtype().text() + join(t.dims(), IrPrinter::dim, ",", "[", "]");
    }

    private static String dim(Dim d) {
        return switch (d) {
            case Dim.Known(long size) -> Long.toString(size);
            case Dim.Symbolic(String name) -> Lexemes.ident(name);
            case Dim.Unknown u -> "?";
        };
    }

    private static String operand(String value) { return value.isEmpty() ? "_" : Lexemes.value(value); }

    private static <T> String join(List<T> items, Function<T, String> format, String sep, String open, String close) {
        return items.stream().map(format).collect(Collectors.joining(sep, open, close));
    }
}
