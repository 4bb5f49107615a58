package cgc.ir.text;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Model;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An IR text file {@code X.cgir} with its weights side file {@code X.cgir.weights} beside it: written atomically,
 * read with every hash checked.
 */
public final class IrFiles {
    private IrFiles() {}

    /** The weights side file that belongs to {@code cgir}: the same name with {@code .weights} added. */
    public static Path weightsFile(Path cgir) { return cgir.resolveSibling(cgir.getFileName() + ".weights"); }

    /**
     * Writes {@code model} to {@code cgir} and its weights to {@link #weightsFile}. Both are written to temporary files
     * in the same folder and then moved into place, weights first; on any failure both files are as they were before
     * (an earlier weights file is set aside and put back) and no temporary file is left. Should the process die
     * between the two moves, the text's {@code weights_sha256} no longer matches and {@link #read} says so.
     *
     * @throws CgcException naming the file that could not be written
     */
    public static void write(Model model, Path cgir) {
        Path weights = weightsFile(cgir);
        String text = IrPrinter.print(model, weights.getFileName().toString());
        Path tmpText = null;
        Path tmpWeights = null;
        Path backup = null;
        boolean backedUp = false;
        boolean weightsMoved = false;
        try {
            tmpWeights = Files.createFile(tempSibling(weights, ".tmp"));
            try (OutputStream out = Files.newOutputStream(tmpWeights)) {
                WeightsFile.write(LargeTensors.of(model).tensors(), out);
            }
            tmpText = Files.createFile(tempSibling(cgir, ".tmp"));
            Files.writeString(tmpText, text, StandardCharsets.UTF_8);
            if (Files.isRegularFile(weights, LinkOption.NOFOLLOW_LINKS)) {
                backup = tempSibling(weights, ".old");
                Files.move(weights, backup, StandardCopyOption.ATOMIC_MOVE);
                backedUp = true;
            }
            Files.move(tmpWeights, weights, StandardCopyOption.ATOMIC_MOVE);
            weightsMoved = true;
            Files.move(tmpText, cgir, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (weightsMoved) deleteQuietly(weights);
            if (backedUp) restore(backup, weights);
            deleteQuietly(tmpWeights);
            deleteQuietly(tmpText);
            throw new CgcException(Where.file(failedFile(e, cgir, weights)), "cannot write: " + reason(e), e);
        }
        if (backedUp) deleteQuietly(backup);
    }

    /**
     * A fresh name beside {@code target}, hidden and unlikely to be taken: {@code .m.cgir.1f3a….tmp}. Files created
     * there get the folder's usual permissions (unlike {@link Files#createTempFile}, which makes them private).
     */
    private static Path tempSibling(Path target, String suffix) {
        String random = Long.toHexString(ThreadLocalRandom.current().nextLong());
        return target.toAbsolutePath().resolveSibling("." + target.getFileName() + "." + random + suffix);
    }

    /**
     * Reads {@code cgir} and the weights file its header names (beside it), checking the weights file's structure, the
     * hash of every tensor the text uses and the SHA-256 of the whole file against the header.
     *
     * @throws CgcException naming the file, and the constant where one is to blame
     */
    public static Model read(Path cgir) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(cgir))).toString();
        } catch (CharacterCodingException e) {
            throw new CgcException(Where.file(cgir), "not UTF-8 text");
        } catch (IOException e) {
            throw new CgcException(Where.file(cgir), "cannot read: " + reason(e), e);
        }
        WeightsFile.Contents[] loaded = new WeightsFile.Contents[1];
        String[] expectedSha = new String[1];
        Model model = IrParser.parse(text, cgir, header -> {
            if (header.fileName() == null) return WeightsLookup.none();
            Path file = cgir.resolveSibling(checkPlainName(header.fileName(), cgir));
            loaded[0] = WeightsFile.read(file);
            expectedSha[0] = header.sha256();
            return loaded[0].lookup();
        });
        if (loaded[0] != null && expectedSha[0] != null && !expectedSha[0].equalsIgnoreCase(loaded[0].sha256())) {
            throw new CgcException(Where.file(loaded[0].file()), "SHA-256 is " + loaded[0].sha256() + ", but "
                    + cgir.getFileName() + " expects " + expectedSha[0]
                    + " (the file was changed or belongs to another model)");
        }
        return model;
    }

    /** A weights file is named by a plain file name in the same folder, never a path that could lead elsewhere. */
    private static String checkPlainName(String name, Path cgir) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")) {
            throw new CgcException(Where.file(cgir), "weights file name " + Lexemes.quote(name)
                    + " must be a plain file name in the same folder");
        }
        return name;
    }

    private static Path failedFile(IOException e, Path cgir, Path weights) {
        boolean aboutWeights = e instanceof FileSystemException f && f.getFile() != null
                && f.getFile().contains(weights.getFileName().toString());
        return aboutWeights ? weights : cgir;
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the original failure is the one to report
        }
    }

    private static void restore(Path backup, Path target) {
        try {
            Files.move(backup, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ignored) {
            // best effort: the original failure is the one to report
        }
    }

    /** A short reason for an I/O failure, without repeating the path that the message's location already names. */
    static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException x -> "no such file or folder" + other(x);
            case AccessDeniedException x -> "permission denied" + other(x);
            case DirectoryNotEmptyException x -> "a folder is in the way" + other(x);
            case FileAlreadyExistsException x -> "a file is in the way" + other(x);
            case NotDirectoryException x -> "not a folder" + other(x);
            case FileSystemException x when x.getReason() != null -> x.getReason() + other(x);
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }

    private static String other(FileSystemException x) {
        if (x.getFile() == null) return "";
        return " (" + x.getFile() + (x.getOtherFile() == null ? "" : " -> " + x.getOtherFile()) + ")";
    }
}
