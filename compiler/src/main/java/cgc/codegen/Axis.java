package cgc.codegen;

import java.util.List;

/**
 * One axis of a strided loop nest that a kernel walks: its extent, the stride (in elements) with which each input
 * advances along it, and the output's stride. Broadcasting is a stride of 0; a transpose permutes strides; a slice is
 * a start offset plus a stride times its step; a concat input writes with the concatenated output's strides.
 */
public record Axis(int size, List<Integer> in, int out) {
    public Axis {
        if (size < 1) throw new IllegalArgumentException("axis size must be at least 1, got " + size);
        in = List.copyOf(in);
    }

    public static Axis of(int size, int out, Integer... in) { return new Axis(size, List.of(in), out); }

    /** The first input's stride: reductions read one input. */
    public int inStride() { return in.getFirst(); }
}
