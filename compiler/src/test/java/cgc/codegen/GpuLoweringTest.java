package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.ir.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which forms of an op run on the GPU under {@code --placement gpu} and which stay with the CPU: the conformance test
 * checks the answers of both placements but not where a node ran, so a kernel that quietly declines would pass there.
 */
class GpuLoweringTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ReduceLogSumExp | true | 18 | (%x: f32[2,3,4]) -> (%y: f32[2,1,4]) | \
              const %a : i64[1] = [1];  %y = ReduceLogSumExp(%x, %a) : f32[2,1,4] @r
            ReduceProd | true | 13 | (%x: f32[2,3,4]) -> (%y: f32[2,4]) | \
              %y = ReduceProd(%x) {axes = [1], keepdims = 0} : f32[2,4] @r
            ReduceSumSquare without axes, noop | false | 18 | (%x: f32[2,3]) -> (%y: f32[2,3]) | \
              %y = ReduceSumSquare(%x) {noop_with_empty_axes = 1} : f32[2,3] @r
            CumSum | true | 14 | (%x: f32[2,3]) -> (%y: f32[2,3]) | \
              const %a : i64[] = [-1];  %y = CumSum(%x, %a) {exclusive = 1, reverse = 1} : f32[2,3] @r
            CumSum of i64 | false | 14 | (%x: i64[2,3]) -> (%y: i64[2,3]) | \
              const %a : i64[] = [0];  %y = CumSum(%x, %a) : i64[2,3] @r
            Mod of f32 | true | 13 | (%a: f32[2,3], %b: f32[3]) -> (%y: f32[2,3]) | \
              %y = Mod(%a, %b) {fmod = 1} : f32[2,3] @r
            Mod of i64 | false | 13 | (%a: i64[2,3], %b: i64[3]) -> (%y: i64[2,3]) | %y = Mod(%a, %b) : i64[2,3] @r
            LSTM | false | 14 | (%x: f32[2,1,3], %w: f32[1,8,3], %q: f32[1,8,2]) -> (%y: f32[2,1,1,2]) | \
              %y = LSTM(%x, %w, %q) {hidden_size = 2} : f32[2,1,1,2] @r
            GRU | false | 14 | (%x: f32[2,1,3], %w: f32[1,6,3], %q: f32[1,6,2]) -> (%y: f32[2,1,1,2]) | \
              %y = GRU(%x, %w, %q) {hidden_size = 2} : f32[2,1,1,2] @r
            GatherElements, fed int32 indices | true | 13 | (%x: f32[3,4], %i: i32[3,2]) -> (%y: f32[3,2]) | \
              %y = GatherElements(%x, %i) {axis = -1} : f32[3,2] @r
            Upsample-7, linear | true | 7 | (%x: f32[1,2,3,3]) -> (%y: f32[1,2,6,6]) | \
              %y = Upsample(%x) {mode = "linear", scales = [1.0, 1.0, 2.0, 2.0]} : f32[1,2,6,6] @r
            Conv 1-D, as 2-D of height 1 | true | 17 | (%x: f32[1,2,10]) -> (%y: f32[1,3,5]) | \
              const %w : f32[3,2,3] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, \
              8.0, 9.0];  %y = Conv(%x, %w) {pads = [1, 1], strides = [2]} : f32[1,3,5] @r
            MaxPool 1-D | true | 12 | (%x: f32[1,2,9]) -> (%y: f32[1,2,4]) | \
              %y = MaxPool(%x) {kernel_shape = [3], strides = [2]} : f32[1,2,4] @r
            """)
    void runsOnTheGpuOrSaysNo(String what, boolean onGpu, long opset, String signature, String body) throws IOException {
        String text = IrSnippet.text(opset, signature, body);
        Model m = IrSnippet.read(dir, text);
        GeneratedPlan plan = CodeGenerator.generate(m, "t", Side.GPU);
        assertEquals(onGpu, plan.kernels().launches().containsKey("r"), text);
    }

    /**
     * Erf and gelu call the kernels' own erf, defined once at the head of kernels.cl: OpenCL's built-in erf kept PoCL's
     * work-item loops scalar (the encoder's gelu layer 4.4x slower than without the activation, bench/NOTES.md).
     */
    @Test
    void erfIsTheKernelsOwn() throws IOException {
        String text = IrSnippet.text(13, "(%x: f32[3,4]) -> (%y: f32[3,5], %z: f32[3,4])", """
                const %w : f32[4,5] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, \
                8.0, 9.0, 1.0, 2.0];  %y = cgc.Linear(%x, %w) {cgc.act = "gelu"} : f32[3,5] @g
                %z = Erf(%x) : f32[3,4] @e""").replace("return %y", "return %y, %z");
        GeneratedPlan plan = CodeGenerator.generate(IrSnippet.read(dir, text), "t", Side.GPU);
        String cl = plan.kernels().source();
        assertEquals(2, plan.kernels().launches().size(), cl);
        assertEquals(1, Pattern.compile("float cgc_erf\\(").matcher(cl).results().count(), cl);
        assertFalse(Pattern.compile("[^_]erf\\(").matcher(cl).find(), cl);
    }

    /** OpenCL's clamp makes NaN -4, and erf(-4) is -1 in float: the kernels' erf keeps NaN, as the CPU's does. */
    @Test
    void erfOfNaNIsNaNOnBothSides() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(cgc.runtime.device.Devices.select("auto")
                instanceof cgc.runtime.device.OpenClDevice, "needs an OpenCL device");
        Model m = IrSnippet.read(dir, IrSnippet.text(13, "(%x: f32[4]) -> (%y: f32[4])", "%y = Erf(%x) : f32[4] @r"));
        float[] x = {Float.NaN, 0.5f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (Side side : Side.values()) {
            GeneratedPlan plan = CodeGenerator.generate(m, "t", side);
            assertEquals(side == Side.GPU, plan.kernels().launches().containsKey("r"));
            Path jar = dir.resolve(side + ".plan.jar");
            cgc.pack.PlanJar.write(jar, plan, new cgc.pack.PlanJar.Stamp("test", side.label()));
            try (cgc.runtime.Plan p = cgc.runtime.Plan.load(jar);
                 cgc.runtime.Session s = p.open(cgc.runtime.device.Devices.select("auto"), 1)) {
                float[] y = s.run(java.util.Map.of("x", cgc.runtime.io.Tensor.ofFloats(x, 4))).get("y").toFloatArray();
                assertTrue(Float.isNaN(y[0]), side + ": erf(NaN) = " + y[0]);
                assertEquals(0.5204999f, y[1], 1e-6f, side.label());
                assertEquals(1f, y[2], side.label());
                assertEquals(-1f, y[3], side.label());
            }
        }
    }
}
