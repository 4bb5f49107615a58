package cgc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cgc.runtime.cl.Gpu;
import cgc.runtime.cl.Kernel;
import cgc.runtime.cl.KernelGate;
import cgc.runtime.cl.Program;
import cgc.runtime.cl.ProgramCache;
import cgc.runtime.cl.Region;
import cgc.runtime.device.DeviceInfo;
import cgc.runtime.device.Devices;
import cgc.runtime.device.OpenClDevice;
import cgc.runtime.device.SvmMode;
import cgc.runtime.device.SyncMechanism;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Launches enqueued ahead behind gates: a replayed launch starts only once the plan reaches it (the CPU's writes before
 * it are what it reads), a replay that differs from its recording is refused without leaving the queue stuck, and new
 * cuts are recorded afresh. One work-item kernels write {@code end} at index {@code begin} of the arena.
 */
class LaunchScriptTest {
    private static final String TAG = KernelGate.insert("""
            __kernel void tag(__global float* act, __global const float* wts, const int begin, const int end) {
                act[begin] = (float) end + act[begin + 8];
            }
            """, "tag", 0);
    /** Where the in-kernel gate's word lies in the arena. */
    private static final long WORDS = 1024;
    private static final long[] ONE = {1};

    @ParameterizedTest(name = "the kernel''s own gate: {0}")
    @ValueSource(booleans = {false, true})
    void aReplayedLaunchStartsOnlyWhenThePlanReachesIt(boolean inKernel) throws InterruptedException {
        try (Fixture x = new Fixture(inKernel)) {
            LaunchScript script = x.script;
            for (int run = 1; run <= 3; run++) {
                x.set(0, -1);
                x.set(1, -1);
                x.set(8, 0);
                script.begin();
                assertEquals(run > 1, script.replaying(), "run " + run + ": the first run records, the others replay");
                if (run > 1) {
                    Thread.sleep(50);
                    assertEquals(-1, x.get(0), "run " + run + ": the first launch waited for its fence");
                }
                x.set(8, 100 * run);                       // what the first launch reads, written just before it
                script.fence();
                script.launch(0, 0, 1, ONE, ONE, false);
                x.set(9, 1000 * run);
                script.fence();
                var last = script.launch(0, 1, 2, ONE, ONE, true);
                last.await();
                assertEquals(1 + 100 * run, x.get(0), "run " + run + ": read what the CPU wrote before its fence");
                assertEquals(2 + 1000 * run, x.get(1), "run " + run);
                script.end(true);
            }
        }
    }

    @ParameterizedTest(name = "the kernel''s own gate: {0}")
    @ValueSource(booleans = {false, true})
    void aLaunchUnlikeTheRecordedOneIsRefusedAndTheNextRunRecordsAgain(boolean inKernel) {
        try (Fixture x = new Fixture(inKernel)) {
            LaunchScript script = x.script;
            script.begin();
            script.fence();
            script.launch(0, 0, 1, ONE, ONE, true).await();
            script.end(true);

            script.begin();
            script.fence();
            assertThrows(IllegalStateException.class, () -> script.launch(0, 2, 3, ONE, ONE, true));
            script.end(false);                             // drains what was enqueued ahead; must not hang

            x.set(2, -1);
            x.set(10, 0);
            script.begin();                                // records again
            script.fence();
            script.launch(0, 2, 3, ONE, ONE, true).await();
            script.end(true);
            assertEquals(3, x.get(2));
        }
    }

    @ParameterizedTest(name = "the kernel''s own gate: {0}")
    @ValueSource(booleans = {false, true})
    void forgottenCutsAreRecordedAgain(boolean inKernel) {
        try (Fixture x = new Fixture(inKernel)) {
            LaunchScript script = x.script;
            for (int begin : new int[] {0, 0, 3, 3, 3}) {
                if (begin == 3) script.forget();
                x.set(begin, -1);
                x.set(begin + 8, 0);
                script.begin();
                script.fence();
                script.launch(0, begin, 5, ONE, ONE, true).await();
                script.end(true);
                assertEquals(5, x.get(begin));
            }
        }
    }

    /**
     * A svm-flag device (fine-grained SVM with atomics), its arena, and a script over the tag kernel, gated by a gate
     * launch or by its own {@code CGC_GATE}.
     */
    private static final class Fixture implements AutoCloseable {
        final Gpu gpu;
        final Region act;
        final Region wts;
        final Program program;
        final Kernel tag;
        final LaunchScript script;

        Fixture(boolean inKernel) {
            List<DeviceInfo> all = Devices.list();
            assumeTrue(!all.isEmpty(), "no OpenCL platform on this machine");
            DeviceInfo info = all.getFirst();
            assumeTrue(SyncMechanism.SVM_FLAG.supportedBy(info.svm()), () -> info.label() + " has no svm-flag");
            gpu = Gpu.open(new OpenClDevice(info, SvmMode.FINE, SyncMechanism.SVM_FLAG), ProgramCache.none());
            act = gpu.allocateArena(4096);
            wts = gpu.loadWeights(MemorySegment.ofArray(new float[32]));
            program = gpu.build(KernelGate.MACRO + TAG, inKernel ? KernelGate.option(WORDS) : "");
            tag = program.kernel("tag", act, wts);
            MemorySegment words = act.cpuView().asSlice(WORDS, KernelGate.WORD_BYTES);
            words.set(ValueLayout.JAVA_INT, 0, 1);
            script = new LaunchScript(gpu, new Kernel[] {tag}, inKernel ? words : null);
        }

        void set(int index, float value) {
            act.cpuView().setAtIndex(ValueLayout.JAVA_FLOAT, index, value);
        }

        float get(int index) {
            return act.cpuView().getAtIndex(ValueLayout.JAVA_FLOAT, index);
        }

        @Override
        public void close() {
            tag.close();
            program.close();
            wts.close();
            act.close();
            gpu.close();
        }
    }
}
