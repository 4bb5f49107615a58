package cgc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.ir.Model;
import cgc.ir.text.IrDiff;
import cgc.ir.text.IrFiles;
import cgc.ir.text.IrPrinter;
import cgc.onnx.ImportOptions;
import cgc.onnx.OnnxImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cgc dump}, in process: stdout text, the -o pair, .cgir input, and errors that leave nothing behind. */
class DumpCommandTest {
    static final Path MODELS = Path.of("../examples/models");

    @TempDir Path dir;

    @Test
    void printsTheImportedIrToStdout() {
        Path onnx = MODELS.resolve("mlp_small.onnx");
        Cli r = Cli.run("dump", onnx.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        assertEquals(IrPrinter.print(OnnxImporter.read(onnx, ImportOptions.DEFAULT), null), r.out());
        assertTrue(r.out().contains("= Gemm(%\"/0/Flatten_output_0\", %1.weight, %1.bias)"), r.out());
    }

    @Test
    void writesTextAndWeightsThatReadBackToTheSameModel() {
        Path onnx = MODELS.resolve("squeezenet1_1.onnx");
        Path out = dir.resolve("sq.cgir");
        Cli r = Cli.run("dump", onnx.toString(), "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.out(), "nothing on stdout with -o");
        assertTrue(Files.isRegularFile(IrFiles.weightsFile(out)));
        Model imported = OnnxImporter.read(onnx, ImportOptions.DEFAULT);
        assertEquals(Optional.empty(), IrDiff.difference(imported, IrFiles.read(out)));

        // and `cgc dump FILE.cgir` prints the same IR as the ONNX file does
        Cli again = Cli.run("dump", out.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(Cli.run("dump", onnx.toString()).out(), again.out());
    }

    @Test
    void badInputIsOneLineAndLeavesNothingBehind() throws IOException {
        Path bad = Files.write(dir.resolve("bad.onnx"), new byte[] {0x0a, (byte) 0xff, 0x01});
        Path outDir = Files.createDirectories(dir.resolve("out"));
        Cli r = Cli.run("dump", bad.toString(), "-o", outDir.resolve("bad.cgir").toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.exitCode());
        assertTrue(r.firstErrorLine().startsWith("cgc: error: bad.onnx: byte offset "), r.err());
        assertEquals(1, r.err().lines().count(), "one line, no stack trace: " + r.err());
        try (Stream<Path> left = Files.list(outDir)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void aMissingFileIsBadInput() {
        Cli r = Cli.run("dump", dir.resolve("nope.onnx").toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.exitCode());
        assertEquals("cgc: error: nope.onnx: no such file", r.firstErrorLine());
    }

    @Test
    void aCgirWithASyntaxErrorNamesLineColumnAndToken() throws IOException {
        Path f = Files.writeString(dir.resolve("broken.cgir"), """
                // cgc IR 1
                module "m" {ir_version = 8, opsets = {"" = 17}}

                graph "g" (%x: f32[1,4]) -> (%y: f32[1,4]) {
                  %y = Relu(%x %x) : f32[1,4] @"r"
                  return %y
                }
                """);
        Cli r = Cli.run("dump", f.toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.exitCode());
        assertTrue(r.firstErrorLine().startsWith("cgc: error: broken.cgir:5:"), r.err());
        assertTrue(r.firstErrorLine().contains("'%x'"), r.err());
    }

    @Test
    void versionAndHelp() {
        Cli v = Cli.run("--version");
        assertEquals(0, v.exitCode());
        assertTrue(v.out().startsWith("cgc "), v.out());
        Cli h = Cli.run("help");
        assertEquals(0, h.exitCode());
        assertTrue(h.out().contains("dump"), h.out());
    }

    @Test
    void aFolderIsBadInputNotACrash() {
        Cli r = Cli.run("dump", dir.toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.exitCode());
        assertTrue(r.firstErrorLine().endsWith("is a folder, not a model file"), r.err());
    }

    @Test
    void passesDefaultPrintsTheOptimisedIr() {
        Cli r = Cli.run("dump", MODELS.resolve("mobilenet_v2.onnx").toString(), "--passes", "default");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("cgc.act = \"clip\""), "Clip fused into its Conv");
        assertTrue(!r.out().contains("= Clip(") && !r.out().contains("= Constant(") && !r.out().contains("= Shape("),
                r.out());
    }

    @Test
    void printAfterAllHeadsEachDumpWithItsPass() {
        Cli r = Cli.run("dump", MODELS.resolve("mlp_small.onnx").toString(), "--passes", "infer-shapes,fuse-activation,dce",
                "--print-after-all", "--verify-each");
        assertEquals(0, r.exitCode(), r.err());
        List<String> heads = r.out().lines().filter(l -> l.startsWith("// ----- after pass")).toList();
        assertEquals(List.of("// ----- after pass 1: infer-shapes", "// ----- after pass 2: fuse-activation",
                "// ----- after pass 3: dce"), heads);
        assertEquals(4, r.out().split("// cgc IR 1", -1).length, "three whole dumps");
    }

    @Test
    void afterPrintsOnlyThatPass() {
        Cli r = Cli.run("dump", MODELS.resolve("mlp_small.onnx").toString(), "--passes", "default", "--after", "fuse-activation");
        assertEquals(0, r.exitCode(), r.err());
        int index = cgc.passes.Pipeline.standard().indexOf("fuse-activation") + 1;
        assertEquals(List.of("// ----- after pass " + index + ": fuse-activation"),
                r.out().lines().filter(l -> l.startsWith("// -----")).toList());
        assertTrue(r.out().contains("cgc.act = \"relu\""), r.out());
    }

    @Test
    void anUnknownPassIsNamed() {
        Cli r = Cli.run("dump", MODELS.resolve("mlp_small.onnx").toString(), "--passes", "infer-shapes,fold-bm");
        assertEquals(Main.EXIT_BAD_INPUT, r.exitCode());
        assertTrue(r.firstErrorLine().startsWith("cgc: error: --passes: unknown pass \"fold-bm\""), r.err());
    }

    @Test
    void aPassBeforeItsRequirementIsRefused() {
        Cli r = Cli.run("dump", MODELS.resolve("mlp_small.onnx").toString(), "--passes", "fold-bn");
        assertEquals(Main.EXIT_BAD_INPUT, r.exitCode());
        assertTrue(r.firstErrorLine().contains("run infer-shapes first"), r.err());
    }

    @Test
    void passesListsTheDefaultPipelineInOrder() {
        Cli r = Cli.run("passes");
        assertEquals(0, r.exitCode(), r.err());
        List<String> names = r.out().lines().map(l -> l.split(" +")[0]).toList();
        assertEquals(cgc.passes.Pipeline.standard(), names);
        assertTrue(r.out().lines().allMatch(l -> l.split(" +").length > 2), "each line has a description");
    }
}
