package cgc.runtime;

/**
 * The plan jar's {@code Main-Class}. Compiled for Java 8 (its own compiler execution in the runtime's pom) so that an
 * older {@code java} gets a one-line error naming the Java it is, not a {@code LinkageError} about class file
 * versions; on Java 25 or later it hands over to {@link Launcher}. Only Java 8 API here.
 */
public final class JavaCheck {
    /** The Java release the runtime is compiled for. */
    static final int REQUIRED = 25;

    private JavaCheck() {}

    public static void main(String[] args) throws Throwable {
        int running = feature(System.getProperty("java.specification.version"));
        if (running < REQUIRED) {
            System.err.println("cgc: error: this plan needs Java " + REQUIRED + " or later; "
                    + System.getProperty("java.home") + " is Java " + System.getProperty("java.version")
                    + " (run it with a JDK " + REQUIRED + "'s bin/java)");
            System.exit(2);
        }
        // By name, so that nothing built for Java 25 is loaded before the check.
        try {
            Class.forName("cgc.runtime.Launcher").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The release of a java.specification.version: "1.8" is 8, "17" is 17. */
    static int feature(String specificationVersion) {
        return Integer.parseInt(specificationVersion.startsWith("1.") ? specificationVersion.substring(2)
                : specificationVersion);
    }
}
