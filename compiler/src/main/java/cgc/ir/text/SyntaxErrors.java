package cgc.ir.text;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.grammar.CgIrLexer;
import cgc.grammar.CgIrParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.LexerNoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Turns the first lexical or syntax error into a {@link CgcException} at its line and column that says what was
 * expected and what was found ({@code expected ')' but found '%x'}). ANTLR neither recovers nor prints anything.
 */
final class SyntaxErrors extends DefaultErrorStrategy {
    private final Path file;

    SyntaxErrors(Path file) { this.file = file; }

    /** Wires this strategy into a lexer and parser, replacing ANTLR's console listeners. */
    void install(CgIrLexer lexer, CgIrParser parser) {
        lexer.removeErrorListeners();
        lexer.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object symbol, int line, int col, String msg,
                                    RecognitionException e) {
                throw lexical((Lexer) r, line, col, e);
            }
        });
        parser.removeErrorListeners();
        parser.setErrorHandler(this);
    }

    private CgcException lexical(Lexer lexer, int line, int col, RecognitionException e) {
        CharStream in = lexer.getInputStream();
        int start = e instanceof LexerNoViableAltException nva ? nva.getStartIndex() : in.index();
        int c = charAt(in, start);
        boolean quoted = c == '"' || (c == '%' || c == '@') && charAt(in, start + 1) == '"';
        String message = quoted ? "unterminated string (a string ends on the line it starts)" : switch (c) {
            case '%' -> "expected a value name after '%', like %x or %\"a b\"";
            case '@' -> "expected a node name after '@', like @Conv_1 or @\"/features/0/Conv\"";
            case '#' -> "expected hex digits after '#', like #1a2b3c4d";
            case -1 -> "unexpected end of file";
            default -> "unexpected character " + quoteChar(c);
        };
        return new CgcException(Where.file(file).at(line, col + 1), message);
    }

    private static int charAt(CharStream in, int i) {
        return i < in.size() ? in.getText(Interval.of(i, i)).codePointAt(0) : -1;
    }

    private static String quoteChar(int c) {
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format("U+%04X", c) : "'" + Character.toString(c) + "'";
    }

    @Override
    public void reportError(Parser parser, RecognitionException e) {
        // The parser's own state, not e.getExpectedTokens(): ANTLR 4.13 may attach the state of an earlier sync point.
        throw at(e.getOffendingToken(), expectedThen(parser, parser.getExpectedTokens(), e.getOffendingToken()));
    }

    @Override
    protected void reportUnwantedToken(Parser parser) {
        throw at(parser.getCurrentToken(), expectedThen(parser, parser.getExpectedTokens(), parser.getCurrentToken()));
    }

    @Override
    protected void reportMissingToken(Parser parser) {
        throw at(parser.getCurrentToken(), expectedThen(parser, parser.getExpectedTokens(), parser.getCurrentToken()));
    }

    @Override
    public void recover(Parser parser, RecognitionException e) {
        throw new IllegalStateException("errors are reported, not recovered", e);
    }

    private CgcException at(Token t, String message) {
        return new CgcException(Where.file(file).at(t.getLine(), t.getCharPositionInLine() + 1), message);
    }

    /** Token sets larger than this are named by what they form ("an attribute value") rather than listed. */
    private static final int MAX_LISTED = 2;

    private static String expectedThen(Parser parser, IntervalSet expected, Token found) {
        String what;
        ParserRuleContext ctx = parser.getContext();
        String byRule = ctx == null ? null : RULES.get(ctx.getRuleIndex());
        if (expected == null || expected.isNil() || expected.size() > MAX_LISTED && byRule != null) {
            what = byRule != null ? byRule : "something else";
        } else {
            List<String> names = new ArrayList<>();
            for (int t : expected.toList()) names.add(tokenName(t));
            what = names.size() == 1 ? names.getFirst()
                    : names.size() == 2 ? names.get(0) + " or " + names.get(1)
                    : "one of " + String.join(", ", names);
        }
        return "expected " + what + " but found " + found(found);
    }

    private static String found(Token t) {
        if (t.getType() == Token.EOF) return "end of file";
        String text = t.getText();
        return "'" + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "'";
    }

    private static String tokenName(int type) {
        return switch (type) {
            case Token.EOF -> "end of file";
            case CgIrLexer.VALUE -> "a value like %x";
            case CgIrLexer.NODE_NAME -> "a node name like @Conv_1";
            case CgIrLexer.HASH -> "a content hash like #1a2b3c4d";
            case CgIrLexer.IDENT -> "a name";
            case CgIrLexer.STRING -> "a string";
            case CgIrLexer.INT -> "an integer";
            case CgIrLexer.FLOAT -> "a float";
            case CgIrLexer.EMPTY_LIST -> "an empty list like ints[]";
            case CgIrLexer.HEADER -> "the header '// cgc IR 1'";
            default -> CgIrParser.VOCABULARY.getLiteralName(type);
        };
    }

    /** What each rule forms, for messages where listing every token that could come next would not help. */
    private static final Map<Integer, String> RULES = Map.ofEntries(
            Map.entry(CgIrParser.RULE_module, "'module'"),
            Map.entry(CgIrParser.RULE_graph, "a statement (const, a node, or return)"),
            Map.entry(CgIrParser.RULE_statement, "a statement (const, a node, or return)"),
            Map.entry(CgIrParser.RULE_node, "the rest of the node: attributes {...}, ': types' or a node name @name"),
            Map.entry(CgIrParser.RULE_attrValue, "an attribute value"),
            Map.entry(CgIrParser.RULE_attr, "an attribute value"),
            Map.entry(CgIrParser.RULE_element, "a number, true or false"),
            Map.entry(CgIrParser.RULE_elements, "a number, true or false"),
            Map.entry(CgIrParser.RULE_type, "a type like f32[1,3]"),
            Map.entry(CgIrParser.RULE_param, "a type like f32[1,3]"),
            Map.entry(CgIrParser.RULE_dims, "a dimension: a size, a name, ? or *"),
            Map.entry(CgIrParser.RULE_dim, "a dimension: a size, a name or ?"),
            Map.entry(CgIrParser.RULE_constant, "a type like f32[1,3]"),
            Map.entry(CgIrParser.RULE_tensor, "'#hash' or values [...]"),
            Map.entry(CgIrParser.RULE_opRef, "an op name"));
}
