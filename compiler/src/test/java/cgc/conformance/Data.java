package cgc.conformance;

import cgc.ir.DType;
import cgc.ir.Weights;
import cgc.onnx.proto.Onnx;
import cgc.runtime.io.Tensor;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * A dense tensor of any element type a case uses (f32, f16, f64, i32, i64, u8, bool), its values held as doubles
 * (exact for the integers these cases use), in C order. It converts to and from every form the checks meet: an ONNX
 * initializer, ONNX Runtime's bytes, cgc's {@link Weights} and the runtime's {@link Tensor}.
 */
public record Data(DType dtype, long[] shape, double[] values) {
    public Data {
        long n = count(shape);
        if (n != values.length) {
            throw new IllegalArgumentException(dtype.text() + Arrays.toString(shape) + " needs " + n + " values, got "
                    + values.length);
        }
    }

    static Data floats(long[] shape, double... v) { return new Data(DType.F32, shape, v); }

    static Data longs(long... v) {
        return new Data(DType.I64, new long[] {v.length}, Arrays.stream(v).asDoubleStream().toArray());
    }

    static Data scalar(DType t, double v) { return new Data(t, new long[0], new double[] {v}); }

    /**
     * Seeded values drawn uniformly from [lo, hi), rounded to integers for integer types and to 0/1 for bool; floats
     * are rounded to f32 (or f16) so that every consumer sees the same numbers.
     */
    public static Data random(long seed, DType t, long[] shape, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[Math.toIntExact(count(shape))];
        for (int i = 0; i < v.length; i++) {
            double x = lo + r.nextDouble() * (hi - lo);
            v[i] = switch (t) {
                case BOOL -> r.nextBoolean() ? 1 : 0;
                case F32 -> (float) x;
                case F16 -> Float.float16ToFloat(Float.floatToFloat16((float) x));
                case F64 -> x;
                default -> Math.floor(x);
            };
        }
        return new Data(t, shape.clone(), v);
    }

    static long count(long[] shape) { return Arrays.stream(shape).reduce(1, Math::multiplyExact); }

    /** Little-endian bytes in the dense layout of {@link DType#byteSize()}. */
    byte[] bytes() {
        ByteBuffer b = ByteBuffer.allocate(values.length * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            switch (dtype) {
                case F32 -> b.putFloat((float) v);
                case F64 -> b.putDouble(v);
                case F16 -> b.putShort(Float.floatToFloat16((float) v));
                case I64 -> b.putLong((long) v);
                case I32 -> b.putInt((int) v);
                case BOOL, U8, I8 -> b.put((byte) v);
                default -> throw new IllegalArgumentException("no test data of type " + dtype);
            }
        }
        return b.array();
    }

    static Data fromBytes(DType t, long[] shape, ByteBuffer bytes) {
        Weights w = Weights.of(t, Arrays.stream(shape).boxed().toList(), bytesOf(bytes));
        return of(w);
    }

    private static byte[] bytesOf(ByteBuffer b) {
        ByteBuffer le = b.duplicate();
        byte[] a = new byte[le.remaining()];
        le.get(a);
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) throw new IllegalStateException("big-endian host");
        return a;
    }

    static Data of(Weights w) {
        ByteBuffer b = w.bytes();
        double[] v = new double[Math.toIntExact(w.elementCount())];
        for (int i = 0; i < v.length; i++) v[i] = w.readDouble(b, i);
        return new Data(w.dtype(), w.shape().stream().mapToLong(Long::longValue).toArray(), v);
    }

    Onnx.TensorProto proto(String name) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(dtype.onnxCode())
                .setRawData(com.google.protobuf.ByteString.copyFrom(bytes()));
        for (long d : shape) t.addDims(d);
        return t.build();
    }

    /** The runtime's tensor of the same type, for feeding a plan. */
    public Tensor runtimeTensor() {
        Tensor t = Tensor.allocate(runtimeType(dtype), shape);
        byte[] b = bytes();
        java.lang.foreign.MemorySegment.copy(b, 0, t.data(), ValueLayout.JAVA_BYTE, 0, b.length);
        return t;
    }

    public static Data of(Tensor t) {
        byte[] b = t.data().toArray(ValueLayout.JAVA_BYTE);
        return fromBytes(irType(t.dtype()), t.shape(), ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN));
    }

    static cgc.runtime.io.DType runtimeType(DType t) {
        return switch (t) {
            case F32 -> cgc.runtime.io.DType.FLOAT32;
            case F64 -> cgc.runtime.io.DType.FLOAT64;
            case F16 -> cgc.runtime.io.DType.FLOAT16;
            case I64 -> cgc.runtime.io.DType.INT64;
            case I32 -> cgc.runtime.io.DType.INT32;
            case BOOL -> cgc.runtime.io.DType.BOOL;
            case U8 -> cgc.runtime.io.DType.UINT8;
            case I8 -> cgc.runtime.io.DType.INT8;
            default -> throw new IllegalArgumentException("the runtime has no " + t);
        };
    }

    public static DType irType(cgc.runtime.io.DType t) {
        return switch (t) {
            case FLOAT32 -> DType.F32;
            case FLOAT64 -> DType.F64;
            case FLOAT16 -> DType.F16;
            case INT64 -> DType.I64;
            case INT32 -> DType.I32;
            case INT8 -> DType.I8;
            case UINT8 -> DType.U8;
            case BOOL -> DType.BOOL;
        };
    }

    /** The type as the IR text writes it, e.g. {@code f32[2,3]}. */
    String type() { return dtype.text() + Arrays.toString(shape).replace(" ", ""); }

    /**
     * Why {@code actual} is not {@code this}: {@code null} when it is. Types and shapes must match; floats within
     * {@code tolerance} in relative L2 (absolute when every expected value is zero), everything else exactly.
     */
    String mismatch(Data actual, double tolerance) {
        if (actual.dtype != dtype || !Arrays.equals(actual.shape, shape)) {
            return "expected " + type() + ", got " + actual.type();
        }
        if (dtype.isFloat()) {
            double diff = 0, norm = 0;
            for (int i = 0; i < values.length; i++) {
                double d = actual.values[i] - values[i];
                diff += d * d;
                norm += values[i] * values[i];
            }
            double err = norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
            // f16 keeps 11 significant bits: two sums that differ in their last f32 bits may round to neighbouring
            // f16 values (2^-11 apart, relatively), so an f16 output is held to 1e-3 at the least
            if (dtype == DType.F16) tolerance = Math.max(tolerance, 1e-3);
            return err <= tolerance || (Double.isNaN(err) && Arrays.equals(values, actual.values)) ? null
                    : "relative L2 error " + err + " > " + tolerance + sample(actual);
        }
        return Arrays.equals(values, actual.values) ? null : "values differ" + sample(actual);
    }

    private String sample(Data actual) {
        int n = Math.min(values.length, 8);
        return "; first values expected " + head(values, n) + ", got " + head(actual.values, n);
    }

    private static String head(double[] v, int n) {
        return Arrays.stream(v).limit(n).mapToObj(x -> x == Math.rint(x) ? Long.toString((long) x) : Float.toString((float) x))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    List<Long> shapeList() { return Arrays.stream(shape).boxed().toList(); }

    @Override public String toString() { return type(); }
}
