package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cgc.ir.Model;
import cgc.onnx.ImportOptions;
import cgc.onnx.OnnxImporter;
import cgc.onnx.OrtRunner;
import cgc.onnx.proto.Onnx;
import cgc.passes.PassManager;
import cgc.passes.Pipeline;
import cgc.runtime.Plan;
import cgc.runtime.Session;
import cgc.runtime.device.Devices;
import cgc.runtime.device.OpenClDevice;
import cgc.runtime.io.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector conv kernels ({@code --gpu-kernels vector}: conv_vector, depthwise_vector) at row geometries around
 * their 16-pixel vectors, against ONNX Runtime: rows narrower than, equal to and one past a vector or two, taps wider
 * than 3, dilations, asymmetric, wide and no padding, and strides. Stride 1 loads each tap's pixels with one row load
 * (gemm_vector.stg's rowLoad: a masked vector, or at a row's left edge the row's first vector moved right), so every
 * start left of, inside and past a row is here.
 */
class VectorConvTest {
    @TempDir static Path dir;

    /** width, kernel height, kernel width, dilation, stride, pads (top, left, bottom, right). */
    static Stream<Arguments> cases() {
        long[][] geometries = {
            {5, 3, 3, 1, 1, 1, 1, 1, 1}, {16, 3, 3, 1, 1, 1, 1, 1, 1}, {17, 3, 3, 1, 1, 1, 1, 1, 1},
            {33, 3, 3, 1, 1, 1, 1, 1, 1}, {18, 3, 3, 1, 1, 0, 0, 0, 0}, {17, 3, 3, 1, 1, 1, 2, 1, 0},
            {20, 5, 5, 1, 1, 2, 2, 2, 2}, {19, 3, 3, 2, 1, 2, 2, 2, 2}, {31, 1, 9, 1, 1, 0, 4, 0, 4},
            {40, 3, 3, 8, 1, 8, 8, 8, 8}, {23, 3, 3, 1, 2, 1, 1, 1, 1},
            {30, 3, 3, 9, 1, 9, 9, 9, 9}, {12, 1, 3, 1, 1, 0, 17, 0, 1}};
        return Stream.of(geometries).flatMap(g -> Stream.of(1L, 0L).map(dense -> Arguments.of(g[0], g[1], g[2], g[3],
                g[4], new long[] {g[5], g[6], g[7], g[8]}, dense == 1)));
    }

    @ParameterizedTest(name = "w {0}, {1}x{2}, dilation {3}, stride {4}, pads {5}, dense {6}")
    @MethodSource("cases")
    void matchesOnnxRuntime(long w, long kh, long kw, long dilation, long stride, long[] pads, boolean dense)
            throws IOException {
        assumeTrue(Devices.select("auto") instanceof OpenClDevice, "needs an OpenCL device");
        long c = 5, oc = dense ? 7 : c, h = 6;
        long oh = (h + pads[0] + pads[2] - dilation * (kh - 1) - 1) / stride + 1;
        long ow = (w + pads[1] + pads[3] - dilation * (kw - 1) - 1) / stride + 1;
        long[] xs = {1, c, h, w}, ys = {1, oc, oh, ow};
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("conv")
                .addInput(SingleNodeTest.value("x", xs)).addOutput(SingleNodeTest.value("y", ys))
                .addInitializer(ResidualConvTest.floats("w", oc, dense ? c : 1, kh, kw))
                .addInitializer(ResidualConvTest.floats("b", oc))
                .addNode(Onnx.NodeProto.newBuilder().setName("conv").setOpType("Conv").addInput("x").addInput("w")
                        .addInput("b").addOutput("y").addAttribute(ResidualConvTest.ints("pads", pads))
                        .addAttribute(ResidualConvTest.ints("dilations", dilation, dilation))
                        .addAttribute(ResidualConvTest.ints("strides", stride, stride))
                        .addAttribute(Onnx.AttributeProto.newBuilder().setName("group").setI(dense ? 1 : c)
                                .setType(Onnx.AttributeProto.AttributeType.INT)));
        Onnx.ModelProto proto = Onnx.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
        String name = "conv_" + w + "_" + kh + "x" + kw + "_d" + dilation + "_s" + stride + "_p" + pads[1] + "_" + pads[3]
                + (dense ? "_dense" : "_dw");
        Path onnx = Files.write(dir.resolve(name + ".onnx"), proto.toByteArray());
        Model m = PassManager.of(Pipeline.standardPasses()).run(OnnxImporter.read(onnx, ImportOptions.DEFAULT));
        assertEquals(1, m.graph().nodes().size(), m.graph().nodes().toString());
        Path jar = ResidualConvTest.planJar(m, "gpu vector", dir.resolve(name + ".plan.jar"));
        OrtRunner.Tensor x = OrtRunner.Tensor.random(w * 131 + kw * 7 + dilation, xs);
        float[] expected = OrtRunner.run(proto.toByteArray(), Map.of("x", x)).get("y").data();
        try (Plan plan = Plan.load(jar); Session s = plan.open(Devices.select("auto"), 2)) {
            float[] y = s.run(Map.of("x", Tensor.ofFloats(x.data(), xs))).get("y").toFloatArray();
            double err = OrtRunner.relativeL2(expected, y);
            assertTrue(err <= 1e-5, name + ": relative L2 error " + err);
        }
    }
}
