package cgc.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import cgc.conformance.Data;
import cgc.conformance.Ort;
import cgc.runtime.Plan;
import cgc.runtime.Session;
import cgc.runtime.TensorSpec;
import cgc.runtime.device.Devices;
import cgc.runtime.io.Npy;
import cgc.runtime.io.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The zoo's models (architectures beyond the examples, exported from PyTorch), compiled for each placement, against
 * ONNX Runtime: on the inputs exported with them and on fresh random ones. Float inputs are drawn from [-1, 1);
 * integer inputs (token ids, masks) from the range of the exported ones, so that ids stay inside the vocabulary.
 * {@code -Dcgc.seed=N} replays a draw; every failure names its seed.
 */
class ZooMatchesOnnxRuntimeTest {
    static final long SEED = ModelsMatchOnnxRuntimeTest.SEED;

    /** Each model on both placements; U-Net and ResNet split too (every Conv and ConvTranspose at half). */
    static Stream<Arguments> cases() {
        return Stream.concat(Models.ZOO.stream().flatMap(m -> Models.PLACEMENTS.stream().map(p -> Arguments.of(m, p))),
                Stream.of("unet_small", "resnet_small").map(m -> Arguments.of(m, "split:0.5")));
    }

    @ParameterizedTest(name = "{0} --placement {1}")
    @MethodSource("cases")
    void matchesOnnxRuntime(String model, String placement) throws IOException {
        Models.assumeDeviceFor(placement);
        byte[] onnx = Files.readAllBytes(Models.onnx(model));
        try (Plan plan = Plan.load(Models.jar(model, placement)); Session s = plan.open(Devices.select("auto"), 2)) {
            Map<String, Tensor> exported = new LinkedHashMap<>();
            for (TensorSpec in : plan.inputs()) {
                exported.put(in.name(), Npy.read(Models.dir(model).resolve(model + "." + in.name() + ".npy")));
            }
            Tensor expected = Npy.read(Models.dir(model).resolve(model + ".expected.npy"));
            String out = plan.outputs().getFirst().name();
            Compare.close(model + " (" + placement + "), exported input", Compare.of(expected), s.run(exported).get(out));

            for (long seed = SEED; seed < SEED + 2; seed++) {
                Map<String, Data> feeds = new LinkedHashMap<>();
                Map<String, Tensor> inputs = new LinkedHashMap<>();
                for (TensorSpec in : plan.inputs()) {
                    Data x = draw(seed, Data.of(exported.get(in.name())));
                    feeds.put(in.name(), x);
                    inputs.put(in.name(), x.runtimeTensor());
                }
                Map<String, Data> want = Ort.run(onnx, feeds);
                Map<String, Tensor> got = s.run(inputs);
                for (TensorSpec o : plan.outputs()) {
                    String what = "%s (%s), seed %d (-Dcgc.seed=%d), output \"%s\"".formatted(model, placement, seed,
                            seed, o.name());
                    Data w = want.get(o.name());
                    if (w == null) fail(what + ": ONNX Runtime has no such output");
                    Compare.close(what, Compare.of(w), got.get(o.name()));
                }
            }
        }
    }

    /** Fresh values shaped and typed as {@code exported}: floats in [-1, 1), integers within its range. */
    private static Data draw(long seed, Data exported) {
        if (exported.dtype().isFloat()) return Data.random(seed, exported.dtype(), exported.shape(), -1, 1);
        double lo = Arrays.stream(exported.values()).min().orElse(0);
        double hi = Arrays.stream(exported.values()).max().orElse(0);
        return Data.random(seed, exported.dtype(), exported.shape(), lo, hi + 1);
    }
}
