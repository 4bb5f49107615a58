/**
 * The CPU side's kernels: Java, the Vector API where present, all cores through {@link cgc.runtime.cpu.Parallel}.
 *
 * <h2>Calling convention (for generated plans)</h2>
 * Tensors are float32 in native byte order inside {@link java.lang.foreign.MemorySegment}s (the activation arena,
 * possibly an OpenCL SVM buffer, and the weights region); every tensor is an <em>element</em> offset into one of
 * them, NCHW / row-major and contiguous. The kernels of other element types ({@link cgc.runtime.cpu.Cast},
 * {@link cgc.runtime.cpu.Logic}, {@link cgc.runtime.cpu.ArgMax}, {@link cgc.runtime.cpu.Where},
 * {@link cgc.runtime.cpu.Movement}) take the type or its width and count offsets in elements of it. Segments must be usable from the pool's threads (global or shared arenas).
 * Each layer's geometry is a record or small final class ({@link cgc.runtime.cpu.ConvSpec},
 * {@link cgc.runtime.cpu.GemmSpec}, {@link cgc.runtime.cpu.MatMulSpec}, {@link cgc.runtime.cpu.PoolSpec}, ...)
 * that a plan keeps in a {@code static final} field, so HotSpot treats its sizes as constants.
 *
 * <h2>Split kernels</h2>
 * {@link cgc.runtime.cpu.Conv2d}, {@link cgc.runtime.cpu.ConvTranspose} (output channels x output rows),
 * {@link cgc.runtime.cpu.Gemm} and {@link cgc.runtime.cpu.MatMul} (rows m x columns n, in every batch) compute
 * exactly the requested box of their output, in place, and write nothing else; an empty range is legal. A box
 * computed alone is bit-identical to the same box of a whole run, whatever the thread count.
 *
 * <h2>Vector and scalar paths</h2>
 * Only {@code VectorSimd} touches {@code jdk.incubator.vector}; it is loaded by name when the module is in the boot
 * layer (it is not under {@code java -jar}) and {@code -Dcgc.vector=false} is not set. Otherwise {@code ScalarSimd}
 * runs the same API. The runtime's tests run twice, once per path.
 */
package cgc.runtime.cpu;
