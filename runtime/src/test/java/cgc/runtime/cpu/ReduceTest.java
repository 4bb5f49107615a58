package cgc.runtime.cpu;

import static cgc.runtime.cpu.Tensors.assertClose;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReduceTest {
    static final int[] SHAPE = {3, 5, 7, 4};
    static final int[][] AXES = {{3}, {2, 3}, {1}, {0, 2}, {-1, 1}, {}, {0, 1, 2, 3}};

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void reducesOverAnyAxes(ReduceOp op) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = input(arena, op);
            for (int[] axes : AXES) {
                boolean[] red = new boolean[SHAPE.length];
                for (int a : axes) {
                    red[a < 0 ? a + SHAPE.length : a] = true;
                }
                if (axes.length == 0) {
                    java.util.Arrays.fill(red, true);
                }
                int outCount = 1;
                int redCount = 1;
                for (int d = 0; d < SHAPE.length; d++) {
                    if (red[d]) {
                        redCount *= SHAPE[d];
                    } else {
                        outCount *= SHAPE[d];
                    }
                }
                double[] acc = new double[outCount];
                java.util.Arrays.fill(acc, op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY
                        : op == ReduceOp.MIN ? Double.POSITIVE_INFINITY : op == ReduceOp.PROD ? 1 : 0);
                int[] idx = new int[SHAPE.length];
                for (int i = 0; i < Shapes.size(SHAPE); i++) {
                    int o = 0;
                    for (int d = 0; d < SHAPE.length; d++) {
                        if (!red[d]) {
                            o = o * SHAPE[d] + idx[d];
                        }
                    }
                    double v = Tensors.at(x, i);
                    acc[o] = switch (op) {
                        case SUM, MEAN -> acc[o] + v;
                        case MAX -> Math.max(acc[o], v);
                        case MIN -> Math.min(acc[o], v);
                        case L2, SUM_SQUARE -> acc[o] + v * v;
                        case PROD -> acc[o] * v;
                        case L1 -> acc[o] + Math.abs(v);
                        case LOG_SUM -> acc[o] + v;
                        case LOG_SUM_EXP -> acc[o] + Math.exp(v);   // no shift: the values are small
                    };
                    Broadcast.increment(idx, SHAPE);
                }
                for (int o = 0; o < outCount; o++) {
                    acc[o] = switch (op) {
                        case MEAN -> acc[o] / redCount;
                        case L2 -> Math.sqrt(acc[o]);
                        case LOG_SUM, LOG_SUM_EXP -> Math.log(acc[o]);
                        default -> acc[o];
                    };
                }
                MemorySegment y = Tensors.poisoned(arena, outCount);
                Reduce.run(op, SHAPE, axes, x, 0, y, 0, Tensors.THREE);
                assertClose(acc, y, 0, 1e-6, op + " over " + java.util.Arrays.toString(axes));
            }
        }
    }

    /**
     * Values in ±[0.05, 1]; for LogSum their magnitudes (a positive sum), for Prod near 1 (a product of hundreds that
     * neither underflows nor overflows f32).
     */
    private static MemorySegment input(Arena arena, ReduceOp op) {
        MemorySegment x = Tensors.random(arena, Shapes.size(SHAPE), 51);
        for (long i = 0; i < Shapes.size(SHAPE); i++) {
            float v = x.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            if (op == ReduceOp.LOG_SUM) {
                x.setAtIndex(ValueLayout.JAVA_FLOAT, i, Math.abs(v));
            } else if (op == ReduceOp.PROD) {
                x.setAtIndex(ValueLayout.JAVA_FLOAT, i, 1 + v / 8);
            }
        }
        return x;
    }
}
