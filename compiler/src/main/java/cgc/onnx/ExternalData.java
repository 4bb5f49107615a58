package cgc.onnx;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.onnx.proto.Onnx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A tensor stored outside the model file (ONNX "external data": keys {@code location}, {@code offset},
 * {@code length}, {@code checksum}). The location is a path relative to the model's folder; cgc refuses any location
 * that is absolute or that leaves that folder, by {@code ..} or through a symbolic link, so a model cannot make cgc
 * read arbitrary files.
 */
final class ExternalData {
    private ExternalData() {}

    /** Reads exactly {@code expectedBytes} bytes for one tensor. */
    static byte[] read(Path modelFile, List<Onnx.StringStringEntryProto> entries, long expectedBytes, Where where) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (Onnx.StringStringEntryProto e : entries) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = parseNonNegative(e, where);
                case "length" -> length = parseNonNegative(e, where);
                default -> { } // "checksum" and keys of newer ONNX versions: not needed to read the bytes
            }
        }
        if (location == null || location.isEmpty()) throw new CgcException(where, "external data has no location");
        Path file = resolve(modelFile, location, where);
        if (length >= 0 && length != expectedBytes) {
            throw new CgcException(where, "external data length disagrees with shape: expected " + expectedBytes
                    + " bytes, length says " + length);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (offset > size || size - offset < expectedBytes) {
                throw new CgcException(where, "external data file \"" + location + "\" is too short: needs bytes "
                        + offset + ".." + (offset + expectedBytes) + ", the file has " + size);
            }
            ByteBuffer buf = ByteBuffer.allocate((int) expectedBytes);
            while (buf.hasRemaining()) {
                if (ch.read(buf, offset + buf.position()) < 0) {
                    throw new CgcException(where, "external data file \"" + location + "\" ended while reading");
                }
            }
            return buf.array();
        } catch (IOException e) {
            throw new CgcException(where, "cannot read external data file \"" + location + "\": " + e, e);
        }
    }

    /** The side file for {@code location}, refused unless it lies inside the model's folder. */
    static Path resolve(Path modelFile, String location, Where where) {
        String quoted = "external data location \"" + location + "\"";
        Path rel;
        try {
            rel = Path.of(location);
        } catch (InvalidPathException e) {
            throw new CgcException(where, quoted + " is not a valid path");
        }
        // a leading separator or a drive letter is absolute on some system, even where Path.isAbsolute says no
        if (rel.isAbsolute() || location.startsWith("/") || location.startsWith("\\") || location.matches("^[A-Za-z]:.*")) {
            throw new CgcException(where, quoted + " is absolute; it must be relative to the model's folder");
        }
        Path dir = modelFile.toAbsolutePath().normalize().getParent();
        Path file = dir.resolve(rel).normalize();
        if (!file.startsWith(dir) || file.equals(dir)) {
            throw new CgcException(where, quoted + " leaves the model directory");
        }
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(dir.toRealPath())) {
                throw new CgcException(where, quoted + " leaves the model directory (through a symbolic link)");
            }
            if (!Files.isRegularFile(real)) throw new CgcException(where, quoted + " is not a regular file");
            return real;
        } catch (NoSuchFileException e) {
            throw new CgcException(where, "external data file \"" + location + "\" not found (looked for " + file + ")");
        } catch (IOException e) {
            throw new CgcException(where, "cannot read external data file \"" + location + "\": " + e, e);
        }
    }

    private static long parseNonNegative(Onnx.StringStringEntryProto e, Where where) {
        try {
            long v = Long.parseLong(e.getValue().strip());
            if (v >= 0) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new CgcException(where, "external data " + e.getKey() + " \"" + e.getValue()
                + "\" is not a non-negative integer");
    }
}
