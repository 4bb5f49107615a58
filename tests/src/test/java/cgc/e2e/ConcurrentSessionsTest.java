package cgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cgc.runtime.Plan;
import cgc.runtime.Session;
import cgc.runtime.device.CpuOnlyDevice;
import cgc.runtime.io.Npy;
import cgc.runtime.io.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * One loaded plan used from several threads, as {@link Plan}'s documentation promises: each thread with a session of
 * its own (they run concurrently), and all of them through one shared session too (calls are serialised). Every
 * result must equal the single-threaded one, bit for bit.
 */
class ConcurrentSessionsTest {
    @Test
    void sessionsOfOnePlanRunInParallelAndASharedSessionSerialises() throws Exception {
        String model = "encoder2";
        Tensor golden = Npy.read(Models.goldenInput(model));
        CpuOnlyDevice cpu = new CpuOnlyDevice("test");
        try (Plan plan = Plan.load(Models.jar(model, "cpu")); ExecutorService pool = Executors.newFixedThreadPool(3);
             Session shared = plan.open(cpu, 1)) {
            String in = plan.inputs().getFirst().name(), out = plan.outputs().getFirst().name();
            Tensor expected = shared.run(Map.of(in, golden)).get(out);
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                jobs.add(pool.submit(() -> {
                    try (Session own = plan.open(cpu, 1)) {
                        for (int i = 0; i < 4; i++) {
                            assertEquals(expected, own.run(Map.of(in, golden)).get(out));
                            assertEquals(expected, shared.run(Map.of(in, golden)).get(out));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> j : jobs) j.get();
        }
    }
}
