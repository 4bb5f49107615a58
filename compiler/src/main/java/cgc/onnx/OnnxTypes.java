package cgc.onnx;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.DType;
import cgc.ir.Dim;
import cgc.ir.TensorType;
import cgc.onnx.proto.Onnx;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Element types and value types between ONNX ({@code TensorProto.DataType}, {@code TypeProto}) and the IR. */
final class OnnxTypes {
    private OnnxTypes() {}

    /** The element type for an ONNX data type code; refuses those cgc has no {@link DType} for. */
    static DType dtype(int code, Where where) {
        return DType.fromOnnx(code).orElseThrow(() -> new CgcException(where,
                "element type " + onnxTypeName(code) + " is not supported"));
    }

    /** The name the ONNX spec gives a data type code, e.g. {@code COMPLEX64}, or the number when it has none. */
    static String onnxTypeName(int code) {
        Onnx.TensorProto.DataType t = Onnx.TensorProto.DataType.forNumber(code);
        return t == null ? "code " + code : t.name() + " (" + code + ")";
    }

    /**
     * A value's type from its {@code TypeProto}; {@link TensorType#UNKNOWN} when the file gives none. Only tensor
     * types are supported; sequences, maps, optionals and sparse tensors are refused.
     */
    static TensorType read(Onnx.TypeProto type, Where where) {
        if (type.getValueCase() == Onnx.TypeProto.ValueCase.VALUE_NOT_SET) return TensorType.UNKNOWN;
        if (type.getValueCase() != Onnx.TypeProto.ValueCase.TENSOR_TYPE) {
            throw new CgcException(where, "value type " + kindName(type.getValueCase()) + " is not supported"
                    + " (only tensors are)");
        }
        Onnx.TypeProto.Tensor t = type.getTensorType();
        DType dtype = dtype(t.getElemType(), where);
        if (dtype == DType.STRING) throw new CgcException(where, "string tensors are not supported");
        if (!t.hasShape()) return TensorType.unranked(dtype);
        List<Dim> dims = new ArrayList<>();
        List<Long> known = new ArrayList<>();
        for (Onnx.TensorShapeProto.Dimension d : t.getShape().getDimList()) {
            Dim dim = switch (d.getValueCase()) {
                case DIM_VALUE -> Dim.of(checkDim(d.getDimValue(), dtype, t.getShape().getDimList(), where));
                case DIM_PARAM -> d.getDimParam().isEmpty() ? Dim.UNKNOWN : Dim.symbol(d.getDimParam());
                case VALUE_NOT_SET -> Dim.UNKNOWN;
            };
            if (dim instanceof Dim.Known(long size)) known.add(size);
            dims.add(dim);
        }
        OptionalLong n = Limits.elementCount(known, Limits.MAX_VALUE_ELEMENTS);
        if (n.isEmpty()) {
            throw new CgcException(where, showShape(dtype, t.getShape().getDimList()) + " has "
                    + Limits.show(Limits.MAX_VALUE_ELEMENTS) + " or more elements, more than cgc supports");
        }
        return new TensorType(dtype, dims);
    }

    private static long checkDim(long d, DType dtype, List<Onnx.TensorShapeProto.Dimension> shape, Where where) {
        if (d < 0) throw new CgcException(where, "negative dimension " + d + " in " + showShape(dtype, shape));
        if (d >= Limits.MAX_DIM) {
            throw new CgcException(where, "dimension " + d + " in " + showShape(dtype, shape) + " is not below the limit of "
                    + Limits.show(Limits.MAX_DIM));
        }
        return d;
    }

    /** A type as the IR text writes it, e.g. {@code f32[N,3,-1]}, with the file's dimensions as they are. */
    private static String showShape(DType dtype, List<Onnx.TensorShapeProto.Dimension> shape) {
        List<String> parts = new ArrayList<>();
        for (Onnx.TensorShapeProto.Dimension d : shape) {
            parts.add(switch (d.getValueCase()) {
                case DIM_VALUE -> Long.toString(d.getDimValue());
                case DIM_PARAM -> d.getDimParam();
                case VALUE_NOT_SET -> "?";
            });
        }
        return dtype.text() + "[" + String.join(",", parts) + "]";
    }

    private static String kindName(Onnx.TypeProto.ValueCase c) {
        return switch (c) {
            case SEQUENCE_TYPE -> "sequence";
            case MAP_TYPE -> "map";
            case OPTIONAL_TYPE -> "optional";
            case SPARSE_TENSOR_TYPE -> "sparse tensor";
            case TENSOR_TYPE -> "tensor";
            case VALUE_NOT_SET -> "none";
        };
    }

    /** The {@code TypeProto} of an IR type; the caller leaves the type out for {@link TensorType#UNKNOWN}. */
    static Onnx.TypeProto write(TensorType type) {
        Onnx.TypeProto.Tensor.Builder t = Onnx.TypeProto.Tensor.newBuilder().setElemType(type.dtype().onnxCode());
        if (type.hasRank()) {
            Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
            for (Dim d : type.dims()) {
                Onnx.TensorShapeProto.Dimension.Builder b = Onnx.TensorShapeProto.Dimension.newBuilder();
                switch (d) {
                    case Dim.Known(long size) -> b.setDimValue(size);
                    case Dim.Symbolic(String name) -> b.setDimParam(name);
                    case Dim.Unknown u -> { }
                }
                shape.addDim(b);
            }
            t.setShape(shape);
        }
        return Onnx.TypeProto.newBuilder().setTensorType(t).build();
    }
}
