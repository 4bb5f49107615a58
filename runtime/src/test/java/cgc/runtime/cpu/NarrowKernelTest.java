package cgc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Simd#narrowKernel} gives each element of a narrow last tile the bits the whole micro-kernel gives it: the
 * split of a layer into parts relies on every partition of the output computing each element alike.
 */
class NarrowKernelTest {
    private static final Simd SIMD = Simd.INSTANCE;

    @ParameterizedTest(name = "k {0}, {1} rows, accumulate {2}")
    @CsvSource({"1, 8, false", "37, 8, false", "37, 24, true", "200, 40, false", "200, 56, true", "5, 16, true"})
    void sameBitsAsTheWholeTile(int k, int rows, boolean accumulate) {
        int mr = SIMD.mr();
        int nr = SIMD.nr();
        int padded = (rows + mr - 1) / mr * mr;
        Random random = new Random(k * 31L + rows);
        float[] a = new float[padded * k];
        float[] b = new float[k * nr];
        float[] c0 = new float[padded * nr];
        for (float[] x : new float[][] {a, b, c0}) {
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextFloat() * 2 - 1;
            }
        }
        // every width the kernel takes, whether or not narrowPays sends it there on this machine
        for (int cols = 1; cols < nr; cols++) {
            float[] whole = c0.clone();
            for (int i = 0; i < padded; i += mr) {
                SIMD.microKernel(k, a, i * k, b, 0, whole, i * nr, nr, accumulate, null);
            }
            float[] part = c0.clone();
            SIMD.narrowKernel(k, padded, cols, a, 0, b, 0, part, 0, nr, accumulate);
            for (int r = 0; r < padded; r++) {
                assertArrayEquals(Arrays.copyOfRange(whole, r * nr, r * nr + cols),
                        Arrays.copyOfRange(part, r * nr, r * nr + cols), "row " + r + " of a " + cols + "-column tile");
                // nothing written past the tile's columns
                assertArrayEquals(Arrays.copyOfRange(c0, r * nr + cols, r * nr + nr),
                        Arrays.copyOfRange(part, r * nr + cols, r * nr + nr), "row " + r + " past " + cols + " columns");
            }
        }
    }
}
