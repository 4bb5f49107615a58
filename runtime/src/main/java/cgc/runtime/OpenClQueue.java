package cgc.runtime;

import cgc.runtime.cl.Access;
import cgc.runtime.cl.Gpu;
import cgc.runtime.cl.Kernel;
import cgc.runtime.cl.KernelBuildException;
import cgc.runtime.cl.KernelGate;
import cgc.runtime.cl.Program;
import cgc.runtime.cl.Region;
import cgc.runtime.cl.Sync;
import cgc.runtime.device.OpenClDevice;
import cgc.runtime.device.SvmMode;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The GPU side of a session over {@link Gpu}: the arena in shared memory (as the device's SVM mode says), the
 * weights loaded once, the plan's kernels built (from the driver's cached binary when it has one) and bound to both.
 * The CPU layers read the weights from the plan's own host copy, which never changes.
 */
final class OpenClQueue implements GpuQueue {
    /** A switch for measuring what chains save ({@code -Dcgc.chains=false}: every split layer syncs as unchained). */
    private static final boolean CHAINS = Boolean.parseBoolean(System.getProperty("cgc.chains", "true"));

    /**
     * Launches enqueued ahead ({@link LaunchScript}; needs the svm-flag mechanism), read when a session opens:
     * {@code off} (the default) enqueues every launch when the plan makes it; {@code on} enqueues them ahead, behind
     * the kernels' own gates on CPU devices and gate launches elsewhere; {@code gate} behind gate launches everywhere.
     * Off by default: its round trip is a tenth of a launch's on PoCL (SyncBench), but no model has run faster with it
     * yet (bench/NOTES.md, session 20), and a gate spins a device thread, which costs where PoCL shares the JVM's cores.
     */
    static final String AHEAD_PROPERTY = "cgc.gpu.ahead";

    private final Gpu gpu;
    private final Region act;
    private final Kernel[] kernels;
    private final LaunchScript script;      // null: every launch enqueued when made
    private Sync last;

    private OpenClQueue(Gpu gpu, Region act, Kernel[] kernels, LaunchScript script) {
        this.gpu = gpu;
        this.act = act;
        this.kernels = kernels;
        this.script = script;
    }

    /**
     * Bytes allocated past the arena's last tensor: the kernels for CPU devices read whole vectors that start inside
     * a row and run past its end, masking the extra lanes off (conv_vector in gemm_vector.stg), so the last row of the
     * last tensor may be read up to one vector (64 bytes) beyond; a page's worth leaves room for wider vectors.
     */
    static final long ARENA_SLACK = 4096;

    static OpenClQueue open(OpenClDevice device, String source, PlanLayout layout, MemorySegment weights, String model) {
        Gpu gpu = Gpu.open(device);
        try {
            String mode = System.getProperty(AHEAD_PROPERTY, "off");
            if (!List.of("off", "on", "gate").contains(mode)) {
                throw new PlanException("-D" + AHEAD_PROPERTY + "=" + mode + ": expected off, on or gate");
            }
            boolean ahead = !mode.equals("off") && gpu.canGate();
            int count = layout.kernels().size();
            boolean inKernel = ahead && mode.equals("on") && device.info().type().equals("CPU")
                    && device.svm() == SvmMode.FINE && KernelGate.everyKernelGated(source, count);
            long gates = layout.arenaBytes() + ARENA_SLACK;          // the kernels' gate words, past the arena
            Region act = gpu.allocateArena(gates + (inKernel ? KernelGate.WORD_BYTES * count : 0));
            Region wts = gpu.loadWeights(weights);
            Program program = gpu.build(source, inKernel ? KernelGate.option(gates) : "");
            Kernel[] kernels = new Kernel[count];
            for (int i = 0; i < kernels.length; i++) kernels[i] = program.kernel(layout.kernels().get(i), act, wts);
            MemorySegment words = null;
            if (inKernel) {
                words = act.cpuView().asSlice(gates, KernelGate.WORD_BYTES * count);
                for (int i = 0; i < count; i++) words.set(ValueLayout.JAVA_INT, KernelGate.WORD_BYTES * i, 1);
            }
            return new OpenClQueue(gpu, act, kernels, ahead ? new LaunchScript(gpu, kernels, words) : null);
        } catch (KernelBuildException e) {
            gpu.close();
            String log = e.buildLog().lines().filter(l -> !l.isBlank()).findFirst().orElse("(empty build log)");
            throw new PlanException("plan " + model + ": " + e.getMessage() + ": " + log.strip(), e);
        } catch (RuntimeException e) {
            gpu.close();
            throw e;
        }
    }

    /** The arena as the CPU addresses it. */
    MemorySegment arena() { return act.cpuView(); }

    @Override
    public void launch(int kernel, int begin, int end, long[] global, long[] local) {
        last = script != null ? script.launch(kernel, begin, end, global, local, false)
                : gpu.enqueue(kernels[kernel], global, local, begin, end, false);
    }

    @Override
    public void launchAwaited(int kernel, int begin, int end, long[] global, long[] local) {
        last = script != null ? script.launch(kernel, begin, end, global, local, true)
                : gpu.enqueue(kernels[kernel], global, local, begin, end, true);
    }

    @Override
    public void fence() {
        if (script != null) script.fence();
    }

    @Override
    public void beginRun() {
        if (script != null) script.begin();
    }

    @Override
    public void endRun(boolean normally) {
        if (script != null) script.end(normally);
    }

    @Override
    public void replan() {
        if (script != null) script.forget();
    }

    @Override
    public void flush() {
        if (script == null || !script.replaying()) gpu.flush();
    }

    @Override
    public void await() {
        if (script != null) script.awaited();
        if (last != null) last.await();
    }

    @Override
    public boolean coherent() { return CHAINS && act.mode() == SvmMode.FINE; }

    @Override
    public void acquire(long offset, long bytes, boolean write) {
        act.beginCpuAccess(offset, bytes, write ? Access.WRITE : Access.READ);
    }

    @Override
    public void release(long offset, long bytes, boolean write) {
        act.endCpuAccess(offset, bytes, write ? Access.WRITE : Access.READ);
    }

    @Override
    public void close() { gpu.close(); }
}
