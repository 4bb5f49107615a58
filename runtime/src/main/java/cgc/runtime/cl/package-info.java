/**
 * The GPU side over OpenCL (JOCL): one {@link cgc.runtime.cl.Gpu} per plan load, holding a context and one in-order
 * queue; the activation arena and the weights as {@link cgc.runtime.cl.Region}s; programs built once per load and
 * cached as binaries ({@link cgc.runtime.cl.ProgramCache}); launches that return a {@link cgc.runtime.cl.Sync}.
 *
 * <h2>Memory: one API whatever the SVM mode</h2>
 * Both sides address a region by the same byte offsets. The CPU works on {@code region.cpuView()} (native byte order,
 * float32 element {@code i} at byte {@code 4 * i}) and brackets every range it touches:
 * <pre>{@code
 * act.beginCpuAccess(off, len, Access.READ);        // before reading what the GPU wrote
 * act.beginCpuAccess(off, len, Access.WRITE);       // before overwriting a whole range (old bytes are not fetched)
 * ... CPU kernels read/write act.cpuView() in [off, off + len) ...
 * act.endCpuAccess(off, len, sameAccess);           // before a kernel reads the range, or the GPU writes it again
 * }</pre>
 * <table>
 * <caption>What begin and end do in each {@link cgc.runtime.device.SvmMode}</caption>
 * <tr><th>mode</th><th>begin</th><th>end</th></tr>
 * <tr><td>FINE</td><td>nothing (zero copy)</td><td>nothing</td></tr>
 * <tr><td>COARSE</td><td>blocking {@code clEnqueueSVMMap} of exactly the range</td><td>{@code clEnqueueSVMUnmap}</td></tr>
 * <tr><td>BUFFERS</td><td>READ*: blocking read of the range; WRITE: nothing</td><td>*WRITE: blocking write of the range; READ: nothing</td></tr>
 * </table>
 * A blocking begin drains the in-order queue, so under COARSE and BUFFERS it is itself the sync (the {@code map} and
 * {@code copy} mechanisms); a {@link cgc.runtime.cl.Sync#await()} after it returns at once. Generated code therefore
 * writes, for data crossing from GPU to CPU: {@code s.await(); act.beginCpuAccess(off, len, READ);} — under FINE the
 * await is the wait (svm-flag poll or event), under COARSE/BUFFERS the await costs one map/read of a private word and
 * the begin one more; calling begin first saves that: {@code act.beginCpuAccess(off, len, READ); s.await();}.
 * The weights region is read-only for both sides; under COARSE and BUFFERS its CPU view is a host copy.
 *
 * <h2>Kernels</h2>
 * Every generated kernel has the signature
 * {@code __kernel void NAME(__global float* act, __global const float* wts, const int begin, const int end)};
 * {@link cgc.runtime.cl.Program#kernel} binds {@code act} and {@code wts} ({@code clSetKernelArgSVMPointer} under SVM,
 * the {@code cl_mem} under BUFFERS) and {@link cgc.runtime.cl.Gpu#enqueue} sets {@code [begin, end)}, enqueues without
 * blocking and flushes.
 *
 * <h2>Sync</h2>
 * Launches are numbered from 1. {@code svm-flag}: a one-work-item kernel behind each launch stores its number into a
 * fine-grained SVM word, which {@code await} polls with {@code VarHandle.getAcquire} (a plain read could be hoisted
 * out of the loop by the JIT), falling back to {@code clFinish} after about a million spins; the kernel is built as
 * OpenCL C 2.0 ({@code atomic_store_explicit}, release, all-SVM-devices scope) where the device reports OpenCL C 2.0+,
 * else as OpenCL C 1.2 ({@code mem_fence} + {@code atomic_xchg} on a volatile pointer, which Debian's PoCL 3.1 needs).
 * {@code event}: {@code clWaitForEvents}. {@code map} / {@code copy}: a blocking map or read of a private word. No
 * kernel ever waits for the CPU.
 *
 * <p>JOCL 2.0.5 passes to {@code clEnqueueSVMMap}/{@code Unmap}/{@code Memcpy} only the exact pointers that
 * {@code clSVMAlloc} returned, so mapping a sub-range goes through the FFM API ({@code SvmCalls}) with raw addresses.
 * Nothing here is thread-safe: the thread that runs the plan enqueues, waits and brackets; CPU kernel threads only
 * touch {@code cpuView()} in between.
 */
package cgc.runtime.cl;
