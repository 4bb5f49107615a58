package cgc.onnx;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.DType;
import cgc.ir.Weights;
import cgc.onnx.proto.Onnx;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Reads a {@code TensorProto} (an initializer or a tensor attribute) into dense little-endian {@link Weights}, from
 * {@code raw_data}, from the typed field its data type uses, or from an external file. Shape and data length are
 * checked against each other, and against {@link Limits}, before anything is allocated.
 */
final class TensorReader {
    private final Path modelFile;

    /** @param modelFile the model, whose folder external data is resolved against */
    TensorReader(Path modelFile) { this.modelFile = modelFile; }

    Weights read(Onnx.TensorProto t, Where where) {
        DType dtype = OnnxTypes.dtype(t.getDataType(), where);
        if (dtype == DType.UNDEFINED) throw new CgcException(where, "tensor has no data type");
        if (dtype == DType.STRING) throw new CgcException(where, "string tensors are not supported");
        if (t.hasSegment()) throw new CgcException(where, "segmented tensors are not supported");
        List<Long> shape = t.getDimsList();
        String shown = dtype.text() + shape.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
        for (long d : shape) {
            if (d < 0) throw new CgcException(where, "negative dimension " + d + " in " + shown);
            if (d >= Limits.MAX_DIM) {
                throw new CgcException(where, "dimension " + d + " in " + shown + " is not below the limit of "
                        + Limits.show(Limits.MAX_DIM));
            }
        }
        OptionalLong count = Limits.elementCount(shape, Limits.MAX_WEIGHT_ELEMENTS + 1);
        if (count.isEmpty()) {
            throw new CgcException(where, shown + " has more than "
                    + Limits.show(Limits.MAX_WEIGHT_ELEMENTS) + " elements, more than cgc allows for a constant");
        }
        long n = count.getAsLong();
        long bytes = n * dtype.byteSize();
        if (bytes > Limits.MAX_WEIGHT_BYTES) {
            throw new CgcException(where, shown + " needs " + bytes + " bytes, more than cgc allows for"
                    + " a constant (" + Limits.MAX_WEIGHT_BYTES + ")");
        }
        String expected = "expected " + bytes + " bytes for " + shown;
        if (t.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL) {
            if (t.hasRawData()) throw new CgcException(where, "tensor has both external data and raw_data");
            byte[] data = ExternalData.read(modelFile, t.getExternalDataList(), bytes, where);
            return Weights.wrap(dtype, shape, data);
        }
        String typedField = typedField(dtype);
        checkOnlyField(t, dtype, typedField, where);
        if (t.hasRawData()) {
            if (t.getRawData().size() != bytes) {
                throw new CgcException(where, "data length disagrees with shape: " + expected + ", raw_data holds "
                        + t.getRawData().size());
            }
            return Weights.wrap(dtype, shape, t.getRawData().toByteArray());
        }
        int found = typedCount(t, dtype);
        if (found != n) {
            throw new CgcException(where, "data length disagrees with shape: " + expected + ", " + typedField + " holds "
                    + found + " values (" + (long) found * dtype.byteSize() + " bytes)");
        }
        return Weights.wrap(dtype, shape, decodeTyped(t, dtype, (int) n));
    }

    /** The field that holds values of this type when {@code raw_data} is not used (ONNX's TensorProto comments). */
    private static String typedField(DType dtype) {
        return switch (dtype) {
            case F32 -> "float_data";
            case F64 -> "double_data";
            case I64 -> "int64_data";
            case U32, U64 -> "uint64_data";
            case I32, I16, I8, U16, U8, BOOL, F16, BF16 -> "int32_data";
            case STRING, UNDEFINED -> throw new IllegalArgumentException("no numeric field for " + dtype);
        };
    }

    private static int typedCount(Onnx.TensorProto t, DType dtype) {
        return switch (typedField(dtype)) {
            case "float_data" -> t.getFloatDataCount();
            case "double_data" -> t.getDoubleDataCount();
            case "int64_data" -> t.getInt64DataCount();
            case "uint64_data" -> t.getUint64DataCount();
            default -> t.getInt32DataCount();
        };
    }

    /** Values in a field that this data type does not use are an error, not silently ignored. */
    private static void checkOnlyField(Onnx.TensorProto t, DType dtype, String field, Where where) {
        record Field(String name, int count) {}
        List<Field> all = List.of(new Field("float_data", t.getFloatDataCount()),
                new Field("double_data", t.getDoubleDataCount()), new Field("int64_data", t.getInt64DataCount()),
                new Field("uint64_data", t.getUint64DataCount()), new Field("int32_data", t.getInt32DataCount()),
                new Field("string_data", t.getStringDataCount()));
        for (Field f : all) {
            if (f.count() > 0 && (t.hasRawData() || !f.name().equals(field))) {
                throw new CgcException(where, dtype.text() + " tensor holds values in " + f.name()
                        + (t.hasRawData() ? " as well as in raw_data" : ", which is not the field for " + dtype.text()));
            }
        }
    }

    private static byte[] decodeTyped(Onnx.TensorProto t, DType dtype, int n) {
        ByteBuffer b = ByteBuffer.allocate(n * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            switch (dtype) {
                case F32 -> b.putFloat(t.getFloatData(i));
                case F64 -> b.putDouble(t.getDoubleData(i));
                case I64 -> b.putLong(t.getInt64Data(i));
                case U64 -> b.putLong(t.getUint64Data(i));
                case U32 -> b.putInt((int) t.getUint64Data(i));
                case I32 -> b.putInt(t.getInt32Data(i));
                // 16-bit types (f16 and bf16 as bit patterns) and 8-bit types live in the low bits of int32_data
                case I16, U16, F16, BF16 -> b.putShort((short) t.getInt32Data(i));
                case I8, U8 -> b.put((byte) t.getInt32Data(i));
                case BOOL -> b.put((byte) (t.getInt32Data(i) != 0 ? 1 : 0));
                case STRING, UNDEFINED -> throw new IllegalArgumentException("no numeric value in " + dtype);
            }
        }
        return b.array();
    }
}
