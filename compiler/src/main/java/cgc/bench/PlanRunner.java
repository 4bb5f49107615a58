package cgc.bench;

import cgc.codegen.CodeGenerator;
import cgc.codegen.GeneratedPlan;
import cgc.codegen.Placement;
import cgc.ir.Model;
import cgc.pack.PlanJar;
import cgc.runtime.Plan;
import cgc.runtime.Session;
import cgc.runtime.device.Device;
import cgc.runtime.io.DType;
import cgc.runtime.io.Tensor;
import cgc.runtime.TensorSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Compiles a model to a plan jar in the benchmark's work folder, opens a session on the device, and feeds it fresh
 * random inputs (uniform in [-1, 1], never zeros): what each measurement of the benchmarks starts from.
 */
final class PlanRunner implements AutoCloseable {
    private final Plan plan;
    private final Session session;
    private final Map<String, Tensor> inputs;
    private Map<String, Tensor> reused;

    private PlanRunner(Plan plan, Session session, Map<String, Tensor> inputs) {
        this.plan = plan;
        this.session = session;
        this.inputs = inputs;
    }

    static PlanRunner open(Model model, Placement placement, LayerBench.Options o) {
        GeneratedPlan generated = CodeGenerator.generate(model, "cgc bench: " + model.name(), placement, o.gpuKernels());
        Path work = o.work();
        Device device = o.device();
        int threads = o.threads();
        long seed = o.seed();
        Path jar = work.resolve(model.name() + "." + placement.label().replaceAll("[^A-Za-z0-9.]", "_") + ".plan.jar");
        try {
            PlanJar.write(jar, generated, new PlanJar.Stamp("bench", placement.label()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Plan plan = Plan.load(jar);
        try {
            Session session = plan.open(device, threads);
            return new PlanRunner(plan, session, randomInputs(plan, seed));
        } catch (RuntimeException e) {
            plan.close();
            throw e;
        }
    }

    static Map<String, Tensor> randomInputs(Plan plan, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (TensorSpec spec : plan.inputs()) {
            if (spec.dtype() != DType.FLOAT32) {
                throw new IllegalArgumentException("input \"" + spec.name() + "\" is " + spec.dtype() + "; the benchmark feeds float32");
            }
            long[] shape = spec.dims();
            float[] v = new float[Math.toIntExact(java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact))];
            for (int i = 0; i < v.length; i++) v[i] = (float) random.nextDouble(-1, 1);
            in.put(spec.name(), Tensor.ofFloats(v, shape));
        }
        return in;
    }

    Plan plan() { return plan; }

    Session session() { return session; }

    Map<String, Tensor> run() { return session.run(inputs); }

    /**
     * One run into output tensors made by the first and written again by each later one: what timing uses. New outputs
     * per run (fresh native memory each) would time their page faults too, which took a one-conv plan from 4.1 to
     * 7.9 ms in most JVMs and made the same layer's CPU and GPU times swing by 2x between measurements.
     */
    void runAgain() {
        if (reused == null) reused = session.run(inputs);
        else session.run(inputs, reused);
    }

    Timing time(Timing.Budget budget) { return Timing.of(this::runAgain, budget); }

    @Override
    public void close() {
        session.close();
        plan.close();
    }
}
