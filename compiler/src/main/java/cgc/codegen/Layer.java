package cgc.codegen;

import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.TensorType;
import cgc.memory.MemoryPlan;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * What the code of one node needs to know: where its values live (arena or weights, byte and element offsets), their
 * types, and a way to declare the node's geometry as a {@code static final} field of the plan class, where the JIT
 * treats it as a constant.
 */
final class Layer {
    private final Node node;
    private final Graph graph;
    private final long opset;
    private final MemoryPlan memory;
    private final WeightsLayout weights;
    private final Names names;
    private final List<FieldSpec> fields;

    Layer(Node node, Graph graph, long opset, MemoryPlan memory, WeightsLayout weights, Names names,
          List<FieldSpec> fields) {
        this.node = node;
        this.graph = graph;
        this.opset = opset;
        this.memory = memory;
        this.weights = weights;
        this.names = names;
        this.fields = fields;
    }

    Node node() { return node; }

    /** The model's default-domain opset. */
    long opset() { return opset; }

    TensorType type(String value) { return graph.type(value); }

    boolean isConstant(String value) { return graph.isConstant(value); }

    /** The value of a constant, for parameters that code generation bakes in (Clip's bounds). */
    java.util.Optional<cgc.ir.Weights> constantValue(String value) { return graph.constant(value); }

    /** The byte offset of {@code value} in the weights region (a constant) or the arena (an activation). */
    long byteOffset(String value) {
        return isConstant(value) ? weights.entry(value).offset() : memory.slot(value).offset();
    }

    /** The offset of {@code value} in elements of its type, as the CPU kernels take it. */
    long elementOffset(String value) { return byteOffset(value) / type(value).dtype().byteSize(); }

    long bytes(String value) {
        return isConstant(value) ? weights.entry(value).bytes() : memory.slot(value).bytes();
    }

    /** {@code f.wts()} or {@code f.act()}: the segment {@code value} lives in. */
    CodeBlock segment(String value) { return CodeBlock.of(isConstant(value) ? "f.wts()" : "f.act()"); }

    /** Declares {@code static final int[] NODE_SUFFIX = {dims...};} and returns its name. */
    String ints(String suffix, long[] values) {
        return constant(suffix, com.palantir.javapoet.ArrayTypeName.of(int.class),
                CodeBlock.of("{$L}", java.util.Arrays.stream(values).mapToObj(v -> Long.toString(Math.toIntExact(v)))
                        .collect(java.util.stream.Collectors.joining(", "))));
    }

    /** {@link #ints} of the static shape of {@code value}. */
    String shape(String suffix, String value) { return ints(suffix, type(value).shape()); }

    /** Declares {@code static final TYPE NODE_SUFFIX = init;} and returns its name. */
    String constant(String suffix, TypeName type, CodeBlock init) {
        String name = names.constant(node.name() + "\0" + suffix, node.name(), suffix);
        fields.add(FieldSpec.builder(type, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer(init).build());
        return name;
    }
}
