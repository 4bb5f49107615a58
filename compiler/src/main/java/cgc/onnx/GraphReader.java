package cgc.onnx;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Arity;
import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.Op;
import cgc.ir.OpKind;
import cgc.ir.OpaqueOp;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import cgc.onnx.proto.Onnx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one {@code GraphProto} (the main graph or a sub-graph such as a branch of {@code If}) into a {@link Graph}:
 * initializers become constants, value infos become types, nodes are looked up in the op table, checked against its
 * arity, and checked to read only values defined before them (ONNX requires topological order).
 */
final class GraphReader {
    private final Path file;
    private final Map<String, Long> opsets;
    private final ImportOptions options;
    private final TensorReader tensors;
    /** Every node name of the model, given or generated, so that generated names are unique model-wide. */
    private final Set<String> nodeNames = new HashSet<>();

    GraphReader(Path file, Map<String, Long> opsets, ImportOptions options) {
        this.file = file;
        this.opsets = opsets;
        this.options = options;
        this.tensors = new TensorReader(file);
    }

    /** The values visible to a graph: its own, then those of the graphs around it. */
    private record Scope(Scope outer, Set<String> own) {
        boolean sees(String value) { return own.contains(value) || (outer != null && outer.sees(value)); }
    }

    /** The model's main graph, with its sub-graphs. */
    Graph readMain(Onnx.GraphProto g) {
        collectNames(g);
        return read(g, null);
    }

    private Graph read(Onnx.GraphProto g, Scope outer) {
        Where graphWhere = Where.file(file).detail("graph \"" + g.getName() + "\"");
        if (g.getSparseInitializerCount() > 0) {
            throw new CgcException(graphWhere, "sparse initializers are not supported");
        }
        Graph.Builder b = Graph.builder(g.getName());
        Scope scope = new Scope(outer, new HashSet<>());

        for (Onnx.TensorProto t : g.getInitializerList()) {
            Where w = Where.file(file).detail("initializer \"" + t.getName() + "\"");
            if (t.getName().isEmpty()) throw new CgcException(w, "initializer has no name");
            if (!scope.own().add(t.getName())) throw new CgcException(w, "initializer is defined twice");
            b.constant(t.getName(), tensors.read(t, w));
        }
        // Before IR version 4 every initializer was also listed as a graph input; it stays a constant.
        for (Onnx.ValueInfoProto v : g.getInputList()) {
            if (b.constants().containsKey(v.getName())) continue;
            Where w = Where.file(file).detail("graph input \"" + v.getName() + "\"");
            if (v.getName().isEmpty()) throw new CgcException(w, "graph input has no name");
            if (!scope.own().add(v.getName())) throw new CgcException(w, "graph input is defined twice");
            b.input(v.getName(), OnnxTypes.read(v.getType(), w));
        }
        for (int i = 0; i < g.getNodeCount(); i++) b.node(node(g.getNode(i), i, scope));

        Map<String, TensorType> types = new LinkedHashMap<>();
        for (Onnx.ValueInfoProto v : g.getValueInfoList()) {
            types.put(v.getName(), OnnxTypes.read(v.getType(), Where.file(file).detail("value_info \"" + v.getName() + "\"")));
        }
        for (Onnx.ValueInfoProto v : g.getOutputList()) {
            Where w = Where.file(file).detail("graph output \"" + v.getName() + "\"");
            if (!scope.sees(v.getName())) throw new CgcException(w, "graph output is not produced by any node");
            b.output(v.getName());
            types.put(v.getName(), OnnxTypes.read(v.getType(), w));
        }
        // Types that say nothing, and types of values this graph does not define, are left out.
        types.forEach((name, type) -> {
            if (type != TensorType.UNKNOWN && scope.own().contains(name) && !b.constants().containsKey(name)
                    && !b.inputs().contains(name)) {
                b.type(name, type);
            }
        });
        return b.build();
    }

