package cgc.runtime;

import cgc.runtime.cpu.Parallel;
import cgc.runtime.cpu.WeightPacks;
import java.lang.foreign.MemorySegment;

/**
 * What one run of a plan works on: the session's activation arena, the weights region, the session's thread pool for
 * the CPU kernels, the plan's weights packed for them, its OpenCL queue ({@link GpuQueue#NONE} for a plan without GPU layers), the cuts of its split
 * layers in force (the compiled ones unless {@link Session#cut} moved them), which parts of them run, and the
 * {@link Profile} of a profiled run (null otherwise). Offsets into {@code act} and {@code wts}
 * are constants of the generated code.
 */
public record Frame(MemorySegment act, MemorySegment wts, Parallel pool, WeightPacks packs, GpuQueue gpu, int[] cuts,
                    boolean[] parts, Profile[] profile) {
    /** Marks the end of step {@code step} of the schedule (see {@link PlanProgram#steps}) for a profiled run. */
    public void step(int step) {
        Profile p = profile[0];
        if (p != null) p.tick(step);
    }

    /** The cut of the plan's split layer {@code split} (its index in {@link PlanLayout#splits()}). */
    public int cut(int split) { return cuts[split]; }

    /** Whether split layers compute their CPU part (always, but while a benchmark times the GPU's part alone). */
    public boolean cpuPart() { return parts[0]; }

    /** Whether split layers compute their GPU part (always, but while a benchmark times the CPU's part alone). */
    public boolean gpuPart() { return parts[1]; }
}
