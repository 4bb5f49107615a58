package cgc.cli;

import cgc.ir.Model;
import cgc.onnx.OnnxExporter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cgc export MODEL.onnx -o OUT.onnx}: writes a model back out as plain ONNX, with cgc's fused forms written as
 * the ONNX ops they stand for, so that ONNX Runtime can check what cgc computes. The output is written atomically.
 */
@Command(name = "export", description = "Write a model as a plain ONNX file (cgc's fused forms as ONNX ops).")
final class ExportCommand implements Callable<Integer> {
    @Mixin VerboseOption verbose;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "The model to export: an .onnx file or a .cgir file.")
    Path model;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.onnx", required = true,
            description = "Where to write the ONNX model.")
    Path output;

    @Option(names = "--allow-unknown-ops",
            description = "Keep ops cgc does not know as opaque ops, and write them out unchanged.")
    boolean allowUnknownOps;

    @Mixin PassOptions passes;

    @Override
    public Integer call() throws Exception {
        Model m = passes.run(readInput(), spec.commandLine().getOut(), spec.commandLine().getErr());
        OnnxExporter.write(m, output);
        if (verbose.verbose) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("cgc: wrote " + output + " (" + m.graph().nodes().size() + " nodes, " + Files.size(output)
                    + " bytes)");
            err.flush();
        }
        return 0;
    }

    /** The model to export; the one place that knows which inputs {@code export} accepts. */
    private Model readInput() {
        return ModelFiles.read(model, allowUnknownOps);
    }
}
