package cgc.cli;

import cgc.codegen.CodeGenerator;
import cgc.codegen.GeneratedPlan;
import cgc.codegen.Side;
import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.ShapeBindings;
import cgc.onnx.ImportOptions;
import cgc.onnx.OnnxImporter;
import cgc.pack.PlanJar;
import cgc.passes.PassManager;
import cgc.passes.Pipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The whole compilation of one model, shared by {@code cgc compile} and {@code cgc run MODEL.onnx}: import, the
 * standard pass pipeline, code generation, packing. Each phase's line goes to {@code err} when it took over a second or
 * when {@code verbose}: {@code cgc: [2/4] passes  9 passes, 154 -> 66 nodes  (1.3 s)}.
 */
final class PlanBuild {
    static final int PHASES = 4;

    /** What was built, for the summary. */
    record Result(Path model, Path jar, GeneratedPlan plan, long jarBytes, long nanos, int importedNodes) {}

    private final PrintWriter err;
    private final boolean verbose;

    PlanBuild(PrintWriter err, boolean verbose) {
        this.err = err;
        this.verbose = verbose;
    }

    Result build(Path onnx, Path jar, cgc.codegen.Placement placement) {
        return build(onnx, jar, placement, cgc.codegen.GpuKernelStyle.TILED, ShapeBindings.NONE);
    }

    Result build(Path onnx, Path jar, cgc.codegen.Placement placement, cgc.codegen.GpuKernelStyle style,
                 ShapeBindings shapes) {
        long t0 = System.nanoTime();
        if (!Files.isRegularFile(onnx)) throw new CgcException(Where.file(onnx), "no such file");
        String sha = sha256(onnx);
        Model imported = phase(1, "import", () -> bound(onnx, OnnxImporter.read(onnx, ImportOptions.DEFAULT), shapes),
                m -> m.graph().nodes().size() + " nodes");
        Model optimized = phase(2, "passes", () -> PassManager.of(Pipeline.standardPasses()).run(imported),
                m -> imported.graph().nodes().size() + " -> " + m.graph().nodes().size() + " nodes");
        GeneratedPlan plan = phase(3, "codegen", () -> CodeGenerator.generate(optimized,
                        onnx.getFileName() + ", sha256 " + sha.substring(0, 12) + "…", placement, style),
                p -> p.placements().count(Side.GPU) + " layers on the GPU, arena " + p.memory().summary());
        if (placement instanceof cgc.codegen.Placement.Predicted(cgc.partition.Profile profile, Path file)) {
            warnBeyond(plan, profile, file);
        }
        if (verbose) {
            Map<String, List<String>> chains = plan.schedule().chains();
            for (Node n : plan.graph().nodes()) {
                List<String> from = chains.get(n.name());
                plan.placements().split(n).ifPresent(s -> err.println("cgc: node \"" + n.name() + "\" " + n.op().opType()
                        + " " + s.describe() + (from == null ? "" : ", chained to " + from.stream().map(f -> "\"" + f + "\"")
                        .collect(java.util.stream.Collectors.joining(", ")) + " (no sync between under fine SVM)")));
                if (placement instanceof cgc.codegen.Placement.Predicted(cgc.partition.Profile profile, Path file)) {
                    cgc.partition.LayerWork.of(plan.graph(), n).ifPresent(w -> err.println(predicted(n, w, profile,
                            plan.placements().split(n))));
                }
            }
            err.flush();
        }
        long bytes = phase(4, "pack", () -> {
            try {
                return PlanJar.write(jar, plan, new PlanJar.Stamp(sha, placement.label()));
            } catch (IOException e) {
                throw new CgcException(Where.file(jar), "cannot write the plan jar: " + e.getMessage(), e);
            }
        }, b -> jar.getFileName().toString());
        return new Result(onnx, jar, plan, bytes, System.nanoTime() - t0, imported.graph().nodes().size());
    }

