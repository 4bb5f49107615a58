package cgc.ir;

import java.util.List;

/** An attribute value: one record per ONNX attribute type. Lists are immutable. */
public sealed interface Attr {
    record Int(long value) implements Attr {}
    record Float(float value) implements Attr {}
    record Str(String value) implements Attr {}
    record Tensor(Weights value) implements Attr {}
    record GraphValue(Graph value) implements Attr {}
    record Ints(List<Long> values) implements Attr { public Ints { values = List.copyOf(values); } }
    record Floats(List<java.lang.Float> values) implements Attr { public Floats { values = List.copyOf(values); } }
    record Strs(List<String> values) implements Attr { public Strs { values = List.copyOf(values); } }
    record Tensors(List<Weights> values) implements Attr { public Tensors { values = List.copyOf(values); } }
    record Graphs(List<Graph> values) implements Attr { public Graphs { values = List.copyOf(values); } }

    static Attr of(long v) { return new Int(v); }
    static Attr of(float v) { return new Float(v); }
    static Attr of(String v) { return new Str(v); }
    static Attr ints(long... v) { return new Ints(java.util.Arrays.stream(v).boxed().toList()); }
}
