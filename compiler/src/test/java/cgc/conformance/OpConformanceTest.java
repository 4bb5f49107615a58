package cgc.conformance;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import cgc.codegen.CodeGenerator;
import cgc.codegen.GpuKernelStyle;
import cgc.codegen.Placement;
import cgc.codegen.Side;
import cgc.diag.CgcException;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.onnx.ImportOptions;
import cgc.onnx.OnnxImporter;
import cgc.pack.PlanJar;
import cgc.passes.PassManager;
import cgc.passes.Pipeline;
import cgc.runtime.Plan;
import cgc.runtime.Session;
import cgc.runtime.device.Device;
import cgc.runtime.device.Devices;
import cgc.runtime.device.OpenClDevice;
import cgc.runtime.io.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * Every case of the {@link Catalogue} against ONNX Runtime, one dynamic test per case ({@code Op/opsetN/case}):
 * <ol type="a">
 * <li>import + {@code infer-shapes}: each output's type (element type and shape) is the one ONNX Runtime produced;
 * <li>every input an initializer, then {@code fold-constants}: where the node folds, the constant equals ONNX
 *     Runtime's output (relative L2 1e-6 for floats, exact otherwise); which ops fold is printed at the end;
 * <li>the standard pipeline, then a plan compiled with {@code --placement cpu} and, on an OpenCL device,
 *     {@code --placement gpu}, run on the case's inputs: each output equals ONNX Runtime's (relative L2 1e-5).
 * </ol>
 * An op the plan compiler does not lower must fail to compile with a "no CPU kernel" message and be listed in
 * {@link #NOT_LOWERED}; such a case ends as skipped (after checks a and b pass), never as passed. A wrong answer is
 * always a failure, and so is a listed op that now compiles (the list must shrink with the compiler).
 */
class OpConformanceTest {
    /**
     * Known gaps of the plan compiler: ops, or single cases ({@code Op/opsetN/case}), that {@code cgc compile}
     * refuses ("no CPU kernel for ..."). Shape inference and folding are still checked for them.
     */
    static final Set<String> NOT_LOWERED = Set.of();

    /** Ops with a second, {@code --gpu-kernels vector} GPU kernel, checked as well. */
    static final Set<String> VECTOR_KERNELS = Set.of("Conv", "Gemm", "MatMul");

    /** Cases whose plan check is disabled, with the reason (a cgc bug too large to fix here). */
    static final Map<String, String> DISABLED = Map.of();

    private static final double FOLD_TOLERANCE = 1e-6;
    private static final double PLAN_TOLERANCE = 1e-5;
    private static final Device DEVICE = Devices.select("auto");

    /** op -> cases that folded / did not fold, whose plans ran / were not lowered: for the summary. */
    private static final Map<String, Set<String>> FOLDED = new ConcurrentSkipListMap<>();
    private static final Map<String, Set<String>> NOT_FOLDED = new ConcurrentSkipListMap<>();
    private static final Map<String, Set<String>> RAN = new ConcurrentSkipListMap<>();
    private static final Map<String, Set<String>> NOT_RUN = new ConcurrentSkipListMap<>();

    @TempDir static Path dir;

    /**
     * Every case, or, with {@code -Dcgc.conformance.only=Pad,Resize/opset13}, the cases whose id starts with one of
     * the given prefixes (for iterating on a few ops).
     */
    @TestFactory
    Stream<DynamicTest> conformance() {
        List<String> only = List.of(System.getProperty("cgc.conformance.only", "").split(","));
        return Catalogue.cases().stream().filter(c -> only.stream().anyMatch(p -> c.id().startsWith(p)))
                .map(c -> dynamicTest(c.id(), () -> check(c)));
    }

    @Test
    void catalogueCoversEveryOpOfTheTable() {
        Set<String> covered = Catalogue.cases().stream().map(Case::op).collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>();
        for (OpKind k : OpKind.values()) {
            // cgc's own ops (Linear, QuantizeRoundTrip, FusedElementwise), which ONNX Runtime cannot run: checked
            // through the ops they are made of
            boolean own = k.domain().equals("cgc");
            if (!own && k != OpKind.IF && !covered.contains(k.opType())) missing.add(k.opType());
        }
        if (!missing.isEmpty()) throw new AssertionError("no conformance case for " + missing);
        Set<String> ids = new TreeSet<>();
        for (Case c : Catalogue.cases()) if (!ids.add(c.id())) throw new AssertionError("two cases named " + c.id());
    }

    @AfterAll
    static void summary() {
        if (FOLDED.isEmpty() && NOT_FOLDED.isEmpty()) return;
        System.out.println("fold-constants folds: " + FOLDED.keySet());
        System.out.println("fold-constants leaves: " + partly(NOT_FOLDED, FOLDED));
        System.out.println("plans run: " + RAN.keySet());
        System.out.println("plans not lowered: " + partly(NOT_RUN, RAN));
    }

    /** The ops of {@code some}, each with its cases where {@code other} has the op too (so only some cases are). */
    private static String partly(Map<String, Set<String>> some, Map<String, Set<String>> other) {
        return some.entrySet().stream().map(e -> e.getKey() + (other.containsKey(e.getKey()) ? " " + e.getValue() : ""))
                .collect(Collectors.joining(", "));
    }

    private static void check(Case c) throws IOException {
        NodeModel m = c.model();
        Map<String, Data> expected = BatchFirst.applies(m) ? BatchFirst.expected(m)
                : IntegerProducts.applies(m) ? IntegerProducts.expected(m) : Ort.run(m.bytes(false), m.feeds());
        List<String> failures = new ArrayList<>();
        Path folder = Files.createDirectories(dir.resolve(c.id().replace('/', '_')));

        // (a) shapes
        Model imported = importModel(folder.resolve("model.onnx"), m.bytes(false));
        Graph shaped = PassManager.of("infer-shapes").run(imported).graph();
        for (String o : m.outputNames()) {
            Data e = expected.get(o);
            TensorType want = TensorType.of(e.dtype(), e.shape());
            TensorType got = shaped.type(o);
            if (!want.equals(got)) failures.add("infer-shapes: output " + o + " expected " + want + ", got " + got);
        }

        // (b) folding, every input an initializer
        Model constant = importModel(folder.resolve("constant.onnx"), m.bytes(true));
        Graph folded = PassManager.of("infer-shapes,fold-constants").run(constant).graph();
        boolean folds = m.outputNames().stream().allMatch(folded::isConstant);
        (folds ? FOLDED : NOT_FOLDED).computeIfAbsent(c.op(), k -> new TreeSet<>()).add(c.id());
        if (folds) {
            for (String o : m.outputNames()) {
                String why = expected.get(o).mismatch(Data.of(folded.constant(o).orElseThrow()), FOLD_TOLERANCE);
                if (why != null) failures.add("fold-constants: output " + o + ": " + why);
            }
        }

        // (c) plans
        String gap = null;
        if (!DISABLED.containsKey(c.id())) {
            Model compiled = PassManager.of(Pipeline.standardPasses()).run(imported);
            boolean listed = NOT_LOWERED.contains(c.op()) || NOT_LOWERED.contains(c.id());
            for (Side side : sides()) {
                try {
                    Path jar = folder.resolve(side.name().toLowerCase() + ".plan.jar");
                    PlanJar.write(jar, CodeGenerator.generate(compiled, c.id(), side),
                            new PlanJar.Stamp("conformance", side.name().toLowerCase()));
                    if (listed) {
                        failures.add("listed in NOT_LOWERED but compiles with --placement " + side
                                + ": remove it from the list");
                    }
                    failures.addAll(runPlan(jar, m, expected, side));
                    if (side == Side.GPU && VECTOR_KERNELS.contains(c.op())) {   // the CPU-device kernels too
                        Path vjar = folder.resolve("gpu-vector.plan.jar");
                        PlanJar.write(vjar, CodeGenerator.generate(compiled, c.id(), new Placement.OnSide(side),
                                GpuKernelStyle.VECTOR), new PlanJar.Stamp("conformance", "gpu, vector kernels"));
                        runPlan(vjar, m, expected, side).forEach(f -> failures.add("--gpu-kernels vector: " + f));
                    }
                } catch (CgcException e) {
                    if (!listed || !e.getMessage().contains("no CPU kernel")) {
                        failures.add("compile --placement " + side + ": " + e.getMessage());
                    } else {
                        gap = e.getMessage();
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(c + "\n  " + String.join("\n  ", failures) + "\n  ONNX Runtime: " + expected);
        }
        if (!DISABLED.containsKey(c.id())) (gap == null ? RAN : NOT_RUN).computeIfAbsent(c.op(), k -> new TreeSet<>()).add(c.id());
        if (gap != null) throw new TestAbortedException("known gap, not lowered: " + gap);
        if (DISABLED.containsKey(c.id())) throw new TestAbortedException("plan check disabled: " + DISABLED.get(c.id()));
    }

    private static List<Side> sides() {
        return DEVICE instanceof OpenClDevice ? List.of(Side.CPU, Side.GPU) : List.of(Side.CPU);
    }

    private static List<String> runPlan(Path jar, NodeModel m, Map<String, Data> expected, Side side) {
        List<String> failures = new ArrayList<>();
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        m.feeds().forEach((k, v) -> feeds.put(k, v.runtimeTensor()));
        try (Plan p = Plan.load(jar); Session s = p.open(DEVICE, 1)) {
            Map<String, Tensor> out = s.run(feeds);
            for (String o : m.outputNames()) {
                Tensor t = out.get(o);
                if (t == null) {
                    failures.add("plan on " + side + ": no output " + o + " (outputs: " + out.keySet() + ")");
                    continue;
                }
                String why = expected.get(o).mismatch(Data.of(t), PLAN_TOLERANCE);
                if (why != null) failures.add("plan on " + side + ": output " + o + ": " + why);
            }
        }
        return failures;
    }

    private static Model importModel(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        return OnnxImporter.read(file, ImportOptions.DEFAULT);
    }
}
