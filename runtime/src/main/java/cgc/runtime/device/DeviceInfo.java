package cgc.runtime.device;

/**
 * What an OpenCL device says about itself ({@code clGetDeviceInfo} / {@code clGetPlatformInfo}).
 *
 * @param platformIndex index of its platform in {@code clGetPlatformIDs}' order
 * @param deviceIndex index among that platform's devices ({@code CL_DEVICE_TYPE_ALL})
 * @param platformName {@code CL_PLATFORM_NAME}
 * @param name {@code CL_DEVICE_NAME}
 * @param vendor {@code CL_DEVICE_VENDOR}
 * @param type {@code CL_DEVICE_TYPE}, decoded: {@code GPU}, {@code CPU}, {@code ACCELERATOR}, ...
 * @param computeUnits {@code CL_DEVICE_MAX_COMPUTE_UNITS}
 * @param globalMemBytes {@code CL_DEVICE_GLOBAL_MEM_SIZE}
 * @param version {@code CL_DEVICE_VERSION}, e.g. {@code OpenCL 3.0 CUDA}
 * @param openClCVersion {@code CL_DEVICE_OPENCL_C_VERSION}, e.g. {@code OpenCL C 1.2 PoCL}
 * @param driverVersion {@code CL_DRIVER_VERSION}
 * @param svm {@code CL_DEVICE_SVM_CAPABILITIES}, decoded ({@link SvmCapabilities#NONE} before OpenCL 2.0)
 */
public record DeviceInfo(int platformIndex, int deviceIndex, String platformName, String name, String vendor,
        String type, int computeUnits, long globalMemBytes, String version, String openClCVersion,
        String driverVersion, SvmCapabilities svm) {

    /** {@code platform:device}, the index form of a {@code --device} spec. */
    public String id() {
        return platformIndex + ":" + deviceIndex;
    }

    /** E.g. {@code 0:0 "pthread-skylake" (Portable Computing Language, CPU)}. */
    public String label() {
        return "%s \"%s\" (%s, %s)".formatted(id(), name, platformName, type);
    }

    public boolean isGpu() {
        return type.contains("GPU");
    }

    /** The major number of {@code CL_DEVICE_VERSION} ({@code OpenCL <major>.<minor> ...}), 1 if unreadable. */
    public int versionMajor() {
        String[] words = version.split(" ");
        if (words.length >= 2 && !words[1].isEmpty() && Character.isDigit(words[1].charAt(0))) {
            return words[1].charAt(0) - '0';
        }
        return 1;
    }
}
