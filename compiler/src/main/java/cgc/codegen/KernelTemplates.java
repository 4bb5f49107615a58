package cgc.codegen;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.stringtemplate.v4.AttributeRenderer;
import org.stringtemplate.v4.Interpreter;
import org.stringtemplate.v4.ST;
import org.stringtemplate.v4.STErrorListener;
import org.stringtemplate.v4.STGroupFile;
import org.stringtemplate.v4.compiler.CompiledST;
import org.stringtemplate.v4.misc.STMessage;
import org.stringtemplate.v4.misc.STNoSuchPropertyException;

/**
 * The strict filler for the OpenCL kernel templates of module {@code kernels-templates}
 * ({@code cgc/kernels/*.stg}, StringTemplate 4 group files with {@code $...$} delimiters, since OpenCL C uses
 * {@code <} and {@code >}). {@link #render} specialises one kernel: every formal argument of the template must be
 * given and nothing else may be, and any error StringTemplate reports (a reference to an undefined attribute, a
 * missing property, a syntax error) is thrown rather than printed. The kernels' signature and the meaning of each
 * parameter are in each template's doc comment.
 *
 * <p>Values print as OpenCL C: {@link Ptr} as a pointer expression, {@link Float} as a float literal that reads back
 * exactly, {@link Activation} as an expression of {@code x}, {@link Boolean} only inside {@code $if(...)$}; a
 * {@code false} value also stands for an absent optional tensor.
 */
public final class KernelTemplates {
    /** The template group files; math.stg holds functions that kernels call, rendered like a kernel. */
    static final List<String> FILES = List.of("gemm.stg", "gemm_vector.stg", "conv.stg", "elementwise.stg", "pool.stg",
            "reduce.stg", "math.stg");
    private static final String ROOT = "cgc/kernels/";
    private static final Pattern C_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** A kernel template: the file it is defined in, its group, its compiled form. */
    private record Template(String file, STGroupFile group, CompiledST impl) {}

    private static final Map<String, Template> TEMPLATES = load();

    private KernelTemplates() {}

