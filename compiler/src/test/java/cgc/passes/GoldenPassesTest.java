package cgc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cgc.diag.CgcException;
import cgc.ir.Model;
import cgc.ir.text.IrParser;
import cgc.ir.text.IrPrinter;
import cgc.ir.text.WeightsLookup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden IR tests of the passes, in the manner of MLIR's FileCheck tests. Each file under
 * {@code src/test/resources/passes/<pass>/} starts with {@code // RUN: pass[,pass...]}; cases are separated by
 * {@code // -----}. A case is IR text followed by one of:
 * <ul>
 * <li>{@code // EXPECT:} and the exact text the printer gives after the pipeline ({@code -Dcgc.updateGoldens=true}
 *     rewrites these blocks; review the diff like code);
 * <li>{@code // CHECK: text} lines, each found in the output after the previous one, and {@code // CHECK-NOT: text}
 *     lines, not found between the CHECKs around them;
 * <li>{@code // ERROR: text}: the pipeline fails with a message containing the text.
 * </ul>
 * The verifier runs after every pass, and the printed result must read back as itself.
 */
class GoldenPassesTest {
    static final Path ROOT = Path.of("src/test/resources/passes");
    static final String SEPARATOR = "// -----\n";
    static final String EXPECT = "// EXPECT:\n";
    static final boolean UPDATE = Boolean.getBoolean("cgc.updateGoldens");

    @TestFactory
    Stream<DynamicTest> goldens() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(ROOT)) {
            files = s.filter(p -> p.toString().endsWith(".cgir")).sorted().toList();
        }
        assertTrue(files.size() >= 8, "golden files found under " + ROOT.toAbsolutePath() + ": " + files);
        return files.stream().flatMap(GoldenPassesTest::cases);
    }

    private static Stream<DynamicTest> cases(Path file) {
        String text = read(file);
        String firstLine = text.substring(0, text.indexOf('\n'));
        if (!firstLine.startsWith("// RUN: ")) fail(file + ": expected a first line \"// RUN: pass[,pass...]\", got \"" + firstLine + "\"");
        String pipeline = firstLine.substring("// RUN: ".length()).strip();
        List<String> cases = List.of(text.substring(firstLine.length() + 1).split(SEPARATOR, -1));
        List<String> updated = new ArrayList<>(cases);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            int index = i;
            String name = ROOT.relativize(file) + " case " + (i + 1);
            tests.add(DynamicTest.dynamicTest(name, () -> {
                updated.set(index, check(file, index + 1, pipeline, cases.get(index)));
                if (UPDATE && index == cases.size() - 1) {
                    Files.writeString(file, firstLine + "\n" + String.join(SEPARATOR, updated));
                }
            }));
        }
        return tests.stream();
    }

    /** Runs one case; returns its text with the EXPECT block as the printer now gives it. */
    private static String check(Path file, int index, String pipeline, String caseText) {
        int at = caseText.indexOf(EXPECT);
        String input = at < 0 ? caseText : caseText.substring(0, at);
        List<String> directives = input.lines().map(String::strip)
                .filter(l -> l.startsWith("// CHECK:") || l.startsWith("// CHECK-NOT:") || l.startsWith("// ERROR:")).toList();
        String where = file.getFileName() + " case " + index;
        Model in = IrParser.parse(input, file, WeightsLookup.none());
        Model out;
        try {
            out = PassManager.of(pipeline).verifyEach(true).run(in);
        } catch (CgcException e) {
            String error = directives.stream().filter(d -> d.startsWith("// ERROR:")).findFirst()
                    .orElseThrow(() -> new AssertionError(where + ": " + e.describe(), e));
            String want = error.substring("// ERROR:".length()).strip();
            assertTrue(e.describe().contains(want), where + ": expected an error containing \"" + want + "\", got \"" + e.describe() + "\"");
            return caseText;
        }
        String printed = IrPrinter.print(out, null);
        Model reparsed = IrParser.parse(printed, file, WeightsLookup.of(constants(out.graph())));
        assertEquals(printed, IrPrinter.print(reparsed, null), where + ": the pass's output does not read back as itself");
        if (directives.stream().anyMatch(d -> d.startsWith("// ERROR:"))) fail(where + ": expected an error, the pipeline succeeded:\n" + printed);
        checkDirectives(where, directives, printed);
        if (at < 0) {
            if (directives.isEmpty()) fail(where + ": no EXPECT block and no CHECK lines: the case checks nothing");
            return caseText;
        }
        String expected = caseText.substring(at + EXPECT.length());
        if (!UPDATE) assertEquals(expected.strip(), printed.strip(), where + " (rerun with -Dcgc.updateGoldens=true to rewrite)");
        return caseText.substring(0, at) + EXPECT + printed + (caseText.endsWith("\n\n") ? "\n" : "");
    }

    private static List<cgc.ir.Weights> constants(cgc.ir.Graph g) {
        List<cgc.ir.Weights> all = new ArrayList<>(g.constants().values());
        for (cgc.ir.Node n : g.nodes()) {
            for (cgc.ir.Attr a : n.attrs().asMap().values()) {
                if (a instanceof cgc.ir.Attr.GraphValue(cgc.ir.Graph sub)) all.addAll(constants(sub));
            }
        }
        return all;
    }

    /** CHECK lines match in order; a CHECK-NOT must not match between the CHECKs around it. */
    private static void checkDirectives(String where, List<String> directives, String printed) {
        int pos = 0;
        List<String> pendingNot = new ArrayList<>();
        for (String d : directives) {
            if (d.startsWith("// CHECK-NOT:")) {
                pendingNot.add(d.substring("// CHECK-NOT:".length()).strip());
            } else if (d.startsWith("// CHECK:")) {
                String want = d.substring("// CHECK:".length()).strip();
                int found = printed.indexOf(want, pos);
                if (found < 0) fail(where + ": CHECK not found after offset " + pos + ": \"" + want + "\" in\n" + printed);
                assertAbsent(where, pendingNot, printed.substring(pos, found), printed);
                pendingNot.clear();
                pos = found + want.length();
            }
        }
        assertAbsent(where, pendingNot, printed.substring(pos), printed);
    }

    private static void assertAbsent(String where, List<String> nots, String region, String printed) {
        for (String n : nots) if (region.contains(n)) fail(where + ": CHECK-NOT found: \"" + n + "\" in\n" + printed);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
