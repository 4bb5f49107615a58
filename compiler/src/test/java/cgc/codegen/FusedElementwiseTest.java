package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.onnx.ImportOptions;
import cgc.onnx.OnnxExporter;
import cgc.onnx.OnnxImporter;
import cgc.onnx.OrtRunner;
import cgc.onnx.proto.Onnx;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A chain of nine elementwise ops with integers between (f32 scaled per channel, cast to i32, a per-column i32 added,
 * wrapped to u8, back to f32, scaled, Sigmoid, Clip, times a [5, 7] input broadcast over the leading axes), fused into
 * one node: its generated CPU loops and its OpenCL kernel against ONNX Runtime on the unfused model, and the fused
 * model exported back to ONNX.
 */
class FusedElementwiseTest {
    @TempDir static Path dir;

    private static final long[] X = {2, 3, 5, 7};
    private static final long[] Z = {5, 7};

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu"})
    void matchesOnnxRuntime(String placement) throws IOException {
        Device device = Devices.select("auto");
        assumeTrue(placement.equals("cpu") || device instanceof OpenClDevice, "needs an OpenCL device");
        Onnx.ModelProto proto = chain();
        Model m = fused(proto);
        if (placement.equals("gpu")) {   // the whole chain as one kernel: an i32 input and ints between
            GeneratedPlan gp = CodeGenerator.generate(m, "fused test", new Placement.OnSide(Side.GPU), GpuKernelStyle.TILED);
            assertEquals(Side.GPU, gp.placements().of(m.graph().nodes().getFirst()), "the fused node on the GPU");
        }
        Path jar = ResidualConvTest.planJar(m, placement, dir.resolve("chain_" + placement + ".plan.jar"));
        OrtRunner.Tensor x = scaled(OrtRunner.Tensor.random(11, X)), z = OrtRunner.Tensor.random(13, Z);
        float[] expected = OrtRunner.run(proto.toByteArray(), Map.of("x", x, "z", z)).get("y").data();
        try (Plan plan = Plan.load(jar); Session s = plan.open(placement.equals("cpu") ? Devices.select("cpu-only") : device, 2)) {
            float[] actual = s.run(Map.of("x", Tensor.ofFloats(x.data(), X), "z", Tensor.ofFloats(z.data(), Z)))
                    .get("y").toFloatArray();
            double err = OrtRunner.relativeL2(expected, actual);
            assertTrue(err <= 1e-6, placement + ": relative L2 error " + err);
        }
    }

    /**
     * A u8 value read by two chains (to f32 and scaled; to i32, shifted and to f32): it is made by a fused node of its
     * own (its two readers keep it), and each reader is a fused node with a u8 input, which the GPU reads through a
     * byte pointer. Exact: every value is an integer or a product ONNX Runtime rounds the same way.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu"})
    void u8InputsMatchOnnxRuntime(String placement) throws IOException {
        Device device = Devices.select("auto");
        assumeTrue(placement.equals("cpu") || device instanceof OpenClDevice, "needs an OpenCL device");
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("u8_readers")
                .addInput(SingleNodeTest.value("x", X)).addOutput(SingleNodeTest.value("y", X))
                .addOutput(SingleNodeTest.value("w", X))
                .addInitializer(floats("scale", new long[] {3, 1, 1}, 40, 80, 40))
                .addInitializer(floats("step", new long[0], 0.01f, 0.01f, 0))
                .addInitializer(Onnx.TensorProto.newBuilder().setName("shift")
                        .setDataType(Onnx.TensorProto.DataType.INT32_VALUE).addInt32Data(-128).build());
        g.addNode(node("scale_x", "Mul", List.of("x", "scale"), "a"));
        g.addNode(node("to_u8", "Cast", List.of("a"), "q").addAttribute(to(Onnx.TensorProto.DataType.UINT8_VALUE)));
        g.addNode(node("back", "Cast", List.of("q"), "b").addAttribute(to(Onnx.TensorProto.DataType.FLOAT_VALUE)));
        g.addNode(node("step", "Mul", List.of("b", "step"), "y"));
        g.addNode(node("widen", "Cast", List.of("q"), "c").addAttribute(to(Onnx.TensorProto.DataType.INT32_VALUE)));
        g.addNode(node("shift", "Add", List.of("c", "shift"), "d"));
        g.addNode(node("to_f32", "Cast", List.of("d"), "w").addAttribute(to(Onnx.TensorProto.DataType.FLOAT_VALUE)));
        Onnx.ModelProto proto = Onnx.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
        Path onnx = Files.write(dir.resolve("u8_readers.onnx"), proto.toByteArray());
        Model m = PassManager.of(Pipeline.standardPasses()).run(OnnxImporter.read(onnx, ImportOptions.DEFAULT));
        assertEquals(3, m.graph().nodes().stream().filter(n -> n.is(OpKind.FUSED_ELEMENTWISE)).count(), m.graph().nodes().toString());
        if (placement.equals("gpu")) {   // the two readers of the u8 value on the GPU
            GeneratedPlan gp = CodeGenerator.generate(m, "fused test", new Placement.OnSide(Side.GPU), GpuKernelStyle.TILED);
            assertEquals(2, m.graph().nodes().stream().filter(n -> gp.placements().of(n) == Side.GPU).count());
        }
        Path jar = ResidualConvTest.planJar(m, placement, dir.resolve("u8_" + placement + ".plan.jar"));
        OrtRunner.Tensor x = scaled(OrtRunner.Tensor.random(23, X));
        Map<String, OrtRunner.Tensor> expected = OrtRunner.run(proto.toByteArray(), Map.of("x", x));
        try (Plan plan = Plan.load(jar); Session s = plan.open(placement.equals("cpu") ? Devices.select("cpu-only") : device, 2)) {
            Map<String, Tensor> out = s.run(Map.of("x", Tensor.ofFloats(x.data(), X)));
            for (String o : List.of("y", "w")) {
                double err = OrtRunner.relativeL2(expected.get(o).data(), out.get(o).toFloatArray());
                assertTrue(err == 0, placement + ", " + o + ": relative L2 error " + err);
            }
        }
    }

    @Test
    void exportsAsItsOps() throws IOException {
        Onnx.ModelProto proto = chain();
        Onnx.ModelProto exported = OnnxExporter.toProto(fused(proto));
        assertEquals(9, exported.getGraph().getNodeCount(), exported.getGraph().getNodeList().toString());
        OrtRunner.Tensor x = scaled(OrtRunner.Tensor.random(17, X)), z = OrtRunner.Tensor.random(19, Z);
        float[] expected = OrtRunner.run(proto.toByteArray(), Map.of("x", x, "z", z)).get("y").data();
        float[] again = OrtRunner.run(exported.toByteArray(), Map.of("x", x, "z", z)).get("y").data();
        assertEquals(0.0, OrtRunner.relativeL2(expected, again));
    }

    /** The standard pipeline's result, checked to be one fused node. */
    private static Model fused(Onnx.ModelProto proto) throws IOException {
        Path onnx = Files.write(dir.resolve("chain.onnx"), proto.toByteArray());
        Model m = PassManager.of(Pipeline.standardPasses()).run(OnnxImporter.read(onnx, ImportOptions.DEFAULT));
        List<Node> nodes = m.graph().nodes();
        assertEquals(1, nodes.size(), "the chain fused into one node: " + nodes);
        assertTrue(nodes.getFirst().is(OpKind.FUSED_ELEMENTWISE), nodes.toString());
        return m;
    }

