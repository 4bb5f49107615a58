package cgc.runtime.io;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The header dictionary of an {@code .npy} file, e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}:
 * a Python literal, parsed here by a small strict recursive-descent parser (strings, booleans, integers, tuples, one
 * dict). See the NumPy "NPY format" specification ({@code numpy.lib.format}).
 *
 * @param dtype element type
 * @param order byte order of the data in the file ({@code |}, one-byte types, reads as the native order)
 * @param shape dimensions, C order
 */
record NpyHeader(DType dtype, ByteOrder order, List<Long> shape) {

    NpyHeader {
        shape = List.copyOf(shape);
    }

    /** The header text for a tensor of this type and shape, not yet padded. */
    static String format(DType dtype, long[] shape) {
        char order = dtype.byteSize() == 1 ? '|' : ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? '<' : '>';
        String dims = java.util.Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        if (shape.length == 1) dims += ",";
        return "{'descr': '" + order + dtype.npyCode() + "', 'fortran_order': False, 'shape': (" + dims + "), }";
    }

    /**
     * Parses the header text, which starts at {@code baseOffset} in the file named {@code source}.
     *
     * @throws NpyException naming the byte offset of the first thing that is wrong
     */
    static NpyHeader parse(String text, String source, long baseOffset) throws NpyException {
        Parser p = new Parser(text, source, baseOffset);
        Map<String, Object> dict = p.dict();
        p.skipSpace();
        if (p.pos != text.length()) throw p.error("unexpected text after the header dictionary");

        Object descr = p.require(dict, "descr", String.class);
        Object fortran = p.require(dict, "fortran_order", Boolean.class);
        Object shapeValue = p.require(dict, "shape", List.class);
        if (dict.size() != 3) {
            throw new NpyException(source, baseOffset, "header has unknown keys " + dict.keySet()
                    + ", expected exactly 'descr', 'fortran_order', 'shape'");
        }
        if ((Boolean) fortran) {
            throw new NpyException(source, baseOffset,
                    "Fortran-order arrays are not supported; save a C-order copy (numpy.ascontiguousarray)");
        }
        String d = (String) descr;
        ByteOrder order;
        switch (d.isEmpty() ? ' ' : d.charAt(0)) {
            case '<' -> order = ByteOrder.LITTLE_ENDIAN;
            case '>' -> order = ByteOrder.BIG_ENDIAN;
            case '|', '=' -> order = ByteOrder.nativeOrder();
            default -> throw unsupported(d, source, baseOffset);
        }
        DType dtype = DType.ofNpyCode(d.substring(1));
        if (dtype == null) throw unsupported(d, source, baseOffset);

        List<Long> shape = new ArrayList<>();
        for (Object dim : (List<?>) shapeValue) {
            if (!(dim instanceof Long n) || n < 0) {
                throw new NpyException(source, baseOffset, "shape " + shapeValue + " has a dimension that is not a natural number");
            }
            shape.add(n);
        }
        return new NpyHeader(dtype, order, shape);
    }

    private static NpyException unsupported(String descr, String source, long offset) {
        String supported = java.util.Arrays.stream(DType.values())
                .map(t -> t.npyCode() + " (" + t.name().toLowerCase() + ")").collect(Collectors.joining(", "));
        return new NpyException(source, offset, "unsupported dtype '" + descr + "'; supported: " + supported);
    }

    long[] shapeArray() {
        return shape.stream().mapToLong(Long::longValue).toArray();
    }

    /** Recursive descent over the Python literal; {@code pos} indexes {@code text}. */
    private static final class Parser {
        final String text;
        final String source;
        final long base;
        int pos;

        Parser(String text, String source, long base) {
            this.text = text;
            this.source = source;
            this.base = base;
        }

        Map<String, Object> dict() throws NpyException {
            expect('{');
            Map<String, Object> map = new LinkedHashMap<>();
            while (!peekIs('}')) {
                int keyAt = pos;
                if (!(value() instanceof String key)) throw errorAt(keyAt, "expected a string key");
                expect(':');
                if (map.put(key, value()) != null) throw errorAt(keyAt, "duplicate key '" + key + "'");
                if (!peekIs('}')) expect(',');
            }
            expect('}');
            return map;
        }

        Object value() throws NpyException {
            skipSpace();
            if (pos >= text.length()) throw error("header ends where a value was expected");
            char c = text.charAt(pos);
            if (c == '\'' || c == '"') return string(c);
            if (c == '(') return tuple();
            if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (Character.isDigit(c) || c == '-') return integer();
            throw error("unexpected character '" + c + "'");
        }

        String string(char quote) throws NpyException {
            int start = ++pos;
            while (pos < text.length() && text.charAt(pos) != quote) pos++;
            if (pos >= text.length()) throw errorAt(start - 1, "unterminated string");
            return text.substring(start, pos++);
        }

        List<Object> tuple() throws NpyException {
            expect('(');
            List<Object> items = new ArrayList<>();
            while (!peekIs(')')) {
                items.add(value());
                if (!peekIs(')')) expect(',');
            }
            expect(')');
            return items;
        }

        Long integer() throws NpyException {
            int start = pos;
            if (text.charAt(pos) == '-') pos++;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
            String digits = text.substring(start, pos);
            if (pos < text.length() && text.charAt(pos) == 'L') pos++; // Python 2 long suffix
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw errorAt(start, "bad integer '" + digits + "'");
            }
        }

        Object require(Map<String, Object> dict, String key, Class<?> type) throws NpyException {
            Object v = dict.get(key);
            if (v == null) throw new NpyException(source, base, "header has no '" + key + "' key: " + text.strip());
            if (!type.isInstance(v)) {
                throw new NpyException(source, base, "header key '" + key + "' should be a "
                        + (type == List.class ? "tuple" : type.getSimpleName().toLowerCase()) + ", found " + v);
            }
            return v;
        }

        boolean peekIs(char c) {
            skipSpace();
            return pos < text.length() && text.charAt(pos) == c;
        }

        void expect(char c) throws NpyException {
            if (!peekIs(c)) {
                throw error(pos < text.length() ? "expected '" + c + "', found '" + text.charAt(pos) + "'"
                        : "expected '" + c + "', found the end of the header");
            }
            pos++;
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
        }

        NpyException error(String what) {
            return errorAt(pos, what);
        }

        NpyException errorAt(int at, String what) {
            return new NpyException(source, base + at, "malformed header: " + what);
        }
    }
}
