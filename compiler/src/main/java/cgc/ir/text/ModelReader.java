package cgc.ir.text;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.grammar.CgIrLexer;
import cgc.grammar.CgIrParser;
import cgc.grammar.CgIrParser.AttrValueContext;
import cgc.ir.Arity;
import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Dim;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.Op;
import cgc.ir.OpKind;
import cgc.ir.OpaqueOp;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Builds the IR from a parse tree and checks what the grammar cannot: names defined once and before use, ops known
 * with the right number of inputs and outputs, types and values well formed, tensors shown by hash present.
 */
final class ModelReader {
    private final Path file;
    private final Function<IrParser.WeightsHeader, WeightsLookup> weightsFor;
    private WeightsLookup weights = WeightsLookup.none();
    private String weightsFileName;

    ModelReader(Path file, Function<IrParser.WeightsHeader, WeightsLookup> weightsFor) {
        this.file = file;
        this.weightsFor = weightsFor;
    }

    /** The values visible at a point: those of this graph defined so far, then those of the enclosing graphs. */
    private record Scope(Scope parent, Map<String, Token> defined) {
        Scope(Scope parent) { this(parent, new HashMap<>()); }

        boolean sees(String name) { return defined.containsKey(name) || parent != null && parent.sees(name); }
    }

    Model module(CgIrParser.ModuleContext m) {
        if (m.HEADER() != null) {
            String text = m.HEADER().getText();
            String version = text.substring(text.lastIndexOf(' ') + 1);
            if (!version.equals(Integer.toString(IrPrinter.TEXT_VERSION))) {
                throw error(m.HEADER().getSymbol(), "this is IR text version " + version + "; this cgc reads version "
                        + IrPrinter.TEXT_VERSION);
            }
        }
        CgIrParser.ModuleDeclContext decl = m.moduleDecl();
        String name = string(decl.STRING());
        long irVersion = 0;
        SequencedMap<String, Long> opsets = new LinkedHashMap<>();
        String producer = "";
        String weightsSha = null;
        Map<String, Token> seen = new HashMap<>();
        for (CgIrParser.ModuleFieldContext f : decl.moduleField()) {
            String key = f.IDENT().getText();
            if (seen.putIfAbsent(key, f.IDENT().getSymbol()) != null) {
                throw error(f.IDENT(), "module field " + key + " is given twice");
            }
            switch (key) {
                case "ir_version" -> irVersion = integer(f.INT(), f, key);
                case "opsets" -> {
                    if (f.opsets() == null) throw error(f.IDENT(), "opsets must be a map like {\"\" = 17}");
                    for (CgIrParser.OpsetContext o : f.opsets().opset()) {
                        String domain = string(o.STRING());
                        if (opsets.put(domain, parseLong(o.INT())) != null) {
                            throw error(o.STRING(), "opset " + Lexemes.quote(domain) + " is given twice");
                        }
                    }
                }
                case "producer" -> producer = text(f.STRING(), f, key);
                case "weights" -> weightsFileName = text(f.STRING(), f, key);
                case "weights_sha256" -> weightsSha = text(f.STRING(), f, key);
                default -> throw error(f.IDENT(), "unknown module field " + key
                        + " (known: ir_version, opsets, producer, weights, weights_sha256)");
            }
        }
        weights = weightsFor.apply(new IrParser.WeightsHeader(weightsFileName, weightsSha));
        Graph g = graph(m.graph(), null);
        return new Model(name, irVersion, opsets, producer, g);
    }

    private long integer(TerminalNode t, CgIrParser.ModuleFieldContext f, String key) {
        if (t == null) throw error(f.start, key + " must be an integer");
        return parseLong(t);
    }

    private String text(TerminalNode t, CgIrParser.ModuleFieldContext f, String key) {
        if (t == null) throw error(f.start, key + " must be a string");
        return string(t);
    }

