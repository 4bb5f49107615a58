package cgc.runtime.cl;

import cgc.runtime.device.DeviceInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Compiled OpenCL program binaries on disk ({@code clGetProgramInfo(CL_PROGRAM_BINARIES)}), one file per key; the key
 * hashes the source, the build options and the device's identity including its driver version, so a driver update
 * rebuilds. Each file is the SHA-256 of the binary followed by the binary: a truncated or corrupt file is ignored
 * (and overwritten by the next build), never handed to the driver. Writes go through a temporary file and a move.
 * Failing to read or write the cache never fails a build.
 */
public final class ProgramCache {
    private static final int DIGEST = 32;
    private final Path dir;

    private ProgramCache(Path dir) {
        this.dir = dir;
    }

    /** A cache in {@code dir} (created on first store). */
    public static ProgramCache at(Path dir) {
        return new ProgramCache(dir);
    }

    /** {@code $CGC_CACHE/programs}, else {@code ~/.cache/cgc/programs}. */
    public static ProgramCache fromEnvironment() {
        String env = System.getenv("CGC_CACHE");
        Path root = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "cgc");
        return new ProgramCache(root.resolve("programs"));
    }

    /** A cache that holds nothing. */
    public static ProgramCache none() {
        return new ProgramCache(null);
    }

    /** The key of a build: hex SHA-256 over source, options and the device's name, version and driver version. */
    static String key(String source, String options, DeviceInfo device) {
        String id = String.join("\0", "cgc-program-1", source, options, device.platformName(), device.name(),
                device.version(), device.driverVersion());
        return HexFormat.of().formatHex(sha256(id.getBytes(StandardCharsets.UTF_8)));
    }

    /** Where the binary for {@code key} lives, or null for {@link #none()}. */
    Path fileFor(String key) {
        return dir == null ? null : dir.resolve(key + ".clbin");
    }

    /** The stored binary, or null when absent, unreadable or corrupt. */
    byte[] load(String key) {
        Path file = fileFor(key);
        if (file == null || !Files.isRegularFile(file)) return null;
        try {
            byte[] all = Files.readAllBytes(file);
            if (all.length <= DIGEST) return null;
            byte[] binary = Arrays.copyOfRange(all, DIGEST, all.length);
            return Arrays.equals(sha256(binary), Arrays.copyOf(all, DIGEST)) ? binary : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Stores {@code binary} under {@code key}, best effort. */
    void store(String key, byte[] binary) {
        Path file = fileFor(key);
        if (file == null || binary.length == 0) return;
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, key, ".tmp");
            try {
                byte[] all = Arrays.copyOf(sha256(binary), DIGEST + binary.length);
                System.arraycopy(binary, 0, all, DIGEST, binary.length);
                Files.write(tmp, all);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            // a read-only or full disk costs a rebuild next time, nothing more
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
