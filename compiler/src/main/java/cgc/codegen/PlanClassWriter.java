package cgc.codegen;

import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.TensorType;
import cgc.memory.MemoryPlan;
import cgc.memory.Slot;
import cgc.runtime.Frame;
import cgc.runtime.Grid;
import cgc.runtime.SplitSpec;
import cgc.runtime.PlanFormat;
import cgc.runtime.PlanLayout;
import cgc.runtime.PlanProgram;
import cgc.runtime.TensorSpec;
import cgc.runtime.io.DType;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes the Java plan class of a model with JavaPoet: a {@link PlanProgram} whose {@code run} is the schedule as
 * straight-line code, one call per layer (in graph order) and a sync call wherever data crosses sides, and one method per
 * layer that opens with a comment naming its ONNX node, its types and its side. Offsets, shapes and geometry are
 * constants.
 */
public final class PlanClassWriter {
    private PlanClassWriter() {}

    /** What the writer needs: the graph after the pipeline, and what the planners decided. */
    public record Input(String model, long opset, String sourceDescription, Graph graph, MemoryPlan memory,
                        WeightsLayout weights, Placements placements, Schedule schedule, GpuKernels kernels) {}

    public static JavaFile write(Input in) {
        Names names = new Names();
        String className = Names.planClass(in.model());
        List<FieldSpec> fields = new ArrayList<>();
        List<MethodSpec> layers = new ArrayList<>();
        CodeBlock.Builder run = CodeBlock.builder();
        List<Split> splits = new ArrayList<>();
        List<String> splitNodes = new ArrayList<>();
        List<String> steps = new ArrayList<>();                   // what each f.step(i) in run ends, for profiles

        Set<Schedule.Step> awaited = awaitedLaunches(in.schedule());
        Set<Schedule.Step> flushed = lastOfLaunchRuns(in.schedule());
        boolean cpuRan = true;          // CPU code since the last launch (at first, the inputs' copy): fence the next
        for (Schedule.Step step : in.schedule().steps()) {
            switch (step) {
                case Schedule.View(Node n) -> run.add("// $L: shares the bytes of $S, no code\n", title(n, in.graph()),
                        n.input(0));
                case Schedule.Run(Node n, Side side) -> {
                    String method = names.method(n, n.name());
                    Layer layer = new Layer(n, in.graph(), in.opset(), in.memory(), in.weights(), names, fields);
                    CodeBlock body = side == Side.GPU
                            ? launch(n, in.kernels(), layer, awaited.contains(step), flushed.contains(step), cpuRan)
                            : CpuCalls.call(n, layer);
                    cpuRan = side != Side.GPU;
                    layers.add(MethodSpec.methodBuilder(method)
                            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                            .addParameter(Frame.class, "f")
                            .addComment("$L, $L", title(n, in.graph()), side.label())
                            .addComment("$L", where(n, layer))
                            .addCode(body)
                            .build());
                    run.addStatement("$N(f)", method);
                    step(run, steps, n.name() + " (" + n.op().opType() + ", " + side.label() + ")");
                }
                case Schedule.RunSplit r -> {
                    Node n = r.node();
                    Split split = r.split();
                    String method = names.method(n, n.name());
                    Layer layer = new Layer(n, in.graph(), in.opset(), in.memory(), in.weights(), names, fields);
                    layers.add(MethodSpec.methodBuilder(method)
                            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                            .addParameter(Frame.class, "f")
                            .addComment("$L, $L", title(n, in.graph()), split.describe())
                            .addComment("$L", where(n, layer))
                            .addCode(splitBody(r, splits.size(), r.chain().map(c -> c.from().stream()
                                            .map(p -> splitNodes.indexOf(p.name())).toList()).orElse(List.of()),
                                    in.kernels(), layer, awaited.contains(step), cpuRan))
                            .build());
                    cpuRan = true;
                    splits.add(split);
                    splitNodes.add(n.name());
                    run.addStatement("$N(f)", method);
                    step(run, steps, n.name() + " (" + n.op().opType() + ", split by " + split.dim() + ")");
                }
                case Schedule.Await() -> {
                    run.addStatement("f.gpu().await()");
                    step(run, steps, "await the GPU");
                }
                case Schedule.Acquire(String value, Slot s, boolean write) -> {
                    run.add(crossing(value, write))
                            .addStatement("f.gpu().acquire($LL, $LL, $L)", s.offset(), s.bytes(), write);
                    step(run, steps, "acquire \"" + value + "\" for the CPU to " + (write ? "write" : "read"));
                }
                case Schedule.Release(String value, Slot s, boolean write) -> {
                    run.addStatement("f.gpu().release($LL, $LL, $L)", s.offset(), s.bytes(), write);
                    step(run, steps, "release \"" + value + "\"");
                }
            }
        }

        TypeSpec type = TypeSpec.classBuilder(className)
                .addJavadoc("The plan of model {@code $L} ($L). Generated by cgc; do not edit.\n", in.model(),
                        in.sourceDescription())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(PlanProgram.class)
                .addField(FieldSpec.builder(PlanLayout.class, "LAYOUT", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer(layout(in, splitNodes, splits)).build())
                .addFields(fields)
                .addMethod(MethodSpec.methodBuilder("layout").addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC).returns(PlanLayout.class).addStatement("return LAYOUT").build())
                .addField(FieldSpec.builder(ParameterizedTypeName.get(List.class, String.class), "STEPS",
                                Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer(stepList(steps)).build())
                .addMethod(MethodSpec.methodBuilder("run").addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC).addParameter(Frame.class, "f").addCode(run.build()).build())
                .addMethod(MethodSpec.methodBuilder("steps").addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC).returns(ParameterizedTypeName.get(List.class, String.class))
                        .addStatement("return STEPS").build())
                .addMethods(layers)
                .build();
        return JavaFile.builder(PlanFormat.PLAN_PACKAGE, type).skipJavaLangImports(true).indent("    ").build();
    }

    /** Ends a step of run: marks it for profiles ({@code f.step(i)}) under {@code name}. */
    private static void step(CodeBlock.Builder run, List<String> steps, String name) {
        run.addStatement("f.step($L)", steps.size());
        steps.add(name);
    }

    private static CodeBlock stepList(List<String> steps) {
        CodeBlock.Builder b = CodeBlock.builder().add("$T.of($>$>", List.class);
        for (int i = 0; i < steps.size(); i++) {
            b.add(i == 0 ? "\n$S" : ",\n$S", steps.get(i));
        }
        return b.add("$<$<)").build();
    }

    private static CodeBlock crossing(String value, boolean write) {
        return CodeBlock.of(write ? "// sync: $S is written on the CPU, read on the GPU\n"
                : "// sync: $S was written on the GPU, is read on the CPU\n",
                value);
    }

    /** Before the first launch after CPU code: a launch enqueued ahead waits here for the CPU. */
    private static final CodeBlock FENCE = CodeBlock.of("f.gpu().fence();   // CPU code ran since the last launch\n");

    /** The binary name of the class {@link #write} generates for {@code model}. */
    public static String className(String model) { return PlanFormat.PLAN_PACKAGE + "." + Names.planClass(model); }

    /**
     * The steps whose (last) launch the CPU awaits next, with no launch in between: they signal their completion
     * ({@link cgc.runtime.GpuQueue#launchAwaited}), the others do not (under svm-flag a signal is one more enqueue).
     */
    private static Set<Schedule.Step> awaitedLaunches(Schedule schedule) {
        Set<Schedule.Step> awaited = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        boolean awaitNext = false;
        for (Schedule.Step step : schedule.steps().reversed()) {
            switch (step) {
                case Schedule.Await() -> awaitNext = true;
                case Schedule.Run(Node n, Side side) when side == Side.GPU -> {
                    if (awaitNext) awaited.add(step);
                    awaitNext = false;
                }
                case Schedule.RunSplit r -> {
                    if (awaitNext) awaited.add(step);
                    // its CPU part, when it runs, waits for the launches before; chained, it waits for none, and the
                    // unchained fallback's wait publishes late (a publish is one more enqueue ahead of its GPU part)
                    awaitNext = r.awaitFirst() && r.chain().isEmpty();
                }
                default -> { }
            }
        }
        return awaited;
    }

    /**
     * The GPU steps whose launches end a run of launches (the next step that runs code is not a GPU layer): they
     * flush the queue, once for the run, so that the device works while the CPU goes on.
     */
    private static Set<Schedule.Step> lastOfLaunchRuns(Schedule schedule) {
        Set<Schedule.Step> last = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        boolean launchNext = false;
        for (Schedule.Step step : schedule.steps().reversed()) {
            switch (step) {
                case Schedule.View v -> { }
                case Schedule.Run(Node n, Side side) when side == Side.GPU -> {
                    if (!launchNext) last.add(step);
                    launchNext = true;
                }
                default -> launchNext = false;
            }
        }
        return last;
    }

    /**
     * A GPU layer's launches; {@code fence}: CPU code ran since the last launch, so they must not start before this
     * point ({@link cgc.runtime.GpuQueue#fence}).
     */
    private static CodeBlock launch(Node n, GpuKernels kernels, Layer layer, boolean awaited, boolean flush, boolean fence) {
        List<GpuKernels.Call> calls = kernels.launches().get(n.name());
        if (calls == null) throw new IllegalStateException("node \"" + n.name() + "\" is placed on the GPU but has no kernel");
        CodeBlock.Builder b = CodeBlock.builder();
        if (fence) b.add(FENCE);
        for (GpuKernels.Call c : calls) {
            String suffix = calls.size() == 1 ? "" : String.valueOf(calls.indexOf(c));
            String global = layer.constant("global" + suffix, com.palantir.javapoet.ArrayTypeName.of(long.class), longs(c.global()));
            String local = c.local() == null ? "null"
                    : layer.constant("local" + suffix, com.palantir.javapoet.ArrayTypeName.of(long.class), longs(c.local()));
            boolean last = c == calls.getLast();
            b.addStatement("f.gpu().$L($L, $L, $L, $L, $L)", awaited && last ? "launchAwaited" : "launch", c.index(),
                            c.begin(), c.end(), global, local)
                    .add("// ^ kernel $L of kernels.cl\n", c.kernel());
            if (last && flush && !awaited) b.addStatement("f.gpu().flush()");   // awaited launches flush themselves
        }
        return b.build();
    }

    /**
     * A split layer's body: its cut read from the frame; what the CPU's part needs before it runs (the wait for
     * kernels in flight, the brackets of its inputs from the GPU and of its part of the output) done before the
     * launch (under coarse SVM a map queued behind the kernel would wait for it); the GPU's part launched first, sized
     * for the cut; then the CPU's part and its releases. An empty part costs nothing, so cuts 0 and {@code total} cost
     * what one side alone costs. In a {@link Chain} from the splits {@code from} (their indices; none: no chain),
     * while its cut equals theirs and the memory is coherent, the CPU's part reads its input rows as their CPU parts
     * left them: no wait for the GPU, no brackets of its inputs.
     */
    private static CodeBlock splitBody(Schedule.RunSplit r, int index, List<Integer> from, GpuKernels kernels,
                                       Layer layer, boolean awaited, boolean fence) {
        Node n = r.node();
        Split split = r.split();
        Slot out = r.output();
        long unitBytes = r.cpuPartUnitBytes();
        long planes = r.planes();
        List<GpuKernels.Call> calls = kernels.launches().get(n.name());
        if (calls == null || calls.size() != 1) {
            throw new IllegalStateException("split node \"" + n.name() + "\" needs exactly one kernel, has " + calls);
        }
        GpuKernels.Call c = calls.getFirst();
        String grid = layer.constant("grid", ClassName.get(Grid.class), grid(c.launch().grid()));
        String local = c.local() == null ? "null"
                : layer.constant("local", com.palantir.javapoet.ArrayTypeName.of(long.class), longs(c.local()));
        CodeBlock.Builder b = CodeBlock.builder()
                .addStatement("int cut = f.cut($L)", index)
                .addStatement("boolean cpu = cut > 0 && f.cpuPart(), gpu = cut < $L && f.gpuPart()", split.total());
        Chain chain = r.chain().orElse(null);
        CodeBlock unchained = CodeBlock.builder()
                .add(r.awaitFirst() ? CodeBlock.of("f.gpu().await();\n") : CodeBlock.of(""))
                .add(inputs(r.inputs(), "acquire"))
                .build();
        if (chain == null) {
            b.beginControlFlow("if (cpu)").add(unchained);
        } else {
            b.add("// chained to $L: their CPU parts wrote this part's input rows\n", chain.from().stream()
                            .map(p -> "split " + from.get(chain.from().indexOf(p)) + " (\"" + p.name() + "\")")
                            .collect(Collectors.joining(", ")))
                    .addStatement("boolean chained = $L && f.gpu().coherent()", from.stream()
                            .map(i -> "cut == f.cut(" + i + ")").collect(Collectors.joining(" && ")))
                    .beginControlFlow("if (cpu && !chained)").add(unchained).endControlFlow()
                    .beginControlFlow("if (cpu)");
        }
        return b
                .add(bracket("acquire", out.offset(), unitBytes, planes, split.total()))
                .endControlFlow()
                .add(fence ? FENCE : CodeBlock.of(""))
                .beginControlFlow("if (gpu)")
                .add("// the GPU's part first: the launch returns at once\n")
                .addStatement("f.gpu().$L($L, cut, $L, $N.global(cut, $L), $L)", awaited ? "launchAwaited" : "launch",
                        c.index(), split.total(), grid, split.total(), local)
                .add("// ^ kernel $L of kernels.cl\n", c.kernel())
                .add(awaited ? CodeBlock.of("") : CodeBlock.of("f.gpu().flush();   // it runs while the CPU part does\n"))
                .endControlFlow()
                .beginControlFlow("if (cpu)")
                .add(CpuCalls.part(n, layer, split, "cut"))
                .add(bracket("release", out.offset(), unitBytes, planes, split.total()))
                .add(chain == null ? inputs(r.inputs(), "release") : CodeBlock.builder()
                        .beginControlFlow("if (!chained)").add(inputs(r.inputs(), "release")).endControlFlow().build())
                .endControlFlow()
                .build();
    }

    /** The brackets of a split layer's inputs that a kernel wrote, for its CPU part to read them. */
    private static CodeBlock inputs(List<Schedule.Acquire> inputs, String call) {
        CodeBlock.Builder b = CodeBlock.builder();
        for (Schedule.Acquire a : inputs) {
            if (call.equals("acquire")) b.add(crossing(a.value(), false));
            b.addStatement("f.gpu().$L($LL, $LL, false)", call, a.slot().offset(), a.slot().bytes());
        }
        return b.build();
    }

    /**
     * The sync bracket of the CPU's part: {@code unitBytes * cut} from the output's start, or, for a Conv split by
     * rows, that much from the start of each of its {@code planes} (the CPU's rows of every channel; under coarse SVM
     * or buffers each is mapped or copied on its own, and none overlaps the GPU's rows).
     */
    private static CodeBlock bracket(String call, long offset, long unitBytes, long planes, int total) {
        if (planes == 1) return CodeBlock.of("f.gpu().$L($LL, $LL * cut, true);\n", call, offset, unitBytes);
        return CodeBlock.builder()
                .beginControlFlow("for (long p = 0; p < $LL; p++)", planes)
                .addStatement("f.gpu().$L($LL + p * $LL, $LL * cut, true)", call, offset, unitBytes * total, unitBytes)
                .endControlFlow()
                .build();
    }

    private static CodeBlock grid(Grid g) {
        return switch (g) {
            case Grid.Flat(long items) -> CodeBlock.of("new $T($LL)", Grid.Flat.class, items);
            case Grid.Tiled t -> CodeBlock.of("new $T($LL, $LL, $LL, $L, $LL, $L, $L, $L, $L)", Grid.Tiled.class, t.m(),
                    t.n(), t.batches(), t.splitM(), t.splitUnit(), t.tm(), t.tn(), t.wm(), t.wn());
            case Grid.Blocked b -> CodeBlock.of("new $T($LL, $LL, $LL, $L, $LL, $L, $L)", Grid.Blocked.class, b.m(),
                    b.n(), b.batches(), b.splitM(), b.splitUnit(), b.mb(), b.nb());
        };
    }

    private static CodeBlock longs(List<Long> values) {
        return CodeBlock.of("{$L}", values.stream().map(v -> v + "L").collect(Collectors.joining(", ")));
    }

    private static CodeBlock layout(Input in, List<String> splitNodes, List<Split> splits) {
        Graph g = in.graph();
        return CodeBlock.builder()
                .add("new $T(\n", PlanLayout.class).indent().indent()
                .add("$L,\n", specs(g.inputs().stream().filter(v -> !g.isConstant(v)).toList(), in))
                .add("$L,\n", specs(g.outputs(), in))
                .add("$LL, $LL,\n", in.memory().arenaBytes(), in.weights().payloadBytes())
                .add("$T.of($L),\n", List.class,
                        in.kernels().names().stream().map(k -> CodeBlock.of("$S", k)).collect(CodeBlock.joining(", ")))
                .add("$T.of($L)", List.class, in.schedule().outputsFromGpu().stream().map(o -> CodeBlock.of("$S", o))
                        .collect(CodeBlock.joining(", ")))
                .add(splits.isEmpty() ? CodeBlock.of(")") : CodeBlock.of(",\n$T.of(\n$>$L))$<", List.class,
                        java.util.stream.IntStream.range(0, splits.size()).mapToObj(i -> CodeBlock.of("new $T($S, $S, $L, $L, $L)",
                                SplitSpec.class, splitNodes.get(i), splits.get(i).dim(), splits.get(i).total(),
                                splits.get(i).tile(), splits.get(i).cut())).collect(CodeBlock.joining(",\n"))))
                .unindent().unindent()
                .build();
    }

    private static CodeBlock specs(List<String> values, Input in) {
        return CodeBlock.of("$T.of($L)", List.class, values.stream().map(v -> {
            TensorType t = in.graph().type(v);
            String dims = java.util.Arrays.stream(t.shape()).mapToObj(d -> d + "L").collect(Collectors.joining(", "));
            return CodeBlock.of("new $T($S, $T.$L, $T.of($L), $LL)", TensorSpec.class, v, DType.class, runtimeType(t),
                    List.class, dims, in.memory().slot(v).offset());
        }).collect(CodeBlock.joining(", ")));
    }

    private static String runtimeType(TensorType t) {
        return RuntimeTypes.of(t.dtype()).orElseThrow(() -> new cgc.diag.CgcException(cgc.diag.Where.NOWHERE,
                "graph inputs and outputs of type " + t.dtype().text() + " are not supported"));
    }

    /** Where the node's values live, in elements: {@code "x" act+0, "w" wts+128 -> "y" act+4096}. */
    static String where(Node n, Layer l) {
        java.util.function.Function<String, String> at = v -> "\"" + v + "\" " + (l.isConstant(v) ? "wts+" : "act+")
                + l.elementOffset(v);
        return n.inputs().stream().filter(v -> !v.isEmpty()).map(at).collect(Collectors.joining(", ")) + " -> "
                + n.outputs().stream().filter(v -> !v.isEmpty()).map(at).collect(Collectors.joining(", "));
    }

    /** {@code node "Conv_17" Conv f32[1,3,224,224], f32[32,3,3,3] -> f32[1,32,112,112]} */
    static String title(Node n, Graph g) {
        String ins = n.inputs().stream().filter(i -> !i.isEmpty()).map(i -> g.type(i).toString())
                .collect(Collectors.joining(", "));
        String outs = n.outputs().stream().filter(o -> !o.isEmpty()).map(o -> g.type(o).toString())
                .collect(Collectors.joining(", "));
        return "node \"" + n.name() + "\" " + n.op().opType() + " " + ins + " -> " + outs;
    }
}