    /**
     * The kernel {@code kernelName} specialised from {@code template}, with each of the template's parameters (its
     * formal arguments other than {@code name}) taken from {@code params}.
     *
     * @throws IllegalArgumentException naming the template and the parameter, when a parameter is missing, unknown to
     *     the template, or {@code null}; when the template does not exist; when the name is not a C identifier
     * @throws IllegalStateException when StringTemplate reports an error while rendering
     */
    public static String render(String template, String kernelName, Map<String, ?> params) {
        CompiledST impl = kernelTemplate(template).impl();
        if (!C_IDENTIFIER.matcher(kernelName).matches()) {
            throw new IllegalArgumentException(
                    "kernel template \"" + template + "\": kernel name \"" + kernelName + "\" is not a C identifier");
        }
        Set<String> expected = parametersOf(impl);
        List<String> missing = new ArrayList<>(), unused = new ArrayList<>();
        for (String p : expected) if (!params.containsKey(p)) missing.add(p);
        for (String p : new TreeSet<>(params.keySet())) if (!expected.contains(p)) unused.add(p);
        if (!missing.isEmpty() || !unused.isEmpty()) {
            String what = missing.isEmpty() ? "" : "missing parameter" + plural(missing) + " " + quoted(missing);
            if (!unused.isEmpty()) {
                what += (what.isEmpty() ? "" : "; ") + "unused parameter" + plural(unused) + " " + quoted(unused);
            }
            throw new IllegalArgumentException(describe(template) + ": " + what);
        }
        ST st = TEMPLATES.get(template).group().getInstanceOf(template);
        st.add("name", kernelName);
        params.forEach((k, v) -> {
            if (v == null) throw new IllegalArgumentException(describe(template) + ": parameter \"" + k + "\" is null");
            st.add(k, v);
        });
        try {
            return st.render();
        } catch (TemplateError e) {
            Throwable root = e;   // StringTemplate wraps errors inside sub-templates; the innermost one says what
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) if (c instanceof TemplateError) root = c;
            throw new IllegalStateException(describe(template) + ": " + root.getMessage(), e);
        }
    }

    /** The names of the kernel templates: those whose first formal argument is {@code name}. */
    public static Set<String> templates() { return new TreeSet<>(TEMPLATES.keySet()); }

    /** The parameters {@link #render} requires for {@code template}, in declaration order. */
    public static Set<String> parameters(String template) { return parametersOf(kernelTemplate(template).impl()); }

    /** The template's source text, for tests that check each parameter is used. */
    static String source(String template) { return kernelTemplate(template).impl().getTemplateSource(); }

    private static Set<String> parametersOf(CompiledST impl) {
        Set<String> names = new java.util.LinkedHashSet<>(impl.formalArguments.keySet());
        names.remove("name");
        return names;
    }

    private static boolean isKernel(CompiledST impl) {
        return impl.formalArguments != null && !impl.formalArguments.isEmpty()
                && impl.formalArguments.keySet().iterator().next().equals("name");
    }

    private static Template kernelTemplate(String template) {
        Template t = TEMPLATES.get(template);
        if (t == null) throw new IllegalArgumentException("no kernel template \"" + template + "\"; known: " + templates());
        return t;
    }

    private static String describe(String template) {
        return "kernel template \"" + template + "\" (" + ROOT + TEMPLATES.get(template).file() + ")";
    }

    private static String plural(List<String> names) { return names.size() == 1 ? "" : "s"; }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList());
    }

    private static Map<String, Template> load() {
        Map<String, Template> templates = new java.util.TreeMap<>();
        for (String file : FILES) {
            URL url = KernelTemplates.class.getClassLoader().getResource(ROOT + file);
            if (url == null) throw new IllegalStateException("kernel template file " + ROOT + file + " is not on the class path");
            STGroupFile group = new STGroupFile(url, "UTF-8", '$', '$');
            group.setListener(new Strict());
            group.registerRenderer(Float.class, floatRenderer());
            group.registerRenderer(Double.class, (AttributeRenderer<Double>) (d, f, l) -> CLiterals.floatLiteral(d.floatValue()));
            group.registerRenderer(Boolean.class, (AttributeRenderer<Boolean>) (b, f, l) -> {
                throw new TemplateError("a boolean was printed; booleans belong in $if(...)$");
            });
            group.registerModelAdaptor(Record.class, KernelTemplates::recordProperty);
            group.load();
            for (String t : group.getTemplateNames()) {
                CompiledST impl = group.rawGetTemplate(t);
                if (impl == null || impl.isAnonSubtemplate || !isKernel(impl)) continue;  // helpers such as tiledCore
                String name = t.substring(1);   // StringTemplate names templates "/gemm"
                Template previous = templates.put(name, new Template(file, group, impl));
                if (previous != null) {
                    throw new IllegalStateException("kernel template \"" + name + "\" is defined in both "
                            + previous.file() + " and " + file);
                }
            }
        }
        return Map.copyOf(templates);
    }

    private static AttributeRenderer<Float> floatRenderer() {
        return (v, format, locale) -> CLiterals.floatLiteral(v);
    }

    /** Lets templates read record components ({@code $axis.size$}); StringTemplate only knows getters and fields. */
    private static Object recordProperty(Interpreter in, ST self, Record o, Object property, String name)
            throws STNoSuchPropertyException {
        for (var c : o.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                try {
                    return c.getAccessor().invoke(o);
                } catch (ReflectiveOperationException e) {
                    throw new STNoSuchPropertyException(e, o, name);
                }
            }
        }
        throw new STNoSuchPropertyException(null, o, name);
    }

    /** Every error StringTemplate reports becomes an exception; by default it would only print it. */
    private static final class Strict implements STErrorListener {
        @Override public void compileTimeError(STMessage msg) { throw new TemplateError(msg.toString()); }
        @Override public void runTimeError(STMessage msg) { throw new TemplateError(msg.toString()); }
        @Override public void IOError(STMessage msg) { throw new TemplateError(msg.toString()); }
        @Override public void internalError(STMessage msg) { throw new TemplateError(msg.toString()); }
    }

    private static final class TemplateError extends RuntimeException {
        TemplateError(String message) { super(message); }
    }

}
