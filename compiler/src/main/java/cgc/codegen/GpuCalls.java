package cgc.codegen;

import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.memory.MemoryPlan;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * The OpenCL side of code generation: which nodes have a GPU kernel, and the specialised kernels and launches of the
 * nodes a schedule runs on the GPU, from the templates of {@code kernels-templates}.
 */
final class GpuCalls {
    private GpuCalls() {}

    /** Whether a GPU kernel exists for {@code n}. */
    static boolean has(Node n) {
        return false;
    }

    static GpuKernels kernels(Graph g, MemoryPlan memory, WeightsLayout weights, Schedule schedule) {
        SequencedMap<String, GpuKernels.Call> launches = new LinkedHashMap<>();
        for (Schedule.Step s : schedule.steps()) {
            if (s instanceof Schedule.Run(Node n, Side side) && side == Side.GPU) {
                throw new IllegalStateException("node \"" + n.name() + "\" placed on the GPU without a kernel");
            }
        }
        return launches.isEmpty() ? GpuKernels.NONE : new GpuKernels("", launches);
    }
}
