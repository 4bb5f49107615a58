package cgc.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code cgc --version}: the version Maven stamped into the jar's manifest. */
final class Version implements IVersionProvider {
    static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"cgc " + current(), "Java " + Runtime.version()};
    }
}
