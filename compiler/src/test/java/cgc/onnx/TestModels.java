package cgc.onnx;

import cgc.onnx.proto.Onnx;
import cgc.onnx.proto.Onnx.AttributeProto.AttributeType;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Small ONNX models built with the protobuf builders, for tests that need a file with one particular property. */
final class TestModels {
    static final int FLOAT = Onnx.TensorProto.DataType.FLOAT_VALUE;

    private TestModels() {}

    static Onnx.ModelProto model(long opset, Onnx.GraphProto.Builder graph) {
        return Onnx.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("cgc-test").setProducerVersion("1")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph)
                .build();
    }

    /** A value info with a static shape. */
    static Onnx.ValueInfoProto value(String name, int elemType, long... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (long d : dims) shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return Onnx.ValueInfoProto.newBuilder().setName(name)
                .setType(Onnx.TypeProto.newBuilder().setTensorType(
                        Onnx.TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape)))
                .build();
    }

    static Onnx.NodeProto node(String name, String opType, List<String> in, List<String> out,
                               Onnx.AttributeProto... attrs) {
        return Onnx.NodeProto.newBuilder().setName(name).setOpType(opType).addAllInput(in).addAllOutput(out)
                .addAllAttribute(Arrays.asList(attrs)).build();
    }

    static Onnx.AttributeProto attr(String name, long i) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(i).build();
    }

    static Onnx.AttributeProto attr(String name, float f) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(f).build();
    }

    static Onnx.AttributeProto attr(String name, Onnx.TensorProto t) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(AttributeType.TENSOR).setT(t).build();
    }

    static Onnx.AttributeProto attr(String name, Onnx.GraphProto g) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(AttributeType.GRAPH).setG(g).build();
    }

    /** A float tensor in raw_data. */
    static Onnx.TensorProto floats(String name, long[] dims, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return Onnx.TensorProto.newBuilder().setName(name).setDataType(FLOAT)
                .addAllDims(Arrays.stream(dims).boxed().toList()).setRawData(ByteString.copyFrom(b.array())).build();
    }

    static float[] randomFloats(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() - 0.5);
        return v;
    }

    /** x[1,4] -> Relu -> y: the smallest valid model, which tests change in one place. */
    static Onnx.GraphProto.Builder reluGraph() {
        return Onnx.GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 1, 4))
                .addNode(node("r", "Relu", List.of("x"), List.of("y")))
                .addOutput(value("y", FLOAT, 1, 4));
    }

    /**
     * A model of a few KB that uses most of what the importer reads: initializers, value infos, a symbolic batch
     * dimension, int/float/tensor attributes, a Constant node, an If with two sub-graphs.
     */
    static Onnx.ModelProto small() {
        final int width = 40;
        Onnx.GraphProto thenBranch = Onnx.GraphProto.newBuilder().setName("then")
                .addNode(node("then_relu", "Relu", List.of("h"), List.of("t_out")))
                .addOutput(value("t_out", FLOAT, 1, width)).build();
        Onnx.GraphProto elseBranch = Onnx.GraphProto.newBuilder().setName("else")
                .addNode(node("else_neg", "Neg", List.of("h"), List.of("e_out")))
                .addOutput(value("e_out", FLOAT, 1, width)).build();
        Onnx.ValueInfoProto x = Onnx.ValueInfoProto.newBuilder().setName("x")
                .setType(Onnx.TypeProto.newBuilder().setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(FLOAT)
                        .setShape(Onnx.TensorShapeProto.newBuilder()
                                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(16))))).build();
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("small")
                .addInput(x)
                .addInitializer(floats("w", new long[] {16, width}, randomFloats(1, 16 * width)))
                .addInitializer(floats("b", new long[] {width}, randomFloats(2, width)))
                .addNode(node("gemm", "Gemm", List.of("x", "w", "b"), List.of("h"), attr("alpha", 1f), attr("transB", 0L)))
                .addNode(node("cond", "Constant", List.of(), List.of("c"),
                        attr("value", Onnx.TensorProto.newBuilder().setDataType(Onnx.TensorProto.DataType.BOOL_VALUE)
                                .addInt32Data(1).build())))
                .addNode(node("if", "If", List.of("c"), List.of("y"), attr("then_branch", thenBranch),
                        attr("else_branch", elseBranch)))
                .addValueInfo(value("h", FLOAT, 1, width))
                .addOutput(value("y", FLOAT, 1, width));
        return model(17, g);
    }

    static Path write(Path dir, String fileName, Onnx.ModelProto m) {
        try {
            return Files.write(dir.resolve(fileName), m.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
