package cgc.ir;

import java.util.List;

/**
 * Computes the types of a node's outputs from the types (and, where the op needs them, the constant values) of its
 * inputs and its attributes. Rules live in {@link ShapeRules}; the op table names one per op.
 */
@FunctionalInterface
public interface ShapeRule {
    List<TensorType> apply(ShapeContext cx);
}
