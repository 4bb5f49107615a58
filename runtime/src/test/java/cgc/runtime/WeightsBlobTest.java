package cgc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The blob format read from bytes written here by hand, as the spec in {@link WeightsBlob} says. */
class WeightsBlobTest {
    private static byte[] blob(float... values) {
        ByteBuffer payload = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) payload.putFloat(v);
        CRC32C crc = new CRC32C();
        crc.update(payload.array());
        ByteBuffer b = ByteBuffer.allocate(64 + payload.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(WeightsBlob.header(payload.capacity(), (int) crc.getValue())).put(payload.array());
        return b.array();
    }

    @Test
    void readsAnAlignedPayload() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = WeightsBlob.read(new ByteArrayInputStream(blob(1.5f, -2f)), "w.bin", arena);
            assertEquals(0, s.address() % 64);
            assertEquals(-2f, s.get(ValueLayout.JAVA_FLOAT, 4));
        }
    }

    @Test
    void eachKindOfDamageIsNamed() {
        byte[] badMagic = blob(1f);
        badMagic[0] = 'x';
        assertEquals("w.bin is corrupted: bad magic; rebuild the plan with cgc compile", read(badMagic));
        byte[] badVersion = blob(1f);
        badVersion[8] = 9;
        assertEquals("w.bin is corrupted: format version 9, expected 1; rebuild the plan with cgc compile", read(badVersion));
        byte[] trailing = java.util.Arrays.copyOf(blob(1f), 64 + 4 + 1);
        assertEquals("w.bin is corrupted: trailing bytes after the 4-byte payload; rebuild the plan with cgc compile",
                read(trailing));
        assertEquals("w.bin is corrupted: truncated header (3 bytes); rebuild the plan with cgc compile", read(new byte[3]));
    }

    private static String read(byte[] bytes) {
        return assertThrows(PlanException.class,
                () -> WeightsBlob.read(new ByteArrayInputStream(bytes), "w.bin", Arena.ofAuto())).getMessage();
    }
}