    /** One line when heavy layers lie beyond the sizes the profile was fitted on: their predictions extrapolate. */
    private void warnBeyond(GeneratedPlan plan, cgc.partition.Profile profile, Path file) {
        long heavy = 0, beyond = 0;
        for (Node n : plan.graph().nodes()) {
            var w = cgc.partition.LayerWork.of(plan.graph(), n);
            if (w.isEmpty()) continue;
            heavy++;
            if (!profile.macs().contains(w.get().macs())) beyond++;
        }
        if (beyond > 0) {
            err.printf(java.util.Locale.ROOT, "cgc: warning: %d of %d heavy layers lie beyond the sizes %s was fitted on "
                    + "(%.3g to %.3g multiply-adds): their predictions extrapolate%n", beyond, heavy, file.getFileName(),
                    profile.macs().min(), profile.macs().max());
        }
    }

    /** What the profile predicted for a heavy node: each side alone, and its split where it has one. */
    private static String predicted(Node n, cgc.partition.LayerWork w, cgc.partition.Profile p,
                                    java.util.Optional<cgc.codegen.Split> split) {
        String line = String.format(java.util.Locale.ROOT, "cgc: node \"%s\" %s predicted: cpu %.3f ms, gpu %.3f ms",
                n.name(), n.op().opType(), p.cpu().predictMs(w), p.gpu().predictMs(w));
        if (split.isEmpty()) return line;
        cgc.codegen.Split s = split.get();
        double ms = p.splitMs(w, s.dim(), (double) (s.total() - s.cut()) / s.total());
        return line + String.format(java.util.Locale.ROOT, ", split %.3f ms (sync %.3f included)", ms, p.syncMs());
    }

    /**
     * The model with its free input dims bound: a plan has one static shape, so any dim left free is an error that
     * says how to fix it.
     */
    static Model bound(Path onnx, Model m, ShapeBindings shapes) {
        Model b;
        try {
            b = shapes.apply(m);
        } catch (CgcException e) {
            throw new CgcException(e.where().withFile(onnx), e.getMessage(), e);
        }
        java.util.List<String> free = ShapeBindings.freeInputs(b.graph());
        if (!free.isEmpty()) {
            java.util.Set<String> symbols = ShapeBindings.symbols(b.graph(), b.graph().inputs());
            String fix = symbols.isEmpty() ? "--input-shape NAME=D,D,..."
                    : symbols.stream().map(s -> "--dim " + s + "=SIZE").collect(java.util.stream.Collectors.joining(" "))
                    + " (or --input-shape NAME=D,D,...)";
            throw new CgcException(Where.file(onnx), "a plan is compiled for one input shape, and "
                    + (free.size() == 1 ? "input " : "inputs ") + String.join(", ", free)
                    + (free.size() == 1 ? " has" : " have") + " free dimensions: give their sizes with " + fix);
        }
        return b;
    }

    /**
     * Runs one phase. A phase still running after a second announces itself ({@code cgc: [3/4] codegen ...}); one
     * that took over a second, or any with {@code --verbose}, reports what it did when it ends.
     */
    private <T> T phase(int index, String name, Supplier<T> work, java.util.function.Function<T, String> what) {
        long t0 = System.nanoTime();
        Thread announce = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(1000);
                synchronized (err) {
                    err.printf("cgc: [%d/%d] %s ...%n", index, PHASES, name);
                    err.flush();
                }
            } catch (InterruptedException done) {
                // finished within the second: nothing to announce
            }
        });
        T out;
        try {
            out = work.get();
        } finally {
            announce.interrupt();
            joinQuietly(announce);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (verbose || s > 1) {
            synchronized (err) {
                err.printf("cgc: [%d/%d] %-8s %s  (%.1f s)%n", index, PHASES, name, what.apply(out), s);
                err.flush();
            }
        }
        return out;
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String sha256(Path file) {
        try (var in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
