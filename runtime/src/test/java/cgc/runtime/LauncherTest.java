package cgc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherTest {
    @Test
    void parsesTheCommandLine() {
        Launcher.Options o = Launcher.Options.parse(new String[] {"--input", "x=a.npy", "--input=mask=b.npy",
                "--output-dir", "out", "--repeat=5", "--profile", "--threads", "3", "--device", "0:0", "--input", "c.npy"});
        assertEquals(Map.of("x", Path.of("a.npy"), "mask", Path.of("b.npy"), "", Path.of("c.npy")), o.inputs);
        assertEquals(Path.of("out"), o.outputDir);
        assertEquals(5, o.repeat);
        assertEquals(3, o.threads);
        assertEquals("0:0", o.device);
        assertTrue(o.profile);
        assertFalse(Launcher.Options.parse(new String[] {"--input", "x.npy"}).profile);
    }

    @Test
    void badOptionsAreOneLineWithTheUsage() {
        assertEquals("--repeat needs a positive integer, got \"0\"",
                assertThrows(IllegalArgumentException.class, () -> Launcher.Options.parse(new String[] {"--repeat", "0"}))
                        .getMessage());
        assertEquals("unknown option --inputs; " + Launcher.USAGE, assertThrows(IllegalArgumentException.class,
                () -> Launcher.Options.parse(new String[] {"--inputs", "x"})).getMessage());
        assertEquals("--output-dir needs a value; " + Launcher.USAGE, assertThrows(IllegalArgumentException.class,
                () -> Launcher.Options.parse(new String[] {"--output-dir"})).getMessage());
    }

    @Test
    void outputFileNamesAreSafe() {
        assertEquals("_fc_Gemm_output_0", Launcher.fileName("/fc/Gemm_output_0"));
        assertEquals("logits", Launcher.fileName("logits"));
        assertEquals("_..", Launcher.fileName(".."));
        assertEquals("_", Launcher.fileName(""));
    }

    @Test
    void latencyIsMedianMinMax() {
        Launcher.Report r = new Launcher.Report(List.of(), List.of(3_000_000L, 1_000_000L, 2_000_000L, 10_000_000L), null);
        assertEquals("latency over 4 runs: median 2.500 ms, min 1.000 ms, max 10.000 ms", r.latency());
    }
}
