package cgc.onnx;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Attr;
import cgc.ir.Graph;
import cgc.ir.Weights;
import cgc.onnx.proto.Onnx;
import cgc.onnx.proto.Onnx.AttributeProto.AttributeType;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Node attributes between ONNX's {@code AttributeProto} and the IR's {@link Attr}, in both directions. */
final class OnnxAttrs {
    private OnnxAttrs() {}

    /**
     * One attribute. Tensors and graphs are read by the callbacks, which know about external data and scopes.
     * Files from before ONNX IR version 2 carry no {@code type}; it is then inferred from the one field that is set.
     */
    static Attr read(Onnx.AttributeProto a, Where where,
                     BiFunction<Onnx.TensorProto, Where, Weights> tensor, Function<Onnx.GraphProto, Graph> graph) {
        if (a.hasRefAttrName()) {
            throw new CgcException(where, "attribute refers to function attribute \"" + a.getRefAttrName()
                    + "\"; ONNX functions are not supported");
        }
        AttributeType type = a.getType() != AttributeType.UNDEFINED ? a.getType() : inferType(a, where);
        return switch (type) {
            case FLOAT -> new Attr.Float(a.getF());
            case INT -> new Attr.Int(a.getI());
            case STRING -> new Attr.Str(a.getS().toStringUtf8());
            case TENSOR -> new Attr.Tensor(tensor.apply(a.getT(), where));
            case GRAPH -> new Attr.GraphValue(graph.apply(a.getG()));
            case FLOATS -> new Attr.Floats(a.getFloatsList());
            case INTS -> new Attr.Ints(a.getIntsList());
            case STRINGS -> new Attr.Strs(a.getStringsList().stream().map(ByteString::toStringUtf8).toList());
            case TENSORS -> new Attr.Tensors(a.getTensorsList().stream().map(t -> tensor.apply(t, where)).toList());
            case GRAPHS -> new Attr.Graphs(a.getGraphsList().stream().map(graph).toList());
            case SPARSE_TENSOR, SPARSE_TENSORS -> throw new CgcException(where, "sparse tensor attributes are not supported");
            case TYPE_PROTO, TYPE_PROTOS -> throw new CgcException(where, "type attributes are not supported");
            case UNDEFINED -> throw new AssertionError("inferType never answers UNDEFINED");
        };
    }

    private static AttributeType inferType(Onnx.AttributeProto a, Where where) {
        List<AttributeType> set = new ArrayList<>();
        if (a.hasF()) set.add(AttributeType.FLOAT);
        if (a.hasI()) set.add(AttributeType.INT);
        if (a.hasS()) set.add(AttributeType.STRING);
        if (a.hasT()) set.add(AttributeType.TENSOR);
        if (a.hasG()) set.add(AttributeType.GRAPH);
        if (a.hasSparseTensor()) set.add(AttributeType.SPARSE_TENSOR);
        if (a.hasTp()) set.add(AttributeType.TYPE_PROTO);
        if (a.getFloatsCount() > 0) set.add(AttributeType.FLOATS);
        if (a.getIntsCount() > 0) set.add(AttributeType.INTS);
        if (a.getStringsCount() > 0) set.add(AttributeType.STRINGS);
        if (a.getTensorsCount() > 0) set.add(AttributeType.TENSORS);
        if (a.getGraphsCount() > 0) set.add(AttributeType.GRAPHS);
        if (a.getSparseTensorsCount() > 0) set.add(AttributeType.SPARSE_TENSORS);
        if (a.getTypeProtosCount() > 0) set.add(AttributeType.TYPE_PROTOS);
        if (set.size() != 1) {
            throw new CgcException(where, "attribute has no type, and its value is " + (set.isEmpty() ? "missing"
                    : "ambiguous (" + set + ")"));
        }
        return set.getFirst();
    }

    /** One attribute in ONNX form; sub-graphs are written by the callback. */
    static Onnx.AttributeProto write(String name, Attr value, Function<Weights, Onnx.TensorProto> tensor,
                                     Function<Graph, Onnx.GraphProto> graph) {
        Onnx.AttributeProto.Builder b = Onnx.AttributeProto.newBuilder().setName(name);
        switch (value) {
            case Attr.Float(float f) -> b.setType(AttributeType.FLOAT).setF(f);
            case Attr.Int(long i) -> b.setType(AttributeType.INT).setI(i);
            case Attr.Str(String s) -> b.setType(AttributeType.STRING).setS(ByteString.copyFrom(s, StandardCharsets.UTF_8));
            case Attr.Tensor(Weights w) -> b.setType(AttributeType.TENSOR).setT(tensor.apply(w));
            case Attr.GraphValue(Graph g) -> b.setType(AttributeType.GRAPH).setG(graph.apply(g));
            case Attr.Floats(List<Float> fs) -> b.setType(AttributeType.FLOATS).addAllFloats(fs);
            case Attr.Ints(List<Long> is) -> b.setType(AttributeType.INTS).addAllInts(is);
            case Attr.Strs(List<String> ss) -> {
                b.setType(AttributeType.STRINGS);
                for (String s : ss) b.addStrings(ByteString.copyFrom(s, StandardCharsets.UTF_8));
            }
            case Attr.Tensors(List<Weights> ws) -> {
                b.setType(AttributeType.TENSORS);
                for (Weights w : ws) b.addTensors(tensor.apply(w));
            }
            case Attr.Graphs(List<Graph> gs) -> {
                b.setType(AttributeType.GRAPHS);
                for (Graph g : gs) b.addGraphs(graph.apply(g));
            }
        }
        return b.build();
    }
}
