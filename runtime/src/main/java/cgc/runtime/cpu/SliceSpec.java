package cgc.runtime.cpu;

import java.util.Arrays;

/**
 * A strided box of a tensor: dimension d keeps {@code count[d]} elements from {@code start[d]} in steps of
 * {@code step[d]} (possibly negative). Built from ONNX Slice's inputs with its clamping rules, or from a Split part.
 */
public final class SliceSpec {
    final int[] shape;
    final int[] start;
    final int[] step;
    final int[] count;

    private SliceSpec(int[] shape, int[] start, int[] step, int[] count) {
        this.shape = shape;
        this.start = start;
        this.step = step;
        this.count = count;
    }

    /** ONNX Slice: {@code axes} may be null (all, in order), {@code steps} null (all 1). */
    public static SliceSpec of(int[] shape, long[] starts, long[] ends, int[] axes, long[] steps) {
        int r = shape.length;
        int[] start = new int[r];
        int[] step = new int[r];
        int[] count = shape.clone();
        Arrays.fill(step, 1);
        for (int i = 0; i < starts.length; i++) {
            int a = Shapes.axis(axes == null ? i : axes[i], r, "Slice");
            long dim = shape[a];
            long st = steps == null ? 1 : steps[i];
            if (st == 0) {
                throw new IllegalArgumentException("Slice: step 0 on axis " + a);
            }
            long s = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            if (st > 0) {
                s = Math.clamp(s, 0, dim);
                e = Math.clamp(e, 0, dim);
                count[a] = (int) Math.max(0, (e - s + st - 1) / st);
            } else {
                s = Math.clamp(s, 0, dim - 1);
                e = Math.clamp(e, -1, dim - 1);
                count[a] = (int) Math.max(0, (s - e + -st - 1) / -st);
            }
            start[a] = (int) s;
            step[a] = (int) st;
        }
        return new SliceSpec(shape.clone(), start, step, count);
    }

    /** Part {@code [begin, end)} of {@code axis}: one output of ONNX Split. */
    public static SliceSpec split(int[] shape, int axis, int begin, int end) {
        int a = Shapes.axis(axis, shape.length, "Split");
        return of(shape, new long[] {begin}, new long[] {end}, new int[] {a}, null);
    }

    /** The first input index kept along dimension {@code d}. */
    public int start(int d) {
        return start[d];
    }

    /** The step along dimension {@code d}, possibly negative. */
    public int step(int d) {
        return step[d];
    }

    /** The output's shape. */
    public int[] outShape() {
        return count.clone();
    }
}
