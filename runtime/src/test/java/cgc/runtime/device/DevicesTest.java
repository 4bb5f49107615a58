package cgc.runtime.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevicesTest {
    private static final SvmCapabilities FINE_CAPS = SvmCapabilities.of(1 | 2 | 8);
    private static final SvmCapabilities COARSE_CAPS = SvmCapabilities.of(1);
    private static final DeviceInfo POCL = info(0, 0, "Portable Computing Language", "pthread-skylake", "CPU", FINE_CAPS);
    private static final DeviceInfo H100 = info(1, 0, "NVIDIA CUDA", "NVIDIA H100 80GB HBM3", "GPU", COARSE_CAPS);
    private static final DeviceInfo OLD = info(1, 1, "NVIDIA CUDA", "Tesla K80", "GPU", SvmCapabilities.NONE);
    private static final Devices.Probe BOTH = new Devices.Probe(List.of(POCL, H100, OLD), "");

    @Test
    void decodesSvmCapabilityBits() {
        assertEquals(new SvmCapabilities(true, true, false, true), SvmCapabilities.of(0b1011));
        assertEquals("coarse-buffer fine-buffer fine-system atomics", SvmCapabilities.of(0xF).toString());
        assertEquals("none", SvmCapabilities.of(0).toString());
    }

    @Test
    void svmModeAndSyncFollowCapabilities() {
        assertEquals(SvmMode.FINE, SvmMode.bestFor(FINE_CAPS));
        assertEquals(SvmMode.COARSE, SvmMode.bestFor(SvmCapabilities.of(1 | 2)), "fine without atomics is coarse");
        assertEquals(SvmMode.BUFFERS, SvmMode.bestFor(SvmCapabilities.NONE));
        assertEquals(SyncMechanism.SVM_FLAG, OpenClDevice.withDefaults(POCL).sync());
        assertEquals(SyncMechanism.MAP, OpenClDevice.withDefaults(H100).sync());
        assertEquals(SyncMechanism.COPY, OpenClDevice.withDefaults(OLD).sync());
    }

    @Test
    void autoPrefersTheFirstGpuThenTheFirstDeviceThenCpuOnly() {
        assertEquals(H100, ((OpenClDevice) Devices.select("", BOTH, Map.of())).info());
        assertEquals(POCL, ((OpenClDevice) Devices.select("auto", new Devices.Probe(List.of(POCL), ""), Map.of())).info());
        Device none = Devices.select(null, new Devices.Probe(List.of(), "no OpenCL platform"), Map.of());
        assertEquals(new CpuOnlyDevice("no OpenCL platform"), none);
    }

    @Test
    void selectsByIndexOrNameSubstring() {
        assertEquals(OLD, ((OpenClDevice) Devices.select("1:1", BOTH, Map.of())).info());
        assertEquals(POCL, ((OpenClDevice) Devices.select("portable", BOTH, Map.of())).info());
        assertEquals(H100, ((OpenClDevice) Devices.select("nvidia", BOTH, Map.of())).info());
        assertEquals(OLD, ((OpenClDevice) Devices.select("k80", BOTH, Map.of())).info());
        assertInstanceOf(CpuOnlyDevice.class, Devices.select("cpu-only", BOTH, Map.of()));
    }

    @Test
    void aSpecThatMatchesNothingFallsBackToCpuOnlyAndSaysWhy() {
        Device d = Devices.select("amd", BOTH, Map.of());
        assertEquals(new CpuOnlyDevice("no OpenCL device matches \"amd\"; found only [0:0 \"pthread-skylake\" "
                + "(Portable Computing Language, CPU), 1:0 \"NVIDIA H100 80GB HBM3\" (NVIDIA CUDA, GPU), "
                + "1:1 \"Tesla K80\" (NVIDIA CUDA, GPU)]"), d);
        assertEquals(new CpuOnlyDevice("no OpenCL device matches \"2:0\"; no OpenCL library (libOpenCL.so)"),
                Devices.select("2:0", new Devices.Probe(List.of(), "no OpenCL library (libOpenCL.so)"), Map.of()));
    }

    @Test
    void environmentForcesSvmModeAndSync() {
        OpenClDevice d = (OpenClDevice) Devices.select("portable", BOTH, Map.of("CGC_SVM", "buffers"));
        assertEquals(SvmMode.BUFFERS, d.svm());
        assertEquals(SyncMechanism.COPY, d.sync());
        d = (OpenClDevice) Devices.select("portable", BOTH, Map.of("CGC_SVM", "coarse", "CGC_SYNC", "event"));
        assertEquals(SvmMode.COARSE, d.svm());
        assertEquals(SyncMechanism.EVENT, d.sync());

        var e = assertThrows(IllegalArgumentException.class, () -> Devices.select("nvidia", BOTH, Map.of("CGC_SVM", "fine")));
        assertEquals("CGC_SVM=fine: device 1:0 \"NVIDIA H100 80GB HBM3\" (NVIDIA CUDA, GPU) cannot share memory as 'fine': "
                + "its SVM capabilities are coarse-buffer", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Devices.select("k80", BOTH, Map.of("CGC_SYNC", "map")));
        assertEquals("CGC_SYNC=map: device 1:1 \"Tesla K80\" (NVIDIA CUDA, GPU) cannot sync by 'map': its SVM capabilities are none",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Devices.select("", BOTH, Map.of("CGC_SVM", "shared")));
        assertEquals("CGC_SVM=shared: unknown SVM mode 'shared' (expected fine, coarse or buffers)", e.getMessage());
    }

    /** Runs on this machine's OpenCL: with PoCL (here and in CI) it must list a CPU device with fine-grained SVM. */
    @Test
    void listsThisMachinesDevices() {
        Devices.Probe probe = Devices.probe();
        for (DeviceInfo d : probe.devices()) {
            assertFalse(d.name().isEmpty(), d.toString());
            assertTrue(d.computeUnits() > 0, d.toString());
            assertTrue(d.globalMemBytes() > 0, d.toString());
            assertTrue(d.version().startsWith("OpenCL "), d.toString());
        }
        probe.devices().stream().filter(d -> d.platformName().contains("Portable Computing Language")).findFirst()
                .ifPresent(pocl -> {
                    assertEquals("CPU", pocl.type());
                    assertTrue(pocl.svm().fineBuffer() && pocl.svm().atomics() && pocl.svm().coarseBuffer(), pocl.toString());
                });
        if (probe.devices().isEmpty()) assertFalse(probe.whyNone().isEmpty());
    }

    /**
     * A JVM whose OpenCL ICD loader finds no platform ({@code OCL_ICD_VENDORS} pointing at an empty directory) selects
     * CPU only instead of failing: {@code clGetPlatformIDs} returns {@code CL_PLATFORM_NOT_FOUND_KHR} there.
     */
    @Test
    void noPlatformMeansCpuOnlyNotACrash(@TempDir Path emptyVendors) throws IOException, InterruptedException {
        assumeFalse(Devices.list().isEmpty(), "needs an ICD loader to hide the platforms from");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), SelectMain.class.getName());
        pb.environment().put("OCL_ICD_VENDORS", emptyVendors.toString());
        pb.environment().remove("OCL_ICD_FILENAMES");
        pb.redirectErrorStream(true);
        Path log = Files.createTempFile(emptyVendors, "out", ".txt");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        String out = Files.readString(log).strip();
        assertEquals(0, p.exitValue(), out);
        assertEquals("CPU only (no OpenCL platform)", out);
    }

    /**
     * {@code cpu-only} never loads OpenCL: a driver in the process may install SIGSEGV handlers that break the JVM's
     * own (on the GPU machine, C2-compiled CPU kernels then died with SIGSEGV in about half the runs).
     */
    @Test
    void cpuOnlyDoesNotLoadOpenCl() throws IOException, InterruptedException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "needs Linux's /proc to see loaded libraries");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), CpuOnlyMain.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        assertEquals("CPU only (requested with \"cpu-only\"); libOpenCL loaded: false", out);
    }

    /** The child of {@link #cpuOnlyDoesNotLoadOpenCl}. */
    static final class CpuOnlyMain {
        public static void main(String[] args) throws IOException {
            String d = Devices.select("cpu-only").describe();
            boolean loaded = Files.readString(Path.of("/proc/self/maps")).contains("libOpenCL");
            System.out.println(d + "; libOpenCL loaded: " + loaded);
        }
    }

    /** The child of {@link #noPlatformMeansCpuOnlyNotACrash}: prints what {@code auto} selects. */
    static final class SelectMain {
        public static void main(String[] args) {
            System.out.println(Devices.select("auto", Devices.probe(), Map.of()).describe());
        }
    }

    private static DeviceInfo info(int p, int d, String platform, String name, String type, SvmCapabilities svm) {
        return new DeviceInfo(p, d, platform, name, "vendor", type, 8, 1L << 30, "OpenCL 3.0", "OpenCL C 1.2", "1.0", svm);
    }
}
