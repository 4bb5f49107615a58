package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cgc.ir.Model;
import cgc.ir.Weights;
import cgc.pack.PlanJar;
import cgc.runtime.Plan;
import cgc.runtime.Session;
import cgc.runtime.device.Devices;
import cgc.runtime.device.OpenClDevice;
import cgc.runtime.io.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The constant right operands that the vector kernels read packed in panels (BPanels), and the plans that read them. */
class BPanelsTest {
    @TempDir Path dir;

    @Test
    void packsPanelAfterPanelEachOneRowAfterRow() {
        Weights b = Weights.ofFloats(List.of(2L, 4L), 0, 1, 2, 3, 4, 5, 6, 7);
        Weights p = new BPanels("b", 2, 4, 2).pack(b);
        assertEquals(List.of(2L, 2L, 2L), p.shape());
        assertArrayEquals(new float[] {0, 1, 4, 5, 2, 3, 6, 7}, p.toFloats());
        assertEquals("b#panels2", new BPanels("b", 2, 4, 2).name());
    }

    @Test
    void refusesColumnsThatLeaveAPartialPanel() {
        assertThrows(IllegalArgumentException.class, () -> new BPanels("b", 2, 5, 2));
    }

    /**
     * Rows m, reduction k, columns n of a Linear on the GPU with the vector kernels: with 8 rows the kernel's blocks are
     * 8 x 32 (so panels of 32 columns), with one row 1 x 128; a width that leaves a partial panel reads B in place.
     * Where an OpenCL device is, the plan's output equals the CPU plan's on random inputs, whole and split by columns
     * at every cut that leaves the GPU whole blocks (a part split by columns starts at a panel).
     */
    @ParameterizedTest(name = "{0}x{1} . {1}x{2}: panels {3}")
    @CsvSource({"8, 5, 64, true", "8, 5, 40, false", "1, 7, 256, true", "3, 4, 160, true"})
    void theVectorKernelReadsPanelsWhereTheColumnsFillThem(int m, int k, int n, boolean packed) throws IOException {
        int width = 16 * Math.max(1, Math.min(8, 16 / Math.min(m, 8)));
        SplittableRandom random = new SplittableRandom(31L * n + k);
        String w = IntStream.range(0, k * n).mapToObj(i -> Float.toString((float) random.nextDouble(-1, 1)))
                .collect(Collectors.joining(", "));
        Model model = IrSnippet.read(dir, IrSnippet.text(17, "(%x: f32[" + m + "," + k + "]) -> (%y: f32[" + m + "," + n + "])",
                "const %w : f32[" + k + "," + n + "] = [" + w + "];  %y = cgc.Linear(%x, %w) : f32[" + m + "," + n + "] @l"));
        GeneratedPlan gpu = CodeGenerator.generate(model, "t", new Placement.OnSide(Side.GPU), GpuKernelStyle.VECTOR);
        assertEquals(packed, gpu.weights().has("w#panels" + width), gpu.weights().entries().keySet().toString());
        assertEquals(0, gpu.weights().entry("w").offset(), "the graph's constants stay where they were");
        assertEquals(packed, gpu.kernels().source().contains("B in panels"), gpu.kernels().source());
        assertFalse(CodeGenerator.generate(model, "t", new Placement.OnSide(Side.GPU)).weights().has("w#panels" + width),
                "the tiled kernels read B in place");
        assertEquals(1, CodeGenerator.generate(model, "t", Side.CPU).weights().entries().size(), "a CPU plan packs nothing");

        assumeTrue(Devices.select("auto") instanceof OpenClDevice, "needs an OpenCL device");
        float[] x = new float[m * k];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextDouble(-2, 2);
        float[] want = run(CodeGenerator.generate(model, "t", Side.CPU), Map.of(), x, new long[] {m, k});
        assertClose(want, run(gpu, Map.of(), x, new long[] {m, k}), "gpu");
        // one row splits by columns (each GPU part whole panels), several by rows (each part all of B's panels)
        String dim = m == 1 ? "n" : "m";
        int units = m == 1 ? n : m, tile = m == 1 ? width : Math.min(m, 8);
        Path config = dir.resolve("split.json");
        GeneratedPlan split = CodeGenerator.generate(model, "t", new Placement.Configured(SplitConfig.parse(config,
                "{\"l\": {\"dim\": \"" + dim + "\", \"ratio\": 0.5}}"), config), GpuKernelStyle.VECTOR);
        assertEquals(packed, split.kernels().source().contains("B in panels"), split.kernels().source());
        for (int gpuPart = 0; gpuPart <= units; gpuPart += tile) {
            Map<String, Integer> cut = Map.of("l", units - gpuPart);
            assertClose(want, run(split, cut, x, new long[] {m, k}), "split along " + dim + " at " + cut);
        }
    }

    /** A batched MatMul whose B is one matrix for every batch: the kernel reads the same panels for each. */
    @Test
    void aBatchedProductReadsOnePackedBForEveryBatch() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        String w = IntStream.range(0, 7 * 256).mapToObj(i -> Float.toString((float) random.nextDouble(-1, 1)))
                .collect(Collectors.joining(", "));
        Model model = IrSnippet.read(dir, IrSnippet.text(17, "(%x: f32[3,1,7]) -> (%y: f32[3,1,256])",
                "const %w : f32[7,256] = [" + w + "];  %y = MatMul(%x, %w) : f32[3,1,256] @l"));
        GeneratedPlan gpu = CodeGenerator.generate(model, "t", new Placement.OnSide(Side.GPU), GpuKernelStyle.VECTOR);
        assertEquals(java.util.List.of("w", "w#panels128"), java.util.List.copyOf(gpu.weights().entries().keySet()));
        assumeTrue(Devices.select("auto") instanceof OpenClDevice, "needs an OpenCL device");
        float[] x = new float[21];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextDouble(-2, 2);
        assertClose(run(CodeGenerator.generate(model, "t", Side.CPU), Map.of(), x, new long[] {3, 1, 7}),
                run(gpu, Map.of(), x, new long[] {3, 1, 7}), "batched");
    }

    private Path jar(GeneratedPlan plan) throws IOException {
        Path jar = dir.resolve("plan.jar");
        PlanJar.write(jar, plan, new PlanJar.Stamp("test", "panels"));
        return jar;
    }

    private float[] run(GeneratedPlan plan, Map<String, Integer> cuts, float[] x, long[] shape) throws IOException {
        try (Plan p = Plan.load(jar(plan)); Session s = p.open(Devices.select("auto"), 2)) {
            cuts.forEach(s::cut);
            return s.run(Map.of("x", Tensor.ofFloats(x, shape))).get("y").toFloatArray();
        }
    }

    private static void assertClose(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5 * Math.max(1, Math.abs(want[i])), what + ": element " + i);
        }
    }
}