    private Graph graph(CgIrParser.GraphContext g, Scope outer) {
        Scope scope = new Scope(outer);
        Graph.Builder b = Graph.builder(string(g.STRING()));
        for (CgIrParser.ParamContext p : params(g.inputs)) {
            String name = define(p.VALUE(), scope);
            b.input(name, type(p.type()));
        }
        for (CgIrParser.StatementContext s : g.statement()) {
            if (s.constant() != null) constant(s.constant(), scope, b);
            else node(s.node(), scope, b);
        }
        results(g, scope, b);
        return b.build();
    }

    /** The graph's results: the signature and {@code return} name the same values, each typed as it is defined. */
    private void results(CgIrParser.GraphContext g, Scope scope, Graph.Builder b) {
        List<CgIrParser.ParamContext> declared = params(g.outputs);
        List<TerminalNode> returned = g.returnStmt().VALUE();
        for (int i = 0; i < Math.max(declared.size(), returned.size()); i++) {
            if (i >= declared.size() || i >= returned.size()
                    || !name(declared.get(i).VALUE()).equals(name(returned.get(i)))) {
                Token at = i < returned.size() ? returned.get(i).getSymbol() : g.returnStmt().stop;
                throw error(at, "return " + values(returned) + " does not match the graph's results "
                        + values(declared.stream().map(CgIrParser.ParamContext::VALUE).toList()));
            }
        }
        for (int i = 0; i < declared.size(); i++) {
            String name = name(returned.get(i));
            if (!scope.sees(name)) throw error(returned.get(i), "undefined value " + Lexemes.value(name));
            b.output(name);
            TensorType type = type(declared.get(i).type());
            TensorType current = b.types().containsKey(name) ? b.types().get(name)
                    : b.constants().containsKey(name) ? b.constants().get(name).type() : TensorType.UNKNOWN;
            if (type.equals(current)) continue;
            if (scope.defined.containsKey(name) && !b.constants().containsKey(name)) {
                throw error(declared.get(i).type().start, "result " + Lexemes.value(name) + " is declared "
                        + IrPrinter.type(type) + " but defined as " + IrPrinter.type(current));
            }
            b.type(name, type);     // a constant's or an enclosing graph's value, typed for this graph
        }
    }

    private static List<CgIrParser.ParamContext> params(CgIrParser.ParamsContext p) {
        return p == null ? List.of() : p.param();
    }

    private String values(List<TerminalNode> names) {
        return names.stream().map(n -> Lexemes.value(name(n))).collect(Collectors.joining(", ", "(", ")"));
    }

    private void constant(CgIrParser.ConstantContext c, Scope scope, Graph.Builder b) {
        String name = name(c.VALUE());
        TensorType type = type(c.type());
        Weights w = tensor(type, c.type(), c.HASH(), c.elements(), "constant " + Lexemes.value(name));
        // A constant may give a graph input its default value (ONNX before IR version 4 listed initializers as inputs).
        boolean initializesInput = b.inputs().contains(name) && !b.constants().containsKey(name);
        if (!initializesInput) define(c.VALUE(), scope);
        b.constant(name, w);
    }

    /** A tensor written {@code TYPE #hash} or {@code TYPE [values]}; {@code what} names it in messages. */
    private Weights tensor(TensorType type, ParserRuleContext typeCtx, TerminalNode hash,
                           CgIrParser.ElementsContext elements, String what) {
        if (!type.isStatic() || type.dtype() == DType.UNDEFINED) {
            throw error(typeCtx.start, what + " needs a static type like f32[2,3], found " + IrPrinter.type(type));
        }
        List<Long> shape = Arrays.stream(type.shape()).boxed().toList();
        if (hash != null) return large(hash, type, shape, what);
        List<InlineTensors.Element> values = new ArrayList<>();
        for (CgIrParser.ElementContext e : elements.element()) {
            Token t = e.start;
            boolean isBool = t.getText().equals("true") || t.getText().equals("false");
            values.add(new InlineTensors.Element(t.getText(), t.getType() == CgIrLexer.INT, isBool,
                    t.getLine(), t.getCharPositionInLine() + 1));
        }
        long count = type.elementCount();
        if (values.size() != count) {
            throw error(elements.start, IrPrinter.type(type) + " holds " + count + (count == 1 ? " value" : " values")
                    + ", found " + values.size());
        }
        try {
            return Weights.wrap(type.dtype(), shape, InlineTensors.parse(type.dtype(), values));
        } catch (InlineTensors.BadElement x) {
            throw new CgcException(Where.file(file).at(x.element.line(), x.element.column()), x.getMessage());
        }
    }

