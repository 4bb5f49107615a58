package cgc.bench;

import cgc.codegen.Placement;
import cgc.codegen.Side;
import cgc.codegen.SplitConfig;
import cgc.ir.Graph;
import cgc.ir.Node;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The split config ({@code --split-config} JSON) that applies the oracle to a model: each heavy node whose layer the
 * oracle splits is split as it says; every other node runs on the model's faster single side, {@code base}. Why not
 * also the oracle's whole-side choices: a one-layer plan pays for its input and output crossing to the GPU (a PCIe
 * map each on the real pair), which the interior layers of a model do not, so in isolation small layers look faster
 * on the CPU, and placing them there turns a model into a chain of crossings (MobileNetV2 on the real pair ran 1.9x
 * slower than on the GPU alone when each layer took its own side). CoDL made the same observation: decide per layer
 * only where co-execution pays, and keep runs of layers on one side.
 */
final class OracleConfig {
    private OracleConfig() {}

    /**
     * Writes {@code config} as the split-config JSON {@code file} (kept with the results, to compile the same plan
     * again) and returns the placement it gives.
     */
    static Placement write(Path file, Map<String, Object> config) {
        try {
            String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(config);
            Files.writeString(file, json);
            return new Placement.Configured(SplitConfig.parse(file, json), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Node name -> {@code "cpu"}, {@code "gpu"} or {@code {"dim": D, "ratio": R}}, as Jackson writes JSON. */
    static Map<String, Object> of(Graph g, Map<String, LayerBench.Choice> heavy, Side base) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (Node n : g.nodes()) {
            LayerBench.Choice c = heavy.get(n.name());
            if (c != null && c.placement().equals("split")) {
                config.put(n.name(), Map.of("dim", c.dim(), "ratio", c.ratio()));
            } else if (base == Side.CPU) {
                config.put(n.name(), "cpu");
            }   // else left out: on the GPU where it has a kernel, on the CPU where not
        }
        return config;
    }
}
