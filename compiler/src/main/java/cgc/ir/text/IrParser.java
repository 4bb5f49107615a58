package cgc.ir.text;

import cgc.grammar.CgIrLexer;
import cgc.grammar.CgIrParser;
import cgc.ir.Model;
import java.nio.file.Path;
import java.util.function.Function;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

/**
 * Reads IR text (docs/ir-text.md) into a {@link Model}. Every problem, syntax or meaning, is a
 * {@link cgc.diag.CgcException} at {@code file:line:col} that says what was expected and what was found; the parser
 * stops at the first one.
 */
public final class IrParser {
    private IrParser() {}

    /**
     * Parses {@code text}.
     *
     * @param fileForMessages the file the text came from, named in error messages (may be a made-up name)
     * @param weights         where tensors shown by hash come from; {@link WeightsLookup#none()} when there are none
     */
    public static Model parse(String text, Path fileForMessages, WeightsLookup weights) {
        return parse(text, fileForMessages, header -> weights);
    }

    /** What the module header says about the weights file, for a caller that loads it on demand. */
    record WeightsHeader(String fileName, String sha256) {}

    /** Parses {@code text}, asking {@code weightsFor} for the tensors once the module header has been read. */
    static Model parse(String text, Path file, Function<WeightsHeader, WeightsLookup> weightsFor) {
        CgIrLexer lexer = new CgIrLexer(CharStreams.fromString(text, file.toString()));
        CgIrParser parser = new CgIrParser(new CommonTokenStream(lexer));
        new SyntaxErrors(file).install(lexer, parser);
        CgIrParser.ModuleContext tree = parser.module();
        return new ModelReader(file, weightsFor).module(tree);
    }
}
