package cgc.onnx;

import static cgc.onnx.TestModels.FLOAT;
import static cgc.onnx.TestModels.floats;
import static cgc.onnx.TestModels.model;
import static cgc.onnx.TestModels.node;
import static cgc.onnx.TestModels.reluGraph;
import static cgc.onnx.TestModels.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cgc.diag.CgcException;
import cgc.ir.Model;
import cgc.ir.OpaqueOp;
import cgc.onnx.proto.Onnx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad input gets a {@link CgcException} whose message names the problem and where it is. */
class OnnxImporterErrorsTest {
    @TempDir Path dir;

    private String error(String file, Onnx.ModelProto m) {
        return error(TestModels.write(dir, file, m));
    }

    private static String error(Path file) {
        return assertThrows(CgcException.class, () -> OnnxImporter.read(file, ImportOptions.DEFAULT)).describe();
    }

    @Test
    void randomBytesAreNotAModel() throws IOException {
        byte[] junk = new byte[4096];
        new SplittableRandom(7).nextBytes(junk);
        String msg = error(Files.write(dir.resolve("junk.onnx"), junk));
        assertTrue(msg.startsWith("junk.onnx: byte offset "), msg);
        assertTrue(msg.contains("malformed protobuf"), msg);
    }

    @Test
    void aTextFileIsNotAModel() throws IOException {
        Path f = Files.writeString(dir.resolve("notes.onnx"), "This is a text file, not an ONNX model.\n");
        String msg = error(f);
        assertTrue(msg.startsWith("notes.onnx: byte offset "), msg);
        assertTrue(msg.contains("malformed protobuf"), msg);
    }

    @Test
    void aProtobufWithoutGraphIsNotAModel() throws IOException {
        Path f = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        assertEquals("empty.onnx: not an ONNX model: it has no graph", error(f));
    }

    @Test
    void aMissingFileIsNamed() {
        assertEquals("nowhere.onnx: no such file", error(dir.resolve("nowhere.onnx")));
    }

    /**
     * Every prefix of a small model either imports or fails with a CgcException: never another exception and never
     * a hang. Most cuts fall inside a message, and are reported as truncation.
     */
    @Test
    @Timeout(30)
    void everyPrefixOfAModelFailsCleanlyOrImports() {
        byte[] whole = TestModels.small().toByteArray();
        assertTrue(whole.length > 1000 && whole.length < 8000, "a model of a few KB: " + whole.length);
        Path file = dir.resolve("cut.onnx");
        int imported = 0, truncated = 0;
        for (int n = 0; n < whole.length; n++) {
            byte[] prefix = Arrays.copyOf(whole, n);
            try {
                OnnxImporter.fromProto(OnnxImporter.parse(file, prefix), file, ImportOptions.DEFAULT);
                imported++;
            } catch (CgcException e) {
                if (e.getMessage().contains("truncated")) {
                    truncated++;
                    assertTrue(e.where().byteOffset() <= n, "the offset lies inside the file: " + e.describe());
                }
            } catch (RuntimeException e) {
                fail("prefix of " + n + " bytes: " + e, e);
            }
        }
        assertTrue(truncated > whole.length / 2, "most cuts fall inside a message: " + truncated);
        assertTrue(imported < whole.length, "imported " + imported);
        assertInstanceOf(Model.class, OnnxImporter.fromProto(OnnxImporter.parse(file, whole), file, ImportOptions.DEFAULT));
    }

    /** Corrupting single bytes of a valid model also ends in a CgcException or a valid import, nothing else. */
    @Test
    @Timeout(30)
    void corruptedBytesFailCleanlyOrImport() {
        byte[] whole = TestModels.small().toByteArray();
        Path file = dir.resolve("corrupt.onnx");
        SplittableRandom r = new SplittableRandom(11);
        int refused = 0;
        for (int trial = 0; trial < 3000; trial++) {
            byte[] b = whole.clone();
            int at = r.nextInt(b.length);
            b[at] = (byte) r.nextInt(256);
            try {
                OnnxImporter.fromProto(OnnxImporter.parse(file, b), file, ImportOptions.DEFAULT);
            } catch (CgcException e) {
                refused++;
            } catch (RuntimeException e) {
                fail("byte " + at + " set to " + (b[at] & 0xff) + ": " + e, e);
            }
        }
        assertTrue(refused > 100, "many corruptions are detected: " + refused);
    }

    @Test
    void truncatedFileNamesTheOffset() throws IOException {
        byte[] whole = TestModels.small().toByteArray();
        int cut = whole.length - 10;
        Path f = Files.write(dir.resolve("short.onnx"), Arrays.copyOf(whole, cut));
        String msg = error(f);
        assertTrue(msg.matches("short\\.onnx: byte offset \\d+: malformed protobuf \\(truncated\\? the message here runs"
                + " past the end of the file, " + cut + " bytes\\)"), msg);
    }