    /** x in [-3, 3): after the per-channel scale (40 to 80), integers of either sign past u8's range. */
    private static OrtRunner.Tensor scaled(OrtRunner.Tensor t) {
        float[] d = t.data().clone();
        for (int i = 0; i < d.length; i++) d[i] *= 3;
        return new OrtRunner.Tensor(t.shape(), d);
    }

    private static Onnx.ModelProto chain() {
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("chain")
                .addInput(SingleNodeTest.value("x", X)).addInput(SingleNodeTest.value("z", Z))
                .addOutput(SingleNodeTest.value("y", X))
                .addInitializer(floats("scale", new long[] {3, 1, 1}, 40, 80, 40))
                .addInitializer(Onnx.TensorProto.newBuilder().setName("bias").setDataType(Onnx.TensorProto.DataType.INT32_VALUE)
                        .addDims(7).addAllInt32Data(List.of(-300, -7, 0, 5, 90, 200, 301)).build())
                .addInitializer(floats("step", new long[0], 0.01f, 0.01f, 0))
                .addInitializer(floats("lo", new long[0], 0.55f, 0.55f, 0))
                .addInitializer(floats("hi", new long[0], 0.9f, 0.9f, 0));
        g.addNode(node("scale_x", "Mul", List.of("x", "scale"), "a"));
        g.addNode(node("to_int", "Cast", List.of("a"), "b").addAttribute(to(Onnx.TensorProto.DataType.INT32_VALUE)));
        g.addNode(node("bias", "Add", List.of("b", "bias"), "c"));
        g.addNode(node("to_u8", "Cast", List.of("c"), "d").addAttribute(to(Onnx.TensorProto.DataType.UINT8_VALUE)));
        g.addNode(node("to_float", "Cast", List.of("d"), "e").addAttribute(to(Onnx.TensorProto.DataType.FLOAT_VALUE)));
        g.addNode(node("step", "Mul", List.of("e", "step"), "f"));
        g.addNode(node("sigmoid", "Sigmoid", List.of("f"), "s"));
        g.addNode(node("clip", "Clip", List.of("s", "lo", "hi"), "t"));
        g.addNode(node("times_z", "Mul", List.of("t", "z"), "y"));
        return Onnx.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
    }

    private static Onnx.NodeProto.Builder node(String name, String op, List<String> in, String out) {
        return Onnx.NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(in).addOutput(out);
    }

    private static Onnx.AttributeProto to(int type) {
        return Onnx.AttributeProto.newBuilder().setName("to").setType(Onnx.AttributeProto.AttributeType.INT).setI(type).build();
    }

    /** Floats from {@code first} in steps of {@code step}, capped at {@code last}; dims as given (none: a scalar). */
    private static Onnx.TensorProto floats(String name, long[] dims, float first, float last, float step) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE);
        long n = 1;
        for (long d : dims) {
            t.addDims(d);
            n *= d;
        }
        for (long i = 0; i < n; i++) t.addFloatData(Math.min(last, first + step * i));
        return t.build();
    }
}
