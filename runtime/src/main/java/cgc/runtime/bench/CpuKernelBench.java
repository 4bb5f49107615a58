package cgc.runtime.bench;

import cgc.runtime.cpu.Act;
import cgc.runtime.cpu.BinaryOp;
import cgc.runtime.cpu.Broadcast;
import cgc.runtime.cpu.Elementwise;
import cgc.runtime.cpu.LayerNorm;
import cgc.runtime.cpu.Softmax;
import cgc.runtime.cpu.UnaryOp;
import cgc.runtime.cpu.Conv2d;
import cgc.runtime.cpu.ConvSpec;
import cgc.runtime.cpu.Gemm;
import cgc.runtime.cpu.GemmSpec;
import cgc.runtime.cpu.Parallel;
import cgc.runtime.cpu.Pool;
import cgc.runtime.cpu.PoolSpec;
import cgc.runtime.cpu.WeightPacks;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Random;

/**
 * Times the GEMM and convolution kernels at the shapes of the example models, single-threaded and on all threads,
 * in GFLOP/s (2 flops per multiply-add). Not a test: timings are printed, never asserted.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp runtime/target/classes cgc.runtime.bench.CpuKernelBench [threads [name filter]]</pre>
 */
public final class CpuKernelBench {
    private CpuKernelBench() {}

    private static final double MIN_SECONDS = 0.4;

    public static void main(String[] args) {
        int all = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        filter = args.length > 1 ? args[1] : "";
        System.out.println("cgc CPU kernels: " + simdName() + ", " + all + " threads available");
        try (Parallel one = Parallel.create(1); Parallel many = Parallel.create(all); Arena arena = Arena.ofShared()) {
            loopOverhead(many);
            System.out.printf("%-52s %10s %10s %10s%n", "kernel (GFLOP/s)", "1 thread", all + " threads",
                    "us (all)");
            // m, n, k, transB (PyTorch's Linear exports as Gemm with transB = 1)
            // B is a constant packed once, as in a plan (the matrix-vector products read its panels too)
            int[][] gemms = {{128, 768, 256, 0}, {128, 768, 256, 1}, {128, 1024, 256, 1}, {128, 256, 1024, 1},
                {128, 256, 256, 0}, {512, 512, 512, 0}, {1, 1000, 1280, 1}, {1, 512, 784, 1}, {1, 4096, 4096, 0},
                {1, 256, 1024, 0}};
            for (int[] g : gemms) {
                GemmSpec s = new GemmSpec(g[0], g[1], g[2], false, g[3] == 1, 1f, 1f, 0, 0, Act.NONE);
                MemorySegment a = random(arena, (long) g[0] * g[2]);
                MemorySegment b = random(arena, (long) g[2] * g[1]);
                MemorySegment y = arena.allocate(4L * g[0] * g[1], 64);
                WeightPacks packs = WeightPacks.forPlan();
                report("Gemm " + g[0] + "x" + g[2] + " . " + g[2] + "x" + g[1] + (s.transB() ? " (transB)" : ""),
                        s.macs(), one, many,
                        p -> Gemm.run(s, a, 0, b, 0, null, 0, y, 0, 0, s.m(), 0, s.n(), packs, p));
            }
            ConvSpec[] convs = {
                conv(32, 112, 16, 1, 1, 1), conv(16, 112, 96, 1, 1, 1), conv(96, 56, 24, 1, 1, 1), conv(144, 56, 24, 1, 1, 1), conv(24, 56, 144, 1, 1, 1),
                conv(960, 7, 160, 1, 1, 1), conv(320, 7, 1280, 1, 1, 1),
                // MobileNetV2's 1x1 convs on 14x14 and 7x7 planes: 196 and 49 columns, not whole vector tiles
                conv(384, 14, 64, 1, 1, 1), conv(64, 14, 384, 1, 1, 1), conv(576, 14, 96, 1, 1, 1),
                conv(96, 14, 576, 1, 1, 1), conv(576, 7, 160, 1, 1, 1), conv(160, 7, 960, 1, 1, 1),
                conv(960, 7, 320, 1, 1, 1),
                conv(144, 56, 144, 3, 1, 144), conv(96, 112, 96, 3, 2, 96), conv(960, 7, 960, 3, 1, 960),
                conv(192, 28, 192, 3, 1, 192), conv(576, 14, 576, 3, 1, 576),
                conv(144, 56, 144, 3, 2, 144), conv(192, 28, 192, 3, 2, 192), conv(576, 14, 576, 3, 2, 576),
                conv(3, 224, 32, 3, 2, 1), conv(64, 56, 64, 3, 1, 1),
                // SqueezeNet 1.1: stem, a fire module's squeeze and expands at 55x55, a late 3x3 expand
                conv(3, 224, 64, 3, 2, 1), conv(64, 55, 16, 1, 1, 1), conv(16, 55, 64, 1, 1, 1),
                conv(16, 55, 64, 3, 1, 1), conv(64, 13, 256, 3, 1, 1)};
            for (ConvSpec s : convs) {
                MemorySegment x = random(arena, (long) s.n() * s.c() * s.h() * s.w());
                MemorySegment w = random(arena, (long) s.oc() * s.cg() * s.kh() * s.kw() + s.oc());
                MemorySegment act = arena.allocate(4L * (x.byteSize() / 4 + (long) s.oc() * s.oh() * s.ow()), 64);
                MemorySegment.copy(x, 0, act, 0, x.byteSize());
                long yOff = x.byteSize() / 4;
                long bOff = (long) s.oc() * s.cg() * s.kh() * s.kw();
                String name = "Conv " + s.c() + "x" + s.h() + "x" + s.w() + " -> " + s.oc() + " k" + s.kh() + " s"
                        + s.strideH() + (s.depthwise() ? " dw" : "");
                report(name, s.macs(), one, many,
                        p -> Conv2d.run(s, act, 0, w, 0, bOff, yOff, 0, s.oc(), 0, s.oh(), p));
            }
            // the encoder's light layers; "GFLOP/s" counts one flop per element here
            MemorySegment ex = random(arena, 4 * 128 * 1024);
            MemorySegment ey = arena.allocate(4L * 4 * 128 * 1024, 64);
            report("Gelu 128x1024", 128 * 1024 / 2, one, many,
                    p -> Elementwise.activation(Act.GELU, 128 * 1024, ex, 0, ey, 0, p));
            report("Erf 128x1024", 128 * 1024 / 2, one, many,
                    p -> Elementwise.unary(UnaryOp.ERF, 128 * 1024, ex, 0, ey, 0, p));
            Broadcast rowBias = Broadcast.of(new int[] {128, 1024}, new int[] {1024});
            report("Add 128x1024 + 1024", 128 * 1024 / 2, one, many,
                    p -> Elementwise.binary(BinaryOp.ADD, rowBias, ex, 0, ex, 0, ey, 0, p));
            report("Softmax 4x128x128 (last axis)", 4 * 128 * 128 / 2, one, many,
                    p -> Softmax.run(new int[] {4, 128, 128}, -1, ex, 0, ey, 0, p));
            report("LayerNorm 128x256", 128 * 256 / 2, one, many,
                    p -> LayerNorm.run(new int[] {128, 256}, -1, 1e-5f, ex, 0, ex, 0, ex, 256, ey, 0, p));
            // SqueezeNet's first MaxPool; "GFLOP/s" counts one flop per window tap here
            PoolSpec mp = new PoolSpec(1, 64, 111, 111, 3, 3, 2, 2, 0, 0, 0, 0, 1, 1, true, false);
            MemorySegment px = random(arena, 64L * 111 * 111);
            MemorySegment py = arena.allocate(4L * 64 * mp.oh() * mp.ow(), 64);
            report("MaxPool 64x111x111 k3 s2 ceil", 64L * mp.oh() * mp.ow() * 9 / 2, one, many,
                    p -> Pool.max(mp, px, 0, py, 0, p));
        }
    }

