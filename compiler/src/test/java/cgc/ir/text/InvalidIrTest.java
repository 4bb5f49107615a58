package cgc.ir.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.diag.CgcException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case in {@code ir/invalid/*.cgir} must fail with the error its annotation states, MLIR style:
 * {@code // expected-error@+1 {{unknown op "Cnov"}}} means the line below holds an error whose message contains that
 * text; {@code @+1:9} pins the column too. Cases within a file are separated by {@code // -----} lines.
 */
class InvalidIrTest {
    private static final Pattern ANNOTATION = Pattern.compile("// expected-error@([+-]\\d+)(?::(\\d+))? \\{\\{(.*)}}");

    record Case(String file, int firstLine, String text, int line, int column, String message) {
        @Override public String toString() { return file + ":" + line; }
    }

    static Stream<Case> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(InvalidIrTest.class.getResource("/ir/invalid").toURI());
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".cgir")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                int start = 0;
                for (int i = 0; i <= lines.size(); i++) {
                    if (i == lines.size() || lines.get(i).equals("// -----")) {
                        cases.add(chunk(f.getFileName().toString(), lines, start, i));
                        start = i + 1;
                    }
                }
            }
        }
        return cases.stream();
    }

    /** Lines {@code [from, to)} as a case; the lines before it stay, blank, so that line numbers match the file. */
    private static Case chunk(String file, List<String> lines, int from, int to) {
        StringBuilder text = new StringBuilder("\n".repeat(from));
        int line = -1, column = -1;
        String message = null;
        for (int i = from; i < to; i++) {
            text.append(lines.get(i)).append('\n');
            Matcher m = ANNOTATION.matcher(lines.get(i));
            if (m.find()) {
                assertTrue(message == null, file + ":" + (i + 1) + ": a case has one expected error");
                line = i + 1 + Integer.parseInt(m.group(1));
                column = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
                message = m.group(3);
            }
        }
        assertFalse(message == null, file + ":" + (from + 1) + ": case without an expected-error annotation");
        return new Case(file, from + 1, text.toString(), line, column, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsWithTheAnnotatedError(Case c) {
        CgcException e = assertThrows(CgcException.class,
                () -> IrParser.parse(c.text(), Path.of(c.file()), WeightsLookup.none()),
                c + ": expected an error");
        String where = c.file() + ":" + c.line() + (c.column() > 0 ? ":" + c.column() : "");
        String actual = e.describe();
        assertTrue(e.getMessage().contains(c.message()), "expected " + where + ": ..." + c.message() + "...\n   found " + actual);
        assertEquals(c.line(), e.where().line(), "line of " + actual);
        if (c.column() > 0) assertEquals(c.column(), e.where().column(), "column of " + actual);
        assertEquals(Path.of(c.file()), e.where().file());
    }
}
