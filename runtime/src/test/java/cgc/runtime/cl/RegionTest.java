package cgc.runtime.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cgc.runtime.device.SvmMode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each {@link SvmMode} in turn: the arena is poisoned with random values, a kernel writes one range while the CPU
 * writes another, then a second kernel reads what the CPU wrote; every element of the arena is checked.
 */
class RegionTest {
    private static final int N = 6000;
    private static final int GPU_FROM = 100, GPU_TO = 1100; // kernel "produce": act[i] = wts[i % 64] * 2 + i
    private static final int CPU_FROM = 2000, CPU_TO = 3000; // CPU: act[i] = -0.25 * i
    private static final int COPY_TO = 4000; // kernel "consume": act[COPY_TO + i - CPU_FROM] = 3 * act[i]
    private static final String SOURCE = """
            __kernel void produce(__global float* act, __global const float* wts, const int begin, const int end) {
                int i = begin + get_global_id(0);
                if (i < end) act[i] = wts[i %% 64] * 2.0f + (float) i;
            }
            __kernel void consume(__global float* act, __global const float* wts, const int begin, const int end) {
                int i = begin + get_global_id(0);
                if (i < end) act[%d + i - %d] = 3.0f * act[i];
            }
            """.formatted(COPY_TO, CPU_FROM);

    @ParameterizedTest
    @EnumSource(SvmMode.class)
    void kernelAndCpuShareTheArena(SvmMode mode) {
        Random rnd = new Random(42 + mode.ordinal());
        float[] poison = new float[N];
        for (int i = 0; i < N; i++) poison[i] = rnd.nextFloat() * 1000 - 500;
        float[] weights = new float[64];
        for (int i = 0; i < 64; i++) weights[i] = rnd.nextFloat();
        MemorySegment weightBytes = Arena.ofAuto().allocateFrom(ValueLayout.JAVA_FLOAT, weights);

        try (Gpu gpu = Gpu.open(OpenClTesting.device(mode), ProgramCache.none());
                Region act = gpu.allocateArena(4L * N);
                Region wts = gpu.loadWeights(weightBytes);
                Program program = gpu.build(SOURCE, "");
                Kernel produce = program.kernel("produce", act, wts);
                Kernel consume = program.kernel("consume", act, wts)) {
            assertEquals(mode, act.mode());
            assertEquals(-1, weightBytes.mismatch(wts.cpuView().asSlice(0, weightBytes.byteSize())), "CPU sees the weights");

            MemorySegment view = act.cpuView();
            act.beginCpuAccess(0, 4L * N, Access.WRITE);
            MemorySegment.copy(poison, 0, view, ValueLayout.JAVA_FLOAT, 0, N);
            act.endCpuAccess(0, 4L * N, Access.WRITE);

            Sync produced = gpu.enqueue(produce, GPU_TO - GPU_FROM, 0, GPU_FROM, GPU_TO);
            act.beginCpuAccess(4L * CPU_FROM, 4L * (CPU_TO - CPU_FROM), Access.WRITE);
            for (int i = CPU_FROM; i < CPU_TO; i++) view.setAtIndex(ValueLayout.JAVA_FLOAT, i, -0.25f * i);
            act.endCpuAccess(4L * CPU_FROM, 4L * (CPU_TO - CPU_FROM), Access.WRITE);
            produced.await();
            gpu.enqueue(consume, CPU_TO - CPU_FROM, 0, CPU_FROM, CPU_TO).await();

            act.beginCpuAccess(0, 4L * N, Access.READ);
            for (int i = 0; i < N; i++) {
                float expected;
                if (i >= GPU_FROM && i < GPU_TO) expected = weights[i % 64] * 2.0f + i;
                else if (i >= CPU_FROM && i < CPU_TO) expected = -0.25f * i;
                else if (i >= COPY_TO && i < COPY_TO + CPU_TO - CPU_FROM) expected = 3.0f * (-0.25f * (i - COPY_TO + CPU_FROM));
                else expected = poison[i];
                assertEquals(expected, view.getAtIndex(ValueLayout.JAVA_FLOAT, i), mode + ": element " + i);
            }
            act.endCpuAccess(0, 4L * N, Access.READ);
        }
    }

    @ParameterizedTest
    @EnumSource(SvmMode.class)
    void rangesAreCheckedAndWeightsAreReadOnly(SvmMode mode) {
        try (Gpu gpu = Gpu.open(OpenClTesting.device(mode), ProgramCache.none());
                Region act = gpu.allocateArena(1024);
                Region wts = gpu.loadWeights(MemorySegment.ofArray(new float[4]))) {
            var e = assertThrows(IndexOutOfBoundsException.class, () -> act.beginCpuAccess(1000, 32, Access.READ));
            assertEquals("range [1000, 1032) is outside the region's 1024 bytes", e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> act.beginCpuAccess(-4, 4, Access.READ));
            var w = assertThrows(IllegalStateException.class, () -> wts.beginCpuAccess(0, 16, Access.WRITE));
            assertEquals("the weights region is read-only; asked for WRITE", w.getMessage());
            assertThrows(IllegalArgumentException.class, () -> wts.cpuView().set(ValueLayout.JAVA_FLOAT, 0, 1f));
            assertEquals(128, wts.byteSize(), "small weights are padded to 128 bytes");
        }
    }
}
