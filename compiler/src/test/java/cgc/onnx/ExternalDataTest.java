package cgc.onnx;

import static cgc.onnx.TestModels.FLOAT;
import static cgc.onnx.TestModels.model;
import static cgc.onnx.TestModels.reluGraph;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cgc.diag.CgcException;
import cgc.ir.Model;
import cgc.onnx.proto.Onnx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Initializers stored in side files: read when they lie inside the model's folder, refused otherwise. */
class ExternalDataTest {
    @TempDir Path tmp;

    private static Onnx.TensorProto external(String name, String location, long offset, long length, long... dims) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(FLOAT)
                .setDataLocation(Onnx.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(entry("location", location));
        for (long d : dims) t.addDims(d);
        if (offset >= 0) t.addExternalData(entry("offset", Long.toString(offset)));
        if (length >= 0) t.addExternalData(entry("length", Long.toString(length)));
        return t.build();
    }

    private static Onnx.StringStringEntryProto entry(String k, String v) {
        return Onnx.StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }

    /** model/m.onnx with one external initializer "w" of shape [2,3], in the folder tmp/model. */
    private Path modelWith(Onnx.TensorProto w) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("model"));
        return TestModels.write(dir, "m.onnx", model(17, reluGraph().addInitializer(w)));
    }

    private static String error(Path model) {
        return assertThrows(CgcException.class, () -> OnnxImporter.read(model, ImportOptions.DEFAULT)).describe();
    }

    private static byte[] littleEndian(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        return b.array();
    }

    @Test
    void readsTheRightBytesAtTheRightOffset() throws IOException {
        Path m = modelWith(external("w", "weights/w.bin", 8, 24, 2, 3));
        byte[] side = new byte[8 + 24 + 4];
        System.arraycopy(littleEndian(1, -2, 3.5f, 4, 5, 6.25f), 0, side, 8, 24);
        Files.createDirectories(m.resolveSibling("weights"));
        Files.write(m.resolveSibling("weights/w.bin"), side);

        Model model = OnnxImporter.read(m, ImportOptions.DEFAULT);
        assertEquals(List.of(2L, 3L), model.graph().constant("w").orElseThrow().shape());
        assertArrayEquals(new float[] {1, -2, 3.5f, 4, 5, 6.25f}, model.graph().constant("w").orElseThrow().toFloats());
    }

    @Test
    void withoutOffsetAndLengthReadsTheWholeFile() throws IOException {
        Path m = modelWith(external("w", "w.bin", -1, -1, 2));
        Files.write(m.resolveSibling("w.bin"), littleEndian(7, 8));
        assertArrayEquals(new float[] {7, 8}, OnnxImporter.read(m, ImportOptions.DEFAULT).graph().constant("w")
                .orElseThrow().toFloats());
    }

    @Test
    void parentDirectoryEscapeIsRefused() throws IOException {
        Path m = modelWith(external("w", "../../etc/passwd", -1, -1, 2, 3));
        assertEquals("m.onnx: initializer \"w\": external data location \"../../etc/passwd\" leaves the model directory",
                error(m));
    }

    @Test
    void escapeThroughAnInnerDotDotIsRefused() throws IOException {
        Files.write(tmp.resolve("outside.bin"), new byte[24]);
        Path m = modelWith(external("w", "sub/../../outside.bin", -1, -1, 2, 3));
        assertEquals("m.onnx: initializer \"w\": external data location \"sub/../../outside.bin\" leaves the model"
                + " directory", error(m));
    }

    @Test
    void absolutePathIsRefused() throws IOException {
        Path outside = Files.write(tmp.resolve("outside.bin"), new byte[24]);
        Path m = modelWith(external("w", outside.toAbsolutePath().toString(), -1, -1, 2, 3));
        assertEquals("m.onnx: initializer \"w\": external data location \"" + outside.toAbsolutePath()
                + "\" is absolute; it must be relative to the model's folder", error(m));
    }

    @Test
    void symbolicLinkLeavingTheFolderIsRefused() throws IOException {
        Path outside = Files.write(tmp.resolve("outside.bin"), new byte[24]);
        Path m = modelWith(external("w", "link.bin", -1, -1, 2, 3));
        Files.createSymbolicLink(m.resolveSibling("link.bin"), outside);
        assertEquals("m.onnx: initializer \"w\": external data location \"link.bin\" leaves the model directory"
                + " (through a symbolic link)", error(m));
    }

    @Test
    void missingSideFileIsNamed() throws IOException {
        Path m = modelWith(external("w", "gone.bin", -1, -1, 2, 3));
        assertEquals("m.onnx: initializer \"w\": external data file \"gone.bin\" not found (looked for "
                + m.toAbsolutePath().normalize().resolveSibling("gone.bin") + ")", error(m));
    }

    @Test
    void shortSideFileIsNamed() throws IOException {
        Path m = modelWith(external("w", "w.bin", 4, -1, 2, 3));
        Files.write(m.resolveSibling("w.bin"), new byte[20]);
        assertEquals("m.onnx: initializer \"w\": external data file \"w.bin\" is too short: needs bytes 4..28, the"
                + " file has 20", error(m));
    }

    @Test
    void lengthDisagreeingWithShapeIsNamed() throws IOException {
        Path m = modelWith(external("w", "w.bin", 0, 16, 2, 3));
        Files.write(m.resolveSibling("w.bin"), new byte[24]);
        assertEquals("m.onnx: initializer \"w\": external data length disagrees with shape: expected 24 bytes, length"
                + " says 16", error(m));
    }

    @Test
    void malformedOffsetIsNamed() throws IOException {
        Onnx.TensorProto w = external("w", "w.bin", -1, -1, 2).toBuilder().addExternalData(entry("offset", "-5")).build();
        assertEquals("m.onnx: initializer \"w\": external data offset \"-5\" is not a non-negative integer",
                error(modelWith(w)));
    }
}
