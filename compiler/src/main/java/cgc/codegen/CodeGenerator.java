package cgc.codegen;

import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.memory.MemoryPlan;
import cgc.memory.MemoryPlanner;
import com.palantir.javapoet.JavaFile;
import java.util.function.Predicate;
import cgc.ir.Node;

/**
 * Code generation for a graph that went through the pipeline (shapes static, activations fused): plans the arena and
 * the weights blob, places the nodes, schedules the syncs, writes the OpenCL kernels and the Java plan class, and
 * compiles the class; the kernels are built on this machine's OpenCL device when it has one ({@link KernelCheck}).
 */
public final class CodeGenerator {
    private CodeGenerator() {}

    /**
     * @param model             the model after the pipeline (the plan class is named after it; its opset decides the
     *                          semantics of ops that changed, such as Softmax before opset 13)
     * @param sourceDescription where the model came from, for the class's javadoc: {@code mlp_small.onnx, sha256 1a2b…}
     * @param placement         {@link Side#CPU}: every layer on the CPU; {@link Side#GPU}: every layer that has a GPU
     *                          kernel on the GPU, the others on the CPU
     */
    public static GeneratedPlan generate(Model model, String sourceDescription, Side placement) {
        return generate(model, sourceDescription, n -> placement == Side.GPU);
    }

    /**
     * As {@link #generate(Model, String, Side)}, with the GPU allowed only for the nodes {@code gpuAllowed}
     * accepts (tests force mixed placements with it, so that every kind of sync runs).
     */
    static GeneratedPlan generate(Model m, String sourceDescription, Predicate<Node> gpuAllowed) {
        return generate(m, sourceDescription, (gpu, memory) -> !m.graph().nodes().stream().anyMatch(gpuAllowed)
                ? Placements.allCpu(m.graph())
                : Placements.preferGpu(m.graph(), n -> gpuAllowed.test(n) && gpu.lower(n, "probe").isPresent(),
                        n -> Schedule.isView(n, memory)));
    }

    /** Code generation for any {@link Placement}. */
    public static GeneratedPlan generate(Model model, String sourceDescription, Placement placement) {
        return switch (placement) {
            case Placement.OnSide(Side side) -> generate(model, sourceDescription, side);
            case Placement.SplitAt(double share) -> generateSplit(model, sourceDescription, share);
            case Placement.Configured(SplitConfig config, java.nio.file.Path file) ->
                    generate(model, sourceDescription, config, file);
        };
    }

    /**
     * {@code --placement split:R}: every heavy layer with a GPU kernel computed by both sides at once, the GPU's share
     * {@code gpuShare} of it (see {@link SplitPlacement}); the other layers as with {@link Side#GPU}.
     */
    public static GeneratedPlan generateSplit(Model model, String sourceDescription, double gpuShare) {
        if (!(gpuShare >= 0 && gpuShare <= 1)) {
            throw new IllegalArgumentException("split ratio must be in [0, 1], got " + gpuShare);
        }
        return generate(model, sourceDescription,
                (gpu, memory) -> SplitPlacement.uniform(model.graph(), memory, gpu, gpuShare));
    }

    /**
     * {@code --split-config FILE.json}: the placement each named node asks for in {@code config} (read from
     * {@code file}, named in errors), the others as with {@link Side#GPU}.
     */
    public static GeneratedPlan generate(Model model, String sourceDescription, SplitConfig config, java.nio.file.Path file) {
        return generate(model, sourceDescription, (gpu, memory) -> config.place(file, model.graph(), memory, gpu));
    }

    private static GeneratedPlan generate(Model m, String sourceDescription,
                                          java.util.function.BiFunction<GpuCalls, MemoryPlan, Placements> place) {
        String model = m.name();
        Graph g = m.graph();
        MemoryPlan memory = MemoryPlanner.plan(g);
        WeightsLayout weights = WeightsLayout.of(g);
        GpuCalls gpu = new GpuCalls(g, m.opset(), memory, weights);
        Placements placements = place.apply(gpu, memory);
        Schedule schedule = Schedule.of(g, memory, placements);
        GpuKernels kernels = gpu.kernels(schedule, new Names());
        String kernelCheck = kernels.source().isEmpty() ? "" : KernelCheck.build(kernels.source());
        JavaFile source = PlanClassWriter.write(new PlanClassWriter.Input(model, m.opset(), sourceDescription, g, memory,
                weights, placements, schedule, kernels));
        return new GeneratedPlan(model, g, memory, weights, placements, schedule, kernels, kernelCheck, source,
                JavaCompilation.compile(source));
    }
}
