// Session 22 throwaway harness (bench/NOTES.md): a depthwise 3x3 conv then a 1x1 conv, layer by layer on a 2-thread
// pool against each thread taking a band of rows through both. Run from the repository root after a build:
//   javac -d /tmp/h -cp runtime/target/classes Chain.java
//   java --add-modules=jdk.incubator.vector -cp runtime/target/classes:/tmp/h Chain C HW OC BANDS [nested]
import cgc.runtime.cpu.*;
import java.lang.foreign.*;
import java.util.*;

public class Chain {
    static MemorySegment random(Arena a, long n) {
        MemorySegment s = a.allocate(4 * n, 64); Random r = new Random(n);
        for (long i = 0; i < n; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT, i, r.nextFloat() - 0.5f);
        return s;
    }
    public static void main(String[] args) {
        int c = Integer.parseInt(args[0]), hw = Integer.parseInt(args[1]), oc = Integer.parseInt(args[2]);
        ConvSpec dw = new ConvSpec(1, c, hw, hw, c, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, c, Act.RELU6);
        ConvSpec pj = new ConvSpec(1, c, hw, hw, oc, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, Act.NONE);
        try (Arena arena = Arena.ofShared(); Parallel two = Parallel.create(2); Parallel one = Parallel.create(1)) {
            long plane = (long) hw * hw;
            MemorySegment act = random(arena, c * plane * 2 + oc * plane);
            long x = 0, d = c * plane, y = 2 * c * plane;
            MemorySegment w = random(arena, c * 9 + c + (long) oc * c + oc);
            long dwW = 0, dwB = c * 9, pjW = c * 10, pjB = c * 10 + (long) oc * c;
            WeightPacks packs = WeightPacks.forPlan();
            Runnable a = () -> {
                Conv2d.run(dw, act, x, w, dwW, dwB, d, 0, c, 0, hw, packs, two);
                Conv2d.run(pj, act, d, w, pjW, pjB, y, 0, oc, 0, hw, packs, two);
            };
            int bands = Integer.parseInt(args[3]);
            Runnable b = () -> two.parallelFor(bands, 1, (t0, t1) -> {
                for (int t = t0; t < t1; t++) {
                    int r0 = hw * t / bands, r1 = hw * (t + 1) / bands;
                    Conv2d.run(dw, act, x, w, dwW, dwB, d, 0, c, r0, r1, packs, args.length > 4 ? two : one);
                    Conv2d.run(pj, act, d, w, pjW, pjB, y, 0, oc, r0, r1, packs, args.length > 4 ? two : one);
                }
            });
            for (int round = 0; round < 6; round++) {
                for (Runnable r : new Runnable[] {a, b}) {
                    long end = System.nanoTime() + 1_000_000_000L;
                    while (System.nanoTime() < end) r.run();
                    double[] t = new double[2000];
                    for (int i = 0; i < t.length; i++) { long t0 = System.nanoTime(); r.run(); t[i] = (System.nanoTime() - t0) / 1e3; }
                    Arrays.sort(t);
                    System.out.printf("%s %s median %.1f us%n", round, r == a ? "layer by layer" : "halves chained", t[t.length / 2]);
                }
            }
        }
    }
}
