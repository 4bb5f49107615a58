package cgc.runtime.cpu;

import static cgc.runtime.cpu.Tensors.assertClose;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class LayerNormStatsTest {
    /** Rows of 67 around a mean of 50 (a one-pass variance would lose digits), on three threads, past the grain. */
    @Test
    void meanAndInverseDeviationPerRow() {
        int rows = 3 * 257;
        int len = 67;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Tensors.random(arena, (long) rows * len, 102);
            for (long i = 0; i < (long) rows * len; i++) x.setAtIndex(Tensors.F, i, 50 + Tensors.at(x, i));
            double[] mean = new double[rows];
            double[] inv = new double[rows];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < len; i++) mean[r] += Tensors.at(x, (long) r * len + i) / len;
                double var = 0;
                for (int i = 0; i < len; i++) var += Math.pow(Tensors.at(x, (long) r * len + i) - mean[r], 2) / len;
                inv[r] = 1 / Math.sqrt(var + 1e-3);
            }
            MemorySegment y = Tensors.poisoned(arena, 2L * rows + 1);
            LayerNormStats.run(new int[] {3, 257, len}, -1, 1e-3f, x, 0, y, 1, y, rows + 1, Tensors.THREE);
            assertClose(mean, y, 1, 1e-6, "mean");
            assertClose(inv, y, rows + 1, 1e-6, "inverse deviation");
            MemorySegment z = Tensors.poisoned(arena, rows);
            LayerNormStats.run(new int[] {3, 257, len}, 2, 1e-3f, x, 0, z, -1, z, 0, Tensors.SERIAL);
            assertClose(inv, z, 0, 1e-6, "inverse deviation alone");
        }
    }
}
