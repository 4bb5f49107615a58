package cgc.codegen;

import cgc.ir.Model;
import cgc.ir.text.IrFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-graph model written as IR text from a CSV row of a test: its opset, graph signature and body (statements
 * separated by {@code ;}), returning {@code %y}.
 */
final class IrSnippet {
    private IrSnippet() {}

    /** The IR text of the model. */
    static String text(long opset, String signature, String body) {
        return "// cgc IR 1\nmodule \"m\" {ir_version = 8, opsets = {\"\" = " + opset + "}}\n\ngraph \"g\" "
                + signature + " {\n  " + body.strip().replaceAll(";\\s+", "\n  ") + "\n  return %y\n}\n";
    }

    /** {@code text} read back as a model, through a file in {@code dir}. */
    static Model read(Path dir, String text) throws IOException {
        Path file = dir.resolve("m.cgir");
        Files.writeString(file, text);
        return IrFiles.read(file);
    }
}
