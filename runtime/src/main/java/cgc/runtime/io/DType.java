package cgc.runtime.io;

/**
 * Element types a {@link Tensor} can hold: the ones that ONNX models feed in and out and that {@code .npy} files carry.
 * Each constant knows its size in bytes and its NumPy type code (the {@code descr} of an {@code .npy} header without
 * the byte-order character), see the NumPy array-interface protocol.
 */
public enum DType {
    FLOAT32("f4", 4),
    FLOAT64("f8", 8),
    /** IEEE 754 binary16, held as raw 16-bit patterns; {@link Float#float16ToFloat} converts one. */
    FLOAT16("f2", 2),
    INT64("i8", 8),
    INT32("i4", 4),
    INT8("i1", 1),
    UINT8("u1", 1),
    /** One byte per element, 0 or 1, as NumPy stores {@code bool_}. */
    BOOL("b1", 1);

    private final String npyCode;
    private final int byteSize;

    DType(String npyCode, int byteSize) {
        this.npyCode = npyCode;
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** NumPy's type code without byte order, e.g. {@code f4}. */
    public String npyCode() {
        return npyCode;
    }

    /** The type whose NumPy code is {@code code} (e.g. {@code f4}, {@code b1}), or null when there is none. */
    static DType ofNpyCode(String code) {
        for (DType t : values()) {
            if (t.npyCode.equals(code)) return t;
        }
        return null;
    }
}
