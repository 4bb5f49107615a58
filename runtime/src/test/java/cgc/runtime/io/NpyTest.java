package cgc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fixtures under {@code src/test/resources/npy/} were written by NumPy ({@code np.save}); element {@code i} of each
 * holds a known function of {@code i} (see the generator in the commit that added them), checked here element by element.
 */
class NpyTest {
    @TempDir Path tmp;

    /** The generator's values: {@code i * 0.5 - 1.25} for the float fixtures. */
    private static final LongToDoubleFunction FLOATS = i -> i * 0.5 - 1.25;

    @Test
    void readsNumpyFixturesOfEveryType() throws IOException {
        check("f32_2x3.npy", DType.FLOAT32, new long[] {2, 3}, FLOATS);
        check("f32_v2_2x3.npy", DType.FLOAT32, new long[] {2, 3}, FLOATS);
        check("f32_be_6.npy", DType.FLOAT32, new long[] {6}, FLOATS);
        check("f64_be_3x2.npy", DType.FLOAT64, new long[] {3, 2}, FLOATS);
        check("f16_2x3.npy", DType.FLOAT16, new long[] {2, 3}, FLOATS);
        check("i64_6.npy", DType.INT64, new long[] {6}, i -> i * 1_000_000_007L - 3);
        check("i64_be_6.npy", DType.INT64, new long[] {6}, i -> i * 1_000_000_007L - 3);
        check("i32_1x6.npy", DType.INT32, new long[] {1, 6}, i -> i * 7 - 20);
        check("i8_6.npy", DType.INT8, new long[] {6}, i -> i * 50 - 128);
        check("u8_6.npy", DType.UINT8, new long[] {6}, i -> i * 50 + 3);
        check("bool_6.npy", DType.BOOL, new long[] {6}, i -> i % 3 == 0 ? 1 : 0);
        check("f32_scalar.npy", DType.FLOAT32, new long[] {}, i -> 2.5);
        check("f32_0x3.npy", DType.FLOAT32, new long[] {0, 3}, i -> { throw new AssertionError("no elements"); });
    }

    @Test
    void bigEndianInt64IsConvertedToNativeOrder() throws IOException {
        Tensor t = fixture("i64_be_6.npy");
        assertEquals(5 * 1_000_000_007L - 3, t.data().getAtIndex(ValueLayout.JAVA_LONG, 5));
    }

    /** Our writer produces the very bytes NumPy wrote, for every little-endian or byte-order-free C-order fixture. */
    @ParameterizedTest
    @ValueSource(strings = {"f32_2x3.npy", "f16_2x3.npy", "i64_6.npy", "i32_1x6.npy", "i8_6.npy", "u8_6.npy",
            "bool_6.npy", "f32_scalar.npy", "f32_0x3.npy"})
    void writesTheBytesNumpyWrites(String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, fixture(name));
        assertArrayEquals(resourceBytes(name), out.toByteArray());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void roundTripsRandomTensorsOfEveryType(DType dtype) throws IOException {
        Random rnd = new Random(dtype.ordinal());
        Tensor t = Tensor.allocate(dtype, 3, 1, 5);
        for (long b = 0; b < t.byteSize(); b++) t.data().set(ValueLayout.JAVA_BYTE, b, (byte) rnd.nextInt());
        if (dtype == DType.BOOL) {
            for (long b = 0; b < t.byteSize(); b++) t.data().set(ValueLayout.JAVA_BYTE, b, (byte) (rnd.nextInt() & 1));
        }
        Path file = tmp.resolve("t.npy");
        Npy.write(file, t);
        assertEquals(t, Npy.read(file));
        assertEquals(0, (Files.size(file) - t.byteSize()) % 64, "data starts at a multiple of 64 bytes");
    }

    @Test
    void headerLongerThan64KiBIsWrittenAsVersion2() throws IOException {
        long[] longShape = new long[25_000]; // "1, " 25000 times: a 75 kB dictionary
        java.util.Arrays.fill(longShape, 1);
        Tensor t = Tensor.allocate(DType.FLOAT32, longShape);
        t.data().set(ValueLayout.JAVA_FLOAT, 0, 7.5f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, t);
        byte[] bytes = out.toByteArray();
        assertEquals(2, bytes[6], "major version");
        assertEquals(t, Npy.read(new ByteArrayInputStream(bytes), "long.npy"));
    }

    @Test
    void errorsSayWhatIsWrongAndWhere() {
        assertMessage("not_npy.npy", "not_npy.npy: byte offset 0: not an .npy file (it does not start with \"\\x93NUMPY\")");
        assertMessage("f32_fortran_2x3.npy",
                "f32_fortran_2x3.npy: byte offset 10: Fortran-order arrays are not supported; save a C-order copy (numpy.ascontiguousarray)");
        assertMessage("c64_2.npy", "c64_2.npy: byte offset 10: unsupported dtype '<c8'; supported: f4 (float32), f8 (float64), "
                + "f2 (float16), i8 (int64), i4 (int32), i1 (int8), u1 (uint8), b1 (bool)");
        assertMessage("f32_truncated.npy",
                "f32_truncated.npy: byte offset 147: truncated data: float32[2, 3] needs 24 bytes after the header, the file has 19");
    }

    @Test
    void rejectsEmptyFilesUnknownVersionsTrailingBytesAndMalformedHeaders() throws IOException {
        assertEquals("x.npy: byte offset 0: not an .npy file (empty)", readError(new byte[0]));

        byte[] good = resourceBytes("f32_2x3.npy");
        byte[] v9 = good.clone();
        v9[6] = 9;
        assertEquals("x.npy: byte offset 6: unsupported .npy format version 9.0 (supported: 1.0, 2.0, 3.0)", readError(v9));

        byte[] longer = java.util.Arrays.copyOf(good, good.length + 4);
        assertEquals("x.npy: byte offset 152: trailing bytes after the 24 bytes of data of float32[2, 3]", readError(longer));

        byte[] badHeader = good.clone();
        int colon = new String(good, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("(2, 3)");
        badHeader[colon + 4] = 'x'; // (2, x)
        assertEquals("x.npy: byte offset " + (colon + 4) + ": malformed header: unexpected character 'x'", readError(badHeader));
    }

    private static void check(String name, DType dtype, long[] shape, LongToDoubleFunction expected) throws IOException {
        Tensor t = fixture(name);
        assertEquals(dtype, t.dtype(), name);
        assertArrayEquals(shape, t.shape(), name);
        for (long i = 0; i < t.elementCount(); i++) {
            assertEquals(expected.applyAsDouble(i), t.getAsDouble(i), 0.0, name + " element " + i);
        }
        assertTrue(t.data().address() % Tensor.ALIGNMENT == 0, "data is aligned");
    }

    private void assertMessage(String name, String message) {
        NpyException e = assertThrows(NpyException.class, () -> fixture(name));
        assertEquals(message, e.getMessage());
    }

    private static String readError(byte[] bytes) {
        return assertThrows(NpyException.class, () -> Npy.read(new ByteArrayInputStream(bytes), "x.npy")).getMessage();
    }

    private static Tensor fixture(String name) throws IOException {
        try (InputStream in = NpyTest.class.getResourceAsStream("/npy/" + name)) {
            return Npy.read(in, name);
        }
    }

    private static byte[] resourceBytes(String name) throws IOException {
        try (InputStream in = NpyTest.class.getResourceAsStream("/npy/" + name)) {
            return in.readAllBytes();
        }
    }
}