    private Weights large(TerminalNode hash, TensorType type, List<Long> shape, String what) {
        String prefix = hash.getText().substring(1).toLowerCase(Locale.ROOT);
        if (prefix.length() < LargeTensors.MIN_HASH_LENGTH || prefix.length() > 64) {
            throw error(hash, "content hash " + hash.getText() + " must have 8 to 64 hex digits");
        }
        String source = weightsFileName != null ? weightsFileName
                : "the weights given (the module names no weights file)";
        List<Weights> found = weights.find(prefix, type.dtype(), shape).stream().distinct().toList();
        if (found.isEmpty()) {
            throw error(hash, what + ": no " + IrPrinter.type(type) + " tensor #" + prefix + " in " + source);
        }
        if (found.size() > 1) {
            throw error(hash, what + ": " + found.size() + " tensors in " + source + " match #" + prefix
                    + "; write more digits");
        }
        Weights w = found.getFirst();
        if (!w.hash().startsWith(prefix)) {
            throw error(hash, what + ": the bytes of tensor #" + prefix + " in " + source
                    + " do not match its hash (corrupted)");
        }
        return w;
    }

    private void node(CgIrParser.NodeContext n, Scope scope, Graph.Builder b) {
        Op op = op(n.opRef());
        List<String> inputs = new ArrayList<>();
        for (CgIrParser.OperandContext o : n.operand()) {
            if (o.VALUE() == null) {
                inputs.add("");
                continue;
            }
            String name = name(o.VALUE());
            if (!scope.sees(name)) throw error(o.VALUE(), "undefined value " + Lexemes.value(name));
            inputs.add(name);
        }
        List<CgIrParser.OperandContext> results = n.results() == null ? List.of() : n.results().operand();
        if (op instanceof OpKind k) {
            if (!k.inputs().accepts(inputs.size())) {
                throw error(n.opRef().stop, k.opType() + " takes " + count(k.inputs(), "input")
                        + ", found " + inputs.size());
            }
            if (!k.outputs().accepts(results.size())) {
                throw error(n.opRef().stop, k.opType() + " has " + count(k.outputs(), "result")
                        + ", found " + results.size());
            }
        }
        Attrs attrs = n.attrDict() == null ? Attrs.EMPTY : attrs(n.attrDict(), scope);
        List<CgIrParser.TypeContext> typeCtxs = n.types() == null ? List.of() : n.types().type();
        if (typeCtxs.size() != results.size() && !typeCtxs.isEmpty()) {
            throw error(n.types().start, results.size() + (results.size() == 1 ? " result" : " results") + " but "
                    + typeCtxs.size() + (typeCtxs.size() == 1 ? " type" : " types"));
        }
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            CgIrParser.OperandContext r = results.get(i);
            TensorType t = typeCtxs.isEmpty() ? TensorType.UNKNOWN : type(typeCtxs.get(i));
            if (r.VALUE() == null) {
                if (!t.equals(TensorType.UNKNOWN)) {
                    throw error(typeCtxs.get(i).start, "an absent result _ has type ?, found " + IrPrinter.type(t));
                }
                outputs.add("");
                continue;
            }
            String name = define(r.VALUE(), scope);
            outputs.add(name);
            if (!t.equals(TensorType.UNKNOWN)) b.type(name, t);
        }
        String nodeName = n.NODE_NAME() == null ? "" : name(n.NODE_NAME());
        b.node(new Node(nodeName, op, inputs, outputs, attrs));
    }

    /** {@code 1 input}, {@code 2 to 3 inputs}. */
    private static String count(Arity a, String noun) {
        return a + " " + noun + (a.min() == 1 && a.max() == 1 ? "" : "s");
    }

    private Op op(CgIrParser.OpRefContext o) {
        TerminalNode nameTok = o.IDENT() != null ? o.IDENT() : o.STRING();
        String qualified = name(nameTok);
        if (o.getChild(0).getText().equals("opaque")) {
            return new OpaqueOp(OpNames.domain(qualified), OpNames.opType(qualified));
        }
        return OpNames.lookup(qualified).orElseThrow(() -> error(nameTok, "unknown op " + Lexemes.quote(qualified)
                + OpNames.suggest(qualified).map(s -> " (did you mean " + Lexemes.quote(s) + "?)")
                        .orElse(" (write 'opaque " + Lexemes.ident(qualified) + "' to keep an op cgc does not know)")));
    }

    private Attrs attrs(CgIrParser.AttrDictContext d, Scope scope) {
        Map<String, Attr> map = new LinkedHashMap<>();
        for (CgIrParser.AttrContext a : d.attr()) {
            TerminalNode key = a.IDENT() != null ? a.IDENT() : a.STRING();
            String name = name(key);
            if (map.containsKey(name)) throw error(key, "attribute " + Lexemes.ident(name) + " is given twice");
            map.put(name, attr(a.attrValue(), scope));
        }
        return Attrs.of(map);
    }

    private Attr attr(AttrValueContext v, Scope scope) {
        return switch (v) {
            case CgIrParser.IntValueContext i -> new Attr.Int(parseLong(i.INT()));
            case CgIrParser.FloatValueContext f -> new Attr.Float(parseFloat(f.FLOAT()));
            case CgIrParser.StringValueContext s -> new Attr.Str(string(s.STRING()));
            case CgIrParser.TensorValueContext t -> new Attr.Tensor(tensor(t.tensor()));
            case CgIrParser.GraphValueContext g -> new Attr.GraphValue(graph(g.graph(), scope));
            case CgIrParser.EmptyListContext e -> switch (e.getText()) {
                case "ints[]" -> new Attr.Ints(List.of());
                case "floats[]" -> new Attr.Floats(List.of());
                case "strings[]" -> new Attr.Strs(List.of());
                case "tensors[]" -> new Attr.Tensors(List.of());
                case "graphs[]" -> new Attr.Graphs(List.of());
                default -> throw new IllegalStateException("the grammar allows no other empty list: " + e.getText());
            };
            case CgIrParser.ListValueContext l -> list(l, scope);
            default -> throw new IllegalStateException("attribute value not covered: " + v.getClass().getSimpleName());
        };
    }

    private Attr list(CgIrParser.ListValueContext l, Scope scope) {
        List<Attr> items = new ArrayList<>();
        for (AttrValueContext v : l.attrValue()) {
            if (v instanceof CgIrParser.ListValueContext || v instanceof CgIrParser.EmptyListContext) {
                throw error(v.start, "lists do not nest");
            }
            Attr a = attr(v, scope);
            if (!items.isEmpty() && a.getClass() != items.getFirst().getClass()) {
                throw error(v.start, "a list of " + kind(items.getFirst()) + " cannot hold " + kind(a));
            }
            items.add(a);
        }
        return switch (items.getFirst()) {
            case Attr.Int i -> new Attr.Ints(items.stream().map(a -> ((Attr.Int) a).value()).toList());
            case Attr.Float f -> new Attr.Floats(items.stream().map(a -> ((Attr.Float) a).value()).toList());
            case Attr.Str s -> new Attr.Strs(items.stream().map(a -> ((Attr.Str) a).value()).toList());
            case Attr.Tensor t -> new Attr.Tensors(items.stream().map(a -> ((Attr.Tensor) a).value()).toList());
            case Attr.GraphValue g -> new Attr.Graphs(items.stream().map(a -> ((Attr.GraphValue) a).value()).toList());
            default -> throw new IllegalStateException("lists of lists are rejected above");
        };
    }

    private static String kind(Attr a) {
        return switch (a) {
            case Attr.Int i -> "ints";
            case Attr.Float f -> "floats";
            case Attr.Str s -> "strings";
            case Attr.Tensor t -> "tensors";
            case Attr.GraphValue g -> "graphs";
            default -> "lists";
        };
    }

    private Weights tensor(CgIrParser.TensorContext t) {
        return tensor(type(t.type()), t.type(), t.HASH(), t.elements(), "tensor attribute");
    }

    private TensorType type(CgIrParser.TypeContext t) {
        return switch (t) {
            case CgIrParser.UndefinedTypeContext u ->
                    u.dims() == null ? TensorType.UNKNOWN : new TensorType(DType.UNDEFINED, dims(u.dims()));
            case CgIrParser.TensorTypeContext tt -> {
                String name = tt.IDENT().getText();
                DType dtype = DType.fromText(name).filter(d -> d != DType.UNDEFINED).orElseThrow(() -> error(tt.IDENT(),
                        "unknown element type " + Lexemes.quote(name) + " (known: " + DTYPES + ")"));
                yield new TensorType(dtype, tt.dims() == null ? List.of() : dims(tt.dims()));
            }
            default -> throw new IllegalStateException("type not covered: " + t.getClass().getSimpleName());
        };
    }

    private static final String DTYPES = Arrays.stream(DType.values())
            .filter(d -> d != DType.UNDEFINED).map(DType::text).collect(Collectors.joining(", "));

    /** The dimensions, or {@code null} for {@code *} (unknown rank). */
    private List<Dim> dims(CgIrParser.DimsContext d) {
        if (d.dim().isEmpty()) return null;
        List<Dim> dims = new ArrayList<>();
        for (CgIrParser.DimContext x : d.dim()) {
            if (x.INT() != null) {
                long size = parseLong(x.INT());
                if (size < 0) throw error(x.INT(), "a dimension cannot be negative, found " + size);
                dims.add(Dim.of(size));
            } else if (x.IDENT() != null) {
                dims.add(Dim.symbol(x.IDENT().getText()));
            } else if (x.STRING() != null) {
                dims.add(Dim.symbol(string(x.STRING())));
            } else {
                dims.add(Dim.UNKNOWN);
            }
        }
        return dims;
    }

    private String define(TerminalNode value, Scope scope) {
        String name = name(value);
        Token first = scope.defined.putIfAbsent(name, value.getSymbol());
        if (first != null) {
            throw error(value, "value " + Lexemes.value(name) + " is defined twice (first at " + first.getLine() + ":"
                    + (first.getCharPositionInLine() + 1) + ")");
        }
        return name;
    }

    private String name(TerminalNode t) {
        try {
            return Lexemes.name(t.getText());
        } catch (Lexemes.BadLexeme e) {
            throw error(t.getSymbol(), e.offset, e.getMessage());
        }
    }

    private String string(TerminalNode t) { return name(t); }

    private long parseLong(TerminalNode t) {
        try {
            return Lexemes.parseLong(t.getText());
        } catch (Lexemes.BadLexeme e) {
            throw error(t, e.getMessage());
        }
    }

    private float parseFloat(TerminalNode t) {
        try {
            return Lexemes.parseFloat(t.getText());
        } catch (Lexemes.BadLexeme e) {
            throw error(t, e.getMessage());
        }
    }

    private CgcException error(TerminalNode t, String message) { return error(t.getSymbol(), message); }

    private CgcException error(Token t, String message) { return error(t, 0, message); }

    private CgcException error(Token t, int offset, String message) {
        return new CgcException(Where.file(file).at(t.getLine(), t.getCharPositionInLine() + 1 + offset), message);
    }
}
