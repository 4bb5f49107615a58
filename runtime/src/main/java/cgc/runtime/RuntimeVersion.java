package cgc.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this runtime, stamped into {@code version.properties} by the build. A plan jar records the version of
 * the cgc that built it ({@code Cgc-Version} in its manifest); the runtime loads only plans of its own version, since
 * the generated code calls the runtime's kernels directly.
 */
public final class RuntimeVersion {
    public static final String CURRENT = read();

    private RuntimeVersion() {}

    private static String read() {
        try (InputStream in = RuntimeVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) throw new IllegalStateException("cgc/runtime/version.properties is missing from the runtime");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
