package cgc.runtime.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.runtime.device.SvmMode;
import cgc.runtime.device.SyncMechanism;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramCacheTest {
    private static final String SOURCE = """
            __kernel void put(__global float* act, __global const float* wts, const int begin, const int end) {
                int i = begin + get_global_id(0);
                if (i < end) act[i] = VALUE + wts[0];
            }
            """;

    @TempDir Path dir;

    @Test
    void secondBuildLoadsTheBinaryAndACorruptOneIsIgnored() throws IOException {
        ProgramCache cache = ProgramCache.at(dir);
        try (Gpu gpu = Gpu.open(OpenClTesting.device(SvmMode.BUFFERS, SyncMechanism.COPY), cache);
                Region act = gpu.allocateArena(64);
                Region wts = gpu.loadWeights(MemorySegment.ofArray(new float[] {0.5f}))) {
            assertEquals(Program.Origin.SOURCE, buildAndRun(gpu, act, wts, "-DVALUE=3.0f", 3.5f));
            Path file = cache.fileFor(ProgramCache.key(SOURCE, "-DVALUE=3.0f", gpu.device().info()));
            assertTrue(Files.size(file) > 32, "binary stored at " + file);

            assertEquals(Program.Origin.CACHE, buildAndRun(gpu, act, wts, "-DVALUE=3.0f", 3.5f));
            assertEquals(Program.Origin.SOURCE, buildAndRun(gpu, act, wts, "-DVALUE=4.0f", 4.5f), "options are in the key");

            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 0x5a;
            Files.write(file, bytes);
            assertEquals(Program.Origin.SOURCE, buildAndRun(gpu, act, wts, "-DVALUE=3.0f", 3.5f), "checksum mismatch");
            assertEquals(Program.Origin.CACHE, buildAndRun(gpu, act, wts, "-DVALUE=3.0f", 3.5f), "rewritten");

            cache.store(ProgramCache.key(SOURCE, "-DVALUE=3.0f", gpu.device().info()), "not a binary".getBytes());
            assertEquals(Program.Origin.SOURCE, buildAndRun(gpu, act, wts, "-DVALUE=3.0f", 3.5f), "driver rejects it");
        }
    }

    @Test
    void buildErrorsCarryTheBuildLog() {
        try (Gpu gpu = Gpu.open(OpenClTesting.device(SvmMode.BUFFERS, SyncMechanism.COPY), ProgramCache.at(dir))) {
            var e = assertThrows(KernelBuildException.class, () -> gpu.build(
                    "__kernel void k(__global float* act) { act[0] = no_such_thing; }", ""));
            assertTrue(e.buildLog().contains("no_such_thing"), e.buildLog());
            assertTrue(e.getMessage().startsWith("OpenCL rejected the program on " + gpu.device().info().label()), e.getMessage());
            assertTrue(e.getMessage().contains("no_such_thing"), e.getMessage());
        }
    }

    @Test
    void askingForAMissingKernelSaysWhich() {
        try (Gpu gpu = Gpu.open(OpenClTesting.device(SvmMode.BUFFERS, SyncMechanism.COPY), ProgramCache.none());
                Region act = gpu.allocateArena(64);
                Region wts = gpu.loadWeights(MemorySegment.ofArray(new float[1]));
                Program p = gpu.build(SOURCE, "-DVALUE=1.0f")) {
            var e = assertThrows(IllegalArgumentException.class, () -> p.kernel("take", act, wts));
            assertEquals("the program has no kernel named \"take\"", e.getMessage());
        }
    }

    private static Program.Origin buildAndRun(Gpu gpu, Region act, Region wts, String options, float expected) {
        try (Program p = gpu.build(SOURCE, options); Kernel k = p.kernel("put", act, wts)) {
            gpu.enqueue(k, 16, 0, 0, 16).await();
            act.beginCpuAccess(0, 64, Access.READ);
            for (int i = 0; i < 16; i++) assertEquals(expected, act.cpuView().getAtIndex(ValueLayout.JAVA_FLOAT, i), options);
            act.endCpuAccess(0, 64, Access.READ);
            return p.origin();
        }
    }
}
