package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import cgc.onnx.OrtRunner;
import cgc.pack.PlanJar;
import cgc.passes.PassManager;
import cgc.passes.Pipeline;
import cgc.runtime.Plan;
import cgc.runtime.Session;
import cgc.runtime.SplitSpec;
import cgc.runtime.device.Devices;
import cgc.runtime.device.OpenClDevice;
import cgc.runtime.device.SvmMode;
import cgc.runtime.io.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Convolutions split by output rows, the CPU's rows of every channel against the GPU's rest, on shapes that stress the
 * halo: stride 2, dilation, asymmetric padding, odd sizes, depthwise and grouped, a batch of two (one run per image
 * and channel). Each plan runs at every cut from 0 (all GPU) to OH (all CPU), in the fine SVM mode and with plain
 * buffers (where each channel's rows are copied on their own), with both kernel styles, against the CPU plan.
 */
class RowSplitsTest {
    @TempDir static Path dir;

    /** name, N, C, H, W, OC, kernel, stride, dilation, pads (top, left, bottom, right), group. */
    record Shape(String name, int n, int c, int h, int w, int oc, int k, int stride, int dil, int[] pads, int group) {}

    static Stream<Arguments> shapes() {
        return Stream.of(
                new Shape("3x3 stride 2, odd size", 1, 5, 13, 11, 7, 3, 2, 1, new int[] {1, 1, 1, 1}, 1),
                new Shape("3x3 dilation 2, asymmetric pads", 1, 4, 12, 9, 6, 3, 1, 2, new int[] {2, 1, 0, 2}, 1),
                new Shape("depthwise 3x3 stride 2", 1, 8, 15, 15, 8, 3, 2, 1, new int[] {1, 1, 1, 1}, 8),
                new Shape("grouped 3x3", 1, 6, 10, 10, 4, 3, 1, 1, new int[] {1, 1, 1, 1}, 2),
                new Shape("1x1, batch of two", 2, 6, 9, 17, 5, 1, 1, 1, new int[] {0, 0, 0, 0}, 1),
                new Shape("5x5 stride 3, 35 columns", 1, 3, 20, 35, 9, 5, 3, 1, new int[] {2, 2, 2, 2}, 1))
                .flatMap(s -> Stream.of(GpuKernelStyle.values()).map(k -> Arguments.of(s, k)));
    }

    @ParameterizedTest(name = "{0}, {1} kernels")
    @MethodSource("shapes")
    void everyRowCutMatchesTheCpuPlan(Shape s, GpuKernelStyle style) throws IOException {
        assumeTrue(Devices.select("auto") instanceof OpenClDevice, "needs an OpenCL device");
        OpenClDevice device = (OpenClDevice) Devices.select("auto");
        Model m = model(s);
        String tag = s.name().replaceAll("[^a-z0-9]", "_") + "_" + style.label();
        Path cpuJar = dir.resolve(tag + ".cpu.plan.jar"), splitJar = dir.resolve(tag + ".rows.plan.jar");
        PlanJar.write(cpuJar, CodeGenerator.generate(m, "rows test", Side.CPU), new PlanJar.Stamp("test", "cpu"));
        GeneratedPlan split = CodeGenerator.generate(m, "rows test", new Placement.SplitAt(0.5, "rows"), style);
        assertTrue(split.source().toString().contains("split(rows, r=0.5)"), "the layer is split by rows");
        PlanJar.write(splitJar, split, new PlanJar.Stamp("test", "split:0.5:rows"));
        Tensor x = random(7, s.n(), s.c(), s.h(), s.w());
        float[] expected;
        try (Plan p = Plan.load(cpuJar); Session cs = p.open(device, 1)) {
            expected = cs.run(Map.of("x", x)).get("y").toFloatArray();
        }
        for (SvmMode svm : List.of(SvmMode.FINE, SvmMode.BUFFERS)) {
            if (!svm.supportedBy(device.info().svm())) continue;
            try (Plan p = Plan.load(splitJar); Session ss = p.open(device.withSvm(svm), 2)) {
                SplitSpec spec = p.splits().getFirst();
                assertEquals("rows", spec.dim());
                for (int cut = 0; cut <= spec.total(); cut++) {
                    if (cut != 0 && (spec.total() - cut) % spec.tile() != 0) continue;
                    ss.cut(spec.node(), cut);
                    float[] y = ss.run(Map.of("x", x)).get("y").toFloatArray();
                    double err = OrtRunner.relativeL2(expected, y);
                    assertTrue(err <= 1e-5, s.name() + " " + style.label() + " as " + svm + ", cut " + cut + " of "
                            + spec.total() + ": relative L2 error " + err);
                }
            }
        }
    }

    private static Model model(Shape s) {
        int oh = (s.h() + s.pads()[0] + s.pads()[2] - s.dil() * (s.k() - 1) - 1) / s.stride() + 1;
        int ow = (s.w() + s.pads()[1] + s.pads()[3] - s.dil() * (s.k() - 1) - 1) / s.stride() + 1;
        Map<String, Attr> a = new HashMap<>();
        a.put("kernel_shape", new Attr.Ints(List.of((long) s.k(), (long) s.k())));
        a.put("strides", new Attr.Ints(List.of((long) s.stride(), (long) s.stride())));
        a.put("dilations", new Attr.Ints(List.of((long) s.dil(), (long) s.dil())));
        a.put("pads", new Attr.Ints(List.of((long) s.pads()[0], (long) s.pads()[1], (long) s.pads()[2], (long) s.pads()[3])));
        a.put("group", new Attr.Int(s.group()));
        a.put("cgc.act", new Attr.Str("relu"));
        Graph g = Graph.builder("rows").input("x", TensorType.of(DType.F32, s.n(), s.c(), s.h(), s.w()))
                .constant("w", weights(11, s.oc(), s.c() / s.group(), s.k(), s.k()))
                .constant("b", weights(13, s.oc()))
                .node(new Node("conv", OpKind.CONV, List.of("x", "w", "b"), List.of("y"), Attrs.of(a)))
                .output("y").type("y", TensorType.of(DType.F32, s.n(), s.oc(), oh, ow)).build();
        Model m = new Model("rows", 8, new TreeMap<>(Map.of("", 17L)), "test", g);
        return PassManager.of(Pipeline.standardPasses()).run(m);
    }

    private static Weights weights(long seed, long... shape) {
        float[] v = random(seed, shape).toFloatArray();
        return Weights.ofFloats(java.util.Arrays.stream(shape).boxed().toList(), v);
    }

    private static Tensor random(long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble(-1, 1);
        return Tensor.ofFloats(v, shape);
    }
}
