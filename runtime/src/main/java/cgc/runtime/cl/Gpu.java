package cgc.runtime.cl;

import cgc.runtime.device.DeviceInfo;
import cgc.runtime.device.OpenClDevice;
import cgc.runtime.device.SyncMechanism;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;
import org.jocl.cl_queue_properties;

/**
 * The GPU side, live: an OpenCL context and one in-order command queue on an {@link OpenClDevice}, the plan's
 * {@link Region}s, its built {@link Program}s, and the machinery of its {@link SyncMechanism}.
 *
 * <pre>{@code
 * try (Gpu gpu = Gpu.open(device);
 *      Region act = gpu.allocateArena(arenaBytes);
 *      Region wts = gpu.loadWeights(weightBytes);
 *      Program p = gpu.build(kernelSource, "-cl-fast-relaxed-math")) {
 *     Kernel k17 = p.kernel("conv17", act, wts);
 *     Sync s = gpu.enqueue(k17, 64, 0, 24, 64);   // non-blocking, flushed
 *     ... CPU part ...
 *     s.await();                                  // then act.beginCpuAccess(...) for what the CPU reads next
 * }
 * }</pre>
 *
 * Not thread-safe: one thread (the one running the plan) enqueues and waits. A kernel waits for the CPU only behind a
 * gate ({@link #enqueueGate}, svm-flag only), which the same thread opens later; {@link #close} opens any left shut.
 */
public final class Gpu implements AutoCloseable {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    /** Spins of an svm-flag poll before it blocks in {@code clFinish} instead (a long kernel, or a failed one). */
    private static final int SPINS_BEFORE_BLOCKING = 1 << 20;
    private static final long[] ONE = {1};

    private final OpenClDevice device;
    private final ProgramCache cache;
    private final cl_device_id id;
    private final cl_context context;
    private final cl_command_queue queue;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final ArrayDeque<Sync> pendingEvents = new ArrayDeque<>();
    private long enqueued;
    private long completed;

    // svm-flag: the published word, the kernel that publishes it, and which OpenCL C spelling compiled
    private MemorySegment flag;
    private cl_kernel publish;
    private long published;                         // the highest launch whose publish is enqueued
    private boolean unflushed;                      // commands enqueued since the last flush
    private int sinceFlush;                         // launches since the last flush
    /**
     * Launches in a row that are flushed together: the device starts on the first ones while the CPU enqueues the
     * rest, and a long run pays a submission per this many launches, not per launch. {@code -Dcgc.flush-every=N}.
     */
    static final int FLUSH_EVERY = Math.max(1, Integer.getInteger("cgc.flush-every", 4));
    private String publishOptions = "";
    // svm-flag: the gate word the CPU opens, the kernel that waits on it, the last gate enqueued and opened
    private MemorySegment gateWord;
    private cl_kernel gate;
    private int gatesEnqueued;
    private int gatesOpened;
    private int kernelGatesShut;                    // kernels' own gates (KernelGate) shut by the caller
    // map and copy: a word whose blocking map or read drains the queue
    private Region syncWord;
    private boolean closed;

