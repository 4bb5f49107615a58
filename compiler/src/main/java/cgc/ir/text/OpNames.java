package cgc.ir.text;

import cgc.ir.Op;
import cgc.ir.OpKind;
import cgc.ir.OpaqueOp;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * How ops are named in the text: by ONNX op_type for the default domain ({@code Conv}), qualified by domain otherwise
 * ({@code cgc.Linear}); ops outside the op table carry the keyword {@code opaque}
 * ({@code opaque com.microsoft.FusedGemm}), so a misspelt op is an error, never silently opaque.
 */
final class OpNames {
    private OpNames() {}

    /** {@code Conv}, {@code cgc.Linear}, {@code opaque com.microsoft.FusedGemm}. */
    static String print(Op op) {
        String name = Lexemes.ident(qualified(op.domain(), op.opType()));
        return op instanceof OpaqueOp ? "opaque " + name : name;
    }

    static String qualified(String domain, String opType) { return domain.isEmpty() ? opType : domain + "." + opType; }

    /** The domain of a qualified name: everything before the last dot ({@code ""} when there is none). */
    static String domain(String qualified) {
        int dot = qualified.lastIndexOf('.');
        return dot < 0 ? "" : qualified.substring(0, dot);
    }

    static String opType(String qualified) { return qualified.substring(qualified.lastIndexOf('.') + 1); }

    /** The op table entry whose domain and op_type match the qualified name. */
    static Optional<OpKind> lookup(String qualified) {
        String domain = domain(qualified);
        String opType = opType(qualified);
        return Arrays.stream(OpKind.values())
                .filter(k -> k.domain().equals(domain) && k.opType().equals(opType))
                .findFirst();
    }

    /**
     * The known op closest in spelling to {@code name}, if one is close enough to be a likely typo; a name written
     * without a domain may match an op's name alone ({@code Linear} suggests {@code cgc.Linear}).
     */
    static Optional<String> suggest(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        // the limit from the op's own name: a domain both share ("com.microsoft.") is no sign of a typo
        int limit = Math.max(1, Math.min(3, (name.length() - name.lastIndexOf('.') - 1) / 3));
        return Arrays.stream(OpKind.values())
                .map(k -> {
                    String known = qualified(k.domain(), k.opType());
                    int d = distance(lower, known.toLowerCase(Locale.ROOT));
                    if (!name.contains(".")) d = Math.min(d, distance(lower, k.opType().toLowerCase(Locale.ROOT)));
                    return new Scored(known, d);
                })
                .filter(s -> s.distance <= limit)
                .min(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .map(Scored::name);
    }

    private record Scored(String name, int distance) {}

    /** Edit distance: insertions, deletions, substitutions and swaps of neighbours ("Cnov" is 1 from "Conv"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
