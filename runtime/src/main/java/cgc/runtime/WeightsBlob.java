package cgc.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The format of {@code cgc/weights.bin}, the plan's constant tensors in one blob, and its reader. The compiler's
 * writer ({@code cgc.codegen.WeightsLayout}) follows the constants declared here.
 *
 * <pre>
 * offset  size  field (little-endian)
 *  0       8    magic "cgc.wts\0"
 *  8       4    format version, {@value #VERSION}
 * 12       4    CRC-32C of the payload
 * 16       8    payload size in bytes
 * 24      40    zero
 * 64       …    payload: the tensors, dense little-endian C order, each at a multiple of {@value #ALIGNMENT} bytes
 * </pre>
 *
 * The tensors' offsets (relative to the payload) are constants of the generated plan class, and listed in
 * {@code cgc/plan.json}; the blob itself carries no names.
 */
public final class WeightsBlob {
    public static final byte[] MAGIC = "cgc.wts\0".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 64;
    /** Alignment of each tensor in the payload, and of the payload in memory once loaded. */
    public static final int ALIGNMENT = 64;

    private WeightsBlob() {}

    /** The header for a payload of {@code payloadBytes} bytes with checksum {@code crc}. */
    public static byte[] header(long payloadBytes, int crc) {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.put(MAGIC).putInt(VERSION).putInt(crc).putLong(payloadBytes);
        return h.array();
    }

    /**
     * Reads a blob into a new native segment of {@code arena}, aligned to {@value #ALIGNMENT} bytes, and verifies its
     * checksum. {@code source} names the blob in error messages.
     */
    public static MemorySegment read(InputStream in, String source, Arena arena) throws IOException {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new PlanException(source + ": this host is big-endian; plans hold little-endian weights");
        }
        byte[] head = in.readNBytes(HEADER_BYTES);
        if (head.length < HEADER_BYTES) throw corrupted(source, "truncated header (" + head.length + " bytes)");
        ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < MAGIC.length; i++) if (head[i] != MAGIC[i]) throw corrupted(source, "bad magic");
        int version = h.getInt(8);
        if (version != VERSION) throw corrupted(source, "format version " + version + ", expected " + VERSION);
        int crc = h.getInt(12);
        long size = h.getLong(16);
        if (size < 0) throw corrupted(source, "negative payload size " + size);

        MemorySegment data = arena.allocate(Math.max(size, 1), ALIGNMENT).asSlice(0, size);
        CRC32C sum = new CRC32C();
        byte[] chunk = new byte[1 << 20];
        long at = 0;
        while (at < size) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, size - at));
            if (n < 0) throw corrupted(source, "truncated: " + at + " of " + size + " payload bytes");
            sum.update(chunk, 0, n);
            MemorySegment.copy(chunk, 0, data, ValueLayout.JAVA_BYTE, at, n);
            at += n;
        }
        if (in.read() >= 0) throw corrupted(source, "trailing bytes after the " + size + "-byte payload");
        if ((int) sum.getValue() != crc) {
            throw corrupted(source, "checksum mismatch (CRC-32C %08x, header says %08x)".formatted((int) sum.getValue(), crc));
        }
        return data;
    }

    private static PlanException corrupted(String source, String why) {
        return new PlanException(source + " is corrupted: " + why + "; rebuild the plan with cgc compile");
    }
}
