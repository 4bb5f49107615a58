package cgc.cli;

import cgc.ir.Model;
import cgc.ir.text.IrFiles;
import cgc.ir.text.IrPrinter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cgc dump MODEL.onnx|FILE.cgir [-o OUT.cgir]}: prints a model's IR. With {@code -o} the text and its weights
 * side file are written atomically, so the pair parses back to the same graph.
 */
@Command(name = "dump", description = "Print the IR of an ONNX model or a .cgir file, optionally after passes.")
final class DumpCommand implements Callable<Integer> {
    @Mixin VerboseOption verbose;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "An .onnx model or a .cgir file (with its .weights beside it).")
    Path model;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.cgir",
            description = "Write the IR here (and its weights to OUT.cgir.weights) instead of stdout.")
    Path output;

    @Option(names = "--allow-unknown-ops", description = "Keep ops cgc does not know as opaque ops.")
    boolean allowUnknownOps;

    @Mixin PassOptions passes;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Model m = passes.run(ModelFiles.read(model, allowUnknownOps), out, spec.commandLine().getErr());
        if (output != null) {
            IrFiles.write(m, output);
        } else if (!passes.printsDumps()) {
            out.print(IrPrinter.print(m, null));
            out.flush();
        }
        return 0;
    }
}
