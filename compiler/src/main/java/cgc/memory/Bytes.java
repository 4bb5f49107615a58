package cgc.memory;

/** Byte counts for people: {@code 512 B}, {@code 13.6 KiB}, {@code 4.0 MiB}. */
public final class Bytes {
    private Bytes() {}

    public static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return "%.1f %s".formatted(v, units[u]);
    }
}
