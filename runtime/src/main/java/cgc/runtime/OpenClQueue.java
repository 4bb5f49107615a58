package cgc.runtime;

import cgc.runtime.cl.Access;
import cgc.runtime.cl.Gpu;
import cgc.runtime.cl.Kernel;
import cgc.runtime.cl.KernelBuildException;
import cgc.runtime.cl.Program;
import cgc.runtime.cl.Region;
import cgc.runtime.cl.Sync;
import cgc.runtime.device.OpenClDevice;
import cgc.runtime.device.SvmMode;
import java.lang.foreign.MemorySegment;

/**
 * The GPU side of a session over {@link Gpu}: the arena in shared memory (as the device's SVM mode says), the
 * weights loaded once, the plan's kernels built (from the driver's cached binary when it has one) and bound to both.
 * The CPU layers read the weights from the plan's own host copy, which never changes.
 */
final class OpenClQueue implements GpuQueue {
    /** A switch for measuring what chains save ({@code -Dcgc.chains=false}: every split layer syncs as unchained). */
    private static final boolean CHAINS = Boolean.parseBoolean(System.getProperty("cgc.chains", "true"));

    /**
     * A switch for measuring what launching ahead saves ({@code -Dcgc.gpu.ahead=false}: every launch is enqueued when
     * the plan makes it). Launching ahead needs the svm-flag mechanism; see {@link LaunchScript}.
     */
    private static final boolean AHEAD = Boolean.parseBoolean(System.getProperty("cgc.gpu.ahead", "true"));

    private final Gpu gpu;
    private final Region act;
    private final Kernel[] kernels;
    private final LaunchScript script;      // null: every launch enqueued when made
    private Sync last;

    private OpenClQueue(Gpu gpu, Region act, Kernel[] kernels) {
        this.gpu = gpu;
        this.act = act;
        this.kernels = kernels;
        this.script = AHEAD && gpu.canGate() ? new LaunchScript(gpu, kernels) : null;
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
            Region act = gpu.allocateArena(layout.arenaBytes() + ARENA_SLACK);
            Region wts = gpu.loadWeights(weights);
            Program program = gpu.build(source, "");
            Kernel[] kernels = new Kernel[layout.kernels().size()];
            for (int i = 0; i < kernels.length; i++) kernels[i] = program.kernel(layout.kernels().get(i), act, wts);
            return new OpenClQueue(gpu, act, kernels);
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
