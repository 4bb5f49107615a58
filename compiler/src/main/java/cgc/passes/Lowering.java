package cgc.passes;

import cgc.ir.Node;

/**
 * How one op that ONNX defines as a function of other ops is written in those ops: {@link #lower} emits the
 * replacement of node {@code n} through {@code e}, ending with a node that has {@code n}'s name and outputs.
 */
interface Lowering {
    void lower(Node n, Emitter e);
}
