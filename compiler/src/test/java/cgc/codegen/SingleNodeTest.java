package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cgc.ir.Model;
import cgc.onnx.ImportOptions;
import cgc.onnx.OnnxImporter;
import cgc.onnx.OrtRunner;
import cgc.onnx.proto.Onnx;
import cgc.pack.PlanJar;
import cgc.passes.PassManager;
import cgc.passes.Pipeline;
import cgc.runtime.Plan;
import cgc.runtime.Session;
import cgc.runtime.device.Device;
import cgc.runtime.device.Devices;
import cgc.runtime.device.OpenClDevice;
import cgc.runtime.io.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ops the example models do not use, each as a one-node ONNX model (plus initializers) compiled by the whole
 * pipeline and checked against ONNX Runtime, on the CPU and with --placement gpu (where an op without a GPU kernel
 * falls back to the CPU).
 */
class SingleNodeTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu"})
    void batchNormalization(String side) throws IOException {
        check(side, "BatchNormalization", new long[] {1, 3, 4, 5}, new long[] {1, 3, 4, 5}, g -> g
                .addInitializer(floats("scale", 3, false)).addInitializer(floats("bias", 3, false))
                .addInitializer(floats("mean", 3, false)).addInitializer(floats("var", 3, true)),
                List.of("scale", "bias", "mean", "var"), 11);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu"})
    void instanceNormalization(String side) throws IOException {
        check(side, "InstanceNormalization", new long[] {2, 3, 4, 5}, new long[] {2, 3, 4, 5}, g -> g
                .addInitializer(floats("scale", 3, false)).addInitializer(floats("bias", 3, false)),
                List.of("scale", "bias"), 17);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu"})
    void expand(String side) throws IOException {
        check(side, "Expand", new long[] {3, 1}, new long[] {2, 3, 4}, g -> g.addInitializer(longs("shape", 2, 3, 4)),
                List.of("shape"), 17);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu"})
    void tile(String side) throws IOException {
        check(side, "Tile", new long[] {2, 3}, new long[] {4, 9}, g -> g.addInitializer(longs("repeats", 2, 3)),
                List.of("repeats"), 17);
    }

    /** {@code y = OP(x, extra...)} with {@code extra} the initializers {@code init} adds; compared with ONNX Runtime. */
    private void check(String side, String op, long[] xShape, long[] yShape, UnaryOperator<Onnx.GraphProto.Builder> init,
                       List<String> extra, long opset) throws IOException {
        Device device = Devices.select("auto");
        boolean gpu = side.equals("gpu");
        assumeTrue(!gpu || device instanceof OpenClDevice, "needs an OpenCL device");
        Onnx.NodeProto.Builder node = Onnx.NodeProto.newBuilder().setName("n").setOpType(op).addInput("x").addOutput("y");
        extra.forEach(node::addInput);
        Onnx.GraphProto.Builder g = init.apply(Onnx.GraphProto.newBuilder().setName(op).addInput(value("x", xShape))
                .addOutput(value("y", yShape)).addNode(node));
        Onnx.ModelProto proto = Onnx.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
        Path onnx = dir.resolve(op + ".onnx");
        Files.write(onnx, proto.toByteArray());
        Model m = PassManager.of(Pipeline.standardPasses()).run(OnnxImporter.read(onnx, ImportOptions.DEFAULT));
        assertTrue(m.graph().nodes().stream().anyMatch(n -> n.op().opType().equals(op)),
                "the pipeline keeps the " + op + " node, so its lowering is what runs: " + m.graph().nodes());
        Path jar = dir.resolve(op + ".plan.jar");
        PlanJar.write(jar, CodeGenerator.generate(m, "test", gpu ? Side.GPU : Side.CPU), new PlanJar.Stamp("test", side));
        OrtRunner.Tensor x = OrtRunner.Tensor.random(Arrays.hashCode(xShape), xShape);
        float[] expected = OrtRunner.run(proto.toByteArray(), Map.of("x", x)).get("y").data();
        try (Plan p = Plan.load(jar); Session s = p.open(device, 2)) {
            float[] actual = s.run(Map.of("x", Tensor.ofFloats(x.data(), xShape))).get("y").toFloatArray();
            double err = OrtRunner.relativeL2(expected, actual);
            assertTrue(err <= 1e-5, op + " on " + side + ": relative L2 error " + err);
        }
    }

    private static Onnx.TensorProto floats(String name, int n, boolean positive) {
        SplittableRandom r = new SplittableRandom(name.hashCode());
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).addDims(n)
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE);
        for (int i = 0; i < n; i++) t.addFloatData((float) (positive ? 0.5 + r.nextDouble() : r.nextDouble() * 2 - 1));
        return t.build();
    }

    private static Onnx.TensorProto longs(String name, long... v) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).addDims(v.length)
                .setDataType(Onnx.TensorProto.DataType.INT64_VALUE);
        for (long x : v) t.addInt64Data(x);
        return t.build();
    }

    static Onnx.ValueInfoProto value(String name, long... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (long d : dims) shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder().setTensorType(
                Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
                .build();
    }
}
