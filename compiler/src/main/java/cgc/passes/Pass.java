package cgc.passes;

import cgc.ir.Model;
import java.util.Set;

/**
 * A named function from IR to IR. A pass never changes its input (the IR is immutable); it returns the rewritten
 * model, or the same one when nothing applies. It declares the {@link Stage}s it needs and the ones it establishes, so
 * that {@link PassManager} can refuse a pipeline in the wrong order before running anything.
 */
public interface Pass {
    /** The stable name used by {@code --passes}, {@code --after}, log tags and dump files, e.g. {@code fold-bn}. */
    String name();

    /** One line saying what the pass does, for {@code cgc passes}. */
    String description();

    default Set<Stage> requires() { return Set.of(); }

    default Set<Stage> establishes() { return Set.of(); }

    Model run(Model in, PassContext cx);
}
