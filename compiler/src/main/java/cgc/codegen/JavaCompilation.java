package cgc.codegen;

import cgc.runtime.PlanProgram;
import com.palantir.javapoet.JavaFile;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles generated Java in memory with the JDK's compiler ({@code javax.tools}), against the runtime classes this
 * compiler was loaded with. A failure is a bug in the code generator, so it is an internal error that quotes javac.
 */
public final class JavaCompilation {
    private JavaCompilation() {}

    /** Compiles {@code file}; returns the class files by binary name (nested classes included). */
    public static Map<String, byte[]> compile(JavaFile file) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("no Java compiler in this runtime: cgc needs a JDK, not a JRE");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> out = new LinkedHashMap<>();
        try (StandardJavaFileManager std = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            JavaFileManager fm = new ForwardingJavaFileManager<>(std) {
                @Override
                public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                           FileObject sibling) {
                    return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                        @Override
                        public OutputStream openOutputStream() {
                            return out.computeIfAbsent(className, k -> new ByteArrayOutputStream());
                        }
                    };
                }
            };
            List<String> options = List.of("--release", "25", "-proc:none", "-g", "-Xlint:none",
                    "-classpath", runtimeClassPath());
            StringWriter log = new StringWriter();
            boolean ok = javac.getTask(log, fm, diagnostics, options, null, List.of(file.toJavaFileObject())).call();
            if (!ok) {
                String first = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                        .findFirst().map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT)).orElse(log.toString());
                throw new IllegalStateException("the generated plan class " + file.packageName() + "."
                        + file.typeSpec().name() + " does not compile: " + first);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        out.forEach((k, v) -> classes.put(k, v.toByteArray()));
        return classes;
    }

    /** Where the runtime classes (and JOCL) come from: directories in a build, jars when installed. */
    private static String runtimeClassPath() {
        List<String> parts = new ArrayList<>();
        for (Class<?> c : List.of(PlanProgram.class, org.jocl.CL.class)) parts.add(location(c).toString());
        return String.join(File.pathSeparator, parts);
    }

    static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
