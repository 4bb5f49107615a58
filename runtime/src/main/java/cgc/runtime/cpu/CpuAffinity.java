package cgc.runtime.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.BitSet;
import java.util.Optional;

/**
 * Pins threads to a set of cores ({@code -Dcgc.cpus=8-15}), so that the Java CPU side and an OpenCL CPU device
 * standing in for a GPU (PoCL, pinned with {@code POCL_AFFINITY=1}) never compete for the same cores: the emulated
 * pair of issue 6 measures co-execution, not time slicing. Linux only ({@code sched_setaffinity} through the FFM
 * API); elsewhere pinning reports that it did nothing.
 */
public final class CpuAffinity {
    private CpuAffinity() {}

    /** The system property naming the cores of the CPU side: {@code 8-15}, {@code 0,2,4-7}. */
    public static final String PROPERTY = "cgc.cpus";

    private static final MethodHandle SCHED_SETAFFINITY = Linker.nativeLinker().defaultLookup()
            .find("sched_setaffinity")
            .map(f -> Linker.nativeLinker().downcallHandle(f, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS)))
            .orElse(null);

    /** The cores named by {@link #PROPERTY}, if it is set. */
    public static Optional<BitSet> configured() {
        String spec = System.getProperty(PROPERTY);
        return spec == null || spec.isBlank() ? Optional.empty() : Optional.of(parse(spec));
    }

    /** Parses a core list as {@code taskset -c} and Linux's {@code cpuset} write it: {@code 0-3,8,10-11}. */
    public static BitSet parse(String spec) {
        BitSet cores = new BitSet();
        for (String part : spec.split(",")) {
            String p = part.strip();
            try {
                int dash = p.indexOf('-');
                int lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
                int hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1));
                if (lo < 0 || hi < lo || hi > 4095) throw new NumberFormatException();
                cores.set(lo, hi + 1);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a core list: \"" + spec + "\" (expected e.g. 8-15 or 0,2,4-7)");
            }
        }
        return cores;
    }

    /** Pins the calling thread to {@code cores}; false where the platform offers no way to. */
    public static boolean pinCurrentThread(BitSet cores) {
        if (SCHED_SETAFFINITY == null || cores.isEmpty()) return false;
        long[] words = cores.toLongArray();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(ValueLayout.JAVA_LONG, Math.max(16, words.length));
            for (int i = 0; i < words.length; i++) mask.setAtIndex(ValueLayout.JAVA_LONG, i, words[i]);
            int rc = (int) SCHED_SETAFFINITY.invokeExact(0, mask.byteSize(), mask);   // pid 0: the calling thread
            if (rc != 0) throw new IllegalStateException("sched_setaffinity failed for cores " + cores);
            return true;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("sched_setaffinity failed", t);
        }
    }

    /** Pins the calling thread to the {@linkplain #configured() configured} cores, if any. */
    public static void pinCurrentThreadAsConfigured() {
        configured().ifPresent(CpuAffinity::pinCurrentThread);
    }
}
