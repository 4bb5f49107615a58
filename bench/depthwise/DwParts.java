package cgc.runtime.cpu;

import java.lang.foreign.*;
import java.util.Random;

/** Throwaway: times a depthwise layer's fill, compute and store separately, one thread. */
public class DwParts {
    public static void main(String[] a) {
        int c = Integer.parseInt(a[0]), hw = Integer.parseInt(a[1]), stride = Integer.parseInt(a[2]);
        ConvSpec s = new ConvSpec(1, c, hw, hw, c, 3, 3, stride, stride, 1, 1, 1, 1, 1, 1, c, Act.RELU6);
        Arena arena = Arena.ofShared();
        long inF = (long) c * hw * hw, outF = (long) c * s.oh() * s.ow();
        MemorySegment act = arena.allocate(4 * (inF + outF), 64);
        Random r = new Random(1);
        for (long i = 0; i < inF; i++) act.setAtIndex(ValueLayout.JAVA_FLOAT, i, r.nextFloat() - 0.5f);
        int rows = s.oh();
        String force = a.length > 3 ? a[3] : "";
        DepthwiseInput layout = force.equals("phases") ? new DepthwiseInput.Phases(s, Simd.INSTANCE.lanes())
                : force.equals("parity") ? new DepthwiseInput.ParityPlanes(s, Simd.INSTANCE.lanes(), rows)
                : DepthwiseInput.Flat.fits(s) ? new DepthwiseInput.Flat(s, Simd.INSTANCE.lanes())
                : DepthwiseInput.ColumnPhasesFlat.fits(s) ? new DepthwiseInput.ColumnPhasesFlat(s, Simd.INSTANCE.lanes(), rows)
                : new DepthwiseInput.Phases(s, Simd.INSTANCE.lanes());
        float[] out = new float[layout.outFloats(rows, s.ow())];
        float[] buf = new float[layout.bufferFloats(rows)];
        float[] w = new float[9 + 16];
        for (int i = 0; i < 9; i++) w[i] = r.nextFloat();
        float[] row = new float[hw];
        for (int round = 0; round < 8; round++) {
            long tf = 0, tc = 0, ts = 0;
            for (int it = 0; it < 50; it++) {
                for (int ch = 0; ch < c; ch++) {
                    long t0 = System.nanoTime();
                    layout.fill(act, (long) ch * hw * hw, 0, rows, buf, row);
                    long t1 = System.nanoTime();
                    layout.compute(rows, buf, w, out);
                    long t2 = System.nanoTime();
                    long at = (long) ch * s.oh() * s.ow();
                    Simd.INSTANCE.storeRow(rows * s.ow(), out, 0, 1f, 0.1f, null, 0, 1f, s.act(), act, (inF + at) << 2);
                    long t3 = System.nanoTime();
                    tf += t1 - t0; tc += t2 - t1; ts += t3 - t2;
                }
            }
            if (round >= 5) System.out.printf("%d@%d s%d %s fill %.1f compute %.1f store %.1f us/layer%n", c, hw, stride, layout.getClass().getSimpleName(), tf / 50e3, tc / 50e3, ts / 50e3);
        }
    }
}
