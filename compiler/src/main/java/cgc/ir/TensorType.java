package cgc.ir;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The type of a value: element type and shape. {@code dims == null} means the rank is unknown (before shape
 * inference); a fully unknown type is {@link #UNKNOWN}.
 */
public record TensorType(DType dtype, List<Dim> dims) {

    public static final TensorType UNKNOWN = new TensorType(DType.UNDEFINED, null);

    public TensorType {
        dims = dims == null ? null : List.copyOf(dims);
    }

    public static TensorType of(DType dtype, long... dims) {
        return new TensorType(dtype, Arrays.stream(dims).mapToObj(Dim::of).toList());
    }

    public static TensorType unranked(DType dtype) { return new TensorType(dtype, null); }

    public boolean hasRank() { return dims != null; }

    public int rank() {
        if (dims == null) throw new IllegalStateException("rank of " + this + " is unknown");
        return dims.size();
    }

    public boolean isStatic() { return dims != null && dims.stream().allMatch(Dim::isKnown); }

    /** The static shape; throws unless {@link #isStatic()}. */
    public long[] shape() {
        if (!isStatic()) throw new IllegalStateException("shape of " + this + " is not static");
        return dims.stream().mapToLong(Dim::size).toArray();
    }

    /** Element count of a static shape (1 for a scalar). */
    public long elementCount() {
        long n = 1;
        for (long d : shape()) n = Math.multiplyExact(n, d);
        return n;
    }

    public TensorType withDims(List<Dim> newDims) { return new TensorType(dtype, newDims); }

    public TensorType withDtype(DType newType) { return new TensorType(newType, dims); }

    /** The IR text form: {@code f32[1,3,224,224]}, {@code f32[N,128]}, {@code f32[*]}, {@code ?}. */
    @Override
    public String toString() {
        if (dtype == DType.UNDEFINED && dims == null) return "?";
        if (dims == null) return dtype.text() + "[*]";
        return dtype.text() + dims.stream().map(Object::toString).collect(Collectors.joining(",", "[", "]"));
    }
}
