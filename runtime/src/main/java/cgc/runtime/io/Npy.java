package cgc.runtime.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0, as specified in {@code numpy.lib.format}):
 * C-order arrays of the {@link DType}s, little- or big-endian. Data read from a big-endian file is converted to the
 * native byte order; files are written in native order, version 1.0 unless the header needs 2.0.
 *
 * <pre>{@code
 * "\x93NUMPY" major minor  header_len (u16 LE in 1.0; u32 LE in 2.0/3.0)  header (padded so data starts at a multiple of 64)  data
 * }</pre>
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;

    private Npy() {}

    /** Reads the array in {@code file}. */
    public static Tensor read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads one array from {@code in} (to its end); {@code source} names it in error messages. */
    public static Tensor read(InputStream in, String source) throws IOException {
        ReadableByteChannel ch = Channels.newChannel(in);
        Head head = head(ch, source);
        NpyHeader header = head.header();
        long dataStart = head.dataStart();
        Tensor t = Tensor.allocate(header.dtype(), header.shapeArray());
        long got = readInto(ch, t.data());
        if (got < t.byteSize()) {
            throw new NpyException(source, dataStart + got, "truncated data: %s needs %d bytes after the header, the file has %d"
                    .formatted(t, t.byteSize(), got));
        }
        if (ch.read(ByteBuffer.allocate(1)) > 0) {
            throw new NpyException(source, dataStart + t.byteSize(),
                    "trailing bytes after the %d bytes of data of %s".formatted(t.byteSize(), t));
        }
        if (header.order() != ByteOrder.nativeOrder()) swapBytes(t.data(), header.dtype().byteSize());
        return t;
    }

    /** The shape of the array in {@code file}, from its header alone (the data is not read). */
    public static long[] shape(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return head(Channels.newChannel(in), file.toString()).header().shapeArray();
        }
    }

    /** An {@code .npy} header and where its data starts. */
    private record Head(NpyHeader header, long dataStart) {}

    /** Reads and checks the preamble and the header of {@code ch}, leaving it at the first byte of the data. */
    private static Head head(ReadableByteChannel ch, String source) throws IOException {
        ByteBuffer prefix = readFully(ch, 10, source, 0, "the 10-byte preamble");
        for (int i = 0; i < MAGIC.length; i++) {
            if (prefix.get(i) != MAGIC[i]) {
                throw new NpyException(source, 0, "not an .npy file (it does not start with \"\\x93NUMPY\")");
            }
        }
        int major = prefix.get(6), minor = prefix.get(7);
        long headerLength;
        long headerStart;
        switch (major) {
            case 1 -> {
                headerLength = prefix.order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xFFFF;
                headerStart = 10;
            }
            case 2, 3 -> {
                ByteBuffer rest = readFully(ch, 2, source, 10, "the header length");
                headerLength = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                        .put(prefix.get(8)).put(prefix.get(9)).put(rest.get(0)).put(rest.get(1)).getInt(0) & 0xFFFFFFFFL;
                headerStart = 12;
            }
            default -> throw new NpyException(source, 6,
                    "unsupported .npy format version " + major + "." + minor + " (supported: 1.0, 2.0, 3.0)");
        }
        if (headerLength > Integer.MAX_VALUE - 8) {
            throw new NpyException(source, headerStart - 4, "header length " + headerLength + " is not plausible");
        }
        ByteBuffer headerBytes = readFully(ch, (int) headerLength, source, headerStart, "the header");
        String text = new String(headerBytes.array(), 0, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return new Head(NpyHeader.parse(text, source, headerStart), headerStart + headerLength);
    }

    /** Writes {@code tensor} to {@code file}, through a temporary file moved into place: never half a file. */
    public static void write(Path file, Tensor tensor) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                write(out, tensor);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code tensor} as one {@code .npy} array to {@code out}. */
    public static void write(OutputStream out, Tensor tensor) throws IOException {
        byte[] dict = NpyHeader.format(tensor.dtype(), tensor.shape()).getBytes(StandardCharsets.ISO_8859_1);
        int padded = paddedHeaderLength(10, dict.length);
        boolean v1 = padded <= 0xFFFF; // version 1.0 stores the header length in 16 bits
        int preamble = v1 ? 10 : 12;
        if (!v1) padded = paddedHeaderLength(preamble, dict.length);
        ByteBuffer head = ByteBuffer.allocate(preamble + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) (v1 ? 1 : 2)).put((byte) 0);
        if (v1) head.putShort((short) padded);
        else head.putInt(padded);
        head.put(dict);
        while (head.position() < head.capacity() - 1) head.put((byte) ' ');
        head.put((byte) '\n');
        out.write(head.array());

        MemorySegment data = tensor.data();
        byte[] chunk = new byte[1 << 16];
        for (long at = 0; at < data.byteSize(); at += chunk.length) {
            int n = (int) Math.min(chunk.length, data.byteSize() - at);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, at, chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }

    /** Length of the header (dictionary, spaces, '\n') that makes the data start at a multiple of {@value #ALIGN}. */
    private static int paddedHeaderLength(int preamble, int dictLength) {
        return (preamble + dictLength + 1 + ALIGN - 1) / ALIGN * ALIGN - preamble;
    }

    private static ByteBuffer readFully(ReadableByteChannel ch, int n, String source, long offset, String what)
            throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new NpyException(source, offset + b.position(),
                        b.position() == 0 && offset == 0 ? "not an .npy file (empty)" : "file ends inside " + what);
            }
        }
        return b.flip();
    }

    /** Fills {@code target} from {@code ch}; returns the number of bytes read, less than its size at end of input. */
    private static long readInto(ReadableByteChannel ch, MemorySegment target) throws IOException {
        long done = 0;
        while (done < target.byteSize()) {
            ByteBuffer b = target.asSlice(done, Math.min(1L << 30, target.byteSize() - done)).asByteBuffer();
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) return done + b.position();
            }
            done += b.capacity();
        }
        return done;
    }

    private static void swapBytes(MemorySegment data, int size) {
        switch (size) {
            case 1 -> {}
            case 2 -> {
                for (long i = 0; i < data.byteSize(); i += 2) {
                    data.set(ValueLayout.JAVA_SHORT_UNALIGNED, i, Short.reverseBytes(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, i)));
                }
            }
            case 4 -> {
                for (long i = 0; i < data.byteSize(); i += 4) {
                    data.set(ValueLayout.JAVA_INT_UNALIGNED, i, Integer.reverseBytes(data.get(ValueLayout.JAVA_INT_UNALIGNED, i)));
                }
            }
            case 8 -> {
                for (long i = 0; i < data.byteSize(); i += 8) {
                    data.set(ValueLayout.JAVA_LONG_UNALIGNED, i, Long.reverseBytes(data.get(ValueLayout.JAVA_LONG_UNALIGNED, i)));
                }
            }
            default -> throw new IllegalArgumentException("element size " + size);
        }
    }
}
