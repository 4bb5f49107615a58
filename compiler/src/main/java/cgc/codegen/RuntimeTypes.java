package cgc.codegen;

import cgc.ir.DType;
import java.util.Optional;

/** The runtime's element types ({@code cgc.runtime.io.DType}) for the IR's, as generated code names them. */
final class RuntimeTypes {
    private RuntimeTypes() {}

    /** The constant's name in {@code cgc.runtime.io.DType}, or empty for a type the runtime does not carry. */
    static Optional<String> of(DType t) {
        return Optional.ofNullable(switch (t) {
            case F32 -> "FLOAT32";
            case F64 -> "FLOAT64";
            case F16 -> "FLOAT16";
            case I64 -> "INT64";
            case I32 -> "INT32";
            case I8 -> "INT8";
            case U8 -> "UINT8";
            case BOOL -> "BOOL";
            default -> null;
        });
    }
}
