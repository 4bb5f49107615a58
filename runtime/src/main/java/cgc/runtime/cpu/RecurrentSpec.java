package cgc.runtime.cpu;

import java.util.List;

/**
 * The geometry and attributes of one ONNX RNN, GRU or LSTM node, for {@link Recurrent}.
 *
 * @param reverse     whether the first (or only) direction runs from the last step; a second one always does
 * @param batchFirst  layout 1: X [batch, seq, input], Y [batch, seq, dirs, hidden], states [batch, dirs, hidden]
 * @param clip        the cell clip applied to every activation's input; infinite for none
 * @param activations {@link Cell#functions()} per direction, the first direction's first
 */
public record RecurrentSpec(Cell cell, int seq, int batch, int input, int hidden, int directions, boolean reverse,
                            boolean batchFirst, float clip, boolean inputForget, boolean linearBeforeReset,
                            List<Activation> activations) {

    /** The kind of cell: its gate blocks in W and R, and its activation functions per direction. */
    public enum Cell {
        RNN(1, 1), GRU(3, 2), LSTM(4, 3);

        private final int gates;
        private final int functions;

        Cell(int gates, int functions) {
            this.gates = gates;
            this.functions = functions;
        }

        public int gates() { return gates; }

        public int functions() { return functions; }
    }

    /** The activation functions of the ONNX recurrent ops, with their alpha and beta. */
    public record Activation(Kind kind, float alpha, float beta) {
        public enum Kind {
            RELU, TANH, SIGMOID, AFFINE, LEAKY_RELU, THRESHOLDED_RELU, SCALED_TANH, HARD_SIGMOID, ELU, SOFTSIGN, SOFTPLUS
        }

        /** The function at x, in double and rounded once. */
        float apply(float x) {
            double v = x;
            return (float) switch (kind) {
                case RELU -> Math.max(v, 0);
                case TANH -> Math.tanh(v);
                case SIGMOID -> 1 / (1 + Math.exp(-v));
                case AFFINE -> alpha * v + beta;
                case LEAKY_RELU -> v >= 0 ? v : alpha * v;
                case THRESHOLDED_RELU -> v > alpha ? v : 0;
                case SCALED_TANH -> alpha * Math.tanh(beta * v);
                case HARD_SIGMOID -> Math.min(Math.max(alpha * v + beta, 0), 1);
                case ELU -> v >= 0 ? v : alpha * Math.expm1(v);
                case SOFTSIGN -> v / (1 + Math.abs(v));
                case SOFTPLUS -> v > 30 ? v : Math.log1p(Math.exp(v));   // exp overflows long after log1p stops mattering
            };
        }
    }

    public RecurrentSpec {
        activations = List.copyOf(activations);
        if (activations.size() != cell.functions() * directions) {
            throw new IllegalArgumentException(cell + " of " + directions + " directions takes "
                    + cell.functions() * directions + " activations, got " + activations.size());
        }
    }

    /** Rows of W and R per direction: gates x hidden. */
    int gateRows() { return cell.gates() * hidden; }

    /** Activation {@code k} (f, g, h) of direction {@code d}. */
    Activation activation(int d, int k) { return activations.get(d * cell.functions() + k); }

    /** Whether direction {@code d} runs from the last step to the first. */
    boolean reversed(int d) { return d == 1 || reverse; }
}
