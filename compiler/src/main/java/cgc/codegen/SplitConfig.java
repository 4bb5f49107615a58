package cgc.codegen;

import cgc.diag.CgcException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import cgc.diag.Where;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.memory.MemoryPlan;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * {@code --split-config FILE.json}: the placement of each named node, {@code "cpu"}, {@code "gpu"} or
 * {@code {"dim": "oc"|"rows"|"m"|"n", "ratio": R}}; the nodes it does not name are placed as with {@code --placement gpu}.
 * The file is a JSON object of node names; anything else is a one-line error naming the file and the node.
 */
public record SplitConfig(Map<String, Choice> choices) {

    /** What the file asks for one node. */
    public sealed interface Choice {}

    /** The whole node on one side. */
    public record OnSide(Side side) implements Choice {}

    /** The node split along {@code dim}, the share {@code ratio} on the GPU. */
    public record SplitAlong(String dim, double ratio) implements Choice {}

    /** Strict JSON: a key given twice is an error, not a silent overwrite. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public SplitConfig { choices = Map.copyOf(choices); }

    /** Reads {@code text} (the contents of {@code file}), checking the shape of each entry but not the graph. */
    public static SplitConfig parse(Path file, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CgcException(Where.file(file).at(e.getLocation().getLineNr(), e.getLocation().getColumnNr()),
                    "not a split config: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new CgcException(Where.file(file), "a split config is a JSON object of node names");
        }
        Map<String, Choice> choices = new LinkedHashMap<>();
        for (var e : root.properties()) {
            String node = e.getKey();
            JsonNode v = e.getValue();
            Choice c;
            if (v.isTextual() && v.asText().equals("cpu")) {
                c = new OnSide(Side.CPU);
            } else if (v.isTextual() && v.asText().equals("gpu")) {
                c = new OnSide(Side.GPU);
            } else if (v.isObject() && v.size() == 2 && v.path("dim").isTextual() && v.path("ratio").isNumber()) {
                double r = v.get("ratio").asDouble();
                if (!(r >= 0 && r <= 1)) throw error(file, node, "ratio " + r + " is outside [0, 1]");
                c = new SplitAlong(v.get("dim").asText(), r);
            } else {
                throw error(file, node, "must be \"cpu\", \"gpu\" or {\"dim\": \"oc\"|\"rows\"|\"m\"|\"n\", \"ratio\": R}");
            }
            choices.put(node, c);
        }
        return new SplitConfig(choices);
    }

    /** The placements of {@code g} this config asks for; a node it names that is not in {@code g} is an error. */
    Placements place(Path file, Graph g, MemoryPlan memory, GpuCalls gpu) {
        for (String name : choices.keySet()) {
            if (g.nodes().stream().noneMatch(n -> n.name().equals(name))) throw error(file, name, "no such node in the model");
        }
        Placements base = Placements.preferGpu(g, n -> !(choices.get(n.name()) instanceof OnSide(Side s) && s == Side.CPU)
                && gpu.lower(n, "probe").isPresent(), n -> Schedule.isView(n, memory));
        SequencedMap<String, Side> sides = new LinkedHashMap<>(base.sides());
        Map<String, Split> splits = new LinkedHashMap<>();
        for (Node n : g.nodes()) {
            Choice c = choices.get(n.name());
            if (c instanceof OnSide(Side s) && s == Side.GPU && sides.get(n.name()) != Side.GPU) {
                throw error(file, n.name(), n.op().opType() + " has no GPU kernel");
            }
            if (!(c instanceof SplitAlong(String dim, double ratio))) continue;
            var d = SplitPlacement.along(g, n, gpu, dim).orElseThrow(() -> error(file, n.name(), "a " + n.op().opType()
                    + " of these shapes cannot be split along \"" + dim + "\" (" + SplitPlacement.DIMS + ")"));
            sides.put(n.name(), Side.GPU);
            splits.put(n.name(), Split.of(dim, ratio, d.units(), d.tile()));
        }
        java.util.List<String> fallbacks = base.fallbacks().stream().filter(f -> !splits.containsKey(f)
                && !(choices.get(f) instanceof OnSide)).toList();
        return new Placements(sides, fallbacks, splits);
    }

    private static CgcException error(Path file, String node, String what) {
        return new CgcException(Where.file(file), "node \"" + node + "\": " + what);
    }
}
