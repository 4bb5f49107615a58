package cgc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Which cores this process's threads may run on, grouped by thread name ({@code cgc-cpu-*: 8-15 (7 threads)};
 * PoCL's workers; the JVM's own): the evidence that the emulated pair's two sides did not share cores. Linux only;
 * elsewhere empty.
 */
final class ThreadPlacement {
    private ThreadPlacement() {}

    private static volatile String seen = "";

    /** Notes the placement now, while a session with both sides is open, unless one was noted before. */
    static void remember() {
        if (seen.isEmpty()) seen = describe();
    }

    /** What {@link #remember} noted. */
    static String seen() { return seen; }

    /** The cores this process may run on ({@code taskset -c 8-15 ...}), as Linux lists them; empty elsewhere. */
    static String processCores() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Cpus_allowed_list:"))
                    .findFirst().map(l -> l.replaceFirst("^[^:]*:\\s*", "")).orElse("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    static String describe() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) return "";
        Map<String, Integer> counts = new TreeMap<>();
        try (Stream<Path> s = Files.list(tasks)) {
            for (Path t : s.toList()) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip().replaceAll("[0-9]+$", "*");
                    String cpus = Files.readAllLines(t.resolve("status")).stream()
                            .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElse(":?")
                            .replaceFirst("^[^:]*:\\s*", "");
                    counts.merge(name + ": " + cpus, 1, Integer::sum);
                } catch (IOException gone) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        counts.forEach((k, n) -> b.append(b.isEmpty() ? "" : "; ").append(k).append(" (").append(n).append(")"));
        return b.toString();
    }
}