    /** The cost of an empty {@link Parallel#parallelFor} over every thread, back to back as layers are. */
    private static void loopOverhead(Parallel pool) {
        int[] sink = new int[pool.threads() * 16];
        Parallel.Body body = (b, e) -> sink[b * 16]++;
        for (int i = 0; i < 200_000; i++) {
            pool.parallelFor(pool.threads(), body);
        }
        int rounds = 200_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            pool.parallelFor(pool.threads(), body);
        }
        System.out.printf("empty parallelFor over %d threads: %.2f us%n", pool.threads(),
                (System.nanoTime() - t0) / 1e3 / rounds);
    }

    private static ConvSpec conv(int c, int hw, int oc, int k, int stride, int groups) {
        int pad = k / 2;
        return new ConvSpec(1, c, hw, hw, oc, k, k, stride, stride, pad, pad, pad, pad, 1, 1, groups, Act.RELU6);
    }

    private interface Kernel {
        void run(Parallel pool);
    }

    private static String filter = "";

    private static void report(String name, long macs, Parallel one, Parallel many, Kernel k) {
        if (!name.contains(filter)) {
            return;
        }
        seconds(k, many);                   // warms up the JIT (the Vector API is slow until C2 has compiled it)
        double t1 = seconds(k, one);
        double tn = seconds(k, many);
        System.out.printf("%-52s %10.1f %10.1f %10.1f%n", name, 2 * macs / t1 / 1e9, 2 * macs / tn / 1e9, tn * 1e6);
    }

    /** The median time of one run, after warming up, over runs filling at least {@link #MIN_SECONDS}. */
    private static double seconds(Kernel k, Parallel pool) {
        long warm = System.nanoTime();
        for (int i = 0; i < 20 || System.nanoTime() - warm < 1_000_000_000L; i++) {
            k.run(pool);
        }
        double[] t = new double[1000];
        int n = 0;
        long start = System.nanoTime();
        while (n < t.length && (n < 5 || System.nanoTime() - start < MIN_SECONDS * 1e9)) {
            long t0 = System.nanoTime();
            k.run(pool);
            t[n++] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t, 0, n);
        return t[n / 2];
    }

    private static MemorySegment random(Arena arena, long n) {
        MemorySegment s = arena.allocate(4 * n, 64);
        Random r = new Random(n);
        for (long i = 0; i < n; i++) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, r.nextFloat() - 0.5f);
        }
        return s;
    }

    private static String simdName() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && !"false".equalsIgnoreCase(System.getProperty("cgc.vector")) ? "Vector API" : "scalar";
    }
}
