package cgc.codegen;

import cgc.ir.Attrs;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.Weights;
import cgc.memory.MemoryPlan;
import cgc.memory.MemoryPlanner;
import com.palantir.javapoet.JavaFile;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.Predicate;

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
        return generate(m, sourceDescription, (g, gpu, memory) -> !g.nodes().stream().anyMatch(gpuAllowed)
                ? Placements.allCpu(g)
                : Placements.preferGpu(g, n -> gpuAllowed.test(n) && gpu.lower(n, "probe").isPresent(),
                        n -> Schedule.isView(n, memory)));
    }

    /** Code generation for any {@link Placement}, with the tiled GPU kernels. */
    public static GeneratedPlan generate(Model model, String sourceDescription, Placement placement) {
        return generate(model, sourceDescription, placement, GpuKernelStyle.TILED);
    }

    /** Code generation for any {@link Placement}, the heavy layers' GPU kernels in {@code style}. */
    public static GeneratedPlan generate(Model model, String sourceDescription, Placement placement, GpuKernelStyle style) {
        Placer placer = switch (placement) {
            case Placement.OnSide(Side side) -> (g, gpu, memory) -> side == Side.CPU ? Placements.allCpu(g)
                    : Placements.preferGpu(g, n -> gpu.lower(n, "probe").isPresent(), n -> Schedule.isView(n, memory));
            case Placement.SplitAt(double share, String dim) ->
                    (g, gpu, memory) -> SplitPlacement.uniform(g, memory, gpu, share, dim);
            case Placement.Configured(SplitConfig config, java.nio.file.Path file) ->
                    (g, gpu, memory) -> config.place(file, g, memory, gpu);
            case Placement.Predicted(cgc.partition.Profile profile, java.nio.file.Path file) ->
                    (g, gpu, memory) -> PredictedPlacement.config(g, gpu, memory, profile).place(file, g, memory, gpu);
        };
        return generate(model, sourceDescription, placer, style);
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
                (g, gpu, memory) -> SplitPlacement.uniform(g, memory, gpu, gpuShare, null));
    }

    /**
     * {@code --split-config FILE.json}: the placement each named node asks for in {@code config} (read from
     * {@code file}, named in errors), the others as with {@link Side#GPU}.
     */
    public static GeneratedPlan generate(Model model, String sourceDescription, SplitConfig config, java.nio.file.Path file) {
        return generate(model, sourceDescription, (g, gpu, memory) -> config.place(file, g, memory, gpu));
    }

    /** Places the nodes of the graph that code is generated for (which may add nodes to the model's graph). */
    @FunctionalInterface
    private interface Placer {
        Placements place(Graph g, GpuCalls gpu, MemoryPlan memory);
    }

    private static GeneratedPlan generate(Model m, String sourceDescription, Placer place) {
        return generate(m, sourceDescription, place, GpuKernelStyle.TILED);
    }

    private static GeneratedPlan generate(Model m, String sourceDescription, Placer place, GpuKernelStyle style) {
        String model = m.name();
        Graph g = constantOutputsCopied(m.graph());
        MemoryPlan memory = MemoryPlanner.plan(g);
        WeightsLayout weights = WeightsLayout.of(g);
        GpuCalls gpu = new GpuCalls(g, m.opset(), memory, weights, style);
        Placements placements = Chain.aligned(g, memory, place.place(g, gpu, memory));
        // placing reads the memory plan's views, never its offsets: a plan that keeps chains' values alive replaces it
        Map<String, Integer> chains = Chain.liveUntilRunEnds(g, memory, placements.splits());
        if (!chains.isEmpty()) memory = MemoryPlanner.plan(g, chains);
        SequencedMap<String, Weights> panels = panels(g, gpu, placements);   // after the graph's, so theirs stay put
        weights = weights.with(panels);
        if (!chains.isEmpty() || !panels.isEmpty()) gpu = new GpuCalls(g, m.opset(), memory, weights, style);
        Schedule schedule = Schedule.of(g, memory, placements);
        GpuKernels kernels = gpu.kernels(schedule, new Names());
        String kernelCheck = kernels.source().isEmpty() ? "" : KernelCheck.build(kernels.source());
        JavaFile source = PlanClassWriter.write(new PlanClassWriter.Input(model, m.opset(), sourceDescription, g, memory,
                weights, placements, schedule, kernels));
        return new GeneratedPlan(model, g, memory, weights, placements, schedule, kernels, kernelCheck, source,
                JavaCompilation.compile(source), style);
    }

    /**
     * The packed right operands ({@link BPanels}) that the GPU side's kernels read, in node order; none with
     * {@code -Dcgc.gpu.panels=false} (for measuring what they save: the kernels then read B in place).
     */
    private static SequencedMap<String, Weights> panels(Graph g, GpuCalls gpu, Placements placements) {
        SequencedMap<String, Weights> out = new LinkedHashMap<>();
        if (!Boolean.parseBoolean(System.getProperty("cgc.gpu.panels", "true"))) return out;
        for (Node n : g.nodes()) {
            if (placements.sides().get(n.name()) != Side.GPU && placements.split(n).isEmpty()) continue;
            gpu.panels(n).ifPresent(p -> out.computeIfAbsent(p.name(), x -> p.pack(g.constants().get(p.value()))));
        }
        return out;
    }

    /**
     * A graph output that folding made a constant (a Shape of a static input, a whole graph of constants) lives in
     * the weights, not in the arena where the session reads outputs: it becomes {@code Identity(constant)}, which the
     * plan runs as a copy into the output's slot.
     */
    static Graph constantOutputsCopied(Graph g) {
        if (g.outputs().stream().noneMatch(g::isConstant)) return g;
        Graph.Builder b = g.toBuilder();
        for (String y : new LinkedHashSet<>(g.outputs())) {
            if (!g.isConstant(y)) continue;
            String c = y + "/constant";
            Weights w = b.constants().remove(y);
            b.constants().put(c, w);
            b.type(y, w.type());
            b.node(new Node(y + "/copy", OpKind.IDENTITY, List.of(c), List.of(y), Attrs.EMPTY));
        }
        return b.build();
    }
}
