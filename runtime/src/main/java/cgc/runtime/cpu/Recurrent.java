package cgc.runtime.cpu;

import cgc.runtime.cpu.RecurrentSpec.Activation;
import cgc.runtime.cpu.RecurrentSpec.Cell;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ONNX RNN, GRU and LSTM over f32 (see {@link RecurrentSpec}). For each direction, the input projection of every
 * time step at once is one {@link Gemm} (X as [steps x batch] rows times Wᵀ); then the recurrence runs step by step:
 * each batch row's state times Rᵀ (one dot product per gate row, in parallel when large), the biases, the clip, the
 * activations and the cell update. A batch row past its sequence length keeps its state and gets zeros in Y; a reverse
 * direction runs each row from its own last step. Offsets are in elements; an absent optional input or output is a
 * null segment. The gate blocks are ONNX's: i, o, f, c (LSTM), z, r, h (GRU).
 */
public final class Recurrent {
    private Recurrent() {}

    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;

    /** The node's inputs: X, W, R and the optional B, sequence_lens (int32), initial_h, initial_c, P. */
    public record Inputs(MemorySegment x, long xOff, MemorySegment w, long wOff, MemorySegment r, long rOff,
                         MemorySegment b, long bOff, MemorySegment lens, long lensOff, MemorySegment h0, long h0Off,
                         MemorySegment c0, long c0Off, MemorySegment p, long pOff) {}

    /** The node's outputs, each optional: Y, Y_h, Y_c. */
    public record Outputs(MemorySegment y, long yOff, MemorySegment yh, long yhOff, MemorySegment yc, long ycOff) {}

    public static void run(RecurrentSpec s, Inputs in, Outputs out, Parallel pool) {
        int[] lens = lengths(s, in);
        if (out.y() != null) {   // steps past a row's length stay zero
            out.y().asSlice(out.yOff() << 2, 4L * s.seq() * s.batch() * s.directions() * s.hidden()).fill((byte) 0);
        }
        for (int d = 0; d < s.directions(); d++) {
            new Direction(s, d, in, out, lens, pool).run();
        }
    }

    private static int[] lengths(RecurrentSpec s, Inputs in) {
        int[] lens = new int[s.batch()];
        for (int b = 0; b < s.batch(); b++) {
            int len = in.lens() == null ? s.seq() : in.lens().get(I32, (in.lensOff() + b) << 2);
            if (len < 0 || len > s.seq()) {
                throw new IllegalArgumentException(s.cell() + ": sequence_lens[" + b + "] = " + len
                        + " is outside [0, " + s.seq() + "]");
            }
            lens[b] = len;
        }
        return lens;
    }

    /** One direction's pass: its weights, biases, states and scratch. */
    private static final class Direction {
        private final RecurrentSpec s;
        private final int d;
        private final Inputs in;
        private final Outputs out;
        private final int[] lens;
        private final Parallel pool;
        private final int hidden;
        private final int rows;
        private final long rOff;
        /** Wb + Rb of each gate row (Rb apart for GRU's h gate, which the reset gate may scale). */
        private final float[] bias;
        private final float[] rbh;
        private final float[] peep;
        private final float[][] h;
        private final float[][] c;
        private final float[][] gates;
        /** GRU's r ⊙ Ht-1, the operand of the h gate's product when the reset comes first. */
        private final float[][] reset;
        /** X·Wᵀ of every step and batch row, in X's row order, gateRows floats per row. */
        private final MemorySegment xw;

