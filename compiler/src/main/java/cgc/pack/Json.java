package cgc.pack;

import java.util.List;
import java.util.Map;

/**
 * A small JSON writer for {@code plan.json}: maps (in their iteration order), lists, strings, numbers, booleans and
 * null, pretty-printed with two spaces, one key per line, short lists of numbers on one line.
 */
final class Json {
    private Json() {}

    static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value, "");
        return b.append('\n').toString();
    }

    private static void write(StringBuilder b, Object v, String indent) {
        switch (v) {
            case null -> b.append("null");
            case String s -> quote(b, s);
            case Boolean x -> b.append(x);
            case Double d -> b.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
            case Float f -> write(b, (double) f, indent);
            case Number n -> b.append(n);
            case Map<?, ?> m -> {
                if (m.isEmpty()) {
                    b.append("{}");
                    return;
                }
                b.append("{\n");
                String inner = indent + "  ";
                int i = 0;
                for (var e : m.entrySet()) {
                    b.append(inner);
                    quote(b, String.valueOf(e.getKey()));
                    b.append(": ");
                    write(b, e.getValue(), inner);
                    b.append(++i < m.size() ? ",\n" : "\n");
                }
                b.append(indent).append('}');
            }
            case List<?> l -> {
                if (l.stream().allMatch(x -> x instanceof Number)) {
                    b.append('[');
                    for (int i = 0; i < l.size(); i++) b.append(i > 0 ? ", " : "").append(l.get(i));
                    b.append(']');
                    return;
                }
                b.append("[\n");
                String inner = indent + "  ";
                for (int i = 0; i < l.size(); i++) {
                    b.append(inner);
                    write(b, l.get(i), inner);
                    b.append(i + 1 < l.size() ? ",\n" : "\n");
                }
                b.append(indent).append(']');
            }
            default -> throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
        }
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append("\\u%04x".formatted((int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }
}
