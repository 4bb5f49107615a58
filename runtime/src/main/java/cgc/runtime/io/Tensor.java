package cgc.runtime.io;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;

/**
 * A dense tensor in C (row-major) order: an element type, a shape, and the elements in a {@link MemorySegment} in the
 * host's native byte order. This is the value a plan's inputs and outputs are made of, and what {@link Npy} reads and
 * writes.
 *
 * <p>The data is a native segment aligned to {@value #ALIGNMENT} bytes, so the CPU kernels can read it with aligned
 * layouts ({@code ValueLayout.JAVA_FLOAT} at offset {@code 4 * i}) and the runtime can copy it into an arena in one
 * bulk copy. Segments made here live as long as the tensor is reachable ({@link Arena#ofAuto()}). The data is not
 * copied defensively: a tensor is a view, and whoever writes into {@link #data()} changes it.
 *
 * <p>A shape of length 0 is a scalar (one element). {@link #equals} compares type, shape and the bytes of the data.
 */
public final class Tensor {
    /** Byte alignment of the data segments this class allocates (one cache line, one AVX-512 vector). */
    public static final long ALIGNMENT = 64;

    private final DType dtype;
    private final long[] shape;
    private final MemorySegment data;

    private Tensor(DType dtype, long[] shape, MemorySegment data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    /** A zero-filled tensor. */
    public static Tensor allocate(DType dtype, long... shape) {
        Objects.requireNonNull(dtype, "dtype");
        long[] s = checkShape(shape);
        long bytes = Math.multiplyExact(elementCount(s), (long) dtype.byteSize());
        return new Tensor(dtype, s, Arena.ofAuto().allocate(Math.max(bytes, 1), ALIGNMENT).asSlice(0, bytes));
    }

    /**
     * A tensor over existing data, which must hold exactly the elements of {@code shape} in native byte order; the
     * segment is used as is, not copied.
     */
    public static Tensor wrap(DType dtype, long[] shape, MemorySegment data) {
        Objects.requireNonNull(dtype, "dtype");
        long[] s = checkShape(shape);
        long bytes = Math.multiplyExact(elementCount(s), (long) dtype.byteSize());
        if (data.byteSize() != bytes) {
            throw new IllegalArgumentException("tensor %s%s needs %d bytes of data, got %d"
                    .formatted(dtype.name().toLowerCase(), Arrays.toString(s), bytes, data.byteSize()));
        }
        return new Tensor(dtype, s, data);
    }

    /** A float32 tensor holding a copy of {@code values}. */
    public static Tensor ofFloats(float[] values, long... shape) {
        Tensor t = allocate(DType.FLOAT32, shape);
        if (t.elementCount() != values.length) {
            throw new IllegalArgumentException("shape %s has %d elements, got %d values"
                    .formatted(Arrays.toString(shape), t.elementCount(), values.length));
        }
        MemorySegment.copy(values, 0, t.data, ValueLayout.JAVA_FLOAT, 0, values.length);
        return t;
    }

    public DType dtype() {
        return dtype;
    }

    /** The shape (a copy). */
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The product of the dimensions; 1 for a scalar. */
    public long elementCount() {
        return elementCount(shape);
    }

    public long byteSize() {
        return data.byteSize();
    }

    /** The elements, C order, native byte order. */
    public MemorySegment data() {
        return data;
    }

    /** The elements of a float32 tensor, copied into an array. */
    public float[] toFloatArray() {
        if (dtype != DType.FLOAT32) {
            throw new IllegalStateException("toFloatArray() needs a float32 tensor, this one is " + this);
        }
        return data.toArray(ValueLayout.JAVA_FLOAT);
    }

    /** Element {@code index} (in C order) converted to a double, whatever the type; bool reads as 0 or 1. */
    public double getAsDouble(long index) {
        Objects.checkIndex(index, elementCount());
        long at = index * dtype.byteSize();
        return switch (dtype) {
            case FLOAT32 -> data.get(ValueLayout.JAVA_FLOAT_UNALIGNED, at);
            case FLOAT64 -> data.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, at);
            case FLOAT16 -> Float.float16ToFloat(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, at));
            case INT64 -> data.get(ValueLayout.JAVA_LONG_UNALIGNED, at);
            case INT32 -> data.get(ValueLayout.JAVA_INT_UNALIGNED, at);
            case INT8 -> data.get(ValueLayout.JAVA_BYTE, at);
            case UINT8 -> Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, at));
            case BOOL -> data.get(ValueLayout.JAVA_BYTE, at) != 0 ? 1 : 0;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && dtype == t.dtype && Arrays.equals(shape, t.shape) && data.mismatch(t.data) < 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), data.byteSize());
    }

    /** Type and shape, e.g. {@code float32[1, 3, 224, 224]}. */
    @Override
    public String toString() {
        return dtype.name().toLowerCase() + Arrays.toString(shape);
    }

    static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    private static long[] checkShape(long[] shape) {
        long[] s = shape.clone();
        for (long d : s) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(s));
        }
        return s;
    }
}
