package cgc.runtime;

import java.util.List;

/**
 * What a session must set up before it can run a plan: the graph inputs and outputs with their arena slots, the arena
 * and weights sizes, the names of the OpenCL kernels in {@code cgc/kernels.cl} (empty when every layer runs on the
 * CPU) in the order the generated code refers to them by index, and the outputs that kernels write (the session
 * brings those to the CPU before it reads them), and the layers split between the sides, in schedule order (the
 * generated code reads the cut of split {@code i} as {@link Frame#cut(int) f.cut(i)}).
 */
public record PlanLayout(List<TensorSpec> inputs, List<TensorSpec> outputs, long arenaBytes, long weightsBytes,
                         List<String> kernels, List<String> outputsFromGpu, List<SplitSpec> splits) {

    public PlanLayout {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        kernels = List.copyOf(kernels);
        outputsFromGpu = List.copyOf(outputsFromGpu);
        splits = List.copyOf(splits);
    }

    /** A layout without split layers. */
    public PlanLayout(List<TensorSpec> inputs, List<TensorSpec> outputs, long arenaBytes, long weightsBytes,
                      List<String> kernels, List<String> outputsFromGpu) {
        this(inputs, outputs, arenaBytes, weightsBytes, kernels, outputsFromGpu, List.of());
    }

    public boolean usesGpu() { return !kernels.isEmpty(); }
}
