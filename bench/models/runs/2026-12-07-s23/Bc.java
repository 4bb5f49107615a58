import jdk.incubator.vector.*;
import java.util.*;
public class Bc {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    static final int L = 16;
    // 8x32 tile, A scalars broadcast
    static float scalar(int k, float[] a, float[] b, float[] c) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int kk = 0; kk < k; kk++) {
            int ao = kk * 8, bo = kk * 32;
            FloatVector b0 = FloatVector.fromArray(S, b, bo), b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector x = FloatVector.broadcast(S, a[ao]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ao + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ao + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ao + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ao + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ao + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ao + 6]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ao + 7]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
        }
        return c00.add(c01).add(c10).add(c11).add(c20).add(c21).add(c30).add(c31).add(c40).add(c41).add(c50).add(c51).add(c60).add(c61).add(c70).add(c71).reduceLanes(VectorOperators.ADD);
    }
    // same, A pre-broadcast (16 copies each)
    static float wide(int k, float[] a, float[] b, float[] c) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int kk = 0; kk < k; kk++) {
            int ao = kk * 8 * L, bo = kk * 32;
            FloatVector b0 = FloatVector.fromArray(S, b, bo), b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector x = FloatVector.fromArray(S, a, ao); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.fromArray(S, a, ao + L); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.fromArray(S, a, ao + 2 * L); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.fromArray(S, a, ao + 3 * L); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.fromArray(S, a, ao + 4 * L); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.fromArray(S, a, ao + 5 * L); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.fromArray(S, a, ao + 6 * L); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.fromArray(S, a, ao + 7 * L); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
        }
        return c00.add(c01).add(c10).add(c11).add(c20).add(c21).add(c30).add(c31).add(c40).add(c41).add(c50).add(c51).add(c60).add(c61).add(c70).add(c71).reduceLanes(VectorOperators.ADD);
    }
    // 12 x 32 (24 acc), scalar broadcasts
    static float s12(int k, float[] a, float[] b, float[] c) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00, c80 = c00, c81 = c00, c90 = c00, c91 = c00, ca0 = c00, ca1 = c00, cb0 = c00, cb1 = c00;
        for (int kk = 0; kk < k; kk++) {
            int ao = kk * 12, bo = kk * 32;
            FloatVector b0 = FloatVector.fromArray(S, b, bo), b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector x = FloatVector.broadcast(S, a[ao]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ao + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ao + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ao + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ao + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ao + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ao + 6]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ao + 7]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
            x = FloatVector.broadcast(S, a[ao + 8]); c80 = x.fma(b0, c80); c81 = x.fma(b1, c81);
            x = FloatVector.broadcast(S, a[ao + 9]); c90 = x.fma(b0, c90); c91 = x.fma(b1, c91);
            x = FloatVector.broadcast(S, a[ao + 10]); ca0 = x.fma(b0, ca0); ca1 = x.fma(b1, ca1);
            x = FloatVector.broadcast(S, a[ao + 11]); cb0 = x.fma(b0, cb0); cb1 = x.fma(b1, cb1);
        }
        return c00.add(c01).add(c10).add(c11).add(c20).add(c21).add(c30).add(c31).add(c40).add(c41).add(c50).add(c51).add(c60).add(c61).add(c70).add(c71).add(c80).add(c81).add(c90).add(c91).add(ca0).add(ca1).add(cb0).add(cb1).reduceLanes(VectorOperators.ADD);
    }
    public static void main(String[] args) {
        int k = 256;
        float[] a = new float[k * 12 * L], b = new float[k * 32], c = new float[1024];
        Random r = new Random(1); for (int i = 0; i < a.length; i++) a[i] = r.nextFloat(); for (int i = 0; i < b.length; i++) b[i] = r.nextFloat();
        float sink = 0;
        for (int round = 0; round < 5; round++) {
            for (int v = 0; v < 3; v++) {
                int reps = 200000;
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) sink += v == 0 ? scalar(k, a, b, c) : v == 1 ? wide(k, a, b, c) : s12(k, a, b, c);
                double s = (System.nanoTime() - t0) / 1e9;
                double flops = 2.0 * k * (v == 2 ? 12 : 8) * 32 * reps;
                System.out.printf("%d %s %.1f GFLOP/s%n", round, v == 0 ? "8x32 broadcast" : v == 1 ? "8x32 prebcast " : "12x32 bcast   ", flops / s / 1e9);
            }
        }
        System.out.println(sink);
    }
}
