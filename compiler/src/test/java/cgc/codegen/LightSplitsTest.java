package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cgc.ir.Model;
import cgc.pack.PlanJar;
import cgc.runtime.Plan;
import cgc.runtime.Session;
import cgc.runtime.device.Devices;
import cgc.runtime.device.OpenClDevice;
import cgc.runtime.device.SvmMode;
import cgc.runtime.io.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Light layers split by rows, alone and in chains, against the CPU plan of the same graph on fresh random inputs, in
 * every SVM mode the device offers: operands whole, one row ({@code [N]}, {@code [1,N]}), one value ({@code [1]},
 * rank 0) or in three dimensions; and a transformer-like block (product, residual Add, LayerNorm, two products, Add)
 * chained at one cut, then with cuts moved apart at run time so that its layers take the unchained path.
 */
class LightSplitsTest {
    @TempDir static Path dir;

    /** A constant of {@code shape} with seeded values, offset by {@code shift} (a divisor far from zero). */
    private static String constant(String name, float shift, long... shape) {
        SplittableRandom random = new SplittableRandom(name.hashCode());
        long n = 1;
        for (long d : shape) n *= d;
        List<String> v = new ArrayList<>();
        for (long i = 0; i < n; i++) v.add(String.format(Locale.ROOT, "%.4f", random.nextDouble(-1, 1) + shift));
        String dims = Stream.of(shape).flatMapToLong(java.util.Arrays::stream).mapToObj(Long::toString)
                .collect(Collectors.joining(","));
        return "const %" + name + " : f32[" + dims + "] = [" + String.join(", ", v) + "]";
    }

    /** Every node of {@code nodes} split by rows at a GPU share of one half. */
    private static String half(String... nodes) {
        return Stream.of(nodes).map(n -> "\"" + n + "\": {\"dim\": \"m\", \"ratio\": 0.5}")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    static Stream<String> rowOperands() {
        return Stream.of("%c : [5]", "%c : [1,5]", "%c : [1]", "%c : [1,1]", "%c : []");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rowOperands")
    void aBinaryOpSplitByRowsReadsAWholeOperandByRowsAndAOneRowOperandWhole(String operand) throws IOException {
        long[] shape = operand.endsWith("[]") ? new long[0]
                : Stream.of(operand.replaceAll(".*\\[|]", "").split(",")).mapToLong(Long::parseLong).toArray();
        for (String op : List.of("Add(%x, %c)", "Sub(%c, %x)", "Mul(%x, %c)", "Div(%x, %d)")) {
            String body = constant("c", 0, shape) + "; " + constant("d", 3, shape) + "; %y = " + op + " : f32[6,5] @a";
            check("(%x: f32[6,5]) -> (%y: f32[6,5])", body, half("a"), Map.of(), 0);
        }
    }

    @Test
    void aThreeDimensionalOpSplitsByItsRowsOverEveryLeadingAxis() throws IOException {
        check("(%x: f32[2,3,5]) -> (%y: f32[2,3,5])", constant("c", 0, 5) + "; %y = Sub(%c, %x) : f32[2,3,5] @a",
                half("a"), Map.of(), 0);
    }

    @Test
    void aBlockChainsAtOneCutAndStillMatchesWithItsCutsMovedApart() throws IOException {
        String body = String.join("; ", constant("w", 0, 8, 8), constant("v", 0, 8, 16), constant("u", 0, 16, 8),
                constant("s", 1, 8), constant("b", 0, 8),
                "%p = MatMul(%x, %w) : f32[64,8] @P", "%q = Add(%p, %x) : f32[64,8] @Q",
                "%n = LayerNormalization(%q, %s, %b) {axis = -1} : f32[64,8] @N", "%f = MatMul(%n, %v) : f32[64,16] @F",
                "%g = MatMul(%f, %u) : f32[64,8] @G", "%y = Add(%g, %n) : f32[64,8] @Y");
        String config = half("P", "Q", "N", "F", "G", "Y");
        check("(%x: f32[64,8]) -> (%y: f32[64,8])", body, config, Map.of(), 5);
        check("(%x: f32[64,8]) -> (%y: f32[64,8])", body, config, Map.of("N", 48, "G", 16), 5);
    }

    /**
     * The split plan of the snippet against its CPU plan, in every SVM mode, with the cuts of {@code cuts} moved at run
     * time; {@code chained} layers are expected to be chained in the schedule.
     */
    private static void check(String signature, String body, String config, Map<String, Integer> cuts, int chained)
            throws IOException {
        assumeTrue(Devices.select("auto") instanceof OpenClDevice, "needs an OpenCL device");
        OpenClDevice device = (OpenClDevice) Devices.select("auto");
        Model m = IrSnippet.read(dir, IrSnippet.text(17, signature, body));
        Path file = dir.resolve("split.json");
        GeneratedPlan split = CodeGenerator.generate(m, "light splits", SplitConfig.parse(file, config), file);
        assertEquals(chained, split.schedule().chains().size(), "chained layers: " + split.schedule().chains());
        long[] shape = m.graph().type(m.graph().inputs().getFirst()).shape();
        SplittableRandom random = new SplittableRandom(body.hashCode());
        float[] x = new float[(int) java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact)];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextDouble(-2, 2);
        float[] want = run(CodeGenerator.generate(m, "light splits", Side.CPU), device, null, Map.of(), x, shape);
        int modes = 0;
        for (SvmMode svm : SvmMode.values()) {
            if (!svm.supportedBy(device.info().svm())) continue;
            modes++;
            float[] got = run(split, device, svm, cuts, x, shape);
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-4 * Math.max(1, Math.abs(want[i])),
                        body + "\nas " + svm + ", cuts " + cuts + ": element " + i);
            }
        }
        assertTrue(modes > 0);
    }

    private static float[] run(GeneratedPlan plan, OpenClDevice device, SvmMode svm, Map<String, Integer> cuts,
                               float[] x, long[] shape) throws IOException {
        Path jar = dir.resolve("plan.jar");
        PlanJar.write(jar, plan, new PlanJar.Stamp("test", "light splits"));
        try (Plan p = Plan.load(jar); Session s = p.open(svm == null ? device : device.withSvm(svm), 2)) {
            cuts.forEach(s::cut);
            Map<String, Tensor> in = Map.of(p.inputs().getFirst().name(), Tensor.ofFloats(x, shape));
            float[] first = s.run(in).get(p.outputs().getFirst().name()).toFloatArray();
            // a second run over the same arena: a part that waited for nothing must not see the first run's bytes
            assertArrayEquals(first, s.run(in).get(p.outputs().getFirst().name()).toFloatArray(), "runs differ");
            return first;
        }
    }
}
