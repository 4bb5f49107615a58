package cgc.runtime.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.runtime.device.SvmMode;
import cgc.runtime.device.SyncMechanism;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each sync mechanism observes completion: a deliberately slow kernel tags every element with its round, and right
 * after {@link Sync#await()} the CPU reads the fine-grained arena directly (no map, no copy that could wait in its
 * stead). A sync that returned early would leave elements of the previous round.
 */
class SyncTest {
    private static final int N = 2048;
    private static final String SLOW = """
            __kernel void slow(__global float* act, __global const float* wts, const int begin, const int end) {
                int g = get_global_id(0);
                float x = (float) g;
                for (int k = 0; k < 4000; k++) x = x * 0.999f + wts[k & 31];
                act[g] = (float) begin + (float) g + (x < -1.0f ? 1.0f : 0.0f); // x > 0: the loop cannot be dropped
            }
            """;

    @ParameterizedTest
    @EnumSource(SyncMechanism.class)
    void awaitReturnsOnlyAfterTheKernelCompleted(SyncMechanism mechanism) {
        try (Gpu gpu = Gpu.open(OpenClTesting.device(SvmMode.FINE, mechanism), ProgramCache.none());
                Region act = gpu.allocateArena(4L * N);
                Region wts = gpu.loadWeights(MemorySegment.ofArray(new float[32]).fill((byte) 0x3c)); // ~0.0115f
                Program program = gpu.build(SLOW, "");
                Kernel slow = program.kernel("slow", act, wts)) {
            assertEquals(mechanism, gpu.mechanism());
            MemorySegment view = act.cpuView();
            for (int round = 1; round <= 4; round++) {
                Sync s = gpu.enqueue(slow, N, 0, round * N, round * N + N);
                s.await();
                assertTrue(s.isComplete());
                for (int g = 0; g < N; g++) {
                    assertEquals(round * N + g, view.getAtIndex(ValueLayout.JAVA_FLOAT, g), 0f,
                            mechanism.label() + ", round " + round + ", element " + g);
                }
            }
        }
    }

    @Test
    void waitingForALaterLaunchCompletesTheEarlierOnes() {
        try (Gpu gpu = Gpu.open(OpenClTesting.device(SvmMode.FINE, SyncMechanism.EVENT), ProgramCache.none());
                Region act = gpu.allocateArena(4L * N);
                Region wts = gpu.loadWeights(MemorySegment.ofArray(new float[32]));
                Program program = gpu.build(SLOW, "");
                Kernel slow = program.kernel("slow", act, wts)) {
            Sync first = gpu.enqueue(slow, N, 0, 0, N);
            Sync second = gpu.enqueue(slow, N, 0, N, 2 * N);
            assertEquals(first.sequence() + 1, second.sequence());
            second.await();
            assertTrue(first.isComplete(), "in-order queue: the first launch finished before the second");
            first.await(); // returns at once
        }
    }

    /** Under map and copy the CPU's blocking access to the range it needs is itself the wait. */
    @ParameterizedTest
    @EnumSource(value = SvmMode.class, names = {"COARSE", "BUFFERS"})
    void aBlockingReadAccessIsTheSync(SvmMode mode) {
        try (Gpu gpu = Gpu.open(OpenClTesting.device(mode), ProgramCache.none());
                Region act = gpu.allocateArena(4L * N);
                Region wts = gpu.loadWeights(MemorySegment.ofArray(new float[32]));
                Program program = gpu.build(SLOW, "");
                Kernel slow = program.kernel("slow", act, wts)) {
            assertEquals(mode == SvmMode.COARSE ? SyncMechanism.MAP : SyncMechanism.COPY, gpu.mechanism());
            Sync s = gpu.enqueue(slow, N, 0, 5 * N, 6 * N);
            act.beginCpuAccess(0, 4L * N, Access.READ);
            assertTrue(s.isComplete());
            for (int g = 0; g < N; g++) assertEquals(5 * N + g, act.cpuView().getAtIndex(ValueLayout.JAVA_FLOAT, g), 0f);
            act.endCpuAccess(0, 4L * N, Access.READ);
            s.await();
        }
    }
}
