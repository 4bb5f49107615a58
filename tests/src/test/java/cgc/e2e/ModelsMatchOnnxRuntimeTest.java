package cgc.e2e;

import cgc.runtime.Plan;
import cgc.runtime.Session;
import cgc.runtime.device.Devices;
import cgc.runtime.io.Npy;
import cgc.runtime.io.Tensor;
import java.io.IOException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example model, compiled for each placement, against ONNX Runtime: on the golden input (and its golden output)
 * and on fresh random inputs. The random inputs change from run to run; {@code -Dcgc.seed=N} replays one, and every
 * failure names its seed.
 */
class ModelsMatchOnnxRuntimeTest {
    static final long SEED = Long.getLong("cgc.seed", System.nanoTime() % 1_000_000);
    static final int RANDOM_INPUTS = 2;

    static Stream<Arguments> cases() {
        return Models.ALL.stream().flatMap(m -> Models.PLACEMENTS.stream().map(p -> Arguments.of(m, p)));
    }

    @ParameterizedTest(name = "{0} --placement {1}")
    @MethodSource("cases")
    void matchesOnnxRuntime(String model, String placement) throws IOException {
        Models.assumeDeviceFor(placement);
        Tensor golden = Npy.read(Models.goldenInput(model));
        Tensor goldenOut = Npy.read(Models.goldenOutput(model));
        try (Plan plan = Plan.load(Models.jar(model, placement)); Session s = plan.open(Devices.select("auto"), 2)) {
            String in = plan.inputs().getFirst().name();
            String out = plan.outputs().getFirst().name();
            Map<String, Tensor> result = s.run(Map.of(in, golden));
            Compare.close(model + " (" + placement + "), golden input vs golden output", Compare.of(goldenOut), result.get(out));

            for (int i = 0; i < RANDOM_INPUTS; i++) {
                long seed = SEED + i;
                Compare.againstOrt(model + " (" + placement + "), seed " + seed + " (-Dcgc.seed=" + seed + ")", model,
                        plan, s, seed);
            }
        }
    }
}
