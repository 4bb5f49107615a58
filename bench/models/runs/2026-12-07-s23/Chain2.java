import cgc.runtime.cpu.*;
import java.lang.foreign.*;
import java.util.*;
// MobileNetV2's 14x14 and 7x7 stages (features.8 to the last 1x1, residual adds left out on both sides) as a chain of
// layers through ping-pong buffers: the plan's NCHW kernels against NCHW16c ones (Pw2 tiles, DwC.block), alternated in
// one JVM with both paths compiled.
public class Chain2 {
    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;
    record L(boolean dw, int c, int hw, int oc, int stride) {}
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        List<L> layers = new ArrayList<>();
        for (int i = 0; i < 3; i++) { layers.add(new L(false, 64, 14, 384, 1)); layers.add(new L(true, 384, 14, 384, 1)); layers.add(new L(false, 384, 14, 64, 1)); }
        layers.add(new L(false, 64, 14, 384, 1)); layers.add(new L(true, 384, 14, 384, 1)); layers.add(new L(false, 384, 14, 96, 1));
        for (int i = 0; i < 2; i++) { layers.add(new L(false, 96, 14, 576, 1)); layers.add(new L(true, 576, 14, 576, 1)); layers.add(new L(false, 576, 14, 96, 1)); }
        layers.add(new L(false, 96, 14, 576, 1)); layers.add(new L(true, 576, 14, 576, 2)); layers.add(new L(false, 576, 7, 160, 1));
        for (int i = 0; i < 2; i++) { layers.add(new L(false, 160, 7, 960, 1)); layers.add(new L(true, 960, 7, 960, 1)); layers.add(new L(false, 960, 7, 160, 1)); }
        layers.add(new L(false, 160, 7, 960, 1)); layers.add(new L(true, 960, 7, 960, 1)); layers.add(new L(false, 960, 7, 320, 1));
        layers.add(new L(false, 320, 7, 1280, 1));
        int kcb = 8;
        try (Arena arena = Arena.ofShared(); Parallel pool = Parallel.create(threads)) {
            long big = 1L << 20;                                       // floats per buffer
            MemorySegment act = arena.allocate(4L * 4 * big, 64);     // NCHW a, b; blocked a, b
            MemorySegment wts = arena.allocate(4L << 23, 64);
            Random r = new Random(5);
            for (long i = 0; i < 64 * 196; i++) act.setAtIndex(F, i, r.nextFloat());
            for (long i = 0; i < (1L << 23); i++) wts.setAtIndex(F, i, (r.nextFloat() - 0.5f) * 0.15f);
            // the first input in blocks too
            for (int ch = 0; ch < 64; ch++) for (int p = 0; p < 196; p++) act.setAtIndex(F, 2 * big + (ch / 16) * 196 * 16 + p * 16 + ch % 16, act.getAtIndex(F, (long) ch * 196 + p));
            WeightPacks packs = WeightPacks.forPlan();
            List<Runnable> nchw = new ArrayList<>(), blk = new ArrayList<>();
            long wAt = 0;
            int i = 0;
            for (L l : layers) {
                long in = (i % 2) * big, out = ((i + 1) % 2) * big, inB = 2 * big + in, outB = 2 * big + out;
                i++;
                int plane = l.hw * l.hw;
                if (l.dw) {
                    ConvSpec s = new ConvSpec(1, l.c, l.hw, l.hw, l.c, 3, 3, l.stride, l.stride, 1, 1, 1, 1, 1, 1, l.c, Act.RELU6);
                    long wOff = wAt, bOff = wAt + 9L * l.c;
                    wAt += 10L * l.c;
                    nchw.add(() -> Conv2d.run(s, act, in, wts, wOff, bOff, out, 0, l.c, 0, s.oh(), packs, pool));
                    int cb = l.c / 16, oh = s.oh(), ow = s.ow();
                    float[] wt = new float[cb * 144], bias = new float[cb * 16];
                    for (int ch = 0; ch < l.c; ch++) { for (int t = 0; t < 9; t++) wt[(ch / 16) * 144 + t * 16 + ch % 16] = wts.getAtIndex(F, wOff + 9L * ch + t); bias[ch] = wts.getAtIndex(F, bOff + ch); }
                    int rowsPer = Math.max(1, oh / Math.max(1, (2 * threads + cb - 1) / cb));
                    int rowChunks = (oh + rowsPer - 1) / rowsPer;
                    blk.add(() -> pool.parallelFor(cb * rowChunks, 1, (t0, t1) -> {
                        for (int t = t0; t < t1; t++) {
                            int b = t / rowChunks, q = t % rowChunks;
                            DwC.block(act, 4 * (inB + (long) b * plane * 16), l.hw, l.hw, l.stride, act, 4 * (outB + (long) b * oh * ow * 16), oh, ow, wt, b * 144, bias, b * 16, q * rowsPer, Math.min(oh, (q + 1) * rowsPer));
                        }
                    }));
                } else {
                    ConvSpec s = new ConvSpec(1, l.c, l.hw, l.hw, l.oc, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, Act.RELU6);
                    long wOff = wAt, bOff = wAt + (long) l.oc * l.c;
                    wAt += (long) l.oc * l.c + l.oc;
                    nchw.add(() -> Conv2d.run(s, act, in, wts, wOff, bOff, out, 0, l.oc, 0, l.hw, packs, pool));
                    int cb = l.c / 16, ob = l.oc / 16;
                    List<int[]> groups = new ArrayList<>();
                    int rest = ob, g0 = 0;
                    while (rest > 0) { int t = rest % 4 == 0 ? 4 : rest % 3 == 0 ? 3 : Math.min(4, rest); groups.add(new int[] {g0, t}); g0 += t; rest -= t; }
                    float[] w = new float[cb * 16 * ob * 16], bias = new float[ob * 16];
                    for (int[] g : groups) for (int ic = 0; ic < l.c; ic++) for (int j = 0; j < g[1] * 16; j++)
                        w[g[0] * cb * 256 + ic * g[1] * 16 + j] = wts.getAtIndex(F, wOff + (long) (g[0] * 16 + j) * l.c + ic);
                    for (int o = 0; o < l.oc; o++) bias[o] = wts.getAtIndex(F, bOff + o);
                    int chunks = Math.max(1, Math.min((plane + 5) / 6, (2 * threads + groups.size() - 1) / groups.size()));
                    int chunk = (plane + chunks - 1) / chunks, chunksF = (plane + chunk - 1) / chunk;
                    long stride = 64L * plane;
                    blk.add(() -> pool.parallelFor(groups.size() * chunksF, 1, (t0, t1) -> {
                        for (int t = t0; t < t1; t++) {
                            int[] g = groups.get(t / chunksF);
                            int p0 = t % chunksF * chunk, p1 = Math.min(plane, p0 + chunk);
                            for (int k0 = 0; k0 < cb; k0 += kcb) {
                                int k1 = Math.min(cb, k0 + kcb);
                                long xb = 4 * inB + p0 * 64L, yb = 4 * outB + (long) g[0] * stride + p0 * 64L;
                                int wo = g[0] * cb * 256;
                                switch (g[1]) {
                                    case 4 -> Pw2.tiles4(p1 - p0, act, xb, stride, k0, k1, w, wo, bias, g[0] * 16, act, yb, stride, k0 == 0, k1 == cb);
                                    case 3 -> Pw2.tiles3(p1 - p0, act, xb, stride, k0, k1, w, wo, bias, g[0] * 16, act, yb, stride, k0 == 0, k1 == cb);
                                    case 2 -> Pw2.tiles2(p1 - p0, act, xb, stride, k0, k1, w, wo, bias, g[0] * 16, act, yb, stride, k0 == 0, k1 == cb);
                                    default -> Pw2.tiles1(p1 - p0, act, xb, stride, k0, k1, w, wo, bias, g[0] * 16, act, yb, stride, k0 == 0, k1 == cb);
                                }
                            }
                        }
                    }));
                }
            }
            Runnable a = () -> nchw.forEach(Runnable::run), b = () -> blk.forEach(Runnable::run);
            a.run(); b.run();
            L last = layers.get(layers.size() - 1);
            long outN = (layers.size() % 2) * big, outBk = 2 * big + outN;
            double err = 0, ref = 0;
            for (int o = 0; o < last.oc; o++) for (int p = 0; p < 49; p++) {
                float x = act.getAtIndex(F, outN + o * 49L + p), y = act.getAtIndex(F, outBk + (o / 16) * 49L * 16 + p * 16 + o % 16);
                err += (x - y) * (x - y); ref += x * x;
            }
            System.out.printf("%d layers; rel err of the chain's output %.1e (norm %.1f)%n", layers.size(), Math.sqrt(err / ref), Math.sqrt(ref));
            for (int round = 0; round < 6; round++) {
                double[] med = new double[2];
                int v = 0;
                for (Runnable run : new Runnable[] {a, b}) {
                    long end = System.nanoTime() + 1_000_000_000L;
                    while (System.nanoTime() < end) run.run();
                    double[] t = new double[400];
                    for (int k = 0; k < t.length; k++) { long s0 = System.nanoTime(); run.run(); t[k] = (System.nanoTime() - s0) / 1e3; }
                    Arrays.sort(t); med[v++] = t[t.length / 2];
                }
                System.out.printf("round %d, %d threads: NCHW %.0f us, NCHW16c %.0f us, %.2fx%n", round, threads, med[0], med[1], med[0] / med[1]);
            }
        }
    }
}
