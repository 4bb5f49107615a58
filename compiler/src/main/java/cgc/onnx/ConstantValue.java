package cgc.onnx;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.Weights;
import java.util.List;
import java.util.Set;

/**
 * The value of a {@code Constant} node, which ONNX lets a file give in one of several attributes ({@code value},
 * {@code value_float(s)}, {@code value_int(s)}, {@code value_string(s)}, {@code sparse_value}). Numeric forms are
 * normalised to a {@code value} tensor, so passes see one form; strings have no tensor form in cgc and stay as given.
 */
final class ConstantValue {
    private static final Set<String> VALUE_ATTRS = Set.of("value", "value_float", "value_floats", "value_int",
            "value_ints", "value_string", "value_strings", "sparse_value");

    private ConstantValue() {}

    static Attrs normalise(Attrs attrs, Where where) {
        List<String> given = attrs.asMap().keySet().stream().filter(VALUE_ATTRS::contains).toList();
        if (given.size() != 1) {
            throw new CgcException(where, "Constant needs exactly one of value, value_float(s), value_int(s),"
                    + " value_string(s), found " + (given.isEmpty() ? "none" : String.join(", ", given)));
        }
        String name = given.getFirst();
        Attr value = attrs.get(name).orElseThrow();
        Weights tensor = switch (value) {
            case Attr.Tensor(Weights w) when name.equals("value") -> w;
            case Attr.Float(float f) when name.equals("value_float") -> Weights.ofFloats(List.of(), f);
            case Attr.Floats(List<Float> fs) when name.equals("value_floats") ->
                    Weights.ofFloats(List.of((long) fs.size()), toFloatArray(fs));
            case Attr.Int(long i) when name.equals("value_int") -> Weights.ofLongs(List.of(), i);
            case Attr.Ints(List<Long> is) when name.equals("value_ints") ->
                    Weights.ofLongs(List.of((long) is.size()), is.stream().mapToLong(Long::longValue).toArray());
            case Attr.Str s when name.equals("value_string") -> null;
            case Attr.Strs s when name.equals("value_strings") -> null;
            default -> throw new CgcException(where.detail("attribute \"" + name + "\""),
                    "attribute has the wrong type for a Constant's " + name);
        };
        return tensor == null ? attrs : attrs.without(name).with("value", new Attr.Tensor(tensor));
    }

    private static float[] toFloatArray(List<Float> fs) {
        float[] out = new float[fs.size()];
        for (int i = 0; i < out.length; i++) out[i] = fs.get(i);
        return out;
    }
}
