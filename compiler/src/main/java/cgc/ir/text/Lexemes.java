package cgc.ir.text;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The spelling of names, strings and floats in the IR text, both ways. The printer and the parser share this class,
 * so that what one writes the other reads back unchanged.
 */
final class Lexemes {
    private Lexemes() {}

    /** Names of attributes, ops and symbolic dimensions print bare when they match this and are not reserved. */
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    /** Value and node names follow a sigil ({@code %}, {@code @}), so they may also start with a digit. */
    private static final Pattern SIGIL_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.]*");
    /** Words the lexer reads as keywords or literals; a name spelled like one is quoted. */
    private static final Set<String> RESERVED =
            Set.of("module", "graph", "const", "return", "opaque", "true", "false", "nan", "inf", "_");

    /** {@code %x} or {@code %"/features/0/Conv_output_0"}. */
    static String value(String name) { return "%" + sigilName(name); }

    /** {@code @Conv_17} or {@code @"/features/0/Conv"}. */
    static String nodeName(String name) { return "@" + sigilName(name); }

    private static String sigilName(String name) { return SIGIL_NAME.matcher(name).matches() ? name : quote(name); }

    /** An attribute, op or dimension name: bare when it is an identifier that is not reserved, else quoted. */
    static String ident(String name) {
        return IDENT.matcher(name).matches() && !RESERVED.contains(name) ? name : quote(name);
    }

    /**
     * A string literal. Escapes {@code \"}, {@code \\}, {@code \n}, {@code \r}, {@code \t}; other control, format,
     * separator, private-use, unassigned and lone surrogate characters as <code>&#92;u{HEX}</code>; everything else
     * stays as it is (UTF-8).
     */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (visible(cp)) b.appendCodePoint(cp);
                    else b.append("\\u{").append(Integer.toHexString(cp).toUpperCase(Locale.ROOT)).append('}');
                }
            }
        }
        return b.append('"').toString();
    }

    private static boolean visible(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.PRIVATE_USE -> false;
            default -> true;
        };
    }

    /** A malformed lexeme; {@code offset} is the index of the offending character inside the token's text. */
    static final class BadLexeme extends Exception {
        final int offset;

        BadLexeme(int offset, String message) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }

    /** The name inside a {@code %name}, {@code @name} token, or an IDENT or STRING token's text. */
    static String name(String token) throws BadLexeme {
        int start = token.startsWith("%") || token.startsWith("@") ? 1 : 0;
        return token.startsWith("\"", start) ? unquote(token, start) : token.substring(start);
    }

    /** The value of the string literal starting at {@code start} in {@code token} (which the lexer has matched). */
    static String unquote(String token, int start) throws BadLexeme {
        StringBuilder b = new StringBuilder(token.length());
        int end = token.length() - 1;                  // the closing quote
        for (int i = start + 1; i < end; i++) {
            char c = token.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = token.charAt(++i);
            switch (e) {
                case '"', '\\' -> b.append(e);
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    int close = token.indexOf('}', i);
                    if (i + 1 >= end || token.charAt(i + 1) != '{' || close < 0 || close > i + 8 || close == i + 2) {
                        throw new BadLexeme(i - 1, "malformed escape: write \\u{HEX} with 1 to 6 hex digits");
                    }
                    int cp;
                    try {
                        cp = Integer.parseInt(token, i + 2, close, 16);
                    } catch (NumberFormatException ex) {
                        throw new BadLexeme(i - 1, "malformed escape \"" + token.substring(i - 1, close + 1) + "\"");
                    }
                    if (!Character.isValidCodePoint(cp)) {
                        throw new BadLexeme(i - 1, "escape \"" + token.substring(i - 1, close + 1)
                                + "\" is not a Unicode code point");
                    }
                    b.appendCodePoint(cp);
                    i = close;
                }
                default -> throw new BadLexeme(i - 1,
                        "unknown escape \"\\" + e + "\" (known: \\\" \\\\ \\n \\r \\t \\u{HEX})");
            }
        }
        return b.toString();
    }

    /** Java's shortest round-trip form, with {@code nan}, {@code inf} and {@code -inf}: {@code 1.0}, {@code 1.0E-5}. */
    static String formatFloat(float f) {
        if (Float.isNaN(f)) return "nan";
        if (Float.isInfinite(f)) return f > 0 ? "inf" : "-inf";
        return Float.toString(f);
    }

    static String formatDouble(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        return Double.toString(d);
    }

    /** Reads a FLOAT or INT token as a float, rounding correctly; a finite literal beyond the f32 range is an error. */
    static float parseFloat(String token) throws BadLexeme {
        return switch (token) {
            case "nan" -> Float.NaN;
            case "inf" -> Float.POSITIVE_INFINITY;
            case "-inf" -> Float.NEGATIVE_INFINITY;
            default -> {
                float f = Float.parseFloat(token);
                if (Float.isInfinite(f)) throw new BadLexeme(0, token + " is beyond the range of f32");
                yield f;
            }
        };
    }

    static double parseDouble(String token) throws BadLexeme {
        return switch (token) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                double d = Double.parseDouble(token);
                if (Double.isInfinite(d)) throw new BadLexeme(0, token + " is beyond the range of f64");
                yield d;
            }
        };
    }

    /** Reads an INT token as a signed 64-bit integer. */
    static long parseLong(String token) throws BadLexeme {
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw new BadLexeme(0, token + " is beyond the range of a 64-bit integer");
        }
    }
}