    private Gpu(OpenClDevice device, ProgramCache cache) {
        CL.setExceptionsEnabled(true);
        this.device = device;
        this.cache = cache;
        this.id = find(device.info());
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL.CL_CONTEXT_PLATFORM, platformOf(device.info()));
        this.context = CL.clCreateContext(props, 1, new cl_device_id[] {id}, null, null, null);
        this.queue = device.info().versionMajor() >= 2
                ? CL.clCreateCommandQueueWithProperties(context, id, new cl_queue_properties(), null)
                : createQueue12(context, id);
    }

    @SuppressWarnings("deprecation")
    private static cl_command_queue createQueue12(cl_context context, cl_device_id id) {
        return CL.clCreateCommandQueue(context, id, 0, null);
    }

    /** Opens {@code device} with the program cache of the environment ({@link ProgramCache#fromEnvironment()}). */
    public static Gpu open(OpenClDevice device) {
        return open(device, ProgramCache.fromEnvironment());
    }

    /** Opens {@code device}; programs are cached in {@code cache}. */
    public static Gpu open(OpenClDevice device, ProgramCache cache) {
        Gpu gpu = new Gpu(device, cache);
        try {
            gpu.setUpSync();
            return gpu;
        } catch (RuntimeException e) {
            gpu.close();
            throw e;
        }
    }

    private void setUpSync() {
        switch (device.sync()) {
            case SVM_FLAG -> {
                FineSvmRegion word = own(new FineSvmRegion(this, 128, false, CL.CL_MEM_SVM_ATOMICS));
                FineSvmRegion gates = own(new FineSvmRegion(this, 128, false, CL.CL_MEM_SVM_ATOMICS));
                flag = word.cpuView();
                gateWord = gates.cpuView();
                INT.setVolatile(flag, 0L, 0);
                INT.setVolatile(gateWord, 0L, 0);
                KernelBuildException failed = null;
                for (String[] variant : FlagKernels.VARIANTS) {
                    if (!FlagKernels.compilerAccepts(variant, device.info())) continue;
                    try {
                        Program p = build(variant[0], variant[1]);
                        publish = p.rawKernel(FlagKernels.PUBLISH);
                        gate = p.rawKernel(FlagKernels.GATE);
                        publishOptions = variant[1];
                        break;
                    } catch (KernelBuildException e) {
                        if (failed == null) failed = e;
                        else failed.addSuppressed(e);
                    }
                }
                if (publish == null) {
                    throw failed != null ? failed : new IllegalStateException("no svm-flag publish kernel for " + device.info().label());
                }
                word.bind(publish, 0);
                gates.bind(gate, 0);
            }
            case MAP -> syncWord = own(new CoarseSvmRegion(this, 128, null));
            case COPY -> syncWord = own(new BufferRegion(this, 128, null));
            case EVENT -> {}
        }
    }

    public OpenClDevice device() {
        return device;
    }

    /** The sync mechanism every {@link Sync} of this Gpu uses. */
    public SyncMechanism mechanism() {
        return device.sync();
    }

    /** For svm-flag, the build options of the publish kernel that compiled ({@code -cl-std=CL2.0} or {@code CL1.2}). */
    public String publishOptions() {
        return publishOptions;
    }

    /** The activation arena: {@code byteSize} bytes shared as the device's {@link OpenClDevice#svm()} mode says. */
    public Region allocateArena(long byteSize) {
        return own(switch (device.svm()) {
            case FINE -> new FineSvmRegion(this, byteSize, false, 0);
            case COARSE -> new CoarseSvmRegion(this, byteSize, null);
            case BUFFERS -> new BufferRegion(this, byteSize, null);
        });
    }

    /** The read-only weights region, holding a copy of {@code weights} (padded to at least 128 bytes). */
    public Region loadWeights(MemorySegment weights) {
        long size = Math.max(weights.byteSize(), 128);
        return own(switch (device.svm()) {
            case FINE -> {
                FineSvmRegion r = new FineSvmRegion(this, size, true, 0);
                r.writableView().copyFrom(weights);
                yield r;
            }
            case COARSE -> new CoarseSvmRegion(this, size, weights);
            case BUFFERS -> new BufferRegion(this, size, weights);
        });
    }

    /**
     * Builds {@code source} with {@code options}, from the cached binary when there is a valid one (a binary the driver
     * rejects is ignored), else from source, storing the binary for next time.
     *
     * @throws KernelBuildException with the build log, when the compiler rejects the source
     */
    public Program build(String source, String options) {
        String key = ProgramCache.key(source, options, device.info());
        byte[] binary = cache.load(key);
        if (binary != null) {
            cl_program fromBinary = tryBinary(binary, options);
            if (fromBinary != null) return own(new Program(fromBinary, Program.Origin.CACHE, options));
        }
        cl_program p = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        try {
            CL.clBuildProgram(p, 1, new cl_device_id[] {id}, options, null, null);
        } catch (CLException e) {
            String log = buildLog(p);
            CL.clReleaseProgram(p);
            throw new KernelBuildException("OpenCL rejected the program on %s (options \"%s\", %s)"
                    .formatted(device.info().label(), options, CL.stringFor_errorCode(e.getStatus())), log);
        }
        cache.store(key, binaryOf(p));
        return own(new Program(p, Program.Origin.SOURCE, options));
    }

    /**
     * Enqueues {@code kernel} over an ND-range ({@code local} null: the driver chooses) with arguments
     * {@code begin, end}, and flushes so the device starts at once. Returns without waiting.
     */
    public Sync enqueue(Kernel kernel, long[] global, long[] local, int begin, int end) {
        return enqueue(kernel, global, local, begin, end, true);
    }

    /**
     * As {@link #enqueue(Kernel, long[], long[], int, int)}; {@code signal} says whether the CPU will await this
     * launch. Under svm-flag only a signalled launch enqueues the publish kernel behind it (each publish is a second
     * enqueue, as costly as the launch); awaiting one that was not signalled publishes then, late but correct. An
     * unsignalled launch is flushed only every {@link #FLUSH_EVERY} launches and by {@link #flush} after the last of a
     * run (each flush is a submission to the driver); every wait flushes what is pending first.
     */
    public Sync enqueue(Kernel kernel, long[] global, long[] local, int begin, int end, boolean signal) {
        // Each argument is a driver call: set only what changed (a whole layer's range stays the same run after run;
        // a split layer's moves with its cut)
        if (kernel.begin != begin) {
            CL.clSetKernelArg(kernel.handle, 2, Sizeof.cl_int, Pointer.to(new int[] {begin}));
            kernel.begin = begin;
        }
        if (kernel.end != end) {
            CL.clSetKernelArg(kernel.handle, 3, Sizeof.cl_int, Pointer.to(new int[] {end}));
            kernel.end = end;
        }
        long seq = ++enqueued;
        cl_event event = device.sync() == SyncMechanism.EVENT ? new cl_event() : null;
        CL.clEnqueueNDRangeKernel(queue, kernel.handle, global.length, null, global, local, 0, null, event);
        if (publish != null && signal) publish(seq);
        unflushed = true;
        if (signal || ++sinceFlush >= FLUSH_EVERY) flush();
        Sync s = new Sync(this, seq, device.sync(), event);
        if (event != null) pendingEvents.add(s);
        return s;
    }

    /** Submits what was enqueued since the last flush, so that the device starts on it ({@code clFlush}). */
    public void flush() {
        if (unflushed) {
            CL.clFlush(queue);
            unflushed = false;
            sinceFlush = 0;
        }
    }

    /** Whether launches can wait behind a gate ({@link #enqueueGate}): under svm-flag. */
    public boolean canGate() {
        return gate != null;
    }

    /**
     * Enqueues a gate: the launches enqueued after it start once the CPU has {@linkplain #openGate opened} it (or a
     * later one), with no enqueue then, so a launch can be enqueued while the CPU still writes what it reads. The
     * gate spins one of the device's work-items until then. Returns the gate's number. Not flushed.
     */
    public int enqueueGate() {
        int n = ++gatesEnqueued;
        CL.clSetKernelArg(gate, 1, Sizeof.cl_int, Pointer.to(new int[] {n}));
        CL.clEnqueueNDRangeKernel(queue, gate, 1, null, ONE, ONE, 0, null, null);
        unflushed = true;
        return n;
    }

    /** Opens gate {@code n} and every one before it: a release store, so the device sees all the CPU wrote before. */
    public void openGate(int n) {
        if (n - gatesOpened > 0) {
            INT.setRelease(gateWord, 0L, n);
            gatesOpened = n;
        }
    }

    /**
     * The caller shut ({@code +1}) or opened ({@code -1}) a kernel's own gate ({@link KernelGate}), which this Gpu
     * cannot see: while one is shut, waits poll instead of draining the queue.
     */
    public void kernelGateShut(int delta) {
        kernelGatesShut += delta;
    }

    /** Whether a gate is enqueued and not yet opened: then waiting for the whole queue would wait forever. */
    public boolean gatesShut() {
        return gatesEnqueued != gatesOpened || kernelGatesShut > 0;
    }

    /** Enqueues the publish kernel that stores {@code seq} into the flag word once everything before it completed. */
    private void publish(long seq) {
        CL.clSetKernelArg(publish, 1, Sizeof.cl_int, Pointer.to(new int[] {(int) seq}));
        CL.clEnqueueNDRangeKernel(queue, publish, 1, null, ONE, ONE, 0, null, null);
        published = seq;
    }

    /** One-dimensional {@link #enqueue(Kernel, long[], long[], int, int)}; {@code local} 0 lets the driver choose. */
    public Sync enqueue(Kernel kernel, long global, long local, int begin, int end) {
        return enqueue(kernel, new long[] {global}, local == 0 ? null : new long[] {local}, begin, end);
    }

    /**
     * Blocks until everything enqueued has completed ({@code clFinish}).
     *
     * @throws IllegalStateException while a gate is shut: the queue could not drain
     */
    public void finish() {
        if (gatesShut()) throw new IllegalStateException("finish with gate " + gatesEnqueued + " shut: it would never complete");
        CL.clFinish(queue);
        drained();
    }

    void await(Sync s) {
        if (completed >= s.sequence()) return;
        flush();
        switch (s.mechanism()) {
            case SVM_FLAG -> pollFlag(s.sequence());
            case EVENT -> {
                CL.clWaitForEvents(1, new cl_event[] {s.event});
                completed = Math.max(completed, s.sequence());
            }
            case MAP, COPY -> {
                syncWord.beginCpuAccess(0, 4, Access.READ); // blocking: drains the queue
                syncWord.endCpuAccess(0, 4, Access.READ);
            }
        }
        releaseCompletedEvents();
    }

    private void pollFlag(long seq) {
        if (published < seq) {                      // launched unsignalled: publish now, behind it
            publish(seq);
            unflushed = true;
        }
        flush();
        int target = (int) seq; // wraps after 2^31 launches; the signed difference below still orders them
        for (int spins = 0; spins < SPINS_BEFORE_BLOCKING; spins++) {
            if ((int) INT.getAcquire(flag, 0L) - target >= 0) {
                completed = Math.max(completed, seq);
                return;
            }
            Thread.onSpinWait();
        }
        while (gatesShut()) {                       // the queue cannot drain past a shut gate: poll, gently
            if ((int) INT.getAcquire(flag, 0L) - target >= 0) {
                completed = Math.max(completed, seq);
                return;
            }
            LockSupport.parkNanos(20_000);
        }
        CL.clFinish(queue);
        int seen = (int) INT.getAcquire(flag, 0L);
        if (seen - target < 0) {
            throw new IllegalStateException("svm-flag: launch %d completed on %s but its flag reads %d"
                    .formatted(seq, device.info().label(), seen));
        }
        drained();
    }

    /** The highest launch known to have completed. */
    long completedThrough() {
        return completed;
    }

    /** Called after a blocking command: the in-order queue has drained everything enqueued so far. */
    void drained() {
        completed = enqueued;
        releaseCompletedEvents();
    }

    private void releaseCompletedEvents() {
        while (!pendingEvents.isEmpty() && pendingEvents.peekFirst().sequence() <= completed) {
            Sync s = pendingEvents.pollFirst();
            CL.clReleaseEvent(s.event);
            s.event = null;
        }
    }

    cl_context context() {
        return context;
    }

    cl_command_queue queue() {
        return queue;
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    void forget(AutoCloseable resource) {
        owned.remove(resource);
    }

    /** Waits for the device, then releases every region and program made here, the queue and the context. */
    @Override
    public void close() {
        if (closed) return;
        try {
            if (gate != null) openGate(gatesEnqueued); // launches left behind a gate run now, harmlessly, and end
            finish();
        } finally {
            closed = true;
            List<AutoCloseable> all = new ArrayList<>(owned);
            for (int i = all.size() - 1; i >= 0; i--) {
                try {
                    all.get(i).close();
                } catch (Exception e) {
                    // keep releasing the rest
                }
            }
            while (!pendingEvents.isEmpty()) CL.clReleaseEvent(pendingEvents.pollFirst().event);
            if (publish != null) CL.clReleaseKernel(publish);
            if (gate != null) CL.clReleaseKernel(gate);
            CL.clReleaseCommandQueue(queue);
            CL.clReleaseContext(context);
        }
    }

    private cl_program tryBinary(byte[] binary, String options) {
        cl_program p;
        try {
            p = CL.clCreateProgramWithBinary(context, 1, new cl_device_id[] {id}, new long[] {binary.length},
                    new byte[][] {binary}, new int[1], null);
        } catch (CLException e) {
            return null;
        }
        try {
            CL.clBuildProgram(p, 1, new cl_device_id[] {id}, options, null, null);
            return p;
        } catch (CLException e) {
            CL.clReleaseProgram(p);
            return null;
        }
    }

    private byte[] binaryOf(cl_program p) {
        long[] size = new long[1];
        CL.clGetProgramInfo(p, CL.CL_PROGRAM_BINARY_SIZES, Sizeof.size_t, Pointer.to(size), null);
        byte[] binary = new byte[(int) size[0]];
        if (binary.length > 0) {
            CL.clGetProgramInfo(p, CL.CL_PROGRAM_BINARIES, Sizeof.POINTER, Pointer.to(new Pointer[] {Pointer.to(binary)}), null);
        }
        return binary;
    }

    private String buildLog(cl_program p) {
        try {
            long[] size = new long[1];
            CL.clGetProgramBuildInfo(p, id, CL.CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] log = new byte[(int) size[0]];
            CL.clGetProgramBuildInfo(p, id, CL.CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
            int n = 0;
            while (n < log.length && log[n] != 0) n++;
            return new String(log, 0, n, StandardCharsets.UTF_8);
        } catch (CLException e) {
            return "";
        }
    }

    private static cl_platform_id platformOf(DeviceInfo info) {
        int[] n = new int[1];
        CL.clGetPlatformIDs(0, null, n);
        cl_platform_id[] platforms = new cl_platform_id[n[0]];
        CL.clGetPlatformIDs(n[0], platforms, null);
        if (info.platformIndex() >= platforms.length) {
            throw new IllegalStateException("OpenCL platform " + info.platformIndex() + " is gone (" + info.label() + ")");
        }
        return platforms[info.platformIndex()];
    }

    private static cl_device_id find(DeviceInfo info) {
        cl_platform_id platform = platformOf(info);
        int[] n = new int[1];
        CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, 0, null, n);
        cl_device_id[] devices = new cl_device_id[n[0]];
        CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, n[0], devices, null);
        if (info.deviceIndex() >= devices.length) {
            throw new IllegalStateException("OpenCL device " + info.id() + " is gone (" + info.label() + ")");
        }
        return devices[info.deviceIndex()];
    }
}
