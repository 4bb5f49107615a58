package cgc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cgc.runtime.cpu.RecurrentSpec.Activation;
import cgc.runtime.cpu.RecurrentSpec.Activation.Kind;
import cgc.runtime.cpu.RecurrentSpec.Cell;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The recurrent kernel's own checks (ONNX Runtime checks its answers in the compiler's conformance test): its gate
 * products, split over threads when the hidden size is large, give the bits of the serial run, and the steps past a
 * row's sequence length are zeros in Y even where the arena held other values.
 */
class RecurrentTest {
    @Test
    void threadsChangeNoBitAndShortRowsEndInZeros() {
        for (Cell cell : Cell.values()) {
            for (boolean linearBeforeReset : new boolean[] {false, true}) {
                if (linearBeforeReset && cell != Cell.GRU) continue;
                float[] serial = run(cell, linearBeforeReset, Tensors.SERIAL);
                float[] threads = run(cell, linearBeforeReset, Tensors.THREE);
                assertArrayEquals(serial, threads, cell + " linear_before_reset " + linearBeforeReset);
            }
        }
    }

    /** A bidirectional node of hidden size 96 over 4 steps of 3 rows, lengths 4, 1, 3; returns Y then Y_h. */
    private static float[] run(Cell cell, boolean linearBeforeReset, Parallel pool) {
        int seq = 4, batch = 3, input = 5, hidden = 96, dirs = 2, rows = cell.gates() * hidden;
        List<Activation> acts = new ArrayList<>();
        for (int k = 0; k < cell.functions() * dirs; k++) acts.add(new Activation(k % 2 == 0 ? Kind.SIGMOID : Kind.TANH, 0, 0));
        RecurrentSpec s = new RecurrentSpec(cell, seq, batch, input, hidden, dirs, false, false, Float.POSITIVE_INFINITY,
                false, linearBeforeReset, acts);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Tensors.random(arena, (long) seq * batch * input, 1);
            MemorySegment w = Tensors.random(arena, (long) dirs * rows * input, 2);
            MemorySegment r = Tensors.random(arena, (long) dirs * rows * hidden, 3);
            MemorySegment b = Tensors.random(arena, 2L * dirs * rows, 4);
            MemorySegment lens = arena.allocate(4L * batch);
            int[] len = {4, 1, 3};
            for (int i = 0; i < batch; i++) lens.setAtIndex(ValueLayout.JAVA_INT, i, len[i]);
            int yCount = seq * dirs * batch * hidden, hCount = dirs * batch * hidden;
            MemorySegment y = Tensors.poisoned(arena, yCount);
            MemorySegment yh = Tensors.poisoned(arena, hCount);
            Recurrent.run(s, new Recurrent.Inputs(x, 0, w, 0, r, 0, b, 0, lens, 0, null, 0, null, 0, null, 0),
                    new Recurrent.Outputs(y, 0, yh, 0, null, 0), pool);
            for (int t = 0; t < seq; t++) {
                for (int d = 0; d < dirs; d++) {
                    for (int i = 0; i < batch; i++) {
                        long at = (((long) t * dirs + d) * batch + i) * hidden;
                        if (t >= len[i]) assertEquals(0f, Tensors.at(y, at + hidden / 2), cell + " Y past the length");
                    }
                }
            }
            float[] out = new float[yCount + hCount];
            MemorySegment.copy(y, ValueLayout.JAVA_FLOAT, 0, out, 0, yCount);
            MemorySegment.copy(yh, ValueLayout.JAVA_FLOAT, 0, out, yCount, hCount);
            return out;
        }
    }
}
