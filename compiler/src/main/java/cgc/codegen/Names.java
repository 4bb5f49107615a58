package cgc.codegen;

import com.palantir.javapoet.NameAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Java identifiers for ONNX names, which may hold any character ({@code /features/0/Conv_output_0}). A name is split
 * into its runs of letters and digits, which become a lowerCamel method name ({@code features0Conv}) or an UPPER_SNAKE
 * constant ({@code FEATURES_0_CONV}); JavaPoet's {@link NameAllocator} then makes each unique and legal (keywords and
 * leading digits get an underscore), and remembers it by tag: ask again with the same tag, get the same name.
 */
final class Names {
    private final NameAllocator methods = new NameAllocator();
    private final NameAllocator constants = new NameAllocator();

    Names() {
        for (String reserved : List.of("run", "layout")) methods.newName(reserved);
        constants.newName("LAYOUT");
    }

    /** The method name of a node, allocated on first use. */
    String method(Object tag, String onnxName) {
        try {
            return methods.get(tag);
        } catch (IllegalArgumentException first) {
            return methods.newName(lowerCamel(onnxName), tag);
        }
    }

    /** A constant's name, allocated on first use, e.g. {@code constant(node, "Conv_17", "spec")} is {@code CONV_17_SPEC}. */
    String constant(Object tag, String onnxName, String suffix) {
        try {
            return constants.get(tag);
        } catch (IllegalArgumentException first) {
            String base = upperSnake(onnxName) + (suffix.isEmpty() ? "" : "_" + suffix.toUpperCase(Locale.ROOT));
            return constants.newName(base, tag);
        }
    }

    /** The class name of a model's plan: {@code mobilenet_v2} becomes {@code MobilenetV2Plan}. */
    static String planClass(String model) {
        String camel = lowerCamel(model);
        String cls = Character.toUpperCase(camel.charAt(0)) + camel.substring(1) + "Plan";
        return NameAllocator.toJavaIdentifier(cls);
    }

    static String lowerCamel(String name) {
        List<String> words = words(name);
        if (words.isEmpty()) return "node";
        StringBuilder b = new StringBuilder(words.getFirst().substring(0, 1).toLowerCase(Locale.ROOT))
                .append(words.getFirst().substring(1));
        for (String w : words.subList(1, words.size())) b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        return b.toString();
    }

    static String upperSnake(String name) {
        List<String> words = words(name);
        return words.isEmpty() ? "VALUE" : String.join("_", words).toUpperCase(Locale.ROOT);
    }

    private static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        for (String w : name.split("[^A-Za-z0-9]+")) if (!w.isEmpty()) words.add(w);
        return words;
    }
}