        Direction(RecurrentSpec s, int d, Inputs in, Outputs out, int[] lens, Parallel pool) {
            this.s = s;
            this.d = d;
            this.in = in;
            this.out = out;
            this.lens = lens;
            this.pool = pool;
            hidden = s.hidden();
            rows = s.gateRows();
            rOff = in.rOff() + (long) d * rows * hidden;
            bias = new float[rows];
            rbh = new float[hidden];
            if (in.b() != null) {
                long wb = in.bOff() + 2L * d * rows, rb = wb + rows;
                boolean apart = s.cell() == Cell.GRU && s.linearBeforeReset();
                for (int j = 0; j < rows; j++) {
                    float rj = Mem.get(in.b(), rb + j);
                    boolean hGate = apart && j >= 2 * hidden;
                    bias[j] = Mem.get(in.b(), wb + j) + (hGate ? 0f : rj);
                    if (hGate) rbh[j - 2 * hidden] = rj;
                }
            }
            peep = new float[3 * hidden];
            if (s.cell() == Cell.LSTM && in.p() != null) {
                for (int j = 0; j < peep.length; j++) peep[j] = Mem.get(in.p(), in.pOff() + (long) d * 3 * hidden + j);
            }
            h = state(in.h0(), in.h0Off());
            c = s.cell() == Cell.LSTM ? state(in.c0(), in.c0Off()) : null;
            gates = new float[s.batch()][rows];
            reset = s.cell() == Cell.GRU && !s.linearBeforeReset() ? new float[s.batch()][hidden] : null;
            // a heap segment over bytes: the Vector API stores into no other kind of heap segment
            xw = MemorySegment.ofArray(new byte[Math.multiplyExact(4 * s.seq() * s.batch(), rows)]);
        }

        /** Initial state of this direction (zeros when absent), one array per batch row. */
        private float[][] state(MemorySegment init, long off) {
            float[][] v = new float[s.batch()][hidden];
            if (init == null) return v;
            for (int b = 0; b < s.batch(); b++) {
                for (int k = 0; k < hidden; k++) v[b][k] = Mem.get(init, off + stateIndex(b) + k);
            }
            return v;
        }

        /** The element offset of batch row b of this direction in a state tensor (initial_h, Y_h ...). */
        private long stateIndex(int b) {
            return (long) hidden * (s.batchFirst() ? (long) b * s.directions() + d : (long) d * s.batch() + b);
        }

        void run() {
            int m = s.seq() * s.batch();
            Gemm.run(new GemmSpec(m, rows, s.input(), false, true, 1f, 1f, 0, 0, Act.NONE), in.x(), in.xOff(),
                    in.w(), in.wOff() + (long) d * rows * s.input(), null, 0, xw, 0, 0, m, 0, rows, pool);
            for (int step = 0; step < s.seq(); step++) {
                int rec = s.cell() == Cell.GRU && !s.linearBeforeReset() ? 2 * hidden : rows;
                recurrentProducts(step, 0, rec, h);
                if (reset != null) {   // GRU: z and r first, then the h gate's product with r ⊙ Ht-1
                    forActive(step, (b, t) -> resetGates(b, t));
                    recurrentProducts(step, 2 * hidden, rows, reset);
                }
                forActive(step, (b, t) -> {
                    switch (s.cell()) {
                        case RNN -> rnn(b, t);
                        case GRU -> gru(b, t);
                        case LSTM -> lstm(b, t);
                    }
                    if (out.y() != null) store(h[b], out.y(), out.yOff() + yIndex(t, b));
                });
            }
            for (int b = 0; b < s.batch(); b++) {
                if (out.yh() != null) store(h[b], out.yh(), out.yhOff() + stateIndex(b));
                if (out.yc() != null && c != null) store(c[b], out.yc(), out.ycOff() + stateIndex(b));
            }
        }

        private interface RowStep {
            void run(int b, int t);
        }

        /** Runs {@code body} for each batch row still within its sequence at {@code step}, with its time index. */
        private void forActive(int step, RowStep body) {
            for (int b = 0; b < s.batch(); b++) {
                if (step < lens[b]) body.run(b, s.reversed(d) ? lens[b] - 1 - step : step);
            }
        }

        /** {@code gates[b][j] = state[b] · R[j]} for gate rows [from, to) of every active batch row. */
        private void recurrentProducts(int step, int from, int to, float[][] state) {
            int span = to - from;
            pool.parallelFor(s.batch() * span, Math.max(1, Elementwise.GRAIN / Math.max(1, hidden)), (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    int b = i / span, j = from + i % span;
                    if (step < lens[b]) {
                        gates[b][j] = Simd.INSTANCE.dot(hidden, state[b], in.r(), rOff + (long) j * hidden, 1);
                    }
                }
            });
        }

