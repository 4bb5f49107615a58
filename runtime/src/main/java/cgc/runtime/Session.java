package cgc.runtime;

import cgc.runtime.cpu.Parallel;
import cgc.runtime.io.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A plan made ready to run on one device: one activation arena, a thread pool for the CPU kernels and, for a plan with
 * GPU layers, an OpenCL queue. {@link #run} is {@code synchronized}: calls on one session are serialised, since they
 * share the arena; open one session per thread to run in parallel.
 */
public final class Session implements AutoCloseable {
    private final Plan plan;
    private final PlanProgram program;
    private final PlanLayout layout;
    private final Arena arena;          // owns the arena of a CPU session; null when the GPU queue owns it
    private final Parallel pool;
    private final GpuQueue gpu;
    private final Frame frame;
    private boolean closed;

    private Session(Plan plan, PlanProgram program, Arena arena, MemorySegment act, MemorySegment wts, GpuQueue gpu,
                    int threads) {
        this.plan = plan;
        this.program = program;
        this.layout = program.layout();
        this.arena = arena;
        this.gpu = gpu;
        this.pool = Parallel.create(threads);
        this.frame = new Frame(act, wts, pool, plan.packs(), gpu, layout.splits().stream().mapToInt(SplitSpec::cut).toArray(),
                new boolean[] {true, true}, new Profile[1]);
    }

    static Session onCpu(Plan plan, PlanProgram program, MemorySegment weights, int threads) {
        Arena arena = Arena.ofShared();
        MemorySegment act = arena.allocate(Math.max(1, program.layout().arenaBytes()), WeightsBlob.ALIGNMENT);
        return new Session(plan, program, arena, act, weights, GpuQueue.NONE, threads);
    }

    static Session onGpu(Plan plan, PlanProgram program, MemorySegment weights, OpenClQueue gpu, int threads) {
        return new Session(plan, program, null, gpu.arena(), weights, gpu, threads);
    }

    /**
     * Runs the plan once. {@code inputs} must hold exactly the plan's inputs, by name, each with its type and shape;
     * the outputs come back by name, in the plan's order, as new tensors.
     *
     * @throws PlanException for an unknown or missing input, or one of the wrong type or shape
     */
    public synchronized Map<String, Tensor> run(Map<String, Tensor> inputs) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (TensorSpec o : layout.outputs()) out.put(o.name(), Tensor.allocate(o.dtype(), o.dims()));
        run(inputs, out);
        return Collections.unmodifiableMap(out);
    }

    /**
     * Runs the plan once, writing its outputs into {@code outputs}, tensors the caller owns and may pass again: one
     * for each of the plan's outputs, by name, of its type and shape. What a loop of inferences (or a benchmark) wants:
     * new output tensors each run are fresh native memory, whose page faults cost more than some layers (a 1.6 MB
     * output took a one-conv plan from 4.1 to 7.9 ms in most JVMs).
     *
     * @throws PlanException for an unknown or missing input or output, or one of the wrong type or shape
     */
    public synchronized void run(Map<String, Tensor> inputs, Map<String, Tensor> outputs) {
        run(inputs, outputs, null);
    }

    /** A new, empty profile of this plan's steps, for {@link #run(Map, Map, Profile)}. */
    public Profile newProfile() {
        return new Profile(program.steps());
    }

    /**
     * {@link #run(Map, Map)}, adding the time of each step of the schedule to {@code profile} (null: none). Marking
     * the steps costs a clock read each; the layers run as they otherwise would.
     */
    public synchronized void run(Map<String, Tensor> inputs, Map<String, Tensor> outputs, Profile profile) {
        if (closed) throw new IllegalStateException("session of " + plan.model() + " is closed");
        check("input", "takes", layout.inputs(), inputs);
        check("output", "gives", layout.outputs(), outputs);
        MemorySegment act = frame.act();
        for (TensorSpec in : layout.inputs()) {
            gpu.acquire(in.offset(), in.byteSize(), true);
            MemorySegment.copy(inputs.get(in.name()).data(), 0, act, in.offset(), in.byteSize());
            gpu.release(in.offset(), in.byteSize(), true);
        }
        if (profile != null) {
            frame.profile()[0] = profile;
            profile.begin();
        }
        boolean normally = false;
        gpu.beginRun();
        try {
            program.run(frame);
            normally = true;
        } finally {
            frame.profile()[0] = null;
            gpu.endRun(normally);
        }
        if (profile != null) profile.end();
        for (TensorSpec o : layout.outputs()) {
            boolean fromGpu = layout.outputsFromGpu().contains(o.name());
            if (fromGpu) gpu.acquire(o.offset(), o.byteSize(), false);
            MemorySegment.copy(act, o.offset(), outputs.get(o.name()).data(), 0, o.byteSize());
            if (fromGpu) gpu.release(o.offset(), o.byteSize(), false);
        }
    }

    /**
     * Checks that {@code tensors} holds exactly {@code specs}, by name, each of its type and shape; {@code what} is
     * "input" or "output", {@code verb} what the plan does with them ("takes", "gives"), for the messages.
     */
    private void check(String what, String verb, List<TensorSpec> specs, Map<String, Tensor> tensors) {
        for (String name : tensors.keySet()) {
            if (specs.stream().noneMatch(s -> s.name().equals(name))) {
                throw new PlanException("unknown " + what + " \"" + name + "\"; " + plan.model() + " " + verb + " " + describe(specs));
            }
        }
        for (TensorSpec s : specs) {
            Tensor t = tensors.get(s.name());
            if (t == null) throw new PlanException("missing " + what + " \"" + s.name() + "\" (" + s.type() + ")");
            if (!s.matches(t)) {
                throw new PlanException(what + " \"" + s.name() + "\": expected " + s.type() + ", got " + TensorSpec.typeOf(t));
            }
        }
    }

    static String describe(List<TensorSpec> specs) {
        return specs.stream().map(s -> "\"" + s.name() + "\" " + s.type()).collect(Collectors.joining(", "));
    }

    public Plan plan() { return plan; }

    /**
     * Moves the cut of split layer {@code node} for the next runs (see {@link SplitSpec}): the CPU computes {@code [0,
     * cut)} of its split dimension, the GPU the rest; 0 or the whole dimension leaves one side all of it.
     *
     * @throws IllegalArgumentException when the plan splits no layer {@code node}, or {@code cut} is not one of its cuts
     */
    public synchronized void cut(String node, int cut) {
        List<SplitSpec> splits = layout.splits();
        for (int i = 0; i < splits.size(); i++) {
            if (splits.get(i).node().equals(node)) {
                splits.get(i).check(cut);
                if (frame.cuts()[i] != cut) gpu.replan();
                frame.cuts()[i] = cut;
                return;
            }
        }
        throw new IllegalArgumentException(plan.model() + " splits no layer \"" + node + "\"; its split layers: "
                + splits.stream().map(s -> "\"" + s.node() + "\"").collect(Collectors.joining(", ")));
    }

    /**
     * For benchmarks only: which parts of the split layers the next runs compute. With one part off the outputs are
     * wrong; what is left is that part's time, against which a split layer's sync overhead is measured (its latency
     * minus the slower of its parts alone).
     */
    public synchronized void splitParts(boolean cpu, boolean gpu) {
        if (frame.parts()[0] != cpu || frame.parts()[1] != gpu) this.gpu.replan();
        frame.parts()[0] = cpu;
        frame.parts()[1] = gpu;
    }

    /** The cuts in force, by split layer, in schedule order. */
    public synchronized Map<String, Integer> cuts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < layout.splits().size(); i++) out.put(layout.splits().get(i).node(), frame.cut(i));
        return Collections.unmodifiableMap(out);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            pool.close();
            gpu.close();
            if (arena != null) arena.close();
        }
        plan.closed(this);
    }
}
