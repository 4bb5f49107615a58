package cgc.bench;

import cgc.ir.Model;
import cgc.ir.Node;
import java.util.List;

/**
 * One heavy layer of the benchmark suite: a model of that single node (its weights included), a key that two layers
 * of the same shapes and attributes share, and the sites ({@code model:node}) where it occurs in the example models.
 */
record LayerCase(String key, Model model, List<String> sites) {
    LayerCase {
        sites = List.copyOf(sites);
        if (model.graph().nodes().size() != 1) throw new IllegalArgumentException("a layer case holds one node");
    }

    Node node() { return model.graph().nodes().getFirst(); }

    LayerCase withSite(String site) {
        List<String> s = new java.util.ArrayList<>(sites);
        s.add(site);
        return new LayerCase(key, model, s);
    }
}
