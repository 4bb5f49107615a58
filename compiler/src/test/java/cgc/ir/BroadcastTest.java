package cgc.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BroadcastTest {
    static final Dim N = Dim.symbol("N"), M = Dim.symbol("M");

    @Test void dimsWithSymbols() {
        assertEquals(Optional.of(N), Broadcast.dim(Dim.of(1), N));
        assertEquals(Optional.of(N), Broadcast.dim(N, N));
        assertEquals(Optional.of(Dim.of(3)), Broadcast.dim(N, Dim.of(3)), "N must be 1 or 3 at run time");
        assertEquals(Optional.of(Dim.UNKNOWN), Broadcast.dim(N, M));
        assertEquals(Optional.of(Dim.UNKNOWN), Broadcast.dim(Dim.UNKNOWN, Dim.of(1)));
        assertEquals(Optional.empty(), Broadcast.dim(Dim.of(2), Dim.of(3)));
    }

    @Test void shapesAlignAtTheLastDim() {
        assertEquals(Optional.of(List.of(N, Dim.of(3), Dim.of(4))),
                Broadcast.shapes(List.of(N, Dim.of(3), Dim.of(1)), List.of(Dim.of(4))));
        assertEquals(Optional.empty(), Broadcast.shapes(List.of(Dim.of(3)), List.of(Dim.of(2), Dim.of(4))));
        assertArrayEquals(new long[] {2, 3, 4}, Broadcast.shapes(new long[] {2, 1, 4}, new long[] {3, 1}));
        assertNull(Broadcast.shapes(new long[] {3}, new long[] {4}));
    }

    @Test void unidirectionalNeverGrowsTheTarget() {
        assertTrue(Broadcast.unidirectional(List.of(Dim.of(4)), List.of(N, Dim.of(4))));
        assertFalse(Broadcast.unidirectional(List.of(Dim.of(2), Dim.of(4)), List.of(Dim.of(1), Dim.of(4))));
        assertFalse(Broadcast.unidirectional(List.of(Dim.of(1), Dim.of(1), Dim.of(4)), List.of(Dim.of(4))));
    }
}
