package cgc.runtime;

import cgc.runtime.io.DType;
import cgc.runtime.io.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A graph input or output of a plan: its ONNX name, element type, static shape, and the byte offset of its slot in the
 * session's arena.
 */
public record TensorSpec(String name, DType dtype, List<Long> shape, long offset) {

    public TensorSpec {
        shape = List.copyOf(shape);
    }

    public long[] dims() { return shape.stream().mapToLong(Long::longValue).toArray(); }

    public long byteSize() {
        long n = dtype.byteSize();
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    public boolean matches(Tensor t) { return t.dtype() == dtype && Arrays.equals(t.shape(), dims()); }

    /** {@code float32[1,3,224,224]}, the form used in messages. */
    public String type() {
        return dtype.name().toLowerCase() + shape.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }

    static String typeOf(Tensor t) {
        return t.dtype().name().toLowerCase()
                + Arrays.stream(t.shape()).mapToObj(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }
}
