package cgc.codegen;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/**
 * The OpenCL side of a plan: the source of {@code kernels.cl} and, for each GPU node, the launch of its kernel.
 *
 * @param source   the specialised OpenCL C of every kernel; empty when no node runs on the GPU
 * @param launches node name to its kernel calls, in schedule order; a call's index is its kernel's index in the layout
 */
public record GpuKernels(String source, SequencedMap<String, List<Call>> launches) {

    public static final GpuKernels NONE = new GpuKernels("", new LinkedHashMap<>());

    /**
     * One kernel launch: {@code __kernel void NAME(__global float* act, __global const float* wts, const int begin,
     * const int end)} over {@code [begin, end)} of the split dimension, with its global (and optional local) size; for
     * the kernel of a split layer {@code begin} is the compiled cut, and {@code launch} sizes it for any other.
     */
    public record Call(int index, String kernel, int begin, int end, List<Long> global, List<Long> local, Launch launch) {
        public Call {
            global = List.copyOf(global);
            local = local == null ? null : List.copyOf(local);
        }
    }

    public GpuKernels {
        launches = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(launches));
    }

    /** The kernel names in index order. */
    public List<String> names() { return launches.values().stream().flatMap(List::stream).map(Call::kernel).toList(); }
}
