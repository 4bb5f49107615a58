package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Softmax changed meaning in opset 13: before, it normalises over the input flattened to 2-D at {@code axis}; from 13
 * on, over {@code axis} alone. Both sides must follow the model's opset, as ONNX Runtime does.
 */
class SoftmaxOpsetTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "opset {0}, axis {1}, {2}")
    @CsvSource({"11, 1, cpu", "11, 1, gpu", "13, 1, cpu", "13, 1, gpu", "11, -1, cpu", "17, 0, gpu"})
    void followsTheModelsOpset(long opset, long axis, String side) throws IOException {
        Device device = Devices.select("auto");
        boolean gpu = side.equals("gpu");
        org.junit.jupiter.api.Assumptions.assumeTrue(!gpu || device instanceof OpenClDevice, "needs an OpenCL device");
        Onnx.ValueInfoProto x = value("x"), y = value("y");
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("softmax").addInput(x).addOutput(y)
                .addNode(Onnx.NodeProto.newBuilder().setName("sm").setOpType("Softmax").addInput("x").addOutput("y")
                        .addAttribute(Onnx.AttributeProto.newBuilder().setName("axis").setI(axis)
                                .setType(Onnx.AttributeProto.AttributeType.INT)));
        Onnx.ModelProto proto = Onnx.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
        Path onnx = dir.resolve("softmax.onnx");
        Files.write(onnx, proto.toByteArray());

        Model m = PassManager.of(Pipeline.standardPasses()).run(OnnxImporter.read(onnx, ImportOptions.DEFAULT));
        GeneratedPlan plan = CodeGenerator.generate(m, "test", gpu ? Side.GPU : Side.CPU);
        Path jar = dir.resolve("softmax.plan.jar");
        PlanJar.write(jar, plan, new PlanJar.Stamp("test", side));
        OrtRunner.Tensor in = OrtRunner.Tensor.random(opset * 10 + axis, 2, 3, 4);
        float[] expected = OrtRunner.run(proto.toByteArray(), Map.of("x", in)).get("y").data();
        try (Plan p = Plan.load(jar); Session s = p.open(device, 1)) {
            float[] actual = s.run(Map.of("x", Tensor.ofFloats(in.data(), 2, 3, 4))).get("y").toFloatArray();
            double err = OrtRunner.relativeL2(expected, actual);
            assertTrue(err <= 1e-5, "relative L2 error " + err);
        }
    }

    private static Onnx.ValueInfoProto value(String name) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (long d : new long[] {2, 3, 4}) shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder().setTensorType(
                Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
                .build();
    }
}
