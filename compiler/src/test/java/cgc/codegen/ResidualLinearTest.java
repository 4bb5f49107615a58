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

    /**
     * batches, rows, k, columns, relu after the sum: one row (the matrix-vector path, split by columns), 5 and 130
     * rows (64 columns fill panels), two batches of 3 rows (not split: a product of several batches is not).
     */
    static Stream<Arguments> cases() {
        List<int[]> shapes = List.of(new int[] {1, 1, 37, 256, 0, 1}, new int[] {1, 5, 19, 40, 1, 1},
                new int[] {1, 130, 33, 64, 0, 1}, new int[] {2, 3, 8, 32, 1, 1}, new int[] {1, 6, 16, 32, 0, 0});
        return shapes.stream().flatMap(s -> Stream.of("cpu", "gpu", "gpu vector", "split:0.5", "split:0.5 vector")
                .map(p -> Arguments.of(s[0], s[1], s[2], s[3], s[4] == 1, s[5] == 1, p)));
    }

    /** With {@code bias} false, a bias-free projection, MatMul + Add(skip), as transformers without biases have. */
    @ParameterizedTest(name = "{0} x {1}x{2} . {2}x{3} + r, relu {4}, bias {5}, {6}")
    @MethodSource("cases")
    void matchesOnnxRuntime(int batches, int m, int k, int n, boolean relu, boolean bias, String placement)
            throws IOException {
        Device device = Devices.select("auto");
        assumeTrue(placement.equals("cpu") || device instanceof OpenClDevice, "needs an OpenCL device");
        long[] xs = {batches, m, k}, ys = {batches, m, n};
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("residual")
                .addInput(SingleNodeTest.value("x", xs)).addInput(SingleNodeTest.value("r", ys))
                .addOutput(SingleNodeTest.value("y", ys))
                .addInitializer(ResidualConvTest.floats("w", k, n))
                .addNode(node("matmul", "MatMul", "x", "w", bias ? "p" : "q"));
        if (bias) g.addInitializer(ResidualConvTest.floats("b", n)).addNode(node("bias", "Add", "p", "b", "q"));
        g.addNode(node("skip", "Add", "r", "q", relu ? "s" : "y"));
        if (relu) g.addNode(Onnx.NodeProto.newBuilder().setName("relu").setOpType("Relu").addInput("s").addOutput("y"));
        Onnx.ModelProto proto = Onnx.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
        String name = "linear_" + batches + "_" + m + "_" + k + "_" + n + "_" + relu + "_" + bias + "_"
                + placement.replaceAll("[: .]", "_");
        Path onnx = Files.write(dir.resolve(name + ".onnx"), proto.toByteArray());
        Model model = PassManager.of(Pipeline.standardPasses()).run(OnnxImporter.read(onnx, ImportOptions.DEFAULT));
        List<Node> nodes = model.graph().nodes();
        assertEquals(1, nodes.size(), "MatMul and both Adds fused into one node: " + nodes);
        assertTrue(nodes.getFirst().is(OpKind.LINEAR) && nodes.getFirst().input(3).equals("r")
                && nodes.getFirst().hasInput(2) == bias, nodes.toString());
        assertEquals(relu ? "relu" : "", nodes.getFirst().attrs().getString("cgc.act", ""), nodes.toString());

        Path jar = ResidualConvTest.planJar(model, placement, dir.resolve(name + ".plan.jar"));
        OrtRunner.Tensor x = OrtRunner.Tensor.random(m * 31L + k, xs), r = OrtRunner.Tensor.random(n * 17L + m, ys);
        float[] expected = OrtRunner.run(proto.toByteArray(), Map.of("x", x, "r", r)).get("y").data();
        // and the fused layer written back as ONNX (MatMul, Add, Add, Relu) computes the same
        check(placement + ", exported", expected, OrtRunner.run(cgc.onnx.OnnxExporter.toProto(model).toByteArray(),
                Map.of("x", x, "r", r)).get("y").data());
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
}
