package cgc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cgc dump MODEL.onnx|FILE.cgir [-o OUT.cgir]}: prints a model's IR. */
@Command(name = "dump", description = "Print the IR of an ONNX model or a .cgir file.")
final class DumpCommand implements Callable<Integer> {
    @Mixin VerboseOption verbose;

    @Parameters(paramLabel = "MODEL", description = "An .onnx model or a .cgir file (with its .weights beside it).")
    Path model;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.cgir",
            description = "Write the IR here (and its weights to OUT.cgir.weights) instead of stdout.")
    Path output;

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("dump: importer and printer not wired yet");
    }
}
