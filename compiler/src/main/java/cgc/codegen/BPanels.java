package cgc.codegen;

import cgc.ir.Weights;
import java.util.List;

/**
 * A constant right operand (K x N) of a matrix product packed for the vector kernels of CPU devices
 * ({@code gemm_vector_n} with {@code bPanels}): N cut into panels of {@code width} columns, each stored k after k, so a
 * work-item's whole share of B is one contiguous run. Read in place, its rows lie N floats apart, each k a new page
 * once N reaches 1024; the GPU machine's PoCL ran such a product 1.8x slower per core than this workstation's, where
 * the Java GEMM, which reads panels, did not: the hypothesis (bench/NOTES.md) is that Intel's L2 streamer, which stays
 * within a page, does not follow it. Measured here: PoCL's GEMV 1x4096·4096² 4x faster packed. The packed copy is an
 * extra entry of the weights blob, named {@code VALUE#panelsWIDTH}; the CPU side keeps reading the original.
 *
 * @param value the constant's name in the graph
 * @param k the product's reduction length, B's rows
 * @param n B's columns, a multiple of {@code width} so that every panel, and every GPU part of a split, is whole
 * @param width the kernel's block of columns, 16 x NV
 */
record BPanels(String value, long k, long n, int width) {

    BPanels {
        if (k < 1 || n < 1 || width < 1 || n % width != 0) {
            throw new IllegalArgumentException("panels of " + width + " over a " + k + " x " + n + " operand");
        }
    }

    /** The name of the packed copy in the weights blob. */
    String name() { return value + "#panels" + width; }

    /** B (row-major K x N, float) as {@code [N / width][K][width]}. */
    Weights pack(Weights b) {
        float[] in = b.toFloats();
        if (in.length != k * n) throw new IllegalArgumentException(value + ": " + in.length + " floats, not " + k + " x " + n);
        int kk = (int) k, nn = (int) n, panels = nn / width;
        float[] out = new float[in.length];
        for (int p = 0; p < panels; p++) {
            for (int r = 0; r < kk; r++) {
                System.arraycopy(in, r * nn + p * width, out, (p * kk + r) * width, width);
            }
        }
        return Weights.ofFloats(List.of((long) panels, k, (long) width), out);
    }
}
