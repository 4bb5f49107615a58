package cgc.runtime.cpu;
import jdk.incubator.vector.*;
import java.util.Random;
/**
 * Throwaway harness: register tiles of R rows x V vectors of 8 floats (AVX2) in L1, k 256 (or the first argument),
 * one thread, each shape its own method so C2 allocates its registers alone, beside the runtime's micro-kernel
 * ({@link Simd#microKernel}, whichever tile -Dcgc.gemm.mr picks). Shapes whose accumulators, B vectors and the
 * broadcasts C2 hoists pass 16 ymm registers spill an accumulator, and its chain through memory halves the speed.
 * {@code javac --add-modules jdk.incubator.vector -cp runtime/target/classes -d OUT bench/gemm/TileShapes.java &&
 * java --add-modules jdk.incubator.vector -cp runtime/target/classes:OUT cgc.runtime.cpu.TileShapes}
 */
public class TileShapes {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    static final int L = 8;

    static void k4x16(int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int kk = 0; kk < k; kk++) {
            int ao = aOff + kk * 4; int bo = bOff + kk * 16;
            FloatVector b0 = FloatVector.fromArray(S, b, bo + 0);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + 8);
            FloatVector x0 = FloatVector.broadcast(S, a[ao + 0]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[ao + 1]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[ao + 2]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[ao + 3]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
        }
        c00.intoArray(c, cOff + 0 * ldc + 0);
        c01.intoArray(c, cOff + 0 * ldc + 8);
        c10.intoArray(c, cOff + 1 * ldc + 0);
        c11.intoArray(c, cOff + 1 * ldc + 8);
        c20.intoArray(c, cOff + 2 * ldc + 0);
        c21.intoArray(c, cOff + 2 * ldc + 8);
        c30.intoArray(c, cOff + 3 * ldc + 0);
        c31.intoArray(c, cOff + 3 * ldc + 8);
    }
    static void k5x16(int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        for (int kk = 0; kk < k; kk++) {
            int ao = aOff + kk * 5; int bo = bOff + kk * 16;
            FloatVector b0 = FloatVector.fromArray(S, b, bo + 0);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + 8);
            FloatVector x0 = FloatVector.broadcast(S, a[ao + 0]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[ao + 1]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[ao + 2]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[ao + 3]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            FloatVector x4 = FloatVector.broadcast(S, a[ao + 4]);
            c40 = x4.fma(b0, c40);
            c41 = x4.fma(b1, c41);
        }
        c00.intoArray(c, cOff + 0 * ldc + 0);
        c01.intoArray(c, cOff + 0 * ldc + 8);
        c10.intoArray(c, cOff + 1 * ldc + 0);
        c11.intoArray(c, cOff + 1 * ldc + 8);
        c20.intoArray(c, cOff + 2 * ldc + 0);
        c21.intoArray(c, cOff + 2 * ldc + 8);
        c30.intoArray(c, cOff + 3 * ldc + 0);
        c31.intoArray(c, cOff + 3 * ldc + 8);
        c40.intoArray(c, cOff + 4 * ldc + 0);
        c41.intoArray(c, cOff + 4 * ldc + 8);
    }
    static void k6x16(int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int kk = 0; kk < k; kk++) {
            int ao = aOff + kk * 6; int bo = bOff + kk * 16;
            FloatVector b0 = FloatVector.fromArray(S, b, bo + 0);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + 8);
            FloatVector x0 = FloatVector.broadcast(S, a[ao + 0]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[ao + 1]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[ao + 2]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[ao + 3]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            FloatVector x4 = FloatVector.broadcast(S, a[ao + 4]);
            c40 = x4.fma(b0, c40);
            c41 = x4.fma(b1, c41);
            FloatVector x5 = FloatVector.broadcast(S, a[ao + 5]);
            c50 = x5.fma(b0, c50);
            c51 = x5.fma(b1, c51);
        }
        c00.intoArray(c, cOff + 0 * ldc + 0);
        c01.intoArray(c, cOff + 0 * ldc + 8);
        c10.intoArray(c, cOff + 1 * ldc + 0);
        c11.intoArray(c, cOff + 1 * ldc + 8);
        c20.intoArray(c, cOff + 2 * ldc + 0);
        c21.intoArray(c, cOff + 2 * ldc + 8);
        c30.intoArray(c, cOff + 3 * ldc + 0);
        c31.intoArray(c, cOff + 3 * ldc + 8);
        c40.intoArray(c, cOff + 4 * ldc + 0);
        c41.intoArray(c, cOff + 4 * ldc + 8);
        c50.intoArray(c, cOff + 5 * ldc + 0);
        c51.intoArray(c, cOff + 5 * ldc + 8);
    }
    static void k4x24(int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        for (int kk = 0; kk < k; kk++) {
            int ao = aOff + kk * 4; int bo = bOff + kk * 24;
            FloatVector b0 = FloatVector.fromArray(S, b, bo + 0);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + 8);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 16);
            FloatVector x0 = FloatVector.broadcast(S, a[ao + 0]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            FloatVector x1 = FloatVector.broadcast(S, a[ao + 1]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            c12 = x1.fma(b2, c12);
            FloatVector x2 = FloatVector.broadcast(S, a[ao + 2]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            c22 = x2.fma(b2, c22);
            FloatVector x3 = FloatVector.broadcast(S, a[ao + 3]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            c32 = x3.fma(b2, c32);
        }
        c00.intoArray(c, cOff + 0 * ldc + 0);
        c01.intoArray(c, cOff + 0 * ldc + 8);
        c02.intoArray(c, cOff + 0 * ldc + 16);
        c10.intoArray(c, cOff + 1 * ldc + 0);
        c11.intoArray(c, cOff + 1 * ldc + 8);
        c12.intoArray(c, cOff + 1 * ldc + 16);
        c20.intoArray(c, cOff + 2 * ldc + 0);
        c21.intoArray(c, cOff + 2 * ldc + 8);
        c22.intoArray(c, cOff + 2 * ldc + 16);
        c30.intoArray(c, cOff + 3 * ldc + 0);
        c31.intoArray(c, cOff + 3 * ldc + 8);
        c32.intoArray(c, cOff + 3 * ldc + 16);
    }
    static void k3x24(int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        for (int kk = 0; kk < k; kk++) {
            int ao = aOff + kk * 3; int bo = bOff + kk * 24;
            FloatVector b0 = FloatVector.fromArray(S, b, bo + 0);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + 8);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 16);
            FloatVector x0 = FloatVector.broadcast(S, a[ao + 0]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            FloatVector x1 = FloatVector.broadcast(S, a[ao + 1]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            c12 = x1.fma(b2, c12);
            FloatVector x2 = FloatVector.broadcast(S, a[ao + 2]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            c22 = x2.fma(b2, c22);
        }
        c00.intoArray(c, cOff + 0 * ldc + 0);
        c01.intoArray(c, cOff + 0 * ldc + 8);
        c02.intoArray(c, cOff + 0 * ldc + 16);
        c10.intoArray(c, cOff + 1 * ldc + 0);
        c11.intoArray(c, cOff + 1 * ldc + 8);
        c12.intoArray(c, cOff + 1 * ldc + 16);
        c20.intoArray(c, cOff + 2 * ldc + 0);
        c21.intoArray(c, cOff + 2 * ldc + 8);
        c22.intoArray(c, cOff + 2 * ldc + 16);
    }
    static void k3x32(int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S), c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        for (int kk = 0; kk < k; kk++) {
            int ao = aOff + kk * 3; int bo = bOff + kk * 32;
            FloatVector b0 = FloatVector.fromArray(S, b, bo + 0);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + 8);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 16);
            FloatVector b3 = FloatVector.fromArray(S, b, bo + 24);
            FloatVector x0 = FloatVector.broadcast(S, a[ao + 0]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            c03 = x0.fma(b3, c03);
            FloatVector x1 = FloatVector.broadcast(S, a[ao + 1]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            c12 = x1.fma(b2, c12);
            c13 = x1.fma(b3, c13);
            FloatVector x2 = FloatVector.broadcast(S, a[ao + 2]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            c22 = x2.fma(b2, c22);
            c23 = x2.fma(b3, c23);
        }
        c00.intoArray(c, cOff + 0 * ldc + 0);
        c01.intoArray(c, cOff + 0 * ldc + 8);
        c02.intoArray(c, cOff + 0 * ldc + 16);
        c03.intoArray(c, cOff + 0 * ldc + 24);
        c10.intoArray(c, cOff + 1 * ldc + 0);
        c11.intoArray(c, cOff + 1 * ldc + 8);
        c12.intoArray(c, cOff + 1 * ldc + 16);
        c13.intoArray(c, cOff + 1 * ldc + 24);
        c20.intoArray(c, cOff + 2 * ldc + 0);
        c21.intoArray(c, cOff + 2 * ldc + 8);
        c22.intoArray(c, cOff + 2 * ldc + 16);
        c23.intoArray(c, cOff + 2 * ldc + 24);
    }
    static void k2x32(int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        for (int kk = 0; kk < k; kk++) {
            int ao = aOff + kk * 2; int bo = bOff + kk * 32;
            FloatVector b0 = FloatVector.fromArray(S, b, bo + 0);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + 8);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 16);
            FloatVector b3 = FloatVector.fromArray(S, b, bo + 24);
            FloatVector x0 = FloatVector.broadcast(S, a[ao + 0]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            c03 = x0.fma(b3, c03);
            FloatVector x1 = FloatVector.broadcast(S, a[ao + 1]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            c12 = x1.fma(b2, c12);
            c13 = x1.fma(b3, c13);
        }
        c00.intoArray(c, cOff + 0 * ldc + 0);
        c01.intoArray(c, cOff + 0 * ldc + 8);
        c02.intoArray(c, cOff + 0 * ldc + 16);
        c03.intoArray(c, cOff + 0 * ldc + 24);
        c10.intoArray(c, cOff + 1 * ldc + 0);
        c11.intoArray(c, cOff + 1 * ldc + 8);
        c12.intoArray(c, cOff + 1 * ldc + 16);
        c13.intoArray(c, cOff + 1 * ldc + 24);
    }
    public static void main(String[] args) {
        int k = Integer.parseInt(args.length > 0 ? args[0] : "256");
        float[] a = new float[8 * k], b = new float[k * 32], c = new float[8 * 32];
        Random r = new Random(1);
        for (int i = 0; i < a.length; i++) a[i] = r.nextFloat();
        for (int i = 0; i < b.length; i++) b[i] = r.nextFloat();
        Simd simd = Simd.INSTANCE;
        int iters = 100000;
        for (int round = 0; round < 8; round++) {
            StringBuilder sb = new StringBuilder();
            long t0, t1;
            t0 = System.nanoTime();
            for (int it = 0; it < iters; it++) k4x16(k, a, 0, b, 0, c, 0, 32);
            t1 = System.nanoTime();
            sb.append(String.format(" 4x16 %.1f", 2.0 * 4 * 16 * k * iters / (t1 - t0)));
            t0 = System.nanoTime();
            for (int it = 0; it < iters; it++) k5x16(k, a, 0, b, 0, c, 0, 32);
            t1 = System.nanoTime();
            sb.append(String.format(" 5x16 %.1f", 2.0 * 5 * 16 * k * iters / (t1 - t0)));
            t0 = System.nanoTime();
            for (int it = 0; it < iters; it++) k6x16(k, a, 0, b, 0, c, 0, 32);
            t1 = System.nanoTime();
            sb.append(String.format(" 6x16 %.1f", 2.0 * 6 * 16 * k * iters / (t1 - t0)));
            t0 = System.nanoTime();
            for (int it = 0; it < iters; it++) k4x24(k, a, 0, b, 0, c, 0, 32);
            t1 = System.nanoTime();
            sb.append(String.format(" 4x24 %.1f", 2.0 * 4 * 24 * k * iters / (t1 - t0)));
            t0 = System.nanoTime();
            for (int it = 0; it < iters; it++) k3x24(k, a, 0, b, 0, c, 0, 32);
            t1 = System.nanoTime();
            sb.append(String.format(" 3x24 %.1f", 2.0 * 3 * 24 * k * iters / (t1 - t0)));
            t0 = System.nanoTime();
            for (int it = 0; it < iters; it++) k3x32(k, a, 0, b, 0, c, 0, 32);
            t1 = System.nanoTime();
            sb.append(String.format(" 3x32 %.1f", 2.0 * 3 * 32 * k * iters / (t1 - t0)));
            t0 = System.nanoTime();
            for (int it = 0; it < iters; it++) k2x32(k, a, 0, b, 0, c, 0, 32);
            t1 = System.nanoTime();
            sb.append(String.format(" 2x32 %.1f", 2.0 * 2 * 32 * k * iters / (t1 - t0)));
            t0 = System.nanoTime();
            for (int it = 0; it < iters; it++) simd.microKernel(k, a, 0, b, 0, c, 0, 32, false, null);
            t1 = System.nanoTime();
            sb.append(String.format(" runtime %dx%d %.1f", simd.mr(), simd.nr(), 2.0 * simd.mr() * simd.nr() * k * iters / (t1 - t0)));
            System.out.println(sb);
        }
    }
}
