package cgc.runtime;

import cgc.runtime.device.Device;
import cgc.runtime.device.Devices;
import cgc.runtime.io.Npy;
import cgc.runtime.io.NpyException;
import cgc.runtime.io.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan jar's {@code Main-Class}: {@code java -jar MODEL.plan.jar --input NAME=FILE.npy … [--output-dir DIR]
 * [--repeat N] [--profile] [--device SPEC] [--threads N]}. Writes each output as {@code OUTPUT.npy} in the output
 * directory (the current one by default); with {@code --repeat}, prints the latency's median, minimum and maximum, and
 * with {@code --profile} the time of each step of the schedule ({@link Profile}). {@code cgc run}
 * shares {@link #execute}. Exit codes as {@code cgc}'s: 0 success, 2 bad input, 1 internal error.
 */
public final class Launcher {
    static final String USAGE = "usage: java -jar MODEL.plan.jar --input NAME=FILE.npy ... [--output-dir DIR] "
            + "[--repeat N] [--profile] [--device SPEC] [--threads N]";

    /** The slowest steps a profile prints. */
    public static final int PROFILE_ROWS = 25;

    private Launcher() {}

    public static void main(String[] args) {
        System.exit(launch(args, System.out, System.err));
    }

    static int launch(String[] args, PrintStream out, PrintStream err) {
        Options o;
        Device device;
        try {
            o = Options.parse(args);
            if (o.help) {
                out.println(USAGE);
                return 0;
            }
            device = Devices.select(o.device);   // throws for a CGC_SVM / CGC_SYNC the device cannot honour
        } catch (IllegalArgumentException e) {
            err.println("cgc: error: " + e.getMessage());
            return 2;
        }
        var relaunch = Relaunch.reason();
        if (relaunch.isPresent()) {
            try {
                return Relaunch.run(ownJar(), args);
            } catch (IOException | InterruptedException | RuntimeException e) {
                err.println("cgc: hint: could not restart with " + relaunch.get() + " (" + e.getMessage() + "); running "
                        + "without. For speed and safety run LD_PRELOAD=$JAVA_HOME/lib/libjsig.so java --add-modules "
                        + "jdk.incubator.vector -jar ...");
            }
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            err.println("cgc: hint: CPU layers run without the Vector API; for speed, run "
                    + "java --add-modules jdk.incubator.vector -jar ...");
        }
        try (Plan plan = Plan.load(ownJar())) {
            Report r = execute(plan, device, o.threads, o.inputs, o.outputDir, o.repeat, o.profile);
            if (o.repeat > 1) out.println(r.latency());
            if (r.profile() != null) out.print(r.profile().table(PROFILE_ROWS));
            return 0;
        } catch (PlanException e) {
            err.println("cgc: error: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("cgc: internal error: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    /**
     * Runs {@code plan} on {@code inputs} (value name to {@code .npy} file; a lone file without a name goes to the
     * plan's only input) {@code repeat} times, writes the outputs of the last run into {@code outputDir} as
     * {@code NAME.npy} (characters other than letters, digits, {@code .}, {@code _} and {@code -} become {@code _}).
     * Returns the files written, the time of each run and, with {@code profile}, the time of each step over the runs
     * after the first (the only one when {@code repeat} is 1). Runs after the first write into the first's outputs.
     *
     * @throws PlanException for bad inputs: missing, unknown, unreadable, or of the wrong type or shape
     */
    public static Report execute(Plan plan, Device device, int threads, Map<String, Path> inputs, Path outputDir,
                                 int repeat, boolean profile) {
        if (repeat < 1) throw new PlanException("--repeat must be at least 1, got " + repeat);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (var e : inputs.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty()) {
                if (plan.inputs().size() != 1) {
                    throw new PlanException("--input " + e.getValue() + " needs a NAME=: " + plan.model() + " takes "
                            + Session.describe(plan.inputs()));
                }
                name = plan.inputs().getFirst().name();
            }
            tensors.put(name, readNpy(e.getValue()));
        }
        for (String name : tensors.keySet()) {
            if (plan.inputs().stream().noneMatch(s -> s.name().equals(name))) {
                throw new PlanException("unknown input \"" + name + "\"; " + plan.model() + " takes "
                        + Session.describe(plan.inputs()));
            }
        }
        for (TensorSpec s : plan.inputs()) {
            if (!tensors.containsKey(s.name())) {
                throw new PlanException("missing input \"" + s.name() + "\" (" + s.type() + "): give it with --input "
                        + s.name() + "=FILE.npy");
            }
        }
        try (Session session = plan.open(device, threads)) {
            long[] nanos = new long[repeat];
            Profile steps = profile ? session.newProfile() : null;
            // every run writes into the same outputs: fresh memory each run would add its page faults to the latency
            Map<String, Tensor> result = new LinkedHashMap<>();
            for (TensorSpec o : plan.outputs()) result.put(o.name(), Tensor.allocate(o.dtype(), o.dims()));
            for (int i = 0; i < repeat; i++) {
                long t0 = System.nanoTime();
                session.run(tensors, result, i > 0 || repeat == 1 ? steps : null);
                nanos[i] = System.nanoTime() - t0;
            }
            List<Path> written = new ArrayList<>();
            Files.createDirectories(outputDir);
            for (var e : result.entrySet()) {
                Path f = outputDir.resolve(fileName(e.getKey()) + ".npy");
                Npy.write(f, e.getValue());
                written.add(f);
            }
            return new Report(written, Arrays.stream(nanos).boxed().toList(), steps);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What {@link #execute} did: the output files it wrote, the wall time of each run in nanoseconds, and the profile
     * of its steps (null when not asked for).
     */
    public record Report(List<Path> outputs, List<Long> nanos, Profile profile) {
        public Report {
            outputs = List.copyOf(outputs);
            nanos = List.copyOf(nanos);
        }

        /** {@code latency over 20 runs: median 1.234 ms, min 1.100 ms, max 2.000 ms} */
        public String latency() {
            long[] s = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
            return "latency over %d runs: median %.3f ms, min %.3f ms, max %.3f ms"
                    .formatted(s.length, median / 1e6, s[0] / 1e6, s[s.length - 1] / 1e6);
        }
    }

    static String fileName(String valueName) {
        String f = valueName.replaceAll("[^A-Za-z0-9._-]", "_");
        return f.isEmpty() || f.startsWith(".") ? "_" + f : f;
    }

    private static Tensor readNpy(Path file) {
        try {
            return Npy.read(file);
        } catch (NpyException e) {
            throw new PlanException(e.getMessage(), e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new PlanException(file + ": no such file");
        } catch (IOException e) {
            throw new PlanException(file + ": " + e.getMessage(), e);
        }
    }

    private static Path ownJar() {
        try {
            return Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The command line of the launcher. */
    static final class Options {
        final Map<String, Path> inputs = new LinkedHashMap<>();
        Path outputDir = Path.of(".");
        int repeat = 1;
        String device = "auto";
        int threads = Runtime.getRuntime().availableProcessors();
        boolean help;
        boolean profile;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    o.help = true;
                    continue;
                }
                if (a.equals("--profile")) {
                    o.profile = true;
                    continue;
                }
                if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument \"" + a + "\"; " + USAGE);
                String key = a, value;
                int eq = a.indexOf('=');
                if (eq > 0) {
                    key = a.substring(0, eq);
                    value = a.substring(eq + 1);
                } else {
                    if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value; " + USAGE);
                    value = args[++i];
                }
                switch (key) {
                    case "--input" -> {
                        int at = value.indexOf('=');
                        o.inputs.put(at < 0 ? "" : value.substring(0, at), Path.of(value.substring(at + 1)));
                    }
                    case "--output-dir" -> o.outputDir = Path.of(value);
                    case "--repeat" -> o.repeat = positive(key, value);
                    case "--threads" -> o.threads = positive(key, value);
                    case "--device" -> o.device = value;
                    default -> throw new IllegalArgumentException("unknown option " + key + "; " + USAGE);
                }
            }
            return o;
        }

        private static int positive(String key, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 1) return n;
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(key + " needs a positive integer, got \"" + value + "\"");
        }
    }
}
