package cgc.cli;

import cgc.ir.ShapeBindings;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --dim} and {@code --input-shape}: sizes for a model's free input dimensions (see {@link ShapeBindings}). */
final class ShapeOptions {
    @Option(names = "--dim", paramLabel = "NAME=SIZE",
            description = "Fix a symbolic input dimension wherever it appears, e.g. --dim batch_size=1 (repeatable).")
    List<String> dims = new ArrayList<>();

    @Option(names = "--input-shape", paramLabel = "NAME=D,D,...",
            description = "Fix a whole input's shape, its unnamed free dimensions too, e.g. --input-shape "
                    + "x=1,3,224,224 (repeatable).")
    List<String> shapes = new ArrayList<>();

    ShapeBindings bindings() {
        return new ShapeBindings(ShapeBindings.parseDims(dims), ShapeBindings.parseInputShapes(shapes),
                new java.util.LinkedHashMap<>());
    }
}