        /** The input projection of gate row j for batch row b at time t, plus the biases. */
        private float pre(int b, int t, int j) {
            long row = s.batchFirst() ? (long) b * s.seq() + t : (long) t * s.batch() + b;
            return Mem.get(xw, row * rows + j) + bias[j];
        }

        private float clip(float v) { return Math.max(-s.clip(), Math.min(s.clip(), v)); }

        private float act(int k, float v) { return s.activation(d, k).apply(clip(v)); }

        /** Ht = f(Xt·Wᵀ + Ht-1·Rᵀ + Wb + Rb). */
        private void rnn(int b, int t) {
            float[] g = gates[b];
            for (int k = 0; k < hidden; k++) h[b][k] = act(0, pre(b, t, k) + g[k]);
        }

        /** GRU's z and r gates (activated in place) and r ⊙ Ht-1, before the h gate's product. */
        private void resetGates(int b, int t) {
            float[] g = gates[b];
            for (int j = 0; j < 2 * hidden; j++) g[j] = act(0, pre(b, t, j) + g[j]);
            for (int k = 0; k < hidden; k++) reset[b][k] = g[hidden + k] * h[b][k];
        }

        /**
         * zt = f(..z), rt = f(..r); ht = g(Xt·Whᵀ + (rt ⊙ Ht-1)·Rhᵀ + Rbh + Wbh), or with linear_before_reset
         * g(Xt·Whᵀ + rt ⊙ (Ht-1·Rhᵀ + Rbh) + Wbh); Ht = (1 - zt) ⊙ ht + zt ⊙ Ht-1.
         */
        private void gru(int b, int t) {
            float[] g = gates[b];
            if (reset == null) {
                for (int j = 0; j < 2 * hidden; j++) g[j] = act(0, pre(b, t, j) + g[j]);
            }
            for (int k = 0; k < hidden; k++) {
                float z = g[k], r = g[hidden + k], rec = g[2 * hidden + k];
                float hh = act(1, pre(b, t, 2 * hidden + k) + (reset == null ? r * (rec + rbh[k]) : rec));
                h[b][k] = (1 - z) * hh + z * h[b][k];
            }
        }

        /**
         * it = f(..i + Pi ⊙ Ct-1), ft = f(..f + Pf ⊙ Ct-1) (1 - it with input_forget), ct = g(..c),
         * Ct = ft ⊙ Ct-1 + it ⊙ ct, ot = f(..o + Po ⊙ Ct), Ht = ot ⊙ h(Ct).
         */
        private void lstm(int b, int t) {
            float[] g = gates[b];
            for (int k = 0; k < hidden; k++) {
                float cPrev = c[b][k];
                float i = act(0, pre(b, t, k) + g[k] + peep[k] * cPrev);
                float f = s.inputForget() ? 1 - i
                        : act(0, pre(b, t, 2 * hidden + k) + g[2 * hidden + k] + peep[2 * hidden + k] * cPrev);
                float cc = act(1, pre(b, t, 3 * hidden + k) + g[3 * hidden + k]);
                float cNew = f * cPrev + i * cc;
                float o = act(0, pre(b, t, hidden + k) + g[hidden + k] + peep[hidden + k] * cNew);
                c[b][k] = cNew;
                h[b][k] = o * s.activation(d, 2).apply(cNew);
            }
        }

        /** The element offset of time t, batch row b of this direction in Y. */
        private long yIndex(int t, int b) {
            long dirs = s.directions();
            return (long) hidden * (s.batchFirst() ? ((long) b * s.seq() + t) * dirs + d : ((long) t * dirs + d) * s.batch() + b);
        }

        private void store(float[] v, MemorySegment dst, long off) {
            for (int k = 0; k < hidden; k++) Mem.set(dst, off + k, v[k]);
        }
    }
}
