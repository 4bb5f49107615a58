package cgc.ir.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cgc.ir.Model;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The printer's exact output for hand-built models is pinned in {@code ir/roundtrip/*.cgir} (with their weights files),
 * and every {@code .cgir} under {@code ir/} outside {@code invalid/} reads back and prints to exactly its own text.
 * {@code -Dcgc.updateGoldens=true} rewrites the pinned files from the printer (in the source tree); review the diff.
 */
class GoldenIrTest {
    private static final boolean UPDATE = Boolean.getBoolean("cgc.updateGoldens");
    private static final Path SOURCE_RESOURCES = Path.of("src/test/resources");

    static Path resources() throws URISyntaxException { return Path.of(GoldenIrTest.class.getResource("/ir").toURI()); }

    @Test
    void everythingModelPrintsAsPinned() throws Exception { assertPinned("everything", TestModels.everything()); }

    @Test
    void mobilenetStartPrintsAsPinned() throws Exception { assertPinned("mobilenet_start", TestModels.mobilenetStart()); }

    private static void assertPinned(String name, Model m) throws Exception {
        Path golden = resources().resolve("roundtrip").resolve(name + ".cgir");
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            IrFiles.write(m, SOURCE_RESOURCES.resolve("ir/roundtrip").resolve(name + ".cgir"));
            IrFiles.write(m, golden);
        }
        assertEquals(Files.readString(golden), IrPrinter.print(m, name + ".cgir.weights"));
        Model back = IrFiles.read(golden);
        assertEquals(Optional.empty(), IrDiff.difference(m, back));
        assertEquals(m, back);
    }

    static Stream<String> files() throws IOException, URISyntaxException {
        Path root = resources();
        try (Stream<Path> all = Files.walk(root)) {
            List<String> found = all.filter(p -> p.toString().endsWith(".cgir"))
                    .map(p -> root.relativize(p).toString())
                    .filter(p -> !p.startsWith("invalid"))
                    .sorted().toList();
            assertFalse(found.isEmpty());
            return found.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void readsBackToTheSameText(String file) throws Exception {
        Path path = resources().resolve(file);
        String text = Files.readString(path);
        boolean hasWeights = Files.exists(IrFiles.weightsFile(path));
        Model m = IrFiles.read(path);
        assertEquals(text, IrPrinter.print(m, hasWeights ? IrFiles.weightsFile(path).getFileName().toString() : null));
    }
}
