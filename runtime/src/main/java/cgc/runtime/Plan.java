package cgc.runtime;

import cgc.runtime.cpu.WeightPacks;
import cgc.runtime.device.CpuOnlyDevice;
import cgc.runtime.device.Device;
import cgc.runtime.device.OpenClDevice;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * A loaded plan jar: the generated plan class, the weights (read once, checksum verified) and the OpenCL source.
 * Open a {@link Session} to run it:
 *
 * <pre>{@code
 * try (Plan plan = Plan.load(jar); Session s = plan.open(Devices.select("auto"))) {
 *     Map<String, Tensor> out = s.run(Map.of("input", x));
 * }
 * }</pre>
 *
 * <p>Threads: a plan is immutable once loaded and may be shared. Each session owns one arena, so {@link Session#run}
 * is serialised per session (it is {@code synchronized}); several sessions of one plan run concurrently, sharing the
 * weights. Closing the plan closes the sessions it opened that are still open.
 */
public final class Plan implements AutoCloseable {
    private final Path jar;
    private final String model;
    private final String version;
    private final PlanProgram program;
    private final URLClassLoader loader;
    private final Arena weightsArena;
    private final MemorySegment weights;
    private final String kernelSource;
    private final List<Session> sessions = new ArrayList<>();
    private final WeightPacks packs = WeightPacks.forPlan();
    private boolean closed;

    private Plan(Path jar, String model, String version, PlanProgram program, URLClassLoader loader, Arena weightsArena,
                 MemorySegment weights, String kernelSource) {
        this.jar = jar;
        this.model = model;
        this.version = version;
        this.program = program;
        this.loader = loader;
        this.weightsArena = weightsArena;
        this.weights = weights;
        this.kernelSource = kernelSource;
    }

    /**
     * Loads a plan jar.
     *
     * @throws PlanException when the file is missing, is not a plan jar, was built by another cgc version, or its
     *     weights fail their checksum
     */
    public static Plan load(Path jar) {
        String name = jar.getFileName() == null ? jar.toString() : jar.getFileName().toString();
        if (!Files.isRegularFile(jar)) throw new PlanException(name + ": no such plan jar");
        try (JarFile jf = new JarFile(jar.toFile())) {
            Manifest mf = jf.getManifest();
            Attributes a = mf == null ? new Attributes() : mf.getMainAttributes();
            String cls = a.getValue(PlanFormat.CLASS_ATTRIBUTE);
            String version = a.getValue(PlanFormat.VERSION_ATTRIBUTE);
            if (cls == null || version == null) {
                throw new PlanException(name + " is not a cgc plan jar (its manifest has no "
                        + PlanFormat.CLASS_ATTRIBUTE + " and " + PlanFormat.VERSION_ATTRIBUTE + ")");
            }
            if (!version.equals(RuntimeVersion.CURRENT)) {
                throw new PlanException(name + " was built by cgc " + version + ", but this runtime is cgc "
                        + RuntimeVersion.CURRENT + "; compile the model again with this version");
            }
            String model = a.getValue(PlanFormat.MODEL_ATTRIBUTE);
            String kernels = jf.getEntry(PlanFormat.KERNELS) == null ? ""
                    : new String(jf.getInputStream(jf.getEntry(PlanFormat.KERNELS)).readAllBytes(), StandardCharsets.UTF_8);
            ZipEntry we = jf.getEntry(PlanFormat.WEIGHTS);
            if (we == null) throw new PlanException(name + " is corrupted: it has no " + PlanFormat.WEIGHTS);
            Arena arena = Arena.ofShared();
            URLClassLoader loader = null;
            try {
                MemorySegment weights;
                try (InputStream in = jf.getInputStream(we)) {
                    weights = WeightsBlob.read(in, name + "!/" + PlanFormat.WEIGHTS, arena);
                }
                loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, Plan.class.getClassLoader());
                PlanProgram program = instantiate(loader, cls, name);
                long expected = program.layout().weightsBytes();
                if (expected != weights.byteSize()) {
                    throw new PlanException(name + " is corrupted: " + PlanFormat.WEIGHTS + " holds " + weights.byteSize()
                            + " bytes, the plan expects " + expected);
                }
                return new Plan(jar, model == null ? name : model, version, program, loader, arena, weights.asReadOnly(),
                        kernels);
            } catch (RuntimeException | IOException e) {
                arena.close();
                if (loader != null) loader.close();
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw new PlanException(name + ": no such plan jar");
        } catch (java.util.zip.ZipException e) {
            throw new PlanException(name + " is not a plan jar (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
    }

    private static PlanProgram instantiate(ClassLoader loader, String cls, String jarName) {
        try {
            Class<?> c = Class.forName(cls, true, loader);
            return (PlanProgram) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new PlanException(jarName + " is corrupted: cannot load its plan class " + cls + " (" + e + ")", e);
        }
    }

    /** The model's name. */
    public String model() { return model; }

    /** The cgc version that built this plan (equal to this runtime's). */
    public String version() { return version; }

    public Path jar() { return jar; }

    public List<TensorSpec> inputs() { return program.layout().inputs(); }

    public List<TensorSpec> outputs() { return program.layout().outputs(); }

    /** The layers both sides compute at once, in schedule order, with their compiled cuts. */
    public List<SplitSpec> splits() { return program.layout().splits(); }

    /** Whether some layer runs on the GPU; such a plan needs an {@link OpenClDevice}. */
    public boolean usesGpu() { return program.layout().usesGpu(); }

    /** The weights packed for the CPU kernels, shared by this plan's sessions. */
    WeightPacks packs() {
        return packs;
    }

    /** A session on {@code device} with one CPU thread per available processor. */
    public Session open(Device device) {
        return open(device, Runtime.getRuntime().availableProcessors());
    }

    /**
     * A session on {@code device} whose CPU kernels use {@code threads} threads. A plan without GPU layers runs on
     * any device (it uses only the CPU).
     *
     * @throws PlanException when the plan has GPU layers and {@code device} is CPU only
     */
    public synchronized Session open(Device device, int threads) {
        if (closed) throw new IllegalStateException("plan " + model + " is closed");
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        PlanLayout layout = program.layout();
        Session s;
        if (!layout.usesGpu()) {
            s = Session.onCpu(this, program, weights, threads);
        } else {
            s = switch (device) {
                case CpuOnlyDevice cpu -> throw new PlanException("plan " + model + " runs " + layout.kernels().size()
                        + " kernels on the GPU, but there is no OpenCL device: " + cpu.reason());
                case OpenClDevice cl -> Session.onGpu(this, program, weights,
                        OpenClQueue.open(cl, kernelSource, layout, weights, model), threads);
            };
        }
        sessions.add(s);
        return s;
    }

    synchronized void closed(Session s) { sessions.remove(s); }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (Session s : List.copyOf(sessions)) s.close();
        weightsArena.close();
        try {
            loader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() { return "plan " + model + " (" + jar + ")"; }
}
