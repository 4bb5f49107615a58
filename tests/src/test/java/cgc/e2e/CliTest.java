package cgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.cli.Main;
import cgc.runtime.PlanFormat;
import cgc.runtime.RuntimeVersion;
import cgc.runtime.io.DType;
import cgc.runtime.io.Npy;
import cgc.runtime.io.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cgc compile} and {@code cgc run} in process: the summary, and one clear line for each kind of bad input. */
class CliTest {
    @TempDir Path dir;

    record Result(int code, String out, String err) {
        String firstErr() { return err.lines().findFirst().orElse(""); }
    }

    static Result cgc(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void compilePrintsAOneScreenSummary() {
        Path jar = dir.resolve("m.plan.jar");
        Result r = cgc("compile", Models.onnx("mlp_small").toString(), "-o", jar.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.getFirst().startsWith("compiled mlp_small.onnx -> " + jar + " in "), r.out());
        assertTrue(lines.contains("  layers     3 (from 6 ONNX nodes): 3 on the CPU, 0 on the GPU"), r.out());
        assertTrue(lines.contains("  weights    2.6 MiB in 6 tensors"), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("  arena      .* for .* of activations \\(saves \\d+%\\)")), r.out());
        assertTrue(lines.size() < 25, "fits on one screen: " + r.out());
        assertTrue(Files.isRegularFile(jar));
    }

    @Test
    void aFailedCompileLeavesNoFileBehind() throws IOException {
        Path bad = dir.resolve("bad.onnx");
        Files.write(bad, new byte[] {8, 7, 0x12, (byte) 0xff, 1});
        Result r = cgc("compile", bad.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.firstErr().startsWith("cgc: error: bad.onnx"), r.err());
        try (var s = Files.list(dir)) {
            assertEquals(List.of(bad), s.toList(), "nothing but the model");
        }
    }

    @Test
    void runsAnOnnxModelDirectlyAndReportsLatency() throws IOException {
        Path out = dir.resolve("out");
        Result r = cgc("run", Models.onnx("mlp_small").toString(), "--input", "input=" + Models.goldenInput("mlp_small"),
                "--output-dir", out.toString(), "--repeat", "3", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("latency over 3 runs: median "), r.out());
        Compare.close("cgc run mlp_small.onnx", Compare.of(Npy.read(Models.goldenOutput("mlp_small"))),
                Npy.read(out.resolve("output.npy")));
    }

    @Test
    void profilesTheStepsOfAPlan() {
        Result r = cgc("run", Models.jar("mlp_small", "cpu").toString(), "--input",
                "input=" + Models.goldenInput("mlp_small"), "--output-dir", dir.resolve("profiled").toString(),
                "--repeat", "4", "--profile", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("latency over 4 runs: median "), r.out());
        assertTrue(lines.get(1).startsWith("median time per step over 3 runs ("), r.out());
        assertEquals("        us  share  step", lines.get(2), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches(" +[0-9.]+ +[0-9.]+%  .+ \\((Gemm|MatMul), cpu\\)")), r.out());
    }

    @Test
    void wrongInputNameShapeOrTypeIsOneLine() throws IOException {
        String jar = Models.jar("mlp_small", "cpu").toString();
        String golden = Models.goldenInput("mlp_small").toString();
        assertEquals("cgc: error: mlp_small.cpu.plan.jar: unknown input \"pixels\"; mlp_small takes \"input\" float32[1,1,28,28]",
                run(jar, "--input", "pixels=" + golden).firstErr());
        Path wrongShape = dir.resolve("shape.npy");
        Npy.write(wrongShape, Tensor.ofFloats(new float[6], 2, 3));
        assertEquals("cgc: error: mlp_small.cpu.plan.jar: input \"input\": expected float32[1,1,28,28], got float32[2,3]",
                run(jar, "--input", "input=" + wrongShape).firstErr());
        Path wrongType = dir.resolve("type.npy");
        Npy.write(wrongType, Tensor.allocate(DType.INT64, 1, 1, 28, 28));
        assertEquals("cgc: error: mlp_small.cpu.plan.jar: input \"input\": expected float32[1,1,28,28], got int64[1,1,28,28]",
                run(jar, "--input", "input=" + wrongType).firstErr());
        assertEquals("cgc: error: mlp_small.cpu.plan.jar: missing input \"input\" (float32[1,1,28,28]): give it with "
                + "--input input=FILE.npy", run(jar).firstErr());
    }

    @Test
    void aPlanWithGpuLayersNeedsAnOpenClDevice() {
        Result r = run(Models.jar("mlp_small", "gpu").toString(), "--input", Models.goldenInput("mlp_small").toString(),
                "--device", "cpu-only");
        assertEquals("cgc: error: mlp_small.gpu.plan.jar: plan mlp_small runs 3 kernels on the GPU, but there is no "
                + "OpenCL device: requested with \"cpu-only\"", r.firstErr());
    }

    @Test
    void aCorruptedPlanJarOrOneOfAnotherVersionIsOneLine() throws IOException {
        Path corrupt = rewrite(dir.resolve("corrupt.plan.jar"), w -> {
            w[100] ^= 0x40;
            return w;
        }, m -> m);
        Result r = run(corrupt.toString(), "--input", Models.goldenInput("mlp_small").toString());
        assertTrue(r.firstErr().startsWith("cgc: error: corrupt.plan.jar: corrupt.plan.jar!/cgc/weights.bin is corrupted: "
                + "checksum mismatch"), r.err());

        Path old = rewrite(dir.resolve("old.plan.jar"), w -> w, m -> {
            m.getMainAttributes().putValue(PlanFormat.VERSION_ATTRIBUTE, "0.0.9");
            return m;
        });
        assertEquals("cgc: error: old.plan.jar: old.plan.jar was built by cgc 0.0.9, but this runtime is cgc "
                + RuntimeVersion.CURRENT + "; compile the model again with this version",
                run(old.toString(), "--input", Models.goldenInput("mlp_small").toString()).firstErr());
        assertFalse(Files.exists(dir.resolve("output.npy")));
    }

    private Result run(String jar, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "run";
        all[1] = jar;
        System.arraycopy(args, 0, all, 2, args.length);
        all[args.length + 2] = "--output-dir";
        all[args.length + 3] = dir.toString();
        Result r = cgc(all);
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        return r;
    }

    private static Path rewrite(Path to, UnaryOperator<byte[]> weights, UnaryOperator<Manifest> manifest) throws IOException {
        try (JarFile src = new JarFile(Models.jar("mlp_small", "cpu").toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(to), manifest.apply(src.getManifest()))) {
            for (JarEntry e : src.stream().toList()) {
                if (e.getName().equals(JarFile.MANIFEST_NAME) || e.getName().equals("META-INF/")) continue;
                out.putNextEntry(new JarEntry(e.getName()));
                try (InputStream in = src.getInputStream(e)) {
                    byte[] b = in.readAllBytes();
                    out.write(e.getName().equals(PlanFormat.WEIGHTS) ? weights.apply(b) : b);
                }
                out.closeEntry();
            }
        }
        return to;
    }
}
