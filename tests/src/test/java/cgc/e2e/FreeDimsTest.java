package cgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cgc.onnx.OrtRunner;
import cgc.onnx.proto.Onnx;
import cgc.runtime.Plan;
import cgc.runtime.Session;
import cgc.runtime.device.CpuOnlyDevice;
import cgc.runtime.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model exported with a free batch dim (the usual {@code dynamic_axes} export): compiled for the size given with
 * {@code --dim} or {@code --input-shape}, or by {@code cgc run} for the arrays at hand, and checked against ONNX
 * Runtime at that size; without a size, one line that says how to give it.
 */
class FreeDimsTest {
    @TempDir Path dir;
    Path model;

    /** mlp_small with its input's and output's first dim made the symbolic "batch". */
    @BeforeEach
    void freeBatch() throws IOException {
        Onnx.ModelProto m = Onnx.ModelProto.parseFrom(Files.readAllBytes(Models.onnx("mlp_small")));
        Onnx.GraphProto.Builder g = m.getGraph().toBuilder();
        for (Onnx.ValueInfoProto.Builder v : java.util.List.of(g.getInputBuilder(0), g.getOutputBuilder(0))) {
            v.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(0).clearDimValue().setDimParam("batch");
        }
        model = Files.write(dir.resolve("mlp_dynamic.onnx"), m.toBuilder().setGraph(g).build().toByteArray());
    }

    @Test
    void aFreeDimWithoutASizeIsOneLineThatSaysHowToGiveIt() {
        CliTest.Result r = CliTest.cgc("compile", model.toString(), "-o", dir.resolve("x.jar").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("cgc: error: mlp_dynamic.onnx: a plan is compiled for one input shape, and input \"input\" "
                + "f32[batch,1,28,28] has free dimensions: give their sizes with --dim batch=SIZE (or --input-shape "
                + "NAME=D,D,...)", r.firstErr());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void compiledForTheSizeGivenMatchesOnnxRuntime() throws IOException {
        for (String[] option : new String[][] {{"--dim", "batch=3"}, {"--input-shape", "input=3,1,28,28"}}) {
            Path jar = dir.resolve("b3.plan.jar");
            CliTest.Result r = CliTest.cgc("compile", model.toString(), "-o", jar.toString(), option[0], option[1]);
            assertEquals(0, r.code(), r.err());
            try (Plan p = Plan.load(jar); Session s = p.open(new CpuOnlyDevice("test"), 2)) {
                assertEquals("[3, 1, 28, 28]", java.util.Arrays.toString(p.inputs().getFirst().dims()));
                OrtRunner.Tensor x = OrtRunner.Tensor.random(11, 3, 1, 28, 28);
                var expected = OrtRunner.run(model, Map.of("input", x));
                var actual = s.run(Map.of("input", Compare.of(x)));
                Compare.close("batch 3 by " + option[0], expected.get("output"), actual.get("output"));
            }
        }
    }

    @Test
    void runCompilesForTheShapesOfTheArraysGiven() throws IOException {
        OrtRunner.Tensor x = OrtRunner.Tensor.random(12, 2, 1, 28, 28);
        Path in = dir.resolve("x.npy");
        Npy.write(in, Compare.of(x));
        Path out = dir.resolve("out");
        CliTest.Result r = CliTest.cgc("run", model.toString(), "--input", "input=" + in, "--output-dir",
                out.toString(), "--threads", "1");
        assertEquals(0, r.code(), r.err());
        Compare.close("cgc run at batch 2", OrtRunner.run(model, Map.of("input", x)).get("output"),
                Npy.read(out.resolve("output.npy")));
    }

    @Test
    void sizesThatDoNotFitTheModelAreOneLine() {
        String jar = dir.resolve("y.jar").toString();
        assertEquals("cgc: error: mlp_dynamic.onnx: dim nope: no input of the model has a dimension named \"nope\" "
                + "(theirs: batch)", CliTest.cgc("compile", model.toString(), "-o", jar, "--dim", "nope=1").firstErr());
        assertEquals("cgc: error: mlp_dynamic.onnx: input shape of \"input\": the model declares f32[batch,1,28,28], "
                + "of rank 4; the shape given has rank 2", CliTest.cgc("compile", model.toString(), "-o", jar,
                "--input-shape", "input=3,784").firstErr());
        assertEquals("cgc: error: mlp_dynamic.onnx: input shape of \"input\": dimension 1 is fixed at 1 in "
                + "f32[batch,1,28,28], the shape given has 2", CliTest.cgc("compile", model.toString(), "-o", jar,
                "--input-shape", "input=3,2,28,28").firstErr());
        assertEquals("cgc: error: mlp_dynamic.onnx: input shape of \"pixels\": the model has no input \"pixels\" (its "
                + "inputs: input)", CliTest.cgc("compile", model.toString(), "-o", jar, "--input-shape",
                "pixels=1,1,28,28").firstErr());
        assertEquals("cgc: error: dim batch: a size must be at least 1 and below 2^40, got 0",
                CliTest.cgc("compile", model.toString(), "-o", jar, "--dim", "batch=0").firstErr());
        assertEquals("cgc: error: --dim batch: expected NAME=SIZE, as in N=1",
                CliTest.cgc("compile", model.toString(), "-o", jar, "--dim", "batch").firstErr());
    }
}
