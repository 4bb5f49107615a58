package cgc.diag;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a problem was found. Every field is optional; unknown ones are left out of the message, never printed as null.
 * Built fluently: {@code Where.file(p).node("Conv_17").op("Conv").input(1)}.
 */
public record Where(Path file, String node, String op, String detail, long byteOffset, int line, int column) {

    public static final Where NOWHERE = new Where(null, null, null, null, -1, -1, -1);

    public static Where file(Path file) { return NOWHERE.withFile(file); }

    public Where withFile(Path f) { return new Where(f, node, op, detail, byteOffset, line, column); }
    public Where node(String n) { return new Where(file, n, op, detail, byteOffset, line, column); }
    public Where op(String o) { return new Where(file, node, o, detail, byteOffset, line, column); }
    /** A free-form location inside the node or file, e.g. {@code input 1 "w"} or {@code attribute "pads"}. */
    public Where detail(String d) { return new Where(file, node, op, d, byteOffset, line, column); }
    public Where byteOffset(long b) { return new Where(file, node, op, detail, b, line, column); }
    public Where at(int l, int c) { return new Where(file, node, op, detail, byteOffset, l, c); }

    /** {@code net.cgir:14:9: node "Conv_17" (Conv), input 1} */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (file != null) {
            String f = file.getFileName() == null ? file.toString() : file.getFileName().toString();
            if (line >= 0) f += ":" + line + (column >= 0 ? ":" + column : "");
            parts.add(f);
        }
        if (byteOffset >= 0) parts.add("byte offset " + byteOffset);
        if (node != null || op != null) {
            String n = node == null || node.isEmpty() ? "node" : "node \"" + node + "\"";
            parts.add(op == null ? n : n + " (" + op + ")");
        }
        if (detail != null) parts.add(detail);
        return String.join(": ", parts);
    }
}
