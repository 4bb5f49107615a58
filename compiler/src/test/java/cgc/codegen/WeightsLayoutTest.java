package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import cgc.runtime.PlanException;
import cgc.runtime.WeightsBlob;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightsLayoutTest {
    private static final Weights W = Weights.ofFloats(List.of(3L), 1f, 2f, 3f);                // 12 bytes
    private static final Weights B = Weights.ofFloats(List.of(17L), new float[17]);            // 68 bytes
    private static final Weights UNUSED = Weights.ofFloats(List.of(1L), 9f);

    private static Graph graph() {
        TensorType t = TensorType.of(DType.F32, 3);
        return Graph.builder("g").input("x", t)
                .constant("unused", UNUSED).constant("b", B).constant("w", W)
                .node(new Node("mul", OpKind.MUL, List.of("x", "w"), List.of("y"), Attrs.EMPTY)).type("y", t)
                .node(new Node("add", OpKind.ADD, List.of("y", "b"), List.of("z"), Attrs.EMPTY)).type("z", t)
                .node(new Node("add2", OpKind.ADD, List.of("z", "w"), List.of("out"), Attrs.EMPTY)).type("out", t)
                .output("out").build();
    }

    @Test
    void tensorsAreAlignedInFirstUseOrderAndUnusedOnesLeftOut() {
        WeightsLayout l = WeightsLayout.of(graph());
        assertEquals(List.of("w", "b"), List.copyOf(l.entries().keySet()));
        assertEquals(0, l.entry("w").offset());
        assertEquals(64, l.entry("b").offset());
        assertEquals(192, l.payloadBytes());
        assertFalse(l.has("unused"));
    }

    @Test
    void roundTripsThroughTheRuntimeReader() throws IOException {
        WeightsLayout l = WeightsLayout.of(graph());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(64 + 192, l.writeTo(out));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = WeightsBlob.read(new ByteArrayInputStream(out.toByteArray()), "weights.bin", arena);
            assertEquals(192, data.byteSize());
            assertEquals(0, data.address() % WeightsBlob.ALIGNMENT);
            assertArrayEquals(new float[] {1f, 2f, 3f}, data.asSlice(0, 12).toArray(ValueLayout.JAVA_FLOAT));
        }
    }

    @Test
    void aFlippedByteIsReportedAsCorruption() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WeightsLayout.of(graph()).writeTo(out);
        byte[] bytes = out.toByteArray();
        bytes[64 + 5] ^= 0x10;
        PlanException e = assertThrows(PlanException.class,
                () -> WeightsBlob.read(new ByteArrayInputStream(bytes), "m.plan.jar!/cgc/weights.bin", Arena.ofAuto()));
        assertEquals("m.plan.jar!/cgc/weights.bin is corrupted: checksum mismatch (CRC-32C %08x, header says %08x); "
                .formatted(crcOf(bytes), crcOf(out.toByteArray())) + "rebuild the plan with cgc compile", e.getMessage());
    }

    @Test
    void aTruncatedBlobIsReportedAsCorruption() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WeightsLayout.of(graph()).writeTo(out);
        byte[] cut = java.util.Arrays.copyOf(out.toByteArray(), 100);
        PlanException e = assertThrows(PlanException.class,
                () -> WeightsBlob.read(new ByteArrayInputStream(cut), "w.bin", Arena.ofAuto()));
        assertEquals("w.bin is corrupted: truncated: 36 of 192 payload bytes; rebuild the plan with cgc compile",
                e.getMessage());
    }

    private static int crcOf(byte[] blob) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(blob, 64, blob.length - 64);
        return (int) c.getValue();
    }
}
