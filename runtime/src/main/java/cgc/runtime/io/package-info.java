/**
 * Tensors and their files: {@link cgc.runtime.io.Tensor} (a dtype, a shape and C-order data in a native-order
 * {@link java.lang.foreign.MemorySegment}) and {@link cgc.runtime.io.Npy}, which reads and writes NumPy {@code .npy}
 * files. A plan's named inputs and outputs are {@code Map<String, Tensor>}s.
 */
package cgc.runtime.io;
