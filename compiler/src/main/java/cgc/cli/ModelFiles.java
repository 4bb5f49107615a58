package cgc.cli;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Model;
import cgc.ir.text.IrFiles;
import cgc.onnx.ImportOptions;
import cgc.onnx.OnnxImporter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the models that commands accept: an ONNX file, or IR text ({@code .cgir}) with its weights beside it. */
final class ModelFiles {
    private ModelFiles() {}

    static Model read(Path file, boolean allowUnknownOps) {
        if (!Files.exists(file)) throw new CgcException(Where.file(file), "no such file");
        if (Files.isDirectory(file)) throw new CgcException(Where.file(file), "is a folder, not a model file");
        String name = file.getFileName().toString();
        return name.endsWith(".cgir") ? IrFiles.read(file) : OnnxImporter.read(file, new ImportOptions(allowUnknownOps));
    }
}
