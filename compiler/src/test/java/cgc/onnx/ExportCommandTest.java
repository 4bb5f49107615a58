package cgc.onnx;

import static cgc.onnx.TestModels.FLOAT;
import static cgc.onnx.TestModels.model;
import static cgc.onnx.TestModels.node;
import static cgc.onnx.TestModels.reluGraph;
import static cgc.onnx.TestModels.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.cli.Main;
import cgc.onnx.proto.Onnx;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cgc export}, run in process: exit code, first line of stderr, and never a file left behind on failure. */
class ExportCommandTest {
    @TempDir Path dir;

    record Run(int exitCode, String out, String err) {
        String firstErrorLine() { return err.lines().findFirst().orElse(""); }
    }

    private static Run cgc(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Exports {@code bad} and checks that it fails with exit code 2, and that the output folder stays empty. */
    private Run exportFails(Path bad) throws IOException {
        Path outDir = Files.createDirectories(dir.resolve("out"));
        Run r = cgc("export", bad.toString(), "-o", outDir.resolve("result.onnx").toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.exitCode(), r.err());
        try (Stream<Path> left = Files.list(outDir)) {
            assertEquals(List.of(), left.toList(), "nothing is left behind");
        }
        return r;
    }

    @Test
    void exportsAModelThatImportsBackEqual() {
        Path in = ExampleModelsImportTest.MODELS.resolve("mlp_small.onnx");
        Path out = dir.resolve("mlp.onnx");
        Run r = cgc("export", in.toString(), "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.out());
        assertEquals("", r.err(), "quiet unless --verbose");
        assertEquals(OnnxImporter.read(in, ImportOptions.DEFAULT).graph(), OnnxImporter.read(out, ImportOptions.DEFAULT).graph());
    }

    @Test
    void verboseSaysWhatWasWritten() {
        Path out = dir.resolve("mlp.onnx");
        Run r = cgc("export", "-v", ExampleModelsImportTest.MODELS.resolve("mlp_small.onnx").toString(), "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.firstErrorLine().startsWith("cgc: wrote " + out + " (6 nodes, "), r.err());
    }

    @Test
    void truncatedModel() throws IOException {
        byte[] whole = TestModels.small().toByteArray();
        Path bad = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(whole, whole.length / 2));
        Run r = exportFails(bad);
        assertTrue(r.firstErrorLine().matches("cgc: error: cut\\.onnx: byte offset \\d+: malformed protobuf \\(truncated\\?"
                + " the message here runs past the end of the file, " + whole.length / 2 + " bytes\\)"), r.err());
    }

    @Test
    void unknownOp() throws IOException {
        Path bad = TestModels.write(dir, "m.onnx", model(17, reluGraph().setNode(0,
                node("n3", "FooBar", List.of("x"), List.of("y")))));
        assertEquals("cgc: error: m.onnx: node \"n3\" (FooBar): unknown op \"FooBar\" in opset ai.onnx 17 (pass"
                + " --allow-unknown-ops to keep it as an opaque op)", exportFails(bad).firstErrorLine());

        Path out = dir.resolve("kept.onnx");
        Run r = cgc("export", "--allow-unknown-ops", bad.toString(), "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.exists(out));
    }

    @Test
    void externalDataLeavingTheModelDirectory() throws IOException {
        Onnx.TensorProto w = Onnx.TensorProto.newBuilder().setName("w").setDataType(FLOAT).addDims(2)
                .setDataLocation(Onnx.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(Onnx.StringStringEntryProto.newBuilder().setKey("location").setValue("../x.bin"))
                .build();
        Path bad = TestModels.write(dir, "m.onnx", model(17, reluGraph().addInitializer(w)));
        assertEquals("cgc: error: m.onnx: initializer \"w\": external data location \"../x.bin\" leaves the model"
                + " directory", exportFails(bad).firstErrorLine());
    }

    @Test
    void dimensionOf2To40() throws IOException {
        Path bad = TestModels.write(dir, "m.onnx", model(17, reluGraph().setInput(0, value("x", FLOAT, 1L << 40, 4))));
        assertEquals("cgc: error: m.onnx: graph input \"x\": dimension 1099511627776 in f32[1099511627776,4] is not"
                + " below the limit of 2^40", exportFails(bad).firstErrorLine());
    }

    @Test
    void missingOutputOptionIsAUsageError() {
        Run r = cgc("export", ExampleModelsImportTest.MODELS.resolve("mlp_small.onnx").toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.exitCode());
        assertEquals("cgc: error: Missing required option: '--output=OUT.onnx'", r.firstErrorLine());
    }
}
