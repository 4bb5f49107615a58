package cgc.ir;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A node's attributes, kept sorted by name so that printing is canonical. Immutable; {@link #with} and
 * {@link #without} return new instances. Typed getters take the default the op table gives when absent.
 */
public final class Attrs {
    public static final Attrs EMPTY = new Attrs(new TreeMap<>());

    private final SortedMap<String, Attr> map;

    private Attrs(SortedMap<String, Attr> map) { this.map = Collections.unmodifiableSortedMap(map); }

    public static Attrs of(Map<String, Attr> attrs) { return new Attrs(new TreeMap<>(attrs)); }

    public Attrs with(String name, Attr value) {
        TreeMap<String, Attr> m = new TreeMap<>(map);
        m.put(name, value);
        return new Attrs(m);
    }

    public Attrs without(String name) {
        if (!map.containsKey(name)) return this;
        TreeMap<String, Attr> m = new TreeMap<>(map);
        m.remove(name);
        return new Attrs(m);
    }

    public SortedMap<String, Attr> asMap() { return map; }
    public boolean has(String name) { return map.containsKey(name); }
    public Optional<Attr> get(String name) { return Optional.ofNullable(map.get(name)); }
    public boolean isEmpty() { return map.isEmpty(); }

    public long getInt(String name, long dflt) {
        return map.get(name) instanceof Attr.Int(long v) ? v : dflt;
    }

    public float getFloat(String name, float dflt) {
        return map.get(name) instanceof Attr.Float(float v) ? v : dflt;
    }

    public String getString(String name, String dflt) {
        return map.get(name) instanceof Attr.Str(String v) ? v : dflt;
    }

    public List<Long> getInts(String name, List<Long> dflt) {
        return map.get(name) instanceof Attr.Ints(List<Long> v) ? v : dflt;
    }

    public List<java.lang.Float> getFloats(String name, List<java.lang.Float> dflt) {
        return map.get(name) instanceof Attr.Floats(List<java.lang.Float> v) ? v : dflt;
    }

    public Optional<Weights> getTensor(String name) {
        return map.get(name) instanceof Attr.Tensor(Weights w) ? Optional.of(w) : Optional.empty();
    }

    public Optional<Graph> getGraph(String name) {
        return map.get(name) instanceof Attr.GraphValue(Graph g) ? Optional.of(g) : Optional.empty();
    }

    @Override public boolean equals(Object o) { return o instanceof Attrs a && map.equals(a.map); }
    @Override public int hashCode() { return map.hashCode(); }
    @Override public String toString() { return map.toString(); }
}
