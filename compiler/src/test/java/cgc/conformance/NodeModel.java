package cgc.conformance;

import cgc.onnx.proto.Onnx;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model of one ONNX node: its op type, opset, attributes and inputs (each with its data; some given as
 * initializers, some fed at run time; an absent optional input has the empty name), written as ONNX bytes with no
 * output types recorded, so that whoever reads it must infer them.
 * <pre>{@code
 * NodeModel m = NodeModel.of("Conv", 11).attr("group", 2L).feed("x", x).init("w", w).outputs(1);
 * byte[] onnx = m.bytes(false);
 * }</pre>
 */
final class NodeModel {
    /** One input of the node: fed at run time, or an initializer; {@code name} empty for an absent optional input. */
    record Input(String name, Data data, boolean initializer) {
        boolean absent() { return name.isEmpty(); }
    }

    private final String opType;
    private final long opset;
    /** The op's domain: "" (ai.onnx), or com.microsoft for ONNX Runtime's own ops (imported at version 1). */
    private String domain = "";
    private final Map<String, Object> attrs = new LinkedHashMap<>();
    private final List<Input> inputs = new ArrayList<>();
    private int outputs = 1;
    /** Which of the outputs the node gives (an omitted optional output has the empty name); null: all. */
    private boolean[] given;

    private NodeModel(String opType, long opset) {
        this.opType = opType;
        this.opset = opset;
    }

    static NodeModel of(String opType, long opset) { return new NodeModel(opType, opset); }

    String opType() { return opType; }

    /** This node in another domain than ai.onnx (ONNX Runtime's com.microsoft ops). */
    NodeModel domain(String d) {
        domain = d;
        return this;
    }

    long opset() { return opset; }
    List<Input> inputs() { return inputs; }
    Map<String, Object> attrs() { return attrs; }

    /** Whether output {@code i} is given (not omitted). */
    boolean gives(int i) { return given == null || given[i]; }
    int outputCount() { return outputs; }

    /** An attribute: Long, Double/Float, String, long[], float[], String[] or {@link Data} (a tensor attribute). */
    NodeModel attr(String name, Object value) { attrs.put(name, value); return this; }

    /** An input fed at run time. */
    NodeModel feed(String name, Data d) { inputs.add(new Input(name, d, false)); return this; }

    /** An input given as an initializer. */
    NodeModel init(String name, Data d) { inputs.add(new Input(name, d, true)); return this; }

    /** An absent optional input. */
    NodeModel absent() { inputs.add(new Input("", null, false)); return this; }

    NodeModel outputs(int n) { outputs = n; given = null; return this; }

    /** The outputs, each given or omitted (an optional output the node names as ""), in order. */
    NodeModel outputs(boolean... which) {
        outputs = which.length;
        given = which.clone();
        return this;
    }

    /** The names of the node's outputs, "" for an omitted one. */
    private List<String> nodeOutputs() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < outputs; i++) names.add(given != null && !given[i] ? "" : outputs == 1 ? "y" : "y" + i);
        return names;
    }

    /** The outputs the node gives, which are the graph's outputs. */
    List<String> outputNames() { return nodeOutputs().stream().filter(o -> !o.isEmpty()).toList(); }

    /** The inputs fed at run time, by name. */
    Map<String, Data> feeds() {
        Map<String, Data> m = new LinkedHashMap<>();
        for (Input i : inputs) if (!i.absent() && !i.initializer()) m.put(i.name(), i.data());
        return m;
    }

    /** The model; with {@code allInitializers} every input is an initializer and the graph takes none. */
    byte[] bytes(boolean allInitializers) {
        Onnx.NodeProto.Builder node = Onnx.NodeProto.newBuilder().setName("n").setOpType(opType).setDomain(domain);
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName(opType);
        for (Input i : inputs) {
            node.addInput(i.name());
            if (i.absent()) continue;
            if (i.initializer() || allInitializers) g.addInitializer(i.data().proto(i.name()));
            else g.addInput(valueInfo(i.name(), i.data()));
        }
        for (String o : nodeOutputs()) {
            node.addOutput(o);
            if (!o.isEmpty()) g.addOutput(Onnx.ValueInfoProto.newBuilder().setName(o));
        }
        attrs.forEach((k, v) -> node.addAttribute(attribute(k, v)));
        Onnx.ModelProto.Builder model = Onnx.ModelProto.newBuilder().setIrVersion(8).setProducerName("cgc conformance")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset));
        if (!domain.isEmpty()) model.addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(1));
        return model.setGraph(g.addNode(node)).build().toByteArray();
    }

    private static Onnx.ValueInfoProto valueInfo(String name, Data d) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (long n : d.shape()) shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(n));
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder().setTensorType(
                Onnx.TypeProto.Tensor.newBuilder().setElemType(d.dtype().onnxCode()).setShape(shape))).build();
    }

    private static Onnx.AttributeProto attribute(String name, Object v) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name);
        switch (v) {
            case Long l -> a.setType(Onnx.AttributeProto.AttributeType.INT).setI(l);
            case Integer i -> a.setType(Onnx.AttributeProto.AttributeType.INT).setI(i);
            case Double d -> a.setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(d.floatValue());
            case Float f -> a.setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(f);
            case String s -> a.setType(Onnx.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
            case long[] ls -> {
                a.setType(Onnx.AttributeProto.AttributeType.INTS);
                for (long l : ls) a.addInts(l);
            }
            case float[] fs -> {
                a.setType(Onnx.AttributeProto.AttributeType.FLOATS);
                for (float f : fs) a.addFloats(f);
            }
            case String[] ss -> {
                a.setType(Onnx.AttributeProto.AttributeType.STRINGS);
                for (String str : ss) a.addStrings(ByteString.copyFromUtf8(str));
            }
            case Data d -> a.setType(Onnx.AttributeProto.AttributeType.TENSOR).setT(d.proto(""));
            default -> throw new IllegalArgumentException("attribute " + name + ": no ONNX form for " + v.getClass());
        }
        return a.build();
    }

    @Override public String toString() {
        StringBuilder s = new StringBuilder(opType).append("-").append(opset).append("(");
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            if (i > 0) s.append(", ");
            s.append(in.absent() ? "<absent>" : (in.initializer() ? "const " : "") + in.name() + ":" + in.data());
        }
        s.append(")");
        if (!attrs.isEmpty()) {
            s.append(" {");
            attrs.forEach((k, v) -> s.append(' ').append(k).append('=').append(show(v)));
            s.append(" }");
        }
        return s.toString();
    }

    private static String show(Object v) {
        return switch (v) {
            case long[] l -> java.util.Arrays.toString(l);
            case float[] f -> java.util.Arrays.toString(f);
            case String[] f -> java.util.Arrays.toString(f);
            default -> String.valueOf(v);
        };
    }
}
