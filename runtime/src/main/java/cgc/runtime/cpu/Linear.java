package cgc.runtime.cpu;

import java.lang.foreign.MemorySegment;

/**
 * cgc Linear: {@code Y = act(X · W + bias + R)}, batched like MatMul (see {@link MatMulSpec}), bias of n elements or
 * none, residual R shaped as Y or none (fuse-residual); computes rows {@code [mBegin, mEnd)} x columns
 * {@code [nBegin, nEnd)} of every batch, in place.
 */
public final class Linear {
    private Linear() {}

    /**
     * {@code bias == null} means no bias, {@code res == null} no residual; W a constant is packed once in {@code packs}
     * (the plan's) and read from there in later runs. Offsets are in float elements.
     */
    public static void run(MatMulSpec s, MemorySegment x, long xOff, MemorySegment w, long wOff, MemorySegment bias,
                           long biasOff, MemorySegment res, long resOff, MemorySegment y, long yOff, int mBegin,
                           int mEnd, int nBegin, int nEnd, WeightPacks packs, Parallel pool) {
        MatMul.linear(s, x, xOff, w, wOff, bias, biasOff, res, resOff, y, yOff, mBegin, mEnd, nBegin, nEnd, packs,
                pool);
    }
}
