/**
 * Which device a plan runs on. {@link cgc.runtime.device.Devices} lists the OpenCL devices (never failing: without
 * OpenCL the list is empty) and selects one by a {@code --device} spec; the result is a sealed
 * {@link cgc.runtime.device.Device}: an {@link cgc.runtime.device.OpenClDevice} with its
 * {@link cgc.runtime.device.SvmMode} and {@link cgc.runtime.device.SyncMechanism}, or a
 * {@link cgc.runtime.device.CpuOnlyDevice} that says why. These are descriptions; {@code cgc.runtime.cl.Gpu} opens one.
 *
 * <table>
 * <caption>Defaults chosen from {@code CL_DEVICE_SVM_CAPABILITIES}</caption>
 * <tr><th>capabilities</th><th>SvmMode</th><th>SyncMechanism</th></tr>
 * <tr><td>fine-grained buffer + atomics (PoCL)</td><td>FINE</td><td>svm-flag</td></tr>
 * <tr><td>coarse-grained buffer (NVIDIA)</td><td>COARSE</td><td>map</td></tr>
 * <tr><td>none (OpenCL 1.2)</td><td>BUFFERS</td><td>copy</td></tr>
 * </table>
 * {@code CGC_SVM} and {@code CGC_SYNC} override them (tests force every path this way).
 */
package cgc.runtime.device;
