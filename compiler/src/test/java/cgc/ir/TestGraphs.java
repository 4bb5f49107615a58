package cgc.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Terse construction of types, attributes, nodes and models for tests. */
public final class TestGraphs {
    private TestGraphs() {}

    public static TensorType f32(long... dims) { return TensorType.of(DType.F32, dims); }
    public static TensorType i64(long... dims) { return TensorType.of(DType.I64, dims); }

    /** A type with dims given as numbers or symbol names, e.g. {@code type(F32, "N", 3, 224, 224)}. */
    public static TensorType type(DType t, Object... dims) {
        List<Dim> d = new ArrayList<>();
        for (Object o : dims) d.add(o instanceof String s ? (s.equals("?") ? Dim.UNKNOWN : Dim.symbol(s)) : Dim.of(((Number) o).longValue()));
        return new TensorType(t, d);
    }

    /** Attributes from alternating name, value pairs; values: Long/Integer, Float/Double, String, long[], float[], Weights, Graph. */
    public static Attrs attrs(Object... kv) {
        Map<String, Attr> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], attr(kv[i + 1]));
        return Attrs.of(m);
    }

    public static Attr attr(Object v) {
        return switch (v) {
            case Integer x -> Attr.of((long) x);
            case Long x -> Attr.of(x);
            case Float x -> Attr.of(x);
            case Double x -> Attr.of(x.floatValue());
            case String x -> Attr.of(x);
            case long[] x -> Attr.ints(x);
            case int[] x -> Attr.ints(Arrays.stream(x).asLongStream().toArray());
            case float[] x -> {
                List<Float> l = new ArrayList<>();
                for (float f : x) l.add(f);
                yield new Attr.Floats(l);
            }
            case String[] x -> new Attr.Strs(List.of(x));
            case Weights w -> new Attr.Tensor(w);
            case Graph g -> new Attr.GraphValue(g);
            default -> throw new IllegalArgumentException("no attribute for " + v);
        };
    }

    public static Node node(String name, OpKind op, List<String> in, List<String> out, Attrs a) {
        return new Node(name, op, in, out, a);
    }

    public static Node node(OpKind op, String in, String out, Object... attrs) {
        return new Node(out, op, List.of(in.isEmpty() ? new String[0] : in.split(",", -1)), List.of(out.split(",")), attrs(attrs));
    }

    public static Weights longs(long... v) { return Weights.ofLongs(List.of((long) v.length), v); }
    public static Weights scalar(float v) { return Weights.ofFloats(List.of(), v); }

    /** Floats 0.1 * (i % 17) - 0.5 ... of the given shape: varied, reproducible values. */
    public static Weights ramp(long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = 0.1f * ((i * 7) % 17) - 0.5f;
        return Weights.ofFloats(Arrays.stream(shape).boxed().toList(), v);
    }

    public static Weights floats(long[] shape, float... v) { return Weights.ofFloats(Arrays.stream(shape).boxed().toList(), v); }

    public static Model model(Graph g, long opset) {
        var opsets = new LinkedHashMap<String, Long>();
        opsets.put("", opset);
        return new Model(g.name(), 8, opsets, "test", g);
    }

    /** How many nodes of each op the graph has. */
    public static Map<String, Integer> opCounts(Graph g) {
        Map<String, Integer> m = new java.util.TreeMap<>();
        for (Node n : g.nodes()) m.merge(n.op().opType(), 1, Integer::sum);
        return m;
    }
}