    private Node node(Onnx.NodeProto p, int index, Scope scope) {
        String name = p.getName().isEmpty() ? generateName(p.getOpType(), index) : p.getName();
        Where where = Where.file(file).node(name).op(p.getOpType());
        if (p.getOpType().isEmpty()) throw new CgcException(where, "node has no op_type");
        Op op = op(p, where);
        List<String> inputs = withoutTrailingEmpty(p.getInputList());
        List<String> outputs = withoutTrailingEmpty(p.getOutputList());
        if (op instanceof OpKind k) {
            checkArity(k.onnxInputs(), inputs, "input", where);
            checkArity(k.outputs(), outputs, "output", where);
        }
        for (int i = 0; i < inputs.size(); i++) {
            String in = inputs.get(i);
            if (!in.isEmpty() && !scope.sees(in)) {
                throw new CgcException(where.detail("input " + i + " \"" + in + "\""),
                        "value is not defined before this node (by a graph input, an initializer or an earlier node)");
            }
        }
        Attrs attrs = attributes(p, where, scope);
        if (op == OpKind.CONSTANT) attrs = ConstantValue.normalise(attrs, where);
        for (String out : outputs) {
            if (!out.isEmpty() && !scope.own().add(out)) {
                throw new CgcException(where.detail("output \"" + out + "\""), "value is defined twice");
            }
        }
        return new Node(name, op, inputs, outputs, attrs);
    }

    private Op op(Onnx.NodeProto p, Where where) {
        String domain = OnnxImporter.normalDomain(p.getDomain());
        Optional<OpKind> known = domain.isEmpty()
                ? OpKind.byOnnxName(p.getOpType()).filter(k -> k.domain().isEmpty())
                : Arrays.stream(OpKind.values())
                        .filter(k -> k.domain().equals(domain) && k.opType().equals(p.getOpType())).findFirst();
        if (known.isPresent()) return known.get();
        if (options.allowUnknownOps()) return new OpaqueOp(domain, p.getOpType());
        String shownDomain = domain.isEmpty() ? "ai.onnx" : domain;
        Long version = opsets.get(domain);
        String in = version == null ? "domain " + shownDomain + ", which the model does not import"
                : "opset " + shownDomain + " " + version;
        throw new CgcException(where, "unknown op \"" + p.getOpType() + "\" in " + in
                + " (pass --allow-unknown-ops to keep it as an opaque op)");
    }

    private static void checkArity(Arity arity, List<String> values, String what, Where where) {
        if (!arity.accepts(values.size())) {
            throw new CgcException(where, "expected " + arity + " " + what + (arity.max() == 1 ? "" : "s")
                    + ", found " + values.size());
        }
        for (int i = 0; i < arity.min(); i++) {
            if (values.get(i).isEmpty()) throw new CgcException(where, what + " " + i + " is required but empty");
        }
    }

    private Attrs attributes(Onnx.NodeProto p, Where where, Scope scope) {
        Map<String, Attr> attrs = new LinkedHashMap<>();
        for (Onnx.AttributeProto a : p.getAttributeList()) {
            Where w = where.detail("attribute \"" + a.getName() + "\"");
            if (a.getName().isEmpty()) throw new CgcException(where, "attribute has no name");
            Attr value = OnnxAttrs.read(a, w, tensors::read, g -> read(g, scope));
            if (attrs.put(a.getName(), value) != null) throw new CgcException(w, "attribute is given twice");
        }
        return Attrs.of(attrs);
    }

    /** ONNX allows trailing optional inputs and outputs to be written as empty names; the IR leaves them out. */
    private static List<String> withoutTrailingEmpty(List<String> names) {
        int n = names.size();
        while (n > 0 && names.get(n - 1).isEmpty()) n--;
        return names.subList(0, n);
    }

    /** {@code OpType_<index>}, with a suffix in the rare case that the model already uses that name. */
    private String generateName(String opType, int index) {
        String base = (opType.isEmpty() ? "node" : opType) + "_" + index;
        String name = base;
        for (int k = 2; !nodeNames.add(name); k++) name = base + "_" + k;
        return name;
    }

    private void collectNames(Onnx.GraphProto g) {
        for (Onnx.NodeProto n : g.getNodeList()) {
            if (!n.getName().isEmpty()) nodeNames.add(n.getName());
            for (Onnx.AttributeProto a : n.getAttributeList()) {
                if (a.hasG()) collectNames(a.getG());
                a.getGraphsList().forEach(this::collectNames);
            }
        }
    }
}
