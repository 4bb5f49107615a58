package cgc.bench;

import cgc.ir.Cost;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The split config ({@code --split-config} JSON) that gives each heavy node of a model the oracle's choice for its
 * layer, and places the light nodes so that data crosses sides rarely: a light node follows the node that produced
 * its first input — on the CPU after a CPU or split node (the split's output is complete in shared memory after its
 * sync, and the CPU is the cheaper side for small work), on the GPU after a GPU node (it is left out of the config, so
 * it goes to the GPU where a kernel exists and to the CPU otherwise). CoDL's observation that MobileNet's many small
 * layers pay a sync each is why runs of layers stay on one side instead of each choosing alone.
 */
final class OracleConfig {
    private OracleConfig() {}

    /** Node name -> {@code "cpu"}, {@code "gpu"} or {@code {"dim": D, "ratio": R}}, as Jackson writes JSON. */
    static Map<String, Object> of(Graph g, Map<String, LayerBench.Choice> heavy) {
        Map<String, Object> config = new LinkedHashMap<>();
        Map<String, Boolean> onCpu = new HashMap<>();   // value -> whether its producer leaves it with the CPU
        for (Node n : g.nodes()) {
            boolean cpu;
            LayerBench.Choice c = heavy.get(n.name());
            if (c != null) {
                switch (c.placement()) {
                    case "cpu" -> config.put(n.name(), "cpu");
                    case "gpu" -> config.put(n.name(), "gpu");
                    default -> config.put(n.name(), Map.of("dim", c.dim(), "ratio", c.ratio()));
                }
                cpu = !c.placement().equals("gpu");
            } else if (n.op() instanceof OpKind k && k.cost() == Cost.HEAVY) {
                cpu = false;   // a heavy node the suite did not measure keeps the default (the GPU)
            } else {
                String first = n.inputs().stream().filter(i -> !i.isEmpty() && !g.isConstant(i)).findFirst().orElse("");
                cpu = onCpu.getOrDefault(first, true);   // graph inputs arrive on the CPU
                if (cpu) config.put(n.name(), "cpu");
            }
            for (String o : n.outputs()) onCpu.put(o, cpu);
        }
        return config;
    }
}
