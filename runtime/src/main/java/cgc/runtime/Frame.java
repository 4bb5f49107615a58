package cgc.runtime;

import cgc.runtime.cpu.Parallel;
import java.lang.foreign.MemorySegment;

/**
 * What one run of a plan works on: the session's activation arena, the weights region, the session's thread pool for
 * the CPU kernels, and its OpenCL queue ({@link GpuQueue#NONE} for a plan without GPU layers). Offsets into {@code act}
 * and {@code wts} are constants of the generated code.
 */
public record Frame(MemorySegment act, MemorySegment wts, Parallel pool, GpuQueue gpu) {}
