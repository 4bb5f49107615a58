package cgc.ir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * A whole model: the operator sets it was written against (domain to version; {@code ""} is the default ONNX
 * domain), where it came from, and its main graph.
 *
 * @param name     the model's name, usually its file name without extension
 * @param producer the tool that wrote the ONNX file with its version, e.g. {@code "pytorch 2.11.0"}; may be empty
 */
public record Model(String name, long irVersion, SequencedMap<String, Long> opsets, String producer, Graph graph) {

    public Model {
        opsets = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(opsets));
    }

    /** The version of the default ONNX operator set. */
    public long opset() { return opsets.getOrDefault("", opsets.getOrDefault("ai.onnx", 0L)); }

    public Model withGraph(Graph g) { return new Model(name, irVersion, opsets, producer, g); }
}
