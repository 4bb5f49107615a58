package cgc.runtime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code java -jar MODEL.plan.jar} cannot set from the jar's manifest, supplied by starting the launcher once
 * more in a child JVM: the Vector API module (without it the CPU layers take their scalar path) and signal chaining
 * ({@code LD_PRELOAD=libjsig.so}: an OpenCL driver that installs its own SIGSEGV handler otherwise takes the signals the
 * JVM's compiled code relies on, and the process dies; seen with NVIDIA's and PoCL's drivers). The child inherits the
 * standard streams, the JVM options and the arguments; {@code -Dcgc.relaunch=false} turns this off.
 */
final class Relaunch {
    private Relaunch() {}

    static final String PROPERTY = "cgc.relaunch";

    /** Why this JVM should start the launcher again, or empty when it is set up already (or must not relaunch). */
    static Optional<String> reason() {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) return Optional.empty();
        List<String> missing = new ArrayList<>();
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) missing.add("the Vector API module");
        if (Files.isRegularFile(libjsig()) && !preloaded()) missing.add("signal chaining (libjsig)");
        return missing.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", missing));
    }

    /** Runs the launcher in a child JVM set up as it should be; returns its exit code. */
    static int run(Path jar, String[] args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules=jdk.incubator.vector");
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(jvmOptions());
        cmd.add("-D" + PROPERTY + "=false");   // never twice
        cmd.add("-cp");
        cmd.add(jar.toString());
        cmd.add(Launcher.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        if (Files.isRegularFile(libjsig())) {
            String pre = System.getenv("LD_PRELOAD");
            pb.environment().put("LD_PRELOAD", libjsig() + (pre == null || pre.isBlank() ? "" : ":" + pre));
        }
        return pb.start().waitFor();
    }

    private static Path libjsig() {
        return Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
    }

    /** Whether libjsig is mapped into this process (LD_PRELOAD, or a launcher that linked it). */
    private static boolean preloaded() {
        try {
            return Files.readString(Path.of("/proc/self/maps")).contains("libjsig");
        } catch (IOException | RuntimeException e) {
            return true;   // not Linux, or no /proc: nothing we can do, and nothing known to be wrong
        }
    }

    /** This JVM's own options (heap, -D, -XX), minus the ones the child gets anyway. */
    private static List<String> jvmOptions() {
        try {
            return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> !a.startsWith("--add-modules") && !a.startsWith("--enable-native-access")
                            && !a.startsWith("-D" + PROPERTY + "=")).toList();
        } catch (RuntimeException | LinkageError e) {   // a runtime image without java.management
            return List.of();
        }
    }
}
