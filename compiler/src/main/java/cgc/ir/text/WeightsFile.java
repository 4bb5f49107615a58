package cgc.ir.text;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.DType;
import cgc.ir.Weights;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The weights side file {@code X.cgir.weights}: the bytes of every tensor the text shows by hash. Little-endian:
 * <pre>
 * magic    4 bytes   "CGWT"
 * version  u32       1
 * count    u32       number of tensors
 * count times:
 *   hash   32 bytes  SHA-256 of the data
 *   dtype  u32       ONNX TensorProto.DataType code
 *   rank   u32
 *   dims   rank × u64
 *   length u64       bytes of data (= element count × element size)
 *   data   length bytes
 * </pre>
 * Nothing follows the last tensor. The reader checks every length against what is left of the file before it
 * allocates, so a corrupted length is reported, not obeyed.
 */
final class WeightsFile {
    private WeightsFile() {}

    static final byte[] MAGIC = "CGWT".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    private static final int HEADER_SIZE = 12;
    private static final int MIN_ENTRY_SIZE = 32 + 4 + 4 + 8;

    /** One tensor as read: the hash the file records (the parser checks it against the data) and where it is. */
    record Entry(String recordedHash, Weights weights, long offset) {}

    /** A whole file as read, with the SHA-256 of all its bytes. */
    record Contents(Path file, List<Entry> entries, String sha256) {
        Contents {
            entries = List.copyOf(entries);
        }

        /** Finds tensors by the hash the file records, so the parser can tell a corrupted tensor from a missing one. */
        WeightsLookup lookup() {
            return (prefix, dtype, shape) -> entries.stream()
                    .filter(e -> e.recordedHash.startsWith(prefix))
                    .map(Entry::weights)
                    .filter(w -> w.dtype() == dtype && w.shape().equals(shape))
                    .toList();
        }
    }

