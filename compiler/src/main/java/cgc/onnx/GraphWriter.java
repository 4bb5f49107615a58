package cgc.onnx;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Attr;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import cgc.onnx.proto.Onnx;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes one {@link Graph} (and, recursively, its sub-graphs) as a {@code GraphProto}, decomposing cgc's own
 * constructs into ONNX ops of the model's opset:
 * <pre>
 *   Conv {cgc.act = "relu"}(x, w) -> y      becomes   Conv(x, w) -> t;  Relu(t) -> y
 *   Conv(x, w, b, r) -> y                   becomes   Conv(x, w, b) -> t;  Add(t, r) -> y     (the residual)
 *   cgc.Linear(x, w, b) -> y                becomes   MatMul(x, w) -> t;  Add(t, b) -> y
 *   cgc.Linear(x, w, b, r) -> y             becomes   MatMul(x, w) -> t;  Add(t, b) -> u;  Add(u, r) -> y
 *   cgc.QuantizeRoundTrip(x) -> y           becomes   Div, Round, Clip, Mul (also the "quantize" activation)
 *   cgc.FusedElementwise(a, b, ...) -> y    becomes   the ops of its body, in order, reading a, b, ... and writing y
 * </pre>
 * New values and nodes get names that no other value or node of the model has; the node keeps its name on the first
 * node of its decomposition, and its output keeps its name on the last, so graph outputs and readers are unchanged.
 */
final class GraphWriter {
    static final String ACT = "cgc.act";
    static final String ACT_ALPHA = "cgc.act_alpha";
    static final String ACT_BETA = "cgc.act_beta";

    private final Graph graph;
    private final long opset;
    private final Set<String> taken;
    private final Onnx.GraphProto.Builder out = Onnx.GraphProto.newBuilder();
    /** Scalar constants the decompositions need, one initializer per (type, value). */
    private final Map<String, String> scalars = new HashMap<>();

    GraphWriter(Graph graph, long opset) { this(graph, opset, allNames(graph)); }

    private GraphWriter(Graph graph, long opset, Set<String> taken) {
        this.graph = graph;
        this.opset = opset;
        this.taken = taken;
    }

    Onnx.GraphProto write() {
        out.setName(graph.name());
        graph.constants().forEach((name, w) -> out.addInitializer(OnnxExporter.tensor(name, w)));
        for (String in : graph.inputs()) out.addInput(valueInfo(in, graph.types().getOrDefault(in, TensorType.UNKNOWN)));
        for (Node n : graph.nodes()) node(n);
        for (String o : graph.outputs()) out.addOutput(valueInfo(o, graph.type(o)));
        graph.types().forEach((name, type) -> {
            if (type != TensorType.UNKNOWN && !graph.inputs().contains(name) && !graph.outputs().contains(name)
                    && !graph.isConstant(name)) {
                out.addValueInfo(valueInfo(name, type));
            }
        });
        return out.build();
    }

    /**
     * A fused node's body in its place: the body's inputs read as the node's inputs, its output written as the node's
     * output; the values between keep the names they had before fusion (no other value of the model has them).
     */
    private void inline(Node n) {
        Graph body = n.attrs().getGraph("body").orElseThrow(() -> problem(n, "FusedElementwise has no body"));
        Map<String, String> rename = new HashMap<>();
        for (int i = 0; i < body.inputs().size(); i++) rename.put(body.inputs().get(i), n.input(i));
        rename.put(body.outputs().getFirst(), n.output(0));
        for (Node m : body.nodes()) {
            node(m.withInputs(m.inputs().stream().map(v -> rename.getOrDefault(v, v)).toList())
                    .withOutputs(m.outputs().stream().map(v -> rename.getOrDefault(v, v)).toList()));
            for (String o : m.outputs()) if (!rename.containsKey(o)) out.addValueInfo(valueInfo(o, body.type(o)));
        }
    }

