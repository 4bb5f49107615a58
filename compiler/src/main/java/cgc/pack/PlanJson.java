package cgc.pack;

import cgc.codegen.GeneratedPlan;
import cgc.codegen.WeightsLayout;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.memory.Slot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cgc/plan.json}: what a plan is, for people and tools (the runtime does not read it): the model and its
 * SHA-256, the cgc version, the side of each layer and the GPU-to-CPU fallbacks, the buffer plan with the arena size
 * against the sum of all activations, and the weights index.
 */
final class PlanJson {
    private PlanJson() {}

    static String of(GeneratedPlan p, String modelSha256, String cgcVersion, String placement) {
        Graph g = p.graph();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", p.model());
        root.put("sha256", modelSha256);
        root.put("cgcVersion", cgcVersion);
        root.put("planClass", p.className());
        root.put("placement", placement);
        root.put("gpuKernels", p.gpuKernels().label());
        root.put("inputs", values(g, g.inputs().stream().filter(v -> !g.isConstant(v)).toList()));
        root.put("outputs", values(g, g.outputs()));

        List<Object> layers = new ArrayList<>();
        Map<String, List<String>> chains = p.schedule().chains();
        for (Node n : g.nodes()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("node", n.name());
            l.put("op", n.op().opType());
            l.put("side", cgc.codegen.Schedule.isView(n, p.memory()) ? "view" : p.placements().split(n).isPresent()
                    ? "split" : p.placements().of(n).label());
            p.placements().split(n).ifPresent(s -> {
                Map<String, Object> split = new LinkedHashMap<>();
                split.put("dim", s.dim());
                split.put("ratio", s.ratio());
                split.put("cpu", List.of(0, s.cut()));
                split.put("gpu", List.of(s.cut(), s.total()));
                List<String> from = chains.get(n.name());
                if (from != null) split.put("chainedTo", from);
                l.put("split", split);
            });
            l.put("inputs", n.inputs());
            l.put("outputs", n.outputs());
            layers.add(l);
        }
        root.put("layers", layers);
        root.put("gpuFallbacks", p.placements().fallbacks());
        root.put("kernels", p.kernels().names());

        Map<String, Object> arena = new LinkedHashMap<>();
        arena.put("bytes", p.memory().arenaBytes());
        arena.put("activationBytes", p.memory().activationBytes());
        arena.put("saving", Math.round(p.memory().saving() * 1000) / 1000.0);
        List<Object> buffers = new ArrayList<>();
        for (var e : p.memory().slots().entrySet()) {
            Slot s = e.getValue();
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("value", e.getKey());
            b.put("offset", s.offset());
            b.put("bytes", s.bytes());
            if (!s.root().equals(e.getKey())) b.put("aliasOf", s.root());
            b.put("live", List.of(s.lifetime().first(), s.lifetime().last()));
            buffers.add(b);
        }
        arena.put("buffers", buffers);
        root.put("arena", arena);

        Map<String, Object> weights = new LinkedHashMap<>();
        weights.put("bytes", p.weights().payloadBytes());
        List<Object> tensors = new ArrayList<>();
        for (WeightsLayout.Entry e : p.weights().entries().values()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("value", e.value());
            t.put("type", e.weights().type().toString());
            t.put("offset", e.offset());
            t.put("bytes", e.bytes());
            tensors.add(t);
        }
        weights.put("tensors", tensors);
        root.put("weights", weights);
        return Json.write(root);
    }

    private static List<Object> values(Graph g, List<String> names) {
        List<Object> out = new ArrayList<>();
        for (String v : names) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", v);
            m.put("type", g.type(v).toString());
            out.add(m);
        }
        return out;
    }
}