    /** Writes the file for {@code tensors} to {@code out} and returns its SHA-256 (lower-case hex). */
    static String write(List<Weights> tensors, OutputStream out) throws IOException {
        MessageDigest sha = sha256();
        try (OutputStream o = new DigestOutputStream(out, sha)) {
            ByteBuffer header = le(HEADER_SIZE).put(MAGIC).putInt(VERSION).putInt(tensors.size());
            o.write(header.array());
            for (Weights w : tensors) {
                ByteBuffer meta = le(32 + 4 + 4 + 8 * w.shape().size() + 8);
                meta.put(HexFormat.of().parseHex(w.hash())).putInt(w.dtype().onnxCode()).putInt(w.shape().size());
                for (long d : w.shape()) meta.putLong(d);
                meta.putLong(w.byteSize());
                o.write(meta.array());
                ByteBuffer data = w.bytes();
                byte[] chunk = new byte[Math.min(1 << 16, Math.max(1, data.remaining()))];
                while (data.hasRemaining()) {
                    int n = Math.min(chunk.length, data.remaining());
                    data.get(chunk, 0, n);
                    o.write(chunk, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The SHA-256 of the file {@link #write} would write, computed without writing it. */
    static String sha256(List<Weights> tensors) {
        try {
            return write(tensors, OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new AssertionError("the null stream does not fail", e);
        }
    }

    /** Reads and checks the structure of a weights file; throws a {@link CgcException} naming the file and offset. */
    static Contents read(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new CgcException(Where.file(file), "weights file not found");
        } catch (IOException e) {
            throw new CgcException(Where.file(file), "cannot read weights file: " + IrFiles.reason(e), e);
        }
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16),
                sha)) {
            Reader r = new Reader(file, in, size);
            byte[] magic = r.bytes(4, "the magic number");
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw r.error(0, "not a cgc weights file (it starts with " + HexFormat.ofDelimiter(" ").formatHex(magic)
                        + ", expected \"CGWT\")");
            }
            int version = r.u32("the version");
            if (version != VERSION) {
                throw r.error(4, "unsupported weights file version " + version + " (this cgc reads " + VERSION + ")");
            }
            long count = Integer.toUnsignedLong(r.u32("the tensor count"));
            if (count * MIN_ENTRY_SIZE > size - HEADER_SIZE) {
                throw r.error(8, "corrupted: " + count + " tensors cannot fit in the " + (size - HEADER_SIZE)
                        + " bytes left");
            }
            List<Entry> entries = new ArrayList<>((int) count);
            for (int i = 0; i < count; i++) entries.add(r.entry(i, count));
            if (r.position < size) {
                long extra = size - r.position;
                throw r.error(r.position, extra + (extra == 1 ? " byte follows" : " bytes follow")
                        + " the last tensor");
            }
            return new Contents(file, entries, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            throw new CgcException(Where.file(file), "cannot read weights file: " + IrFiles.reason(e), e);
        }
    }

    /** Sequential little-endian reads that know how much of the file is left. */
    private static final class Reader {
        private final Path file;
        private final InputStream in;
        private final long size;
        long position;

        Reader(Path file, InputStream in, long size) {
            this.file = file;
            this.in = in;
            this.size = size;
        }

        Entry entry(int index, long count) throws IOException {
            long start = position;
            String what = "tensor " + (index + 1) + " of " + count;
            String hash = HexFormat.of().formatHex(bytes(32, what + ": its hash"));
            long dtypeAt = position;
            int code = u32(what + ": its element type");
            DType dtype = DType.fromOnnx(code).filter(d -> d != DType.UNDEFINED)
                    .orElseThrow(() -> error(dtypeAt, what + ": unknown element type code " + code));
            long rankAt = position;
            long rank = Integer.toUnsignedLong(u32(what + ": its rank"));
            if (rank * 8 + 8 > size - position) {
                throw error(rankAt, "corrupted: " + what + " has rank " + rank + ", more than the file can hold");
            }
            List<Long> shape = new ArrayList<>((int) rank);
            long elements = 1;
            for (int d = 0; d < rank; d++) {
                long dimAt = position;
                long dim = u64(what + ": its shape");
                if (dim < 0) throw error(dimAt, "corrupted: " + what + " has dimension " + Long.toUnsignedString(dim));
                shape.add(dim);
                elements = multiply(elements, dim, dimAt, what);
            }
            long lengthAt = position;
            long length = u64(what + ": its length");
            long expected = multiply(elements, dtype.byteSize(), lengthAt, what);
            if (length != expected) {
                throw error(lengthAt, "corrupted: " + what + " (" + dtype.text() + shape + ") records "
                        + Long.toUnsignedString(length) + " bytes of data, its shape needs " + expected);
            }
            if (length > size - position) {
                throw error(lengthAt, "truncated: " + what + " needs " + length + " bytes of data, the file has "
                        + (size - position) + " left");
            }
            if (length > Integer.MAX_VALUE - 8) {
                throw error(lengthAt, what + " has more than 2 GiB of data, which cgc cannot hold");
            }
            byte[] data = bytes((int) length, what + ": its data");
            return new Entry(hash, Weights.wrap(dtype, shape, data), start);
        }

        private long multiply(long a, long b, long at, String what) {
            try {
                return Math.multiplyExact(a, b);
            } catch (ArithmeticException e) {
                throw error(at, "corrupted: " + what + " has a shape too large to exist");
            }
        }

        int u32(String what) throws IOException { return le(4).put(bytes(4, what)).getInt(0); }

        long u64(String what) throws IOException { return le(8).put(bytes(8, what)).getLong(0); }

        byte[] bytes(int n, String what) throws IOException {
            byte[] b = in.readNBytes(n);
            if (b.length < n) throw error(position, "truncated while reading " + what);
            position += n;
            return b;
        }

        CgcException error(long offset, String message) {
            return new CgcException(Where.file(file).byteOffset(offset), message);
        }
    }

    private static ByteBuffer le(int n) { return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN); }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
