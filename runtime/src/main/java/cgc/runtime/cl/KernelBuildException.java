package cgc.runtime.cl;

/** An OpenCL program that the device's compiler rejected; {@link #buildLog()} holds the compiler's own words. */
public final class KernelBuildException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String buildLog;

    KernelBuildException(String what, String buildLog) {
        super(what + (buildLog.isBlank() ? " (the compiler left no build log)" : ":\n" + buildLog.strip()));
        this.buildLog = buildLog;
    }

    /** The build log of {@code clGetProgramBuildInfo(CL_PROGRAM_BUILD_LOG)}. */
    public String buildLog() {
        return buildLog;
    }
}
