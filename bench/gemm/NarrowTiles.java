package cgc.runtime.cpu;

import java.util.Arrays;
import java.util.Random;

/**
 * Throwaway harness: a GEMM block's last, narrow tile (cols columns of nr) by the whole micro-kernel against {@link
 * Simd#narrowKernel}, one thread, the two alternated in one JVM; checks they give the same bits. Compile against the
 * runtime's classes: {@code javac --add-modules jdk.incubator.vector -cp runtime/target/classes -d OUT
 * bench/gemm/NarrowTiles.java}; run {@code java --add-modules jdk.incubator.vector -cp runtime/target/classes:OUT
 * cgc.runtime.cpu.NarrowTiles}.
 */
public class NarrowTiles {
    public static void main(String[] args) {
        Simd simd = Simd.INSTANCE;
        int mr = simd.mr(), nr = simd.nr();
        // k, rows of the block, columns of its last tile: MobileNetV2's 1x1 convs on 7x7 (49 columns) and 14x14 (196)
        int[][] shapes = {{960, 80, 49 % nr}, {960, 160, 49 % nr}, {576, 80, 49 % nr}, {160, 480, 49 % nr},
            {384, 32, 196 % nr}, {576, 48, 196 % nr}, {96, 288, 196 % nr}, {64, 192, 196 % nr}};
        if (args.length > 0) {                                    // k,rows,cols ...
            shapes = new int[args.length][];
            for (int i = 0; i < args.length; i++) {
                shapes[i] = Arrays.stream(args[i].split(",")).mapToInt(Integer::parseInt).toArray();
            }
        }
        System.out.println(simd.name() + ", mr " + mr + ", nr " + nr);
        Random r = new Random(7);
        for (int[] sh : shapes) {
            int k = sh[0], rows = sh[1], cols = sh[2];
            if (cols == 0 || !simd.narrowPays(cols)) {
                System.out.printf("k %d rows %d cols %d: narrow does not apply%n", k, rows, cols);
                continue;
            }
            float[] a = new float[rows * k];
            float[] b = new float[k * nr];
            for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - 0.5f;
            for (int i = 0; i < b.length; i++) b[i] = r.nextFloat() - 0.5f;
            float[] c1 = new float[rows * nr], c2 = new float[rows * nr];
            int iters = Math.max(200, (int) (4e8 / ((double) rows * k * nr)));
            double[] whole = new double[9], narrow = new double[9];
            for (int round = 0; round < 9; round++) {
                long t0 = System.nanoTime();
                for (int it = 0; it < iters; it++) {
                    for (int i = 0; i < rows; i += mr) {
                        simd.microKernel(k, a, i * k, b, 0, c1, i * nr, nr, false, null);
                    }
                }
                long t1 = System.nanoTime();
                for (int it = 0; it < iters; it++) {
                    simd.narrowKernel(k, rows, cols, a, 0, b, 0, c2, 0, nr, false);
                }
                long t2 = System.nanoTime();
                whole[round] = (t1 - t0) / 1e3 / iters;
                narrow[round] = (t2 - t1) / 1e3 / iters;
            }
            boolean same = true;
            for (int i = 0; i < rows; i++) {
                same &= Arrays.equals(c1, i * nr, i * nr + cols, c2, i * nr, i * nr + cols);
            }
            Arrays.sort(whole);
            Arrays.sort(narrow);
            System.out.printf("k %d rows %d cols %d: whole tile %.2f us, narrow %.2f us (medians of 9), %.2fx, bits %s%n",
                    k, rows, cols, whole[4], narrow[4], whole[4] / narrow[4], same ? "equal" : "DIFFER");
        }
    }
}
