package cgc.ir.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.diag.CgcException;
import cgc.ir.Model;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IrFilesTest {
    @TempDir Path dir;

    private Path cgir() { return dir.resolve("m.cgir"); }
    private Path weights() { return dir.resolve("m.cgir.weights"); }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesTextAndWeightsAndReadsThemBack() throws IOException {
        Model m = TestModels.everything();
        IrFiles.write(m, cgir());
        assertEquals(List.of("m.cgir", "m.cgir.weights"), listing());
        assertEquals(IrPrinter.print(m, "m.cgir.weights"), Files.readString(cgir()));
        Model back = IrFiles.read(cgir());
        assertEquals(Optional.empty(), IrDiff.difference(m, back));
        assertEquals(m, back);
    }

    @Test
    void overwritesAnEarlierModel() throws IOException {
        IrFiles.write(TestModels.everything(), cgir());
        Model second = TestModels.mobilenetStart();
        IrFiles.write(second, cgir());
        assertEquals(List.of("m.cgir", "m.cgir.weights"), listing());
        assertEquals(second, IrFiles.read(cgir()));
    }

    @Test
    void missingWeightsFileIsNamed() throws IOException {
        IrFiles.write(TestModels.mobilenetStart(), cgir());
        Files.delete(weights());
        CgcException e = assertThrows(CgcException.class, () -> IrFiles.read(cgir()));
        assertEquals(weights(), e.where().file());
        assertEquals("m.cgir.weights: weights file not found", e.describe());
    }

    @Test
    void weightsOfAnotherModelAreRejectedBySha256() throws IOException {
        IrFiles.write(TestModels.mobilenetStart(), cgir());
        byte[] mine = Files.readAllBytes(weights());
        IrFiles.write(TestModels.everything(), dir.resolve("other.cgir"));
        // A weights file that holds every tensor the text needs, and more: only the SHA-256 tells it apart.
        Files.copy(dir.resolve("other.cgir.weights"), weights(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] merged = merge(mine, Files.readAllBytes(weights()));
        Files.write(weights(), merged);
        CgcException e = assertThrows(CgcException.class, () -> IrFiles.read(cgir()));
        assertEquals(weights(), e.where().file());
        assertTrue(e.getMessage().startsWith("SHA-256 is "), e.describe());
        assertTrue(e.getMessage().contains("but m.cgir expects"), e.describe());
    }

    /** One weights file holding the tensors of both (the counts added, the entries concatenated). */
    private static byte[] merge(byte[] a, byte[] b) {
        ByteBuffer out = ByteBuffer.allocate(a.length + b.length - 12).order(ByteOrder.LITTLE_ENDIAN);
        int countA = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
        int countB = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
        out.put(a, 0, 8).putInt(countA + countB).put(a, 12, a.length - 12).put(b, 12, b.length - 12);
        return out.array();
    }

    @Test
    void aCorruptedTensorNamesItsConstant() throws IOException {
        IrFiles.write(TestModels.mobilenetStart(), cgir());
        byte[] bytes = Files.readAllBytes(weights());
        bytes[bytes.length - 1] ^= 1;                  // the last data byte of the last tensor
        Files.write(weights(), bytes);
        CgcException e = assertThrows(CgcException.class, () -> IrFiles.read(cgir()));
        assertEquals(cgir(), e.where().file());
        assertTrue(e.describe().matches("m\\.cgir:\\d+:\\d+: constant %classifier\\.1\\.weight: the bytes of tensor "
                + "#\\p{XDigit}{8} in m\\.cgir\\.weights do not match its hash \\(corrupted\\)"), e.describe());
    }

    @Test
    void aChangedTextIsCaughtBySha256() throws IOException {
        IrFiles.write(TestModels.mobilenetStart(), cgir());
        String text = Files.readString(cgir());
        String sha = text.replaceAll("(?s).*weights_sha256 = \"(\\p{XDigit}+)\".*", "$1");
        String flipped = (sha.charAt(0) == '0' ? "1" : "0") + sha.substring(1);
        Files.writeString(cgir(), text.replace(sha, flipped));
        CgcException e = assertThrows(CgcException.class, () -> IrFiles.read(cgir()));
        assertEquals("m.cgir.weights: SHA-256 is " + sha + ", but m.cgir expects " + flipped
                + " (the file was changed or belongs to another model)", e.describe());
    }

    @Test
    void truncatedWeightsFileIsReported() throws IOException {
        IrFiles.write(TestModels.mobilenetStart(), cgir());
        byte[] bytes = Files.readAllBytes(weights());
        Files.write(weights(), Arrays.copyOf(bytes, bytes.length - 10));
        CgcException e = assertThrows(CgcException.class, () -> IrFiles.read(cgir()));
        assertEquals(weights(), e.where().file());
        assertTrue(e.getMessage().startsWith("truncated: tensor 3 of 3 needs 1280 bytes of data, the file has 1270 left"),
                e.describe());
        assertTrue(e.where().byteOffset() > 0, e.describe());
    }

    @Test
    void hugeLengthsAreReportedNotAllocated() throws IOException {
        IrFiles.write(TestModels.mobilenetStart(), cgir());
        byte[] good = Files.readAllBytes(weights());
        // The first tensor, f32[32,3,3,3]: dims at 12+32+4+4, then its length. Claim a 2^40 x 3 x 3 x 3 tensor.
        ByteBuffer b = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(52, 1L << 40).putLong(52 + 32, (1L << 40) * 27 * 4);
        Files.write(weights(), b.array());
        CgcException e = assertThrows(CgcException.class, () -> IrFiles.read(cgir()));
        assertEquals("m.cgir.weights: byte offset 84: truncated: tensor 1 of 3 needs 118747255799808 bytes of data, "
                + "the file has " + (good.length - 92) + " left", e.describe());

        ByteBuffer count = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN).putInt(8, -1);
        Files.write(weights(), count.array());
        e = assertThrows(CgcException.class, () -> IrFiles.read(cgir()));
        assertEquals("m.cgir.weights: byte offset 8: corrupted: 4294967295 tensors cannot fit in the "
                + (good.length - 12) + " bytes left", e.describe());

        ByteBuffer rank = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN).putInt(48, 1 << 30);
        Files.write(weights(), rank.array());
        e = assertThrows(CgcException.class, () -> IrFiles.read(cgir()));
        assertEquals("m.cgir.weights: byte offset 48: corrupted: tensor 1 of 3 has rank 1073741824, more than the file can hold",
                e.describe());
    }

    @Test
    void notAWeightsFile() throws IOException {
        IrFiles.write(TestModels.mobilenetStart(), cgir());
        Files.writeString(weights(), "PK\u0003\u0004 a zip file");
        CgcException e = assertThrows(CgcException.class, () -> IrFiles.read(cgir()));
        assertEquals("m.cgir.weights: byte offset 0: not a cgc weights file (it starts with 50 4b 03 04, expected \"CGWT\")",
                e.describe());
    }

    @Test
    void trailingBytesAreReported() throws IOException {
        IrFiles.write(TestModels.mobilenetStart(), cgir());
        byte[] bytes = Files.readAllBytes(weights());
        Files.write(weights(), Arrays.copyOf(bytes, bytes.length + 3));
        CgcException e = assertThrows(CgcException.class, () -> IrFiles.read(cgir()));
        assertEquals("m.cgir.weights: byte offset " + bytes.length + ": 3 bytes follow the last tensor", e.describe());
    }

    @Test
    void weightsNameMayNotLeaveTheFolder() throws IOException {
        IrFiles.write(TestModels.mobilenetStart(), cgir());
        Files.writeString(cgir(), Files.readString(cgir()).replace("weights = \"m.cgir.weights\"", "weights = \"../m.cgir.weights\""));
        CgcException e = assertThrows(CgcException.class, () -> IrFiles.read(cgir()));
        assertEquals("m.cgir: weights file name \"../m.cgir.weights\" must be a plain file name in the same folder", e.describe());
    }

    @Test
    void aFailedWriteLeavesNothingBehind() throws IOException {
        Files.createDirectories(cgir().resolve("in the way"));
        CgcException e = assertThrows(CgcException.class, () -> IrFiles.write(TestModels.mobilenetStart(), cgir()));
        assertTrue(e.getMessage().startsWith("cannot write: "), e.describe());
        assertEquals(List.of("m.cgir"), listing());
        assertEquals(List.of("in the way"), Files.list(cgir()).map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void aFailedWriteRestoresTheEarlierWeightsFile() throws IOException {
        byte[] old = "earlier weights".getBytes(StandardCharsets.UTF_8);
        Files.write(weights(), old);
        Files.createDirectories(cgir().resolve("in the way"));
        assertThrows(CgcException.class, () -> IrFiles.write(TestModels.mobilenetStart(), cgir()));
        assertEquals(List.of("m.cgir", "m.cgir.weights"), listing());
        assertArrayEquals(old, Files.readAllBytes(weights()));
    }

    @Test
    void aWeightsFileThatCannotBeReplacedLeavesNothingBehind() throws IOException {
        Files.createDirectories(weights().resolve("in the way"));
        CgcException e = assertThrows(CgcException.class, () -> IrFiles.write(TestModels.mobilenetStart(), cgir()));
        assertEquals(weights(), e.where().file(), e.describe());
        assertEquals(List.of("m.cgir.weights"), listing());
        assertEquals(List.of("in the way"), Files.list(weights()).map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void aMissingFolderIsReported() {
        Path nowhere = dir.resolve("no such folder").resolve("m.cgir");
        CgcException e = assertThrows(CgcException.class, () -> IrFiles.write(TestModels.mobilenetStart(), nowhere));
        assertTrue(e.getMessage().contains("no such file or folder"), e.describe());
        assertTrue(Files.notExists(nowhere.getParent()));
    }
}
