package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Relu(Conv(x) + r)} after fuse-residual, one conv with the residual as its fourth input, and
 * {@code c * Sigmoid(c)} of a conv's output {@code c} after fuse-activation, one conv with SiLU fused, on every conv
 * algorithm of both sides (CPU depthwise, pointwise and im2col GEMM; GPU direct, depthwise, implicit-GEMM and vector
 * kernels) and split between them, against ONNX Runtime on the unfused model.
 */
class ResidualConvTest {
    @TempDir static Path dir;

    /** c, oc, group, kernel: depthwise 3x3, grouped 3x3, dense 3x3, pointwise 1x1; odd sizes against the tiles. */
    static Stream<Arguments> cases() {
        List<long[]> convs = List.of(new long[] {12, 12, 12, 3}, new long[] {8, 6, 2, 3}, new long[] {6, 10, 1, 3},
                new long[] {16, 20, 1, 1});
        return convs.stream().flatMap(c -> Stream.of("cpu", "gpu", "gpu vector", "split:0.5", "split:0.5 vector")
                .map(p -> Arguments.of(c[0], c[1], c[2], c[3], p)));
    }

    @ParameterizedTest(name = "c {0} -> oc {1}, group {2}, {3}x{3}, {4}")
    @MethodSource("cases")
    void matchesOnnxRuntime(long c, long oc, long group, long k, String placement) throws IOException {
        verify(c, oc, group, k, placement, false);
    }

    @ParameterizedTest(name = "SiLU, c {0} -> oc {1}, group {2}, {3}x{3}, {4}")
    @MethodSource("cases")
    void siluMatchesOnnxRuntime(long c, long oc, long group, long k, String placement) throws IOException {
        verify(c, oc, group, k, placement, true);
    }

    private void verify(long c, long oc, long group, long k, String placement, boolean silu) throws IOException {
        Device device = Devices.select("auto");
        assumeTrue(placement.equals("cpu") || device instanceof OpenClDevice, "needs an OpenCL device");
        long h = 9, w = 11;
        long[] xs = {1, c, h, w}, ys = {1, oc, h, w};
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("residual")
                .addInput(SingleNodeTest.value("x", xs))
                .addOutput(SingleNodeTest.value("y", ys))
                .addInitializer(floats("w", new long[] {oc, c / group, k, k}))
                .addInitializer(floats("b", new long[] {oc}))
                .addNode(Onnx.NodeProto.newBuilder().setName("conv").setOpType("Conv").addInput("x").addInput("w")
                        .addInput("b").addOutput("c").addAttribute(ints("pads", k / 2, k / 2, k / 2, k / 2))
                        .addAttribute(Onnx.AttributeProto.newBuilder().setName("group").setI(group)
                                .setType(Onnx.AttributeProto.AttributeType.INT)));
        if (silu) {
            g.addNode(Onnx.NodeProto.newBuilder().setName("sigmoid").setOpType("Sigmoid").addInput("c").addOutput("s"))
                    .addNode(Onnx.NodeProto.newBuilder().setName("mul").setOpType("Mul").addInput("c").addInput("s")
                            .addOutput("y"));
        } else {
            g.addInput(SingleNodeTest.value("r", ys))
                    .addNode(Onnx.NodeProto.newBuilder().setName("add").setOpType("Add").addInput("c").addInput("r")
                            .addOutput("s"))
                    .addNode(Onnx.NodeProto.newBuilder().setName("relu").setOpType("Relu").addInput("s").addOutput("y"));
        }
        Onnx.ModelProto proto = Onnx.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
        String name = (silu ? "silu_" : "res_") + c + "_" + oc + "_" + group + "_" + k + "_" + placement.replaceAll("[: .]", "_");
        Path onnx = Files.write(dir.resolve(name + ".onnx"), proto.toByteArray());
        Model m = PassManager.of(Pipeline.standardPasses()).run(OnnxImporter.read(onnx, ImportOptions.DEFAULT));
        List<Node> nodes = m.graph().nodes();
        assertEquals(1, nodes.size(), "the Conv and what follows it fused into one node: " + nodes);
        assertTrue(nodes.getFirst().is(OpKind.CONV) && (silu ? nodes.getFirst().attrs().getString("cgc.act", "")
                .equals("silu") : nodes.getFirst().input(3).equals("r")), nodes.toString());

        Path jar = planJar(m, placement, dir.resolve(name + ".plan.jar"));
        OrtRunner.Tensor x = OrtRunner.Tensor.random(c * 31 + k, xs), r = OrtRunner.Tensor.random(oc * 17 + group, ys);
        Map<String, OrtRunner.Tensor> feeds = silu ? Map.of("x", x) : Map.of("x", x, "r", r);
        float[] expected = OrtRunner.run(proto.toByteArray(), feeds).get("y").data();
        try (Plan plan = Plan.load(jar); Session s = plan.open(placement.equals("cpu") ? Devices.select("cpu-only") : device, 2)) {
            Map<String, Tensor> in = silu ? Map.of("x", Tensor.ofFloats(x.data(), xs))
                    : Map.of("x", Tensor.ofFloats(x.data(), xs), "r", Tensor.ofFloats(r.data(), ys));
            check(placement, expected, s.run(in).get("y").toFloatArray());
            for (var split : plan.splits()) {   // a part boundary off the middle
                s.cut(split.node(), split.total() - Math.min(split.tile(), split.total()));
                check(placement + " at cut " + s.cuts(), expected, s.run(in).get("y").toFloatArray());
            }
        }
    }

    private static void check(String what, float[] expected, float[] actual) {
        double err = OrtRunner.relativeL2(expected, actual);
        assertTrue(err <= 1e-5, what + ": relative L2 error " + err);
    }

    /** {@code m}'s plan for a placement named "cpu", "gpu" or "split:0.5", with " vector" for the vector kernels. */
    static Path planJar(Model m, String placement, Path jar) throws IOException {
        Placement p = switch (placement.split(" ")[0]) {
            case "cpu" -> new Placement.OnSide(Side.CPU);
            case "gpu" -> new Placement.OnSide(Side.GPU);
            default -> new Placement.SplitAt(0.5);
        };
        GpuKernelStyle style = placement.endsWith("vector") ? GpuKernelStyle.VECTOR : GpuKernelStyle.TILED;
        PlanJar.write(jar, CodeGenerator.generate(m, "residual test", p, style), new PlanJar.Stamp("test", placement));
        return jar;
    }

    /** A float initializer of random values in [-1, 1), seeded by its name and first dimension. */
    static Onnx.TensorProto floats(String name, long... dims) {
        SplittableRandom random = new SplittableRandom(name.hashCode() + dims[0]);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE);
        long n = 1;
        for (long d : dims) {
            t.addDims(d);
            n *= d;
        }
        for (long i = 0; i < n; i++) t.addFloatData((float) (random.nextDouble() * 2 - 1));
        return t.build();
    }

    static Onnx.AttributeProto ints(String name, long... v) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name)
                .setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long x : v) a.addInts(x);
        return a.build();
    }
}
