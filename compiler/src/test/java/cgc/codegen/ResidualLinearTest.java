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
 * A transformer block's skip, {@code MatMul(x, w) + b + r}, after fuse-linear and fuse-residual one Linear with the
 * residual as its fourth input, on both sides (the CPU's GEMM and matrix-vector paths; the GPU's tiled and vector
 * kernels, B in place and in panels) and split between them, against ONNX Runtime on the unfused model.
 */
class ResidualLinearTest {
    @TempDir static Path dir;

    /** rows, k, columns: one row (the matrix-vector path, split by columns), 5 and 130 rows; 64 columns fill panels. */
    static Stream<Arguments> cases() {
        List<int[]> shapes = List.of(new int[] {1, 37, 256}, new int[] {5, 19, 40}, new int[] {130, 33, 64});
        return shapes.stream().flatMap(s -> Stream.of("cpu", "gpu", "gpu vector", "split:0.5", "split:0.5 vector")
                .map(p -> Arguments.of(s[0], s[1], s[2], p)));
    }

    @ParameterizedTest(name = "{0}x{1} . {1}x{2} + r, {3}")
    @MethodSource("cases")
    void matchesOnnxRuntime(int m, int k, int n, String placement) throws IOException {
        Device device = Devices.select("auto");
        assumeTrue(placement.equals("cpu") || device instanceof OpenClDevice, "needs an OpenCL device");
        long[] xs = {1, m, k}, ys = {1, m, n};
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("residual")
                .addInput(SingleNodeTest.value("x", xs)).addInput(SingleNodeTest.value("r", ys))
                .addOutput(SingleNodeTest.value("y", ys))
                .addInitializer(floats("w", k, n)).addInitializer(floats("b", n))
                .addNode(node("matmul", "MatMul", "x", "w", "p"))
                .addNode(node("bias", "Add", "p", "b", "q"))
                .addNode(node("skip", "Add", "r", "q", "y"));
        Onnx.ModelProto proto = Onnx.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
        String name = "linear_" + m + "_" + k + "_" + n + "_" + placement.replaceAll("[: .]", "_");
        Path onnx = Files.write(dir.resolve(name + ".onnx"), proto.toByteArray());
        Model model = PassManager.of(Pipeline.standardPasses()).run(OnnxImporter.read(onnx, ImportOptions.DEFAULT));
        List<Node> nodes = model.graph().nodes();
        assertEquals(1, nodes.size(), "MatMul and both Adds fused into one node: " + nodes);
        assertTrue(nodes.getFirst().is(OpKind.LINEAR) && nodes.getFirst().input(3).equals("r"), nodes.toString());

        Placement p = switch (placement.split(" ")[0]) {
            case "cpu" -> new Placement.OnSide(Side.CPU);
            case "gpu" -> new Placement.OnSide(Side.GPU);
            default -> new Placement.SplitAt(0.5);
        };
        GpuKernelStyle style = placement.endsWith("vector") ? GpuKernelStyle.VECTOR : GpuKernelStyle.TILED;
        Path jar = dir.resolve(name + ".plan.jar");
        PlanJar.write(jar, CodeGenerator.generate(model, "residual test", p, style), new PlanJar.Stamp("test", placement));
        OrtRunner.Tensor x = OrtRunner.Tensor.random(m * 31L + k, xs), r = OrtRunner.Tensor.random(n * 17L + m, ys);
        float[] expected = OrtRunner.run(proto.toByteArray(), Map.of("x", x, "r", r)).get("y").data();
        try (Plan plan = Plan.load(jar);
             Session s = plan.open(placement.equals("cpu") ? Devices.select("cpu-only") : device, 2)) {
            Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(x.data(), xs), "r", Tensor.ofFloats(r.data(), ys));
            check(placement, expected, s.run(in).get("y").toFloatArray());
            for (var split : plan.splits()) {   // a part boundary off the middle
                s.cut(split.node(), split.total() - Math.min(split.tile(), split.total()));
                check(placement + " at cut " + s.cuts(), expected, s.run(in).get("y").toFloatArray());
            }
        }
    }

    private static Onnx.NodeProto node(String name, String op, String a, String b, String y) {
        return Onnx.NodeProto.newBuilder().setName(name).setOpType(op).addInput(a).addInput(b).addOutput(y).build();
    }

    private static void check(String what, float[] expected, float[] actual) {
        double err = OrtRunner.relativeL2(expected, actual);
        assertTrue(err <= 1e-5, what + ": relative L2 error " + err);
    }

    private static Onnx.TensorProto floats(String name, long... dims) {
        SplittableRandom random = new SplittableRandom(name.hashCode() + dims[0]);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE);
        long count = 1;
        for (long d : dims) {
            t.addDims(d);
            count *= d;
        }
        for (long i = 0; i < count; i++) t.addFloatData((float) (random.nextDouble() * 2 - 1));
        return t.build();
    }
}
