package cgc.ir;

import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One attribute of an op in the op table: its name, its type, its default (which may change with the opset, as
 * Softmax's {@code axis} does at 13), whether it is required, and the opsets in which it is an attribute at all
 * ({@code axes} of Squeeze is an attribute before opset 13 and an input from then on).
 *
 * @param mandatory whether a node must give the attribute
 * @param defaults opset version -> the default from that version on; empty when there is no default
 * @param since    the first opset in which the attribute exists
 * @param until    the first opset in which it no longer exists ({@link Long#MAX_VALUE}: still exists)
 */
public record AttrSpec(String name, Type type, boolean mandatory, NavigableMap<Long, Attr> defaults, long since,
                       long until) {

    /** The attribute types of ONNX's {@code AttributeProto}, as far as cgc uses them. */
    public enum Type {
        INT, FLOAT, STRING, INTS, FLOATS, STRINGS, TENSOR, GRAPH;

        public boolean matches(Attr a) {
            return switch (a) {
                case Attr.Int _ -> this == INT;
                case Attr.Float _ -> this == FLOAT;
                case Attr.Str _ -> this == STRING;
                case Attr.Ints _ -> this == INTS;
                case Attr.Floats _ -> this == FLOATS;
                case Attr.Strs _ -> this == STRINGS;
                case Attr.Tensor _ -> this == TENSOR;
                case Attr.GraphValue _ -> this == GRAPH;
                case Attr.Tensors _, Attr.Graphs _ -> false;
            };
        }

        public String text() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    public AttrSpec {
        defaults = Collections.unmodifiableNavigableMap(new TreeMap<>(defaults));
    }

    private static AttrSpec of(String name, Type type, Attr dflt) {
        TreeMap<Long, Attr> d = new TreeMap<>();
        if (dflt != null) d.put(0L, dflt);
        return new AttrSpec(name, type, false, d, 0, Long.MAX_VALUE);
    }

    public static AttrSpec i(String name, long dflt) { return of(name, Type.INT, Attr.of(dflt)); }
    public static AttrSpec i(String name) { return of(name, Type.INT, null); }
    public static AttrSpec f(String name, float dflt) { return of(name, Type.FLOAT, Attr.of(dflt)); }
    public static AttrSpec f(String name) { return of(name, Type.FLOAT, null); }
    public static AttrSpec s(String name, String dflt) { return of(name, Type.STRING, Attr.of(dflt)); }
    public static AttrSpec s(String name) { return of(name, Type.STRING, null); }
    public static AttrSpec ints(String name) { return of(name, Type.INTS, null); }
    public static AttrSpec floats(String name) { return of(name, Type.FLOATS, null); }
    public static AttrSpec strs(String name) { return of(name, Type.STRINGS, null); }
    public static AttrSpec tensor(String name) { return of(name, Type.TENSOR, null); }
    public static AttrSpec graph(String name) { return of(name, Type.GRAPH, null); }

    /** The attribute must be given. */
    public AttrSpec required() { return new AttrSpec(name, type, true, defaults, since, until); }

    /** The attribute exists only from opset {@code v} on. */
    public AttrSpec since(long v) { return new AttrSpec(name, type, mandatory, defaults, v, until); }

    /** The attribute exists only before opset {@code v} (from then on it is an input, or gone). */
    public AttrSpec until(long v) { return new AttrSpec(name, type, mandatory, defaults, since, v); }

    /** From opset {@code v} on, the default is {@code dflt}. */
    public AttrSpec defaultFrom(long v, Attr dflt) {
        TreeMap<Long, Attr> d = new TreeMap<>(defaults);
        d.put(v, dflt);
        return new AttrSpec(name, type, mandatory, d, since, until);
    }

    public boolean existsIn(long opset) { return opset >= since && opset < until; }

    /** The default in the given opset, if there is one. */
    public Optional<Attr> defaultAt(long opset) {
        var e = defaults.floorEntry(opset);
        return e == null ? Optional.empty() : Optional.of(e.getValue());
    }

    /** The attributes every heavy op may carry after {@code fuse-activation}: {@code cgc.act} and its parameters. */
    public static final List<AttrSpec> FUSED_ACTIVATION =
            List.of(s("cgc.act"), f("cgc.act_alpha"), f("cgc.act_beta"), f("cgc.act_scale"));

    /** The activations {@code cgc.act} may name. */
    public static final List<String> ACTIVATIONS =
            List.of("relu", "clip", "sigmoid", "silu", "hardswish", "hardsigmoid", "leakyrelu", "tanh", "gelu",
                    "quantize");
}
