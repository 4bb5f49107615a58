package cgc.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The benchmarks' results as JSON (to read back: the oracle of {@code layers} feeds {@code models}) and Markdown. */
final class Reports {
    private Reports() {}

    /** Where and how a benchmark ran: the device, the CPU side's threads and cores, PoCL's settings. */
    record Setup(String command, String device, int threads, String cpus, String pocl, String date, String threadCores) {}

    record Layers(Setup setup, List<LayerBench.Result> layers) {}

    record Models(Setup setup, List<ModelBench.Result> models) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Writes {@code report} as {@code file} whole or not at all (a temporary file moved over it). */
    static void writeJson(Path file, Object report) {
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            try {
                Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Layers readLayers(Path file) {
        try {
            return JSON.readValue(file.toFile(), Layers.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the layers benchmark's results " + file, e);
        }
    }

    static String markdown(Layers r) {
        StringBuilder s = header(r.setup());
        s.append("| layer | sites | CPU ms | GPU ms | oracle | oracle ms | best single / oracle | sync overhead µs "
                + "| best split per dim (ms) |\n");
        s.append("|---|---|---|---|---|---|---|---|---|\n");
        for (LayerBench.Result l : r.layers()) {
            StringBuilder dims = new StringBuilder();
            for (LayerBench.Sweep sw : l.sweeps()) {
                sw.points().stream().filter(p -> p.cut() > 0 && p.cut() < sw.total())
                        .min((a, b) -> Double.compare(a.time().medianMs(), b.time().medianMs()))
                        .ifPresent(p -> dims.append(String.format(Locale.ROOT, "%s r=%.2f %.3f; ", sw.dim(), p.ratio(),
                                p.time().medianMs())));
            }
            double sync = l.syncOverheadMs();
            s.append(String.format(Locale.ROOT, "| `%s` | %d | %.3f | %.3f | %s | %.3f | **%.2fx** | %s | %s |%n", l.key(),
                    l.sites().size(), l.cpu().medianMs(), l.gpu().medianMs(), l.oracle().describe(), l.oracle().ms(),
                    l.speedup(), Double.isNaN(sync) ? "—" : String.format(Locale.ROOT, "%.0f", sync * 1000),
                    dims.toString().strip()));
        }
        return s.toString();
    }

    static String markdown(Models r) {
        StringBuilder s = header(r.setup());
        s.append("| model | CPU ms | GPU ms | oracle splits ms | best single / oracle | split layers "
                + "| cuts searched in the model ms | same plan, no split ms | best single / searched | split layers "
                + "| the other layers on | predicted placement ms | best single / predicted | split layers |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ModelBench.Result m : r.models()) {
            ChainSearch.Result c = m.searched();
            s.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | **%.2fx** | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    m.model(), m.cpu().medianMs(), m.gpu().medianMs(), m.oracle().medianMs(), m.speedup(),
                    m.splitLayers(), c == null ? "-" : String.format(Locale.ROOT, "%.3f", c.time().medianMs()),
                    c == null ? "-" : String.format(Locale.ROOT, "%.3f", c.baseline().medianMs()),
                    c == null ? "-" : String.format(Locale.ROOT, "**%.2fx**", m.searchedSpeedup()),
                    c == null ? "-" : c.splitLayers(), m.base(),
                    m.predicted() == null ? "-" : String.format(Locale.ROOT, "%.3f", m.predicted().medianMs()),
                    m.predicted() == null ? "-" : String.format(Locale.ROOT, "**%.2fx**", m.predictedSpeedup()),
                    m.predicted() == null ? "-" : m.predictedSplits()));
        }
        for (ModelBench.Result m : r.models()) {
            if (m.searched() == null) continue;
            s.append("\n").append(m.model()).append(", searched cuts (CPU part / units): ");
            s.append(m.searched().cuts().entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + "/"
                    + m.searched().specs().get(e.getKey()).total()).collect(java.util.stream.Collectors.joining(", ")));
            s.append("\n");
        }
        return s.toString();
    }

    private static StringBuilder header(Setup u) {
        return new StringBuilder(String.format(Locale.ROOT, "Command: `%s`%n%nDevice (GPU side): %s; CPU side: %d threads%s; "
                + "PoCL: %s; %s. Medians in ms.%n%nThreads and their cores: %s%n%n", u.command(), u.device(), u.threads(),
                u.cpus().isEmpty() ? "" : ", the process on cores " + u.cpus(), u.pocl().isEmpty() ? "defaults" : u.pocl(), u.date(),
                u.threadCores().isEmpty() ? "not known" : u.threadCores()));
    }
}
