package cgc.ir.text;

import cgc.ir.DType;
import cgc.ir.Weights;
import java.util.Collection;
import java.util.List;

/**
 * Where the parser finds the bytes of a tensor that the text shows only by content hash ({@code f32[64] #1a2b3c4d}).
 * The parser checks that what it gets has the type written in the text and a SHA-256 that starts with the hash there.
 */
@FunctionalInterface
public interface WeightsLookup {

    /**
     * The tensors of this element type and shape whose content hash, as the source records it (lower-case hex SHA-256),
     * starts with {@code hashPrefix} (at least 8 lower-case hex digits). Usually one; none when the source lacks it;
     * several only when the prefix is ambiguous.
     */
    List<Weights> find(String hashPrefix, DType dtype, List<Long> shape);

    /** No tensors at all: for text whose constants are all inline. */
    static WeightsLookup none() { return (prefix, dtype, shape) -> List.of(); }

    /** The given tensors, found by their computed hash. */
    static WeightsLookup of(Collection<Weights> tensors) {
        List<Weights> all = List.copyOf(tensors);
        return (prefix, dtype, shape) -> all.stream()
                .filter(w -> w.dtype() == dtype && w.shape().equals(shape) && w.hash().startsWith(prefix))
                .distinct()
                .toList();
    }
}
