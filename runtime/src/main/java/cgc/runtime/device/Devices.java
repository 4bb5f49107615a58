package cgc.runtime.device;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Lists the OpenCL devices of this machine and selects one by a {@code --device} spec. Without OpenCL at all (no
 * {@code libOpenCL.so}: JOCL fails to link; or an ICD loader with no platform: {@code CL_PLATFORM_NOT_FOUND_KHR}) the
 * list is empty and selection gives a {@link CpuOnlyDevice}: never a crash.
 *
 * <p>Specs: empty or {@code auto} — the first GPU, else the first OpenCL device, else CPU only; {@code P:D} — device D
 * of platform P; {@code cpu-only}; anything else — the first device whose name, platform name or vendor contains it
 * (case-insensitive). A spec that matches nothing selects CPU only, with the reason in {@link CpuOnlyDevice#reason()}.
 *
 * <p>Environment overrides, applied after selection (tests and benchmarks force each path this way):
 * {@code CGC_SVM=fine|coarse|buffers} and {@code CGC_SYNC=svm-flag|event|map|copy}. Forcing what the device lacks is
 * an error, not a silent downgrade.
 */
public final class Devices {
    static final int CL_PLATFORM_NOT_FOUND_KHR = -1001;
    private static final Pattern INDEX_SPEC = Pattern.compile("(\\d+):(\\d+)");

    private Devices() {}

    /** What probing OpenCL found: its devices, or why there are none. */
    public record Probe(List<DeviceInfo> devices, String whyNone) {
        public Probe {
            devices = List.copyOf(devices);
        }
    }

    /** The OpenCL devices of this machine, in platform then device order; empty without OpenCL. */
    public static List<DeviceInfo> list() {
        return probe().devices();
    }

    /** Probes OpenCL: never throws for a missing library or platform. */
    public static Probe probe() {
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            try {
                CL.clGetPlatformIDs(0, null, count);
            } catch (CLException e) {
                if (e.getStatus() == CL_PLATFORM_NOT_FOUND_KHR) return new Probe(List.of(), "no OpenCL platform");
                throw e;
            }
            if (count[0] == 0) return new Probe(List.of(), "no OpenCL platform");
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            CL.clGetPlatformIDs(platforms.length, platforms, null);
            List<DeviceInfo> found = new ArrayList<>();
            for (int p = 0; p < platforms.length; p++) {
                cl_device_id[] devices = devicesOf(platforms[p]);
                for (int d = 0; d < devices.length; d++) found.add(describe(p, platforms[p], d, devices[d]));
            }
            return new Probe(found, found.isEmpty() ? "no OpenCL device on " + platforms.length + " platform(s)" : "");
        } catch (CLException e) {
            return new Probe(List.of(), "OpenCL failed while listing devices: " + e.getMessage());
        } catch (LinkageError e) {
            // UnsatisfiedLinkError the first time (no libOpenCL.so), NoClassDefFoundError after that
            return new Probe(List.of(), "no OpenCL library (" + e.getMessage() + ")");
        }
    }

    /** Selects by {@code spec} on this machine, with the {@code CGC_SVM} / {@code CGC_SYNC} overrides of this process. */
    public static Device select(String spec) {
        // "cpu-only" must not load OpenCL at all: a driver loaded into the process may install signal handlers of its
        // own, and the JVM relies on SIGSEGV for its implicit null checks and safepoint polls.
        if (spec != null && spec.strip().equalsIgnoreCase("cpu-only")) {
            return select(spec, new Probe(List.of(), "not probed"), System.getenv());
        }
        return select(spec, probe(), System.getenv());
    }

    /**
     * Selects by {@code spec} among {@code probe}'s devices, then applies the overrides in {@code env}.
     *
     * @throws IllegalArgumentException for an override that is malformed or that the selected device cannot honour
     */
    public static Device select(String spec, Probe probe, Map<String, String> env) {
        String s = spec == null ? "" : spec.strip();
        Device chosen = choose(s, probe);
        if (!(chosen instanceof OpenClDevice cl)) return chosen;
        String svm = env.get("CGC_SVM");
        String sync = env.get("CGC_SYNC");
        try {
            if (svm != null && !svm.isBlank()) cl = cl.withSvm(SvmMode.parse(svm));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CGC_SVM=" + svm + ": " + e.getMessage(), e);
        }
        try {
            if (sync != null && !sync.isBlank()) cl = cl.withSync(SyncMechanism.parse(sync));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CGC_SYNC=" + sync + ": " + e.getMessage(), e);
        }
        return cl;
    }

    private static Device choose(String spec, Probe probe) {
        List<DeviceInfo> all = probe.devices();
        if (spec.equalsIgnoreCase("cpu-only")) return new CpuOnlyDevice("requested with \"cpu-only\"");
        if (spec.isEmpty() || spec.equalsIgnoreCase("auto")) {
            if (all.isEmpty()) return new CpuOnlyDevice(probe.whyNone());
            return OpenClDevice.withDefaults(all.stream().filter(DeviceInfo::isGpu).findFirst().orElse(all.getFirst()));
        }
        Matcher m = INDEX_SPEC.matcher(spec);
        String needle = spec.toLowerCase(Locale.ROOT);
        for (DeviceInfo d : all) {
            boolean match = m.matches()
                    ? d.platformIndex() == Integer.parseInt(m.group(1)) && d.deviceIndex() == Integer.parseInt(m.group(2))
                    : (d.name() + "\n" + d.platformName() + "\n" + d.vendor()).toLowerCase(Locale.ROOT).contains(needle);
            if (match) return OpenClDevice.withDefaults(d);
        }
        String why = all.isEmpty() ? probe.whyNone()
                : "found only " + all.stream().map(DeviceInfo::label).toList();
        return new CpuOnlyDevice("no OpenCL device matches \"" + spec + "\"; " + why);
    }

    private static cl_device_id[] devicesOf(cl_platform_id platform) {
        int[] n = new int[1];
        try {
            CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, 0, null, n);
        } catch (CLException e) {
            if (e.getStatus() == CL.CL_DEVICE_NOT_FOUND) return new cl_device_id[0];
            throw e;
        }
        cl_device_id[] devices = new cl_device_id[n[0]];
        CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, n[0], devices, null);
        return devices;
    }

    private static DeviceInfo describe(int p, cl_platform_id platform, int d, cl_device_id device) {
        String version = string(device, CL.CL_DEVICE_VERSION);
        long svm = 0;
        if (!version.startsWith("OpenCL 1.")) {
            try {
                svm = number(device, CL.CL_DEVICE_SVM_CAPABILITIES, 8);
            } catch (CLException e) {
                svm = 0; // a 2.0+ device that still refuses the query shares no SVM
            }
        }
        return new DeviceInfo(p, d, platformString(platform, CL.CL_PLATFORM_NAME), string(device, CL.CL_DEVICE_NAME),
                string(device, CL.CL_DEVICE_VENDOR), typeName(number(device, CL.CL_DEVICE_TYPE, 8)),
                (int) number(device, CL.CL_DEVICE_MAX_COMPUTE_UNITS, 4), number(device, CL.CL_DEVICE_GLOBAL_MEM_SIZE, 8),
                version, string(device, CL.CL_DEVICE_OPENCL_C_VERSION), string(device, CL.CL_DRIVER_VERSION),
                SvmCapabilities.of(svm));
    }

    static String typeName(long bits) {
        List<String> names = new ArrayList<>();
        if ((bits & CL.CL_DEVICE_TYPE_GPU) != 0) names.add("GPU");
        if ((bits & CL.CL_DEVICE_TYPE_CPU) != 0) names.add("CPU");
        if ((bits & CL.CL_DEVICE_TYPE_ACCELERATOR) != 0) names.add("ACCELERATOR");
        if ((bits & CL.CL_DEVICE_TYPE_CUSTOM) != 0) names.add("CUSTOM");
        return names.isEmpty() ? "OTHER" : String.join("|", names);
    }

    private static String string(cl_device_id device, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(device, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        CL.clGetDeviceInfo(device, param, bytes.length, Pointer.to(bytes), null);
        return cString(bytes);
    }

    private static String platformString(cl_platform_id platform, int param) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(platform, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        CL.clGetPlatformInfo(platform, param, bytes.length, Pointer.to(bytes), null);
        return cString(bytes);
    }

    /** An unsigned integer query of {@code bytes} (4 or 8) bytes. */
    private static long number(cl_device_id device, int param, int bytes) {
        byte[] raw = new byte[8];
        CL.clGetDeviceInfo(device, param, bytes, Pointer.to(raw), null);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        return bytes == 4 ? b.getInt(0) & 0xFFFFFFFFL : b.getLong(0);
    }

    private static String cString(byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) n++;
        return new String(bytes, 0, n, StandardCharsets.UTF_8).strip();
    }
}
