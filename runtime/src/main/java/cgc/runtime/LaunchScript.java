package cgc.runtime;

import cgc.runtime.cl.Gpu;
import cgc.runtime.cl.Kernel;
import cgc.runtime.cl.KernelGate;
import cgc.runtime.cl.Sync;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A run's launches, recorded the first time the plan runs with its cuts, then enqueued ahead of the calls that make
 * them. A plan's launches depend only on its cuts and split parts (no data-dependent control flow reaches the
 * queue), so each run after the first makes the same ones. The launches fall into segments, each from a
 * {@link GpuQueue#fence} to the next; a replayed run enqueues segment {@code s + 1} behind a shut gate when the CPU
 * reaches segment {@code s}, and opens that gate when it reaches segment {@code s + 1}.
 *
 * <p>Why: on a device that sleeps between commands (PoCL's CPU device, and most drivers), a launch made when the CPU
 * is ready costs an enqueue and the device waking up before the kernel starts, 25–45 µs on PoCL, which every split
 * layer pays on its critical path. Behind a gate the device is awake and the command in place; opening it is one
 * store (SyncBench on the GPU machine's PoCL 5, a kernel's own gate opened 200 µs after its enqueue: 4.9 µs to the
 * CPU seeing its flag, against 59.5 µs for a launch and its flag). Needs the svm-flag mechanism. Opt-in
 * ({@code -Dcgc.gpu.ahead}, see {@link OpenClQueue}): no model has run measurably faster with it yet.
 *
 * <p>Two kinds of gate. Where the device is a CPU (PoCL), each kernel opens with {@code CGC_GATE(k)} (see
 * {@link KernelGate}), waiting on word {@code k} of a block past the arena: the kernel itself is
 * taken in by the device ahead and waits in place, since PoCL 5 takes ~40 µs to start any command, a gate launch's
 * successor too. Elsewhere a one-work-item {@link Gpu#enqueueGate gate launch} waits on a fine-grained SVM word with
 * atomics, which a GPU is sure to see; an arena word without atomics it might not.
 *
 * <p>Why it is safe: a launch starts only after the gate of its segment opens, and that happens when the plan code
 * calls it, so no launch starts earlier than it would have. The CPU never waits for a launch behind a shut gate: it
 * opens gates in program order and awaits only what it launched before. A kernel's word is shut only when its last
 * launch has completed (each kernel is launched once a run, and a replay begins by waiting for the run before).
 */
final class LaunchScript {
    /** One launch as the plan makes it; {@code fenced}: the first of its segment. */
    record Launch(int kernel, int begin, int end, long[] global, long[] local, boolean awaited, boolean fenced) {
        boolean matches(int kernel, int begin, int end, long[] global, long[] local, boolean fenced) {
            return this.kernel == kernel && this.begin == begin && this.end == end && this.fenced == fenced
                    && Arrays.equals(this.global, global) && Arrays.equals(this.local, local);
        }

        Launch awaitedToo() {
            return new Launch(kernel, begin, end, global, local, true, fenced);
        }

        @Override
        public String toString() {
            return "kernel " + kernel + " [" + begin + ", " + end + ") over " + Arrays.toString(global) + (fenced ? ", fenced" : "");
        }
    }

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final Gpu gpu;
    private final Kernel[] kernels;
    private final MemorySegment words;  // the kernels' own gates, 64 bytes apart; null: gate launches
    private boolean inKernel;           // this script's gates are the kernels' own (each kernel once in it)
    private Sync lastOfRun;             // the last launch of the run before
    private List<Launch> recording;     // the current run's, while it is recorded
    private Launch[] script;            // the launches of a run, once one was recorded
    private int[] segments;             // index of each segment's first launch, and script.length last
    private Sync[] syncs;               // this replay's launches as enqueued
    private int[] gates;                // this replay's gate of each segment
    private int enqueuedSegments;
    private int next;                   // the launch the plan makes next, in a replay
    private boolean replaying;
    private boolean fencePending;

    /** {@code words}: where the kernels wait for their gates ({@code CGC_GATE}), all open (nonzero); null: none do. */
    LaunchScript(Gpu gpu, Kernel[] kernels, MemorySegment words) {
        this.gpu = gpu;
        this.kernels = kernels;
        this.words = words;
    }

    void begin() {
        fencePending = false;
        if (script == null) {
            recording = new ArrayList<>();
            return;
        }
        if (inKernel && lastOfRun != null) lastOfRun.await();   // before any kernel's word is shut again
        replaying = true;
        next = 0;
        enqueuedSegments = 0;
        syncs = new Sync[script.length];
        gates = new int[segments.length - 1];
        enqueueSegment();
    }

    void fence() {
        fencePending = true;
    }

    Sync launch(int kernel, int begin, int end, long[] global, long[] local, boolean awaited) {
        boolean fenced = fencePending;
        fencePending = false;
        if (!replaying) {
            if (recording != null) recording.add(new Launch(kernel, begin, end, global.clone(), local == null ? null : local.clone(), awaited, fenced));
            return lastOfRun = gpu.enqueue(kernels[kernel], global, local, begin, end, awaited);
        }
        Launch l = next < script.length ? script[next] : null;
        if (l == null || !l.matches(kernel, begin, end, global, local, fenced)) {
            throw new IllegalStateException("launch " + next + " of the run differs from the recorded one: kernel " + kernel
                    + " [" + begin + ", " + end + ") over " + Arrays.toString(global) + (fenced ? ", fenced" : "")
                    + " against " + (l == null ? "none" : l));
        }
        int segment = segmentOf(next);
        if (segments[segment] == next) {
            if (enqueuedSegments == segment + 1 && segment + 1 < gates.length) enqueueSegment(); // the next, gated
            open(segment);
        }
        return lastOfRun = syncs[next++];
    }

    /**
     * The plan awaits its last launch: a recorded launch that was awaited publishes its completion when replayed,
     * since a publish enqueued at the wait would sit behind the next segment's shut gate.
     */
    void awaited() {
        if (recording != null && !recording.isEmpty()) {
            int last = recording.size() - 1;
            recording.set(last, recording.get(last).awaitedToo());
        }
    }

    /** Whether a run is being replayed: then launches were flushed when enqueued. */
    boolean replaying() {
        return replaying;
    }

    void end(boolean normally) {
        if (replaying) {
            replaying = false;
            syncs = null;
            if (!normally || next != script.length) {
                // an unfinished replay: its queued launches run and end before anything else touches the arena, and
                // the next run is recorded afresh
                for (int seg = 0; seg < gates.length; seg++) open(seg);
                script = null;
                gpu.finish();
            }
            return;
        }
        if (recording != null && normally && !recording.isEmpty()) adopt(recording);
        recording = null;
    }

    /** The next run may launch differently (new cuts or parts): record it again. */
    void forget() {
        script = null;
    }

    private void adopt(List<Launch> launches) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < launches.size(); i++) if (i == 0 || launches.get(i).fenced()) starts.add(i);
        script = launches.toArray(Launch[]::new);
        inKernel = words != null && launches.stream().mapToInt(Launch::kernel).distinct().count() == launches.size();
        segments = new int[starts.size() + 1];
        for (int i = 0; i < starts.size(); i++) segments[i] = starts.get(i);
        segments[starts.size()] = script.length;
    }

    private void enqueueSegment() {
        int s = enqueuedSegments++;
        for (int i = segments[s]; i < segments[s + 1]; i++) {
            Launch l = script[i];
            if (l.fenced() && inKernel) {
                INT.setVolatile(words, KernelGate.WORD_BYTES * l.kernel(), 0);
                gpu.kernelGateShut(1);
                gates[s] = 1;
            } else if (l.fenced()) {
                gates[s] = gpu.enqueueGate();
            }
            syncs[i] = gpu.enqueue(kernels[l.kernel()], l.global(), l.local(), l.begin(), l.end(), l.awaited());
        }
        gpu.flush();
    }

    /** Opens segment {@code s}'s gate, if it has one that was enqueued and is shut. */
    private void open(int s) {
        if (gates[s] == 0) return;
        if (inKernel) {
            INT.setRelease(words, KernelGate.WORD_BYTES * script[segments[s]].kernel(), 1);
            gpu.kernelGateShut(-1);
        } else {
            gpu.openGate(gates[s]);
        }
        gates[s] = 0;
    }

    private int segmentOf(int launch) {
        int i = Arrays.binarySearch(segments, launch);
        return i >= 0 ? i : -i - 2;
    }
}
