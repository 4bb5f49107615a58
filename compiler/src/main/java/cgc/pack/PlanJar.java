package cgc.pack;

import cgc.codegen.GeneratedPlan;
import cgc.runtime.JavaCheck;
import cgc.runtime.Launcher;
import cgc.runtime.PlanFormat;
import cgc.runtime.RuntimeVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.Deflater;

/**
 * Writes a plan jar ({@link PlanFormat} lists its entries): the manifest, {@code plan.json}, the weights blob, the
 * OpenCL source, the generated class and its source, and the runtime's classes and JOCL's classes and native libraries
 * copied from wherever this compiler loaded them (class directories in a build, jars when installed), so that
 * {@code java -jar} needs nothing else. The jar is written to a temporary file beside the target and moved into place,
 * so a failure leaves nothing half-written.
 */
public final class PlanJar {
    private PlanJar() {}

    /** What is written besides the generated plan itself. */
    public record Stamp(String modelSha256, String placement) {}

    /** Writes the plan jar to {@code target}; returns its size in bytes. */
    public static long write(Path target, GeneratedPlan plan, Stamp stamp) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream file = Files.newOutputStream(tmp); JarOutputStream jar = new JarOutputStream(file, manifest(plan))) {
                Set<String> written = new HashSet<>(Set.of(JarFile.MANIFEST_NAME, "META-INF/"));
                put(jar, written, PlanFormat.PLAN_JSON,
                        PlanJson.of(plan, stamp.modelSha256(), RuntimeVersion.CURRENT, stamp.placement()).getBytes(StandardCharsets.UTF_8));
                jar.setLevel(Deflater.BEST_SPEED);   // weights hardly compress; do not spend time on them
                jar.putNextEntry(new JarEntry(PlanFormat.WEIGHTS));
                plan.weights().writeTo(jar);
                jar.closeEntry();
                written.add(PlanFormat.WEIGHTS);
                jar.setLevel(Deflater.DEFAULT_COMPRESSION);
                if (!plan.kernels().source().isEmpty()) {
                    put(jar, written, PlanFormat.KERNELS, plan.kernels().source().getBytes(StandardCharsets.UTF_8));
                }
                put(jar, written, PlanFormat.SOURCE_DIR + plan.sourcePath(),
                        plan.source().toString().getBytes(StandardCharsets.UTF_8));
                for (var c : plan.classes().entrySet()) {
                    put(jar, written, c.getKey().replace('.', '/') + ".class", c.getValue());
                }
                for (Class<?> origin : List.of(Launcher.class, org.jocl.CL.class)) copyClassPathEntry(jar, written, origin);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return Files.size(target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Manifest manifest(GeneratedPlan plan) {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.put(Attributes.Name.MAIN_CLASS, JavaCheck.class.getName());   // then Launcher, on Java 25
        a.putValue("Enable-Native-Access", "ALL-UNNAMED");   // JOCL loads its JNI library
        a.putValue("Created-By", "cgc " + RuntimeVersion.CURRENT);
        a.putValue(PlanFormat.VERSION_ATTRIBUTE, RuntimeVersion.CURRENT);
        a.putValue(PlanFormat.MODEL_ATTRIBUTE, plan.model());
        a.putValue(PlanFormat.CLASS_ATTRIBUTE, plan.className());
        return m;
    }

    private static void put(JarOutputStream jar, Set<String> written, String name, byte[] bytes) throws IOException {
        if (!written.add(name)) throw new IllegalStateException("plan jar entry " + name + " written twice");
        jar.putNextEntry(new JarEntry(name));
        jar.write(bytes);
        jar.closeEntry();
    }

    /** Copies the class directory or jar that {@code origin} was loaded from, less its manifest and signatures. */
    private static void copyClassPathEntry(JarOutputStream jar, Set<String> written, Class<?> origin) throws IOException {
        Path from;
        try {
            from = Path.of(origin.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot find where " + origin.getName() + " was loaded from", e);
        }
        if (Files.isDirectory(from)) {
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = from.relativize(f).toString().replace('\\', '/');
                    if (keep(name) && written.add(name)) {
                        jar.putNextEntry(new JarEntry(name));
                        Files.copy(f, jar);
                        jar.closeEntry();
                    }
                }
            }
        } else {
            try (JarFile src = new JarFile(from.toFile())) {
                for (JarEntry e : src.stream().filter(e -> !e.isDirectory()).toList()) {
                    if (!keep(e.getName()) || !written.add(e.getName())) continue;
                    jar.putNextEntry(new JarEntry(e.getName()));
                    try (InputStream in = src.getInputStream(e)) {
                        in.transferTo(jar);
                    }
                    jar.closeEntry();
                }
            }
        }
    }

    private static boolean keep(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        if (upper.equals(JarFile.MANIFEST_NAME) || upper.equals("META-INF/INDEX.LIST")) return false;
        if (upper.startsWith("META-INF/") && (upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA")
                || upper.endsWith(".EC"))) return false;
        return !name.equals("module-info.class");
    }

}
