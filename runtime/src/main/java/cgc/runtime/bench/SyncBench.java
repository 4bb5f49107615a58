package cgc.runtime.bench;

import cgc.runtime.cl.Access;
import cgc.runtime.cl.Gpu;
import cgc.runtime.cl.Kernel;
import cgc.runtime.cl.Program;
import cgc.runtime.cl.ProgramCache;
import cgc.runtime.cl.Region;
import cgc.runtime.cl.Sync;
import cgc.runtime.device.DeviceInfo;
import cgc.runtime.device.Devices;
import cgc.runtime.device.OpenClDevice;
import cgc.runtime.device.SvmMode;
import cgc.runtime.device.SyncMechanism;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Round-trip cost of each sync mechanism on each OpenCL device: enqueue a one-work-item kernel that writes its
 * {@code begin} argument into the arena, wait by the mechanism, and read the value back on the CPU the way generated
 * code would (directly under FINE; through a 4-byte {@code beginCpuAccess(READ)} under COARSE and BUFFERS, which is
 * itself the map or copy sync). Every round checks the value it reads. On a device with fine-grained SVM and atomics,
 * also: the flag raised inside the kernel; launches enqueued ahead with the gate inside the kernel, one and two rounds
 * ahead (a probe); and what plans do ({@link cgc.runtime.cl.Gpu#enqueueGate}): a gate kernel, the unchanged kernel
 * and its publish enqueued a round ahead, timed from the gate's opening to the CPU seeing the flag. Runs with a JRE,
 * the runtime jar and JOCL:
 *
 * <pre>{@code java --enable-native-access=ALL-UNNAMED -cp cgc-runtime.jar:jocl-2.0.5.jar cgc.runtime.bench.SyncBench
 *     [--iterations N] [--warmup N] [--device SPEC] [--json FILE]}</pre>
 *
 * Prints a table (microseconds: median, p10, p90) and then the same as JSON on stdout, or into FILE.
 */
public final class SyncBench {
    private static final String KERNEL = """
            __kernel void tag(__global float* act, __global const float* wts, const int begin, const int end) {
                act[0] = (float) begin;
            }
            """;

    /**
     * The svm-flag mechanism with the signal inside the kernel itself, as a layer's kernel would raise it: one enqueue
     * per round instead of the kernel plus {@code cgc_publish}. OpenCL C 1.2's fence and {@code atomic_xchg}, which
     * every PoCL accepts; the CPU polls the tagged word itself.
     */
    private static final String FUSED_KERNEL = """
            __kernel void tag(__global float* act, __global const float* wts, const int begin, const int end) {
                mem_fence(CLK_GLOBAL_MEM_FENCE);
                atomic_xchg((volatile __global int*) act, begin);
            }
            """;

    /**
     * A launch enqueued ahead of its data: every work-item spins until the gate word (int 1 of the arena) reaches the
     * round's number, then counts itself in (int 2); the last of the round raises the done flag (int 0). The CPU's
     * side of the sync is then two stores and a poll, with no enqueue and no device wake-up in between.
     */
    private static final String GATED_KERNEL = """
            __kernel void tag(__global float* act, __global const float* wts, const int begin, const int end) {
                volatile __global int* w = (volatile __global int*) act;
                while (w[1] < begin) { }
                mem_fence(CLK_GLOBAL_MEM_FENCE);
                int before = atomic_inc(w + 2);
                if (before + 1 == end) {
                    mem_fence(CLK_GLOBAL_MEM_FENCE);
                    atomic_xchg(w, begin);
                }
            }
            """;

    /** The kernel behind a gate launch ({@link Gpu#enqueueGate}): unchanged, tagging the arena with its round. */
    private static final String WORK_KERNEL = """
            __kernel void work(__global float* act, __global const float* wts, const int begin, const int end) {
                if (get_global_id(0) == 0) act[3] = (float) begin;
            }
            """;

    /**
     * The time between enqueueing a gated launch and opening its gate, in the runs that give one: in a plan the next
     * segment is enqueued a layer before the CPU opens it, and a device may take longer than that gap to take in a
     * command (PoCL 5 on the GPU machine: ~40 µs).
     */
    static final int LEAD_US = 200;
    /** The arena's ints as the CPU polls and opens them, with acquire and release semantics. */
    private static final java.lang.invoke.VarHandle FLAG = ValueLayout.JAVA_INT.varHandle();

    record Result(String device, String svm, String sync, int iterations, double medianUs, double p10Us, double p90Us) {}

    private SyncBench() {}

    public static void main(String[] args) throws IOException {
        int iterations = 2000, warmup = 300;
        String spec = null;
        Path json = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--device" -> spec = args[++i];
                case "--json" -> json = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: SyncBench [--iterations N] [--warmup N] [--device SPEC] [--json FILE]");
                    System.exit(2);
                }
            }
        }
        if (iterations < 1000) System.err.println("cgc: warning: fewer than 1000 iterations make p10/p90 noisy");

        Devices.Probe probe = Devices.probe();
        List<DeviceInfo> devices = probe.devices();
        if (spec != null) {
            String s = spec;
            devices = devices.stream().filter(d -> Devices.select(s, new Devices.Probe(List.of(d), ""), java.util.Map.of())
                    instanceof OpenClDevice).toList();
        }
        if (devices.isEmpty()) {
            System.err.println("cgc: no OpenCL device to measure: " + (probe.devices().isEmpty() ? probe.whyNone() : "none matches " + spec));
            System.exit(1);
        }

        List<Result> results = new ArrayList<>();
        for (DeviceInfo info : devices) {
            for (OpenClDevice d : configurations(info)) {
                System.err.println("cgc: measuring " + d.describe());
                results.add(measure(d, iterations, warmup));
            }
            if (SyncMechanism.SVM_FLAG.supportedBy(info.svm())) {
                OpenClDevice d = OpenClDevice.withDefaults(info).withSvm(SvmMode.FINE).withSync(SyncMechanism.EVENT);
                System.err.println("cgc: measuring " + d.describe() + " with the flag raised inside the kernel");
                results.add(measureFused(d, iterations, warmup));
                OpenClDevice flagged = d.withSync(SyncMechanism.SVM_FLAG);
                for (int leadUs : new int[] {0, LEAD_US}) {
                    for (int ahead : new int[] {1, 2}) {
                        System.err.println("cgc: measuring " + flagged.describe() + " with launches gated, " + ahead
                                + " ahead, " + leadUs + " µs lead");
                        results.add(measureGated(flagged, iterations, warmup, ahead, leadUs));
                    }
                    System.err.println("cgc: measuring " + flagged.describe() + " with a gate kernel ahead, " + leadUs + " µs lead");
                    results.add(measureGateKernel(flagged, iterations, warmup, leadUs));
                }
            }
        }
        System.out.print(table(results));
        String text = json(results);
        if (json == null) System.out.println(text);
        else Files.writeString(json, text);
    }

    /** Each mechanism the device supports, over the arena mode it belongs with; event over the device's best mode. */
    static List<OpenClDevice> configurations(DeviceInfo info) {
        List<OpenClDevice> out = new ArrayList<>();
        OpenClDevice best = OpenClDevice.withDefaults(info);
        for (SyncMechanism m : SyncMechanism.values()) {
            if (!m.supportedBy(info.svm())) continue;
            SvmMode mode = switch (m) {
                case SVM_FLAG -> SvmMode.FINE;
                case MAP -> SvmMode.COARSE;
                case COPY -> SvmMode.BUFFERS;
                case EVENT -> best.svm();
            };
            out.add(best.withSvm(mode).withSync(m));
        }
        return out;
    }

    static Result measure(OpenClDevice device, int iterations, int warmup) {
        try (Rig rig = new Rig(device, KERNEL, "");
                Kernel tag = rig.kernel("tag")) {
            Gpu gpu = rig.gpu;
            Region act = rig.act;
            long[] nanos = new long[iterations];
            for (int i = -warmup; i < iterations; i++) {
                int value = (i & 0xFFFF) + 1;
                long t0 = System.nanoTime();
                Sync s = gpu.enqueue(tag, 1, 1, value, value + 1);
                float seen;
                if (device.svm() == SvmMode.FINE) {
                    s.await();
                    seen = act.cpuView().get(ValueLayout.JAVA_FLOAT, 0);
                } else {
                    act.beginCpuAccess(0, 4, Access.READ);
                    seen = act.cpuView().get(ValueLayout.JAVA_FLOAT, 0);
                    act.endCpuAccess(0, 4, Access.READ);
                    s.await();
                }
                long t1 = System.nanoTime();
                if (seen != value) {
                    throw new IllegalStateException("%s: round %d read %s, expected %d".formatted(device.describe(), i, seen, value));
                }
                if (i >= 0) nanos[i] = t1 - t0;
            }
            Arrays.sort(nanos);
            return new Result(device.info().label(), device.svm().label(), device.sync().label(), iterations,
                    percentile(nanos, 0.5), percentile(nanos, 0.1), percentile(nanos, 0.9));
        }
    }

    /**
     * As {@link #measure}, but the kernel raises the flag itself and the CPU polls it with acquire semantics; the
     * event the launch carries is waited on only after the clock stops (so that it is released).
     */
    static Result measureFused(OpenClDevice device, int iterations, int warmup) {
        try (Rig rig = new Rig(device, FUSED_KERNEL, "-cl-std=CL1.2");
                Kernel tag = rig.kernel("tag")) {
            Gpu gpu = rig.gpu;
            Region act = rig.act;
            MemorySegment word = act.cpuView();
            long[] nanos = new long[iterations];
            for (int i = -warmup; i < iterations; i++) {
                int value = (i & 0xFFFF) + 1;
                long t0 = System.nanoTime();
                Sync s = gpu.enqueue(tag, 1, 1, value, value + 1);
                while ((int) FLAG.getAcquire(word, 0L) != value) Thread.onSpinWait();
                long t1 = System.nanoTime();
                s.await();
                if (i >= 0) nanos[i] = t1 - t0;
            }
            Arrays.sort(nanos);
            return new Result(device.info().label(), device.svm().label(), "svm-flag-in-kernel", iterations,
                    percentile(nanos, 0.5), percentile(nanos, 0.1), percentile(nanos, 0.9));
        }
    }

    /**
     * Launches enqueued {@code ahead} rounds before their gate opens (as a plan would enqueue the next layer's GPU part
     * while both sides compute this one), each over one work-group per compute unit. Timed: opening the gate until the
     * CPU sees the round's flag; the enqueue of a later round happens outside the clock, as it would overlap the CPU's
     * own part in a plan.
     */
    static Result measureGated(OpenClDevice device, int iterations, int warmup, int ahead, int leadUs) {
        int groups = Math.max(1, device.info().computeUnits());
        try (Rig rig = new Rig(device, GATED_KERNEL, "-cl-std=CL1.2");
                Kernel tag = rig.kernel("tag")) {
            Gpu gpu = rig.gpu;
            MemorySegment word = rig.act.cpuView().fill((byte) 0);
            int rounds = warmup + iterations;
            long[] nanos = new long[iterations];
            List<Sync> launched = new ArrayList<>();
            for (int r = 1; r <= Math.min(ahead, rounds); r++) {
                launched.add(gpu.enqueue(tag, new long[] {groups}, new long[] {1}, r, r * groups, false));
                gpu.flush();
            }
            for (int r = 1; r <= rounds; r++) {
                lead(leadUs);
                long t0 = System.nanoTime();
                FLAG.setRelease(word, 4L, r);
                while ((int) FLAG.getAcquire(word, 0L) != r) Thread.onSpinWait();
                long t1 = System.nanoTime();
                if (r + ahead <= rounds) {
                    gpu.enqueue(tag, new long[] {groups}, new long[] {1}, r + ahead, (r + ahead) * groups, false);
                    gpu.flush();
                }
                if (r > warmup) nanos[r - warmup - 1] = t1 - t0;
            }
            gpu.finish();
            Arrays.sort(nanos);
            return new Result(device.info().label(), device.svm().label(), "gated-" + ahead + "-ahead-" + leadUs + "us", iterations,
                    percentile(nanos, 0.5), percentile(nanos, 0.1), percentile(nanos, 0.9));
        }
    }

    /**
     * As {@link #measureGated} one round ahead, but the gate is the runtime's own gate launch ({@link Gpu#enqueueGate})
     * in front of an unchanged kernel (over one work-group per compute unit) and its publish kernel: three launches a
     * round, as a plan with {@code -Dcgc.gpu.ahead=gate} makes them.
     */
    static Result measureGateKernel(OpenClDevice device, int iterations, int warmup, int leadUs) {
        int groups = Math.max(1, device.info().computeUnits());
        try (Rig rig = new Rig(device, WORK_KERNEL, "");
                Kernel work = rig.kernel("work")) {
            Gpu gpu = rig.gpu;
            MemorySegment word = rig.act.cpuView().fill((byte) 0);
            int rounds = warmup + iterations;
            long[] nanos = new long[iterations];
            int gate = gpu.enqueueGate();
            Sync next = gpu.enqueue(work, new long[] {groups}, new long[] {1}, 1, 2, true);
            for (int r = 1; r <= rounds; r++) {
                Sync s = next;
                lead(leadUs);
                long t0 = System.nanoTime();
                gpu.openGate(gate);
                s.await();
                long t1 = System.nanoTime();
                float seen = word.get(ValueLayout.JAVA_FLOAT, 12L);
                if (seen != r) throw new IllegalStateException("gate kernel: round %d read %s".formatted(r, seen));
                if (r < rounds) {
                    gate = gpu.enqueueGate();
                    next = gpu.enqueue(work, new long[] {groups}, new long[] {1}, r + 1, r + 2, true);
                }
                if (r > warmup) nanos[r - warmup - 1] = t1 - t0;
            }
            Arrays.sort(nanos);
            return new Result(device.info().label(), device.svm().label(), "gate-kernel-" + leadUs + "us", iterations,
                    percentile(nanos, 0.5), percentile(nanos, 0.1), percentile(nanos, 0.9));
        }
    }

    /** Spins {@code us} microseconds, as a CPU part would run between an enqueue and the gate's opening. */
    private static void lead(int us) {
        long until = System.nanoTime() + us * 1000L;
        while (System.nanoTime() < until) Thread.onSpinWait();
    }

    /** A device opened for one measurement: a 4 KiB arena, one float of weights, and {@code source} built. */
    private static final class Rig implements AutoCloseable {
        final Gpu gpu;
        final Region act;
        final Region wts;
        final Program program;

        Rig(OpenClDevice device, String source, String options) {
            gpu = Gpu.open(device, ProgramCache.fromEnvironment());
            try {
                act = gpu.allocateArena(4096);
                wts = gpu.loadWeights(MemorySegment.ofArray(new float[1]));
                program = gpu.build(source, options);
            } catch (RuntimeException e) {
                gpu.close();
                throw e;
            }
        }

        Kernel kernel(String name) {
            return program.kernel(name, act, wts);
        }

        /** Closing the Gpu releases what was made on it. */
        @Override
        public void close() {
            gpu.close();
        }
    }

    private static double percentile(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] / 1000.0;
    }

    static String table(List<Result> results) {
        int width = results.stream().mapToInt(r -> r.device().length()).max().orElse(6);
        String head = "%-" + width + "s %-8s %-9s %10s %10s %10s%n";
        String row = "%-" + width + "s %-8s %-9s %10.1f %10.1f %10.1f%n";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, head,
                "device", "svm", "sync", "median µs", "p10 µs", "p90 µs"));
        for (Result r : results) {
            sb.append(String.format(Locale.ROOT, row,
                    r.device(), r.svm(), r.sync(), r.medianUs(), r.p10Us(), r.p90Us()));
        }
        return sb.toString();
    }

    static String json(List<Result> results) {
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            sb.append(String.format(Locale.ROOT,
                    "  {\"device\": \"%s\", \"svm\": \"%s\", \"sync\": \"%s\", \"iterations\": %d, "
                            + "\"median_us\": %.2f, \"p10_us\": %.2f, \"p90_us\": %.2f}%s%n",
                    r.device().replace("\\", "\\\\").replace("\"", "\\\""), r.svm(), r.sync(), r.iterations(),
                    r.medianUs(), r.p10Us(), r.p90Us(), i + 1 < results.size() ? "," : ""));
        }
        return sb.append("]\n").toString();
    }
}
