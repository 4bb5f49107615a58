package cgc.passes;

import cgc.ir.Node;

/**
 * How one op is written in other ops: {@link #lower} emits the
 * replacement of node {@code n} through {@code e}, ending with a node that has {@code n}'s name and outputs.
 */
interface Lowering {
    void lower(Node n, Emitter e);
}
