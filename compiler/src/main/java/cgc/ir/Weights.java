package cgc.ir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The contents of a constant tensor: element type, static shape and the dense little-endian bytes (C order). Immutable;
 * equality is by type, shape and bytes; {@link #hash()} is the SHA-256 of the bytes, shown shortened in the IR text.
 * STRING tensors are not supported as weights.
 */
public final class Weights {
    private final DType dtype;
    private final List<Long> shape;
    private final byte[] data;
    private String hash;

    private Weights(DType dtype, List<Long> shape, byte[] data) {
        this.dtype = dtype;
        this.shape = List.copyOf(shape);
        this.data = data;
        long expected = elementCount() * dtype.byteSize();
        if (expected != data.length) {
            throw new IllegalArgumentException(
                    "weights " + dtype.text() + shape + " need " + expected + " bytes, got " + data.length);
        }
    }

    /** Takes a copy of {@code littleEndianBytes}. */
    public static Weights of(DType dtype, List<Long> shape, byte[] littleEndianBytes) {
        return new Weights(dtype, shape, littleEndianBytes.clone());
    }

    /** Takes ownership of {@code littleEndianBytes}: the caller must not change the array afterwards. */
    public static Weights wrap(DType dtype, List<Long> shape, byte[] littleEndianBytes) {
        return new Weights(dtype, shape, littleEndianBytes);
    }

    public static Weights ofFloats(List<Long> shape, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return new Weights(DType.F32, shape, b.array());
    }

    public static Weights ofLongs(List<Long> shape, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        return new Weights(DType.I64, shape, b.array());
    }

    public DType dtype() { return dtype; }
    public List<Long> shape() { return shape; }
    public TensorType type() { return TensorType.of(dtype, shape.stream().mapToLong(Long::longValue).toArray()); }

    public long elementCount() {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    public int byteSize() { return data.length; }

    /** A read-only little-endian view of the bytes. */
    public ByteBuffer bytes() { return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN); }

    public byte[] copyBytes() { return data.clone(); }

    /** The values as floats, converting from any numeric element type. */
    public float[] toFloats() {
        int n = Math.toIntExact(elementCount());
        float[] out = new float[n];
        ByteBuffer b = bytes();
        for (int i = 0; i < n; i++) out[i] = (float) readDouble(b, i);
        return out;
    }

    /** The values as longs, converting from any numeric element type (floats are truncated). */
    public long[] toLongs() {
        int n = Math.toIntExact(elementCount());
        long[] out = new long[n];
        ByteBuffer b = bytes();
        for (int i = 0; i < n; i++) {
            out[i] = switch (dtype) {
                case I64, U64 -> b.getLong(i * 8);
                case I32 -> b.getInt(i * 4);
                case U32 -> Integer.toUnsignedLong(b.getInt(i * 4));
                case I16 -> b.getShort(i * 2);
                case U16 -> Short.toUnsignedInt(b.getShort(i * 2));
                case I8 -> b.get(i);
                case U8, BOOL -> Byte.toUnsignedInt(b.get(i));
                default -> (long) readDouble(b, i);
            };
        }
        return out;
    }

    /** Element {@code i} as a double, for any numeric element type. */
    public double readDouble(ByteBuffer b, int i) {
        return switch (dtype) {
            case F32 -> b.getFloat(i * 4);
            case F64 -> b.getDouble(i * 8);
            case F16 -> Float.float16ToFloat(b.getShort(i * 2));
            case BF16 -> Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16);
            case I64 -> b.getLong(i * 8);
            case U64 -> unsignedToDouble(b.getLong(i * 8));
            case I32 -> b.getInt(i * 4);
            case U32 -> Integer.toUnsignedLong(b.getInt(i * 4));
            case I16 -> b.getShort(i * 2);
            case U16 -> Short.toUnsignedInt(b.getShort(i * 2));
            case I8 -> b.get(i);
            case U8, BOOL -> Byte.toUnsignedInt(b.get(i));
            case STRING, UNDEFINED -> throw new IllegalStateException("no numeric value in " + dtype);
        };
    }

    private static double unsignedToDouble(long v) {
        return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
    }

    /** SHA-256 of the bytes, lower-case hex. */
    public String hash() {
        if (hash == null) {
            try {
                hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError("every JDK has SHA-256", e);
            }
        }
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Weights w && dtype == w.dtype && shape.equals(w.shape) && Arrays.equals(data, w.data);
    }

    @Override
    public int hashCode() { return 31 * (31 * dtype.hashCode() + shape.hashCode()) + Arrays.hashCode(data); }

    @Override
    public String toString() { return type() + " #" + hash().substring(0, 8); }
}