    private static Onnx.ValueInfoProto valueInfo(String name, TensorType type) {
        Onnx.ValueInfoProto.Builder v = Onnx.ValueInfoProto.newBuilder().setName(name);
        if (type != TensorType.UNKNOWN) v.setType(OnnxTypes.write(type));
        return v.build();
    }

    private void node(Node n) {
        if (n.is(OpKind.FUSED_ELEMENTWISE)) {
            inline(n);
            return;
        }
        if (n.is(OpKind.QUANTIZE_ROUND_TRIP)) {
            roundTrip(n, n.input(0), n.output(0), n.attrs().getFloat("scale", 1f), n.attrs().getFloat("lo", 0f),
                    n.attrs().getFloat("hi", 0f), n.name());
            return;
        }
        Optional<String> act = n.attrs().get(ACT).map(a -> a instanceof Attr.Str(String s) ? s : null);
        if (n.attrs().has(ACT) && act.isEmpty()) throw problem(n, "attribute " + ACT + " is not a string");
        boolean linear = n.op().domain().equals("cgc") && n.op().opType().equals("Linear");
        boolean residual = (n.is(OpKind.CONV) || linear) && n.hasInput(3);
        if (!linear && !residual && act.isEmpty()) {
            emit(n.name(), n.op().opType(), n.op().domain(), n.inputs(), n.outputs(), n);
            return;
        }
        if (n.outputs().isEmpty()) throw problem(n, "node has no output to apply " + (linear ? "Linear" : ACT) + " to");
        if (linear && !(n.hasInput(0) && n.hasInput(1))) throw problem(n, "Linear needs inputs X and W");
        String y = n.output(0);
        String z = act.isPresent() ? fresh(y + "_preact") : y;  // the heavy op's own result
        List<String> outs = new ArrayList<>(n.outputs());
        outs.set(0, z);
        if (linear) {
            boolean bias = n.hasInput(2);
            String sum = residual ? fresh(y + "_linear") : z;              // X·W + B, before the residual
            String mm = bias ? fresh(y + "_matmul") : sum;
            emit(n.name(), "MatMul", "", List.of(n.input(0), n.input(1)), List.of(mm), null);
            if (bias) emit(fresh(n.name() + "/bias"), "Add", "", List.of(mm, n.input(2)), List.of(sum), null);
            if (residual) emit(fresh(n.name() + "/residual"), "Add", "", List.of(sum, n.input(3)), List.of(z), null);
        } else if (residual) {
            String conv = fresh(y + "_conv");
            List<String> in = n.hasInput(2) ? n.inputs().subList(0, 3) : n.inputs().subList(0, 2);
            emit(n.name(), "Conv", "", in, List.of(conv), n);
            emit(fresh(n.name() + "/residual"), "Add", "", List.of(conv, n.input(3)), List.of(z), null);
        } else {
            emit(n.name(), n.op().opType(), n.op().domain(), n.inputs(), outs, n);
        }
        if (act.isPresent()) activation(n, act.get(), z, y);
    }