    @Test
    void unknownOpIsNamedWithNodeAndOpset() {
        Onnx.GraphProto.Builder g = reluGraph().setNode(0, node("n3", "FooBar", List.of("x"), List.of("y")));
        assertEquals("m.onnx: node \"n3\" (FooBar): unknown op \"FooBar\" in opset ai.onnx 17"
                + " (pass --allow-unknown-ops to keep it as an opaque op)", error("m.onnx", model(17, g)));
    }

    @Test
    void unknownOpIsKeptOpaqueWhenAllowed() {
        Onnx.GraphProto.Builder g = reluGraph().setNode(0, node("n3", "FooBar", List.of("x"), List.of("y")));
        Model m = OnnxImporter.read(TestModels.write(dir, "m.onnx", model(17, g)), new ImportOptions(true));
        assertEquals(new OpaqueOp("", "FooBar"), m.graph().nodes().getFirst().op());
    }

    @Test
    void opOfAnotherDomainIsUnknown() {
        Onnx.GraphProto.Builder g = reluGraph()
                .setNode(0, node("fused", "FusedGemm", List.of("x"), List.of("y")).toBuilder().setDomain("com.microsoft"));
        assertEquals("m.onnx: node \"fused\" (FusedGemm): unknown op \"FusedGemm\" in domain com.microsoft, which the"
                + " model does not import (pass --allow-unknown-ops to keep it as an opaque op)", error("m.onnx", model(17, g)));
    }

    @Test
    void opsetNewerThanSupportedIsRefused() {
        assertEquals("m.onnx: opset ai.onnx 99 is newer than cgc supports (7 to 22)", error("m.onnx", model(99, reluGraph())));
    }

    @Test
    void opsetOlderThanSupportedIsRefused() {
        assertEquals("m.onnx: opset ai.onnx 6 is older than cgc supports (7 to 22)", error("m.onnx", model(6, reluGraph())));
    }

    @Test
    void inputCountIsChecked() {
        Onnx.GraphProto.Builder g = reluGraph().setNode(0, node("r", "Relu", List.of("x", "x"), List.of("y")));
        assertEquals("m.onnx: node \"r\" (Relu): expected 1 input, found 2", error("m.onnx", model(17, g)));
    }

    @Test
    void aConvWithAFourthInputIsRefused() {   // the residual is cgc's own (fuse-residual), not ONNX's
        Onnx.GraphProto.Builder g = reluGraph().setNode(0, node("c", "Conv", List.of("x", "x", "x", "x"), List.of("y")));
        assertEquals("m.onnx: node \"c\" (Conv): expected 2 to 3 inputs, found 4", error("m.onnx", model(17, g)));
    }

    @Test
    void outputCountIsChecked() {
        Onnx.GraphProto.Builder g = reluGraph().setNode(0, node("r", "Relu", List.of("x"), List.of("y", "z")));
        assertEquals("m.onnx: node \"r\" (Relu): expected 1 output, found 2", error("m.onnx", model(17, g)));
    }

    @Test
    void readingAnUndefinedValueIsRefused() {
        Onnx.GraphProto.Builder g = reluGraph().setNode(0, node("r", "Relu", List.of("nope"), List.of("y")));
        assertEquals("m.onnx: node \"r\" (Relu): input 0 \"nope\": value is not defined before this node"
                + " (by a graph input, an initializer or an earlier node)", error("m.onnx", model(17, g)));
    }

    @Test
    void negativeDimensionInValueInfoIsRefused() {
        Onnx.GraphProto.Builder g = reluGraph().setInput(0, value("x", FLOAT, 1, -4));
        assertEquals("m.onnx: graph input \"x\": negative dimension -4 in f32[1,-4]", error("m.onnx", model(17, g)));
    }

    @Test
    void negativeDimensionInInitializerIsRefused() {
        Onnx.GraphProto.Builder g = reluGraph().addInitializer(floats("w", new long[] {2, -2}, 1, 2, 3, 4));
        assertEquals("m.onnx: initializer \"w\": negative dimension -2 in f32[2,-2]", error("m.onnx", model(17, g)));
    }

    /** [2^20, 2^20] f32 would take 4 TiB; it is refused from the shape alone, before anything is allocated. */
    @Test
    void hugeInitializerIsRefusedBeforeAllocation() {
        Onnx.TensorProto huge = Onnx.TensorProto.newBuilder().setName("huge").setDataType(FLOAT)
                .addDims(1L << 20).addDims(1L << 20).build();
        Onnx.GraphProto.Builder g = reluGraph().addInitializer(huge);
        assertEquals("m.onnx: initializer \"huge\": f32[1048576,1048576] has more than 2^31 elements, more than cgc"
                + " allows for a constant", error("m.onnx", model(17, g)));
    }

