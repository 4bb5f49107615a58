package cgc.memory;

import cgc.ir.Node;
import cgc.ir.OpKind;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which nodes need no storage of their own: the ops that only reinterpret the shape of their first input keep its
 * bytes (C order is unchanged by Reshape, Flatten, Squeeze and Unsqueeze; Identity changes nothing). Values are never
 * written after their producer ran (the IR is SSA and no kernel works in place), so sharing is always safe; the only
 * condition is that the input lives in the arena, not in the read-only weights region.
 */
final class AliasRule {
    static final Set<OpKind> VIEW_OPS =
            EnumSet.of(OpKind.RESHAPE, OpKind.FLATTEN, OpKind.SQUEEZE, OpKind.UNSQUEEZE, OpKind.IDENTITY);

    private AliasRule() {}

    /** Whether {@code n}'s only output may share the bytes of its input 0, which is an activation. */
    static boolean isView(Node n) {
        return n.op() instanceof OpKind k && VIEW_OPS.contains(k) && n.outputs().size() == 1;
    }
}
