package cgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.runtime.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A plan jar that another test compiled, run by {@code java -jar} in a process of its own: with nothing on the class
 * path but the jar, and the JVM of this test (so the same JDK 25), with and without the Vector API module. Without
 * it the launcher starts itself again with the module (and libjsig preloaded); with {@code -Dcgc.relaunch=false} it
 * runs on, on the scalar path, and says so.
 */
class PlanJarProcessTest {
    @ParameterizedTest(name = "{0} --placement {1}, vector API {2}, relaunch {3}")
    @CsvSource({"encoder2, cpu, false, false", "mlp_small, gpu, false, true", "squeezenet1_1, cpu, true, true",
            "mobilenet_v2, gpu, true, true"})
    void runsWithJavaDashJar(String model, String placement, boolean vector, boolean relaunch) throws Exception {
        Models.assumeDeviceFor(placement);
        Path jar = Models.jar(model, placement);
        Path out = Files.createTempDirectory(Models.scratch(), model + "-out");
        List<String> cmd = new ArrayList<>(List.of(java()));
        if (vector) cmd.add("--add-modules=jdk.incubator.vector");
        if (!relaunch) cmd.add("-Dcgc.relaunch=false");
        cmd.addAll(List.of("-jar", jar.toString(), "--input", Models.goldenInput(model).toString(),
                "--output-dir", out.toString(), "--repeat", "2"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + log);
        assertTrue(log.lines().anyMatch(l -> l.startsWith("latency over 2 runs: median ")), log);
        assertEquals(!vector && !relaunch, log.contains("cgc: hint: CPU layers run without the Vector API"), log);
        Path[] outputs;
        try (var s = Files.list(out)) {
            outputs = s.toArray(Path[]::new);
        }
        assertEquals(1, outputs.length, "one output file: " + List.of(outputs));
        Compare.close(model + " (" + placement + ") by java -jar", Compare.of(Npy.read(Models.goldenOutput(model))),
                Npy.read(outputs[0]));
    }

    /** On an older Java (the JDK 17 that is `java` on the project's machines), one line naming both versions. */
    @Test
    void anOlderJavaSaysWhichJavaThePlanNeeds() throws Exception {
        Path older = olderJava();
        Assumptions.assumeTrue(older != null, "no JDK older than 25 beside " + System.getProperty("java.home"));
        Path jar = Models.jar("mlp_small", "cpu");
        Process p = new ProcessBuilder(older.toString(), "-jar", jar.toString(), "--input",
                Models.goldenInput("mlp_small").toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(2, p.waitFor(), log);
        assertEquals(1, log.strip().lines().count(), log);
        assertTrue(log.startsWith("cgc: error: this plan needs Java 25 or later; "), log);
        assertTrue(log.contains(" is Java " + release(older.getParent().getParent()).orElseThrow()), log);
    }

    /** The java launcher of a JDK beside this test's, older than 25, or null. */
    private static Path olderJava() throws IOException {
        try (var jdks = Files.list(Path.of(System.getProperty("java.home")).toRealPath().getParent())) {
            return jdks.filter(d -> release(d).map(v -> feature(v) < 25).orElse(false))
                    .map(d -> d.resolve("bin/java")).filter(Files::isExecutable).findFirst().orElse(null);
        }
    }

    /** JAVA_VERSION from a JDK's release file. */
    private static Optional<String> release(Path jdk) {
        try {
            return Files.readAllLines(jdk.resolve("release")).stream().filter(l -> l.startsWith("JAVA_VERSION="))
                    .map(l -> l.substring("JAVA_VERSION=".length()).replace("\"", "")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int feature(String version) {
        String v = version.startsWith("1.") ? version.substring(2) : version;
        return Integer.parseInt(v.split("[.+-]")[0]);
    }

    static String java() { return Path.of(System.getProperty("java.home"), "bin", "java").toString(); }
}