    @Test
    void hugeValueInfoDimensionIsRefused() {
        Onnx.GraphProto.Builder g = reluGraph().addValueInfo(value("y", FLOAT, 1, 1L << 40));
        assertEquals("m.onnx: value_info \"y\": dimension 1099511627776 in f32[1,1099511627776] is not below the"
                + " limit of 2^40", error("m.onnx", model(17, g)));
    }

    @Test
    void valueInfoShapeWithTooManyElementsIsRefused() {
        Onnx.GraphProto.Builder g = reluGraph().addValueInfo(value("y", FLOAT, 1L << 20, 1L << 20));
        assertEquals("m.onnx: value_info \"y\": f32[1048576,1048576] has 2^40 or more elements, more than cgc"
                + " supports", error("m.onnx", model(17, g)));
    }

    @Test
    void rawDataLengthMustMatchShape() {
        Onnx.GraphProto.Builder g = reluGraph().addInitializer(floats("w", new long[] {2, 3}, 1, 2, 3, 4, 5));
        assertEquals("m.onnx: initializer \"w\": data length disagrees with shape: expected 24 bytes for f32[2,3],"
                + " raw_data holds 20", error("m.onnx", model(17, g)));
    }

    @Test
    void typedDataLengthMustMatchShape() {
        Onnx.TensorProto w = Onnx.TensorProto.newBuilder().setName("w").setDataType(Onnx.TensorProto.DataType.INT64_VALUE)
                .addDims(4).addAllInt64Data(List.of(1L, 2L, 3L)).build();
        Onnx.GraphProto.Builder g = reluGraph().addInitializer(w);
        assertEquals("m.onnx: initializer \"w\": data length disagrees with shape: expected 32 bytes for i64[4],"
                + " int64_data holds 3 values (24 bytes)", error("m.onnx", model(17, g)));
    }

    @Test
    void unsupportedElementTypeIsNamed() {
        Onnx.TensorProto w = Onnx.TensorProto.newBuilder().setName("w")
                .setDataType(Onnx.TensorProto.DataType.COMPLEX64_VALUE).addDims(1).build();
        assertEquals("m.onnx: initializer \"w\": element type COMPLEX64 (14) is not supported",
                error("m.onnx", model(17, reluGraph().addInitializer(w))));
    }

    @Test
    void sparseTensorAttributeIsUnsupported() {
        Onnx.AttributeProto sparse = Onnx.AttributeProto.newBuilder().setName("sparse_value")
                .setType(Onnx.AttributeProto.AttributeType.SPARSE_TENSOR)
                .setSparseTensor(Onnx.SparseTensorProto.getDefaultInstance()).build();
        Onnx.GraphProto.Builder g = reluGraph().addNode(node("k", "Constant", List.of(), List.of("k_out"), sparse));
        assertEquals("m.onnx: node \"k\" (Constant): attribute \"sparse_value\": sparse tensor attributes are not"
                + " supported", error("m.onnx", model(17, g)));
    }

    @Test
    void typeProtoAttributeIsUnsupported() {
        Onnx.AttributeProto tp = Onnx.AttributeProto.newBuilder().setName("t")
                .setType(Onnx.AttributeProto.AttributeType.TYPE_PROTO).setTp(Onnx.TypeProto.getDefaultInstance()).build();
        Onnx.GraphProto.Builder g = reluGraph().setNode(0, node("r", "Relu", List.of("x"), List.of("y"), tp));
        assertEquals("m.onnx: node \"r\" (Relu): attribute \"t\": type attributes are not supported",
                error("m.onnx", model(17, g)));
    }

    @Test
    void sequenceTypedInputIsUnsupported() {
        Onnx.ValueInfoProto seq = Onnx.ValueInfoProto.newBuilder().setName("x").setType(Onnx.TypeProto.newBuilder()
                .setSequenceType(Onnx.TypeProto.Sequence.getDefaultInstance())).build();
        assertEquals("m.onnx: graph input \"x\": value type sequence is not supported (only tensors are)",
                error("m.onnx", model(17, reluGraph().setInput(0, seq))));
    }

    @Test
    void messagesAreAboutTheFileNotItsContents() {
        byte[] text = "ir_version: 8\n".getBytes(StandardCharsets.UTF_8); // ONNX's text format is not read
        try {
            String msg = error(Files.write(dir.resolve("model.onnxtxt"), text));
            assertTrue(msg.startsWith("model.onnxtxt: "), msg);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
