package cgc.ir.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cgc.ir.Model;
import cgc.onnx.ImportOptions;
import cgc.onnx.OnnxImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The round trip of issue 3 on every real model: {@code print(parse(print(import(m)))) == print(import(m))} byte for
 * byte, and the reparsed graph with its weights (through the .cgir + .weights pair) is the same graph.
 */
class ExampleModelsRoundTripTest {
    @TempDir Path dir;

    static Stream<Path> models() throws IOException {
        return Files.list(Path.of("../examples/models")).filter(p -> p.toString().endsWith(".onnx")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void textAndWeightsRoundTrip(Path onnx) {
        Model imported = OnnxImporter.read(onnx, ImportOptions.DEFAULT);
        Path cgir = dir.resolve(onnx.getFileName().toString().replace(".onnx", ".cgir"));
        IrFiles.write(imported, cgir);
        Model reread = IrFiles.read(cgir);

        assertEquals(Optional.empty(), IrDiff.difference(imported, reread));
        String text = IrPrinter.print(imported, IrFiles.weightsFile(cgir).getFileName().toString());
        assertEquals(text, IrPrinter.print(reread, IrFiles.weightsFile(cgir).getFileName().toString()));
        assertEquals(text, IrPrinter.print(IrParser.parse(text, cgir, weightsOf(imported)), IrFiles.weightsFile(cgir).getFileName().toString()));
    }

    private static WeightsLookup weightsOf(Model m) {
        return WeightsLookup.of(m.graph().constants().values());
    }
}
