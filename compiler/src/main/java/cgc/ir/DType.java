package cgc.ir;

import java.util.Arrays;
import java.util.Optional;

/** Element types, with their ONNX {@code TensorProto.DataType} codes and their names in the IR text. */
public enum DType {
    UNDEFINED(0, "?", 0),
    F32(1, "f32", 4),
    U8(2, "u8", 1),
    I8(3, "i8", 1),
    U16(4, "u16", 2),
    I16(5, "i16", 2),
    I32(6, "i32", 4),
    I64(7, "i64", 8),
    STRING(8, "str", 0),
    BOOL(9, "bool", 1),
    F16(10, "f16", 2),
    F64(11, "f64", 8),
    U32(12, "u32", 4),
    U64(13, "u64", 8),
    BF16(16, "bf16", 2);

    private final int onnxCode;
    private final String text;
    private final int byteSize;

    DType(int onnxCode, String text, int byteSize) {
        this.onnxCode = onnxCode;
        this.text = text;
        this.byteSize = byteSize;
    }

    public int onnxCode() { return onnxCode; }
    /** The name used in the IR text, e.g. {@code f32}. */
    public String text() { return text; }
    /** Bytes per element in the dense little-endian layout; 0 for STRING and UNDEFINED. */
    public int byteSize() { return byteSize; }

    public boolean isFloat() { return this == F32 || this == F16 || this == F64 || this == BF16; }

    public static Optional<DType> fromOnnx(int code) {
        return Arrays.stream(values()).filter(d -> d.onnxCode == code).findFirst();
    }

    public static Optional<DType> fromText(String text) {
        return Arrays.stream(values()).filter(d -> d.text.equals(text)).findFirst();
    }
}