    /**
     * The ONNX form of a fused activation {@code y = act(x)} (the spec's definitions, https://onnx.ai/onnx/operators/),
     * using the op itself where the model's opset has it and its defining formula where it does not.
     */
    private void activation(Node n, String act, String x, String y) {
        float alpha = n.attrs().getFloat(ACT_ALPHA, Float.NaN);
        float beta = n.attrs().getFloat(ACT_BETA, Float.NaN);
        DType t = graph.type(n.output(0)).dtype().isFloat() ? graph.type(n.output(0)).dtype() : DType.F32;
        String base = n.name() + "/";
        switch (act) {
            case "relu" -> emit(fresh(base + "Relu"), "Relu", x, y);
            case "sigmoid" -> emit(fresh(base + "Sigmoid"), "Sigmoid", x, y);
            case "silu" -> { // x * Sigmoid(x), as PyTorch exports it
                String s = fresh(y + "_sigmoid");
                emit(fresh(base + "Sigmoid"), "Sigmoid", x, s);
                emitWith(fresh(base + "Mul"), "Mul", List.of(x, s), y, List.of());
            }
            case "tanh" -> emit(fresh(base + "Tanh"), "Tanh", x, y);
            case "leakyrelu" -> emitWith(fresh(base + "LeakyRelu"), "LeakyRelu", List.of(x), y,
                    List.of(floatAttr("alpha", orDefault(alpha, 0.01f))));
            case "hardsigmoid" -> emitWith(fresh(base + "HardSigmoid"), "HardSigmoid", List.of(x), y,
                    List.of(floatAttr("alpha", orDefault(alpha, 0.2f)), floatAttr("beta", orDefault(beta, 0.5f))));
            case "clip" -> {
                if (opset >= 11) { // Clip-11 takes min and max as inputs
                    List<String> in = List.of(x, Float.isNaN(alpha) ? "" : scalar(t, alpha),
                            Float.isNaN(beta) ? "" : scalar(t, beta));
                    emitWith(fresh(base + "Clip"), "Clip", trimEmpty(in), y, List.of());
                } else {
                    List<Onnx.AttributeProto> attrs = new ArrayList<>();
                    if (!Float.isNaN(alpha)) attrs.add(floatAttr("min", alpha));
                    if (!Float.isNaN(beta)) attrs.add(floatAttr("max", beta));
                    emitWith(fresh(base + "Clip"), "Clip", List.of(x), y, attrs);
                }
            }
            case "hardswish" -> {
                if (opset >= 14) {
                    emit(fresh(base + "HardSwish"), "HardSwish", x, y);
                } else { // HardSwish(x) = x * HardSigmoid(x, alpha = 1/6, beta = 0.5)
                    String h = fresh(y + "_hardsigmoid");
                    emitWith(fresh(base + "HardSigmoid"), "HardSigmoid", List.of(x), h,
                            List.of(floatAttr("alpha", 1f / 6), floatAttr("beta", 0.5f)));
                    emitWith(fresh(base + "Mul"), "Mul", List.of(x, h), y, List.of());
                }
            }
            case "gelu" -> {
                if (opset >= 20) {
                    emit(fresh(base + "Gelu"), "Gelu", x, y);
                } else { // Gelu(x) = 0.5 * x * (1 + erf(x / sqrt(2)))
                    String d = fresh(y + "_div"), e = fresh(y + "_erf"), a = fresh(y + "_add"), m = fresh(y + "_mul");
                    emitWith(fresh(base + "Div"), "Div", List.of(x, scalar(t, (float) Math.sqrt(2))), d, List.of());
                    emitWith(fresh(base + "Erf"), "Erf", List.of(d), e, List.of());
                    emitWith(fresh(base + "Add"), "Add", List.of(e, scalar(t, 1f)), a, List.of());
                    emitWith(fresh(base + "Mul"), "Mul", List.of(x, a), m, List.of());
                    emitWith(fresh(base + "Mul"), "Mul", List.of(m, scalar(t, 0.5f)), y, List.of());
                }
            }
            case "quantize" -> roundTrip(n, x, y, n.attrs().getFloat("cgc.act_scale", 1f), alpha, beta,
                    fresh(base + "Div"));
            default -> throw problem(n, "unknown fused activation \"" + act + "\" (attribute " + ACT + ")");
        }
    }

    /**
     * A QDQ round trip {@code y = clamp(round(x / scale), lo, hi) * scale} (cgc.QuantizeRoundTrip, or the "quantize"
     * activation, whose limits a fused Clip may have narrowed, so not always a QuantizeLinear's): Div, Round, Clip,
     * Mul, from opset 11 (Round's and Clip's inputs).
     */
    private void roundTrip(Node n, String x, String y, float scale, float lo, float hi, String first) {
        if (opset < 11) throw problem(n, "a quantization round trip needs opset 11 or later to export (Round)");
        String s = scalar(DType.F32, scale), d = fresh(y + "_scaled"), r = fresh(y + "_rounded"), c = fresh(y + "_grid");
        emitWith(first, "Div", List.of(x, s), d, List.of());
        emitWith(fresh(n.name() + "/Round"), "Round", List.of(d), r, List.of());
        emitWith(fresh(n.name() + "/Clip"), "Clip", List.of(r, scalar(DType.F32, lo), scalar(DType.F32, hi)), c, List.of());
        emitWith(fresh(n.name() + "/Mul"), "Mul", List.of(c, s), y, List.of());
    }

