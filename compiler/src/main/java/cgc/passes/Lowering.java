package cgc.passes;

import cgc.ir.Node;

/**
 * How one op is written in other ops: {@link #lower} emits the
 * replacement of node {@code n} through {@code e}, ending with a node that has {@code n}'s name and outputs (or
 * nothing, where what reads those outputs no longer needs them: a QuantizeLinear whose DequantizeLinears take the
 * round trip from its input).
 */
interface Lowering {
    void lower(Node n, Emitter e);

    /** Whether this node is one the lowering rewrites (an op lowered in some forms only: a Conv of rank 5). */
    default boolean applies(Node n, Emitter e) { return true; }
}