    private static float orDefault(float v, float dflt) { return Float.isNaN(v) ? dflt : v; }

    private static List<String> trimEmpty(List<String> in) {
        int k = in.size();
        while (k > 0 && in.get(k - 1).isEmpty()) k--;
        return in.subList(0, k);
    }

    private static Onnx.AttributeProto floatAttr(String name, float value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.FLOAT)
                .setF(value).build();
    }

    private void emit(String name, String opType, String x, String y) { emitWith(name, opType, List.of(x), y, List.of()); }

    private void emitWith(String name, String opType, List<String> in, String y, List<Onnx.AttributeProto> attrs) {
        out.addNode(Onnx.NodeProto.newBuilder().setName(name).setOpType(opType).addAllInput(in).addOutput(y)
                .addAllAttribute(attrs));
    }

    /** One node as written; {@code attrsOf} (may be null) supplies the attributes, less cgc's own. */
    private void emit(String name, String opType, String domain, List<String> in, List<String> outs, Node attrsOf) {
        Onnx.NodeProto.Builder p = Onnx.NodeProto.newBuilder().setName(name).setOpType(opType)
                .addAllInput(in).addAllOutput(outs);
        if (!domain.isEmpty()) p.setDomain(domain);
        if (attrsOf != null) {
            attrsOf.attrs().asMap().forEach((k, v) -> {
                if (!k.startsWith("cgc.")) {
                    p.addAttribute(OnnxAttrs.write(k, v, w -> OnnxExporter.tensor(null, w),
                            g -> new GraphWriter(g, opset, taken).write()));
                }
            });
        }
        out.addNode(p);
    }

    /** An initializer holding {@code v} as a scalar of type {@code t}, shared by every use in this graph. */
    private String scalar(DType t, float v) {
        return scalars.computeIfAbsent(t.text() + ":" + Float.floatToIntBits(v), k -> {
            String name = fresh("cgc_const_" + t.text() + "_" + v);
            out.addInitializer(OnnxExporter.tensor(name, scalarWeights(t, v)));
            return name;
        });
    }

    private static Weights scalarWeights(DType t, float v) {
        ByteBuffer b = ByteBuffer.allocate(t.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (t) {
            case F64 -> b.putDouble(v);
            case F16 -> b.putShort(Float.floatToFloat16(v));
            case BF16 -> b.putShort((short) (Float.floatToIntBits(v) >>> 16));
            default -> b.putFloat(v);
        }
        return Weights.wrap(t, List.of(), b.array());
    }

    private String fresh(String base) {
        String name = base;
        for (int k = 2; !taken.add(name); k++) name = base + "_" + k;
        return name;
    }

    private static CgcException problem(Node n, String message) {
        return new CgcException(Where.NOWHERE.node(n.name()).op(n.op().opType()), message);
    }

    /** Every value and node name of the graph and of its sub-graphs. */
    private static Set<String> allNames(Graph g) {
        Set<String> names = new HashSet<>();
        collect(g, names);
        return names;
    }

    private static void collect(Graph g, Set<String> names) {
        names.addAll(g.inputs());
        names.addAll(g.outputs());
        names.addAll(g.constants().keySet());
        for (Node n : g.nodes()) {
            names.add(n.name());
            names.addAll(n.inputs());
            names.addAll(n.outputs());
            for (Attr a : n.attrs().asMap().values()) {
                if (a instanceof Attr.GraphValue(Graph sub)) collect(sub, names);
                if (a instanceof Attr.Graphs(List<Graph> subs)) subs.forEach(s -> collect(s, names));
            }
        }
    }
}
