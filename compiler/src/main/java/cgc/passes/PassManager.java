package cgc.passes;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Model;
import cgc.ir.Verifier;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a pipeline of passes over a model: checks up front that every pass's required stages are established by an
 * earlier one, optionally runs the {@link Verifier} before the first pass and after each one, calls the listeners
 * after each pass, and records each pass's counters and time.
 */
public final class PassManager {
    private final List<Pass> passes;
    private final List<PassListener> listeners = new ArrayList<>();
    private final List<PassRun> runs = new ArrayList<>();
    private FailureHandler onFailure = (pass, pipeline, before, error) -> {};
    private boolean verifyEach;
    private Set<Stage> initial = EnumSet.noneOf(Stage.class);

    private PassManager(List<Pass> passes) { this.passes = List.copyOf(passes); }

    public static PassManager of(List<Pass> passes) { return new PassManager(passes); }

    /** A manager for a comma-separated list of pass names, e.g. {@code "infer-shapes,fold-bn"}. */
    public static PassManager of(String pipeline) { return new PassManager(Pipeline.parse(pipeline)); }

    /** Runs the verifier on the input and after every pass. */
    public PassManager verifyEach(boolean on) { verifyEach = on; return this; }

    public PassManager listener(PassListener l) { listeners.add(l); return this; }

    /**
     * What to do when a pass fails (throws, or its output fails verification): called with the IR from before that
     * pass and the pipeline up to and including it, from which the CLI writes a reproducer; the error is rethrown.
     */
    @FunctionalInterface
    public interface FailureHandler {
        void failed(String pass, String pipeline, Model before, RuntimeException error);
    }

    public PassManager onFailure(FailureHandler h) { onFailure = h; return this; }

    /** Declares stages the input model already satisfies (e.g. IR text that was printed after infer-shapes). */
    public PassManager assuming(Set<Stage> stages) {
        initial = stages.isEmpty() ? EnumSet.noneOf(Stage.class) : EnumSet.copyOf(stages);
        return this;
    }

    public List<Pass> passes() { return passes; }

    /** The runs of the last {@link #run}, in order. */
    public List<PassRun> runs() { return List.copyOf(runs); }

    /**
     * Runs the pipeline. Throws {@link CgcException} before running anything when a pass's requirements are not met,
     * and after a pass whose output fails verification (naming the pass).
     */
    public Model run(Model model) {
        checkOrder();
        runs.clear();
        if (verifyEach) verify(model, "on the input, before any pass");
        Model m = model;
        for (int i = 0; i < passes.size(); i++) {
            Pass p = passes.get(i);
            PassContext cx = new PassContext();
            long t0 = System.nanoTime();
            Model out;
            String upTo = Pipeline.format(passes.subList(0, i + 1));
            try {
                out = p.run(m, cx);
            } catch (CgcException e) {
                String message = e.getMessage() + " (in pass " + p.name() + ")";
                throw failed(p, upTo, m, new CgcException(e.where(), message, e));
            } catch (RuntimeException e) {
                throw failed(p, upTo, m, e);
            }
            if (verifyEach) {
                try {
                    verify(out, "after pass " + p.name());
                } catch (CgcException e) {
                    throw failed(p, upTo, m, e);
                }
            }
            PassRun run = new PassRun(i + 1, p.name(), cx.counters(), System.nanoTime() - t0,
                    m.graph().nodes().size(), out.graph().nodes().size());
            runs.add(run);
            for (PassListener l : listeners) l.afterPass(run, out);
            m = out;
        }
        return m;
    }

    private RuntimeException failed(Pass p, String pipeline, Model before, RuntimeException e) {
        onFailure.failed(p.name(), pipeline, before, e);
        return e;
    }

    private void checkOrder() {
        Set<Stage> have = EnumSet.noneOf(Stage.class);
        have.addAll(initial);
        for (Pass p : passes) {
            for (Stage s : p.requires()) {
                if (!have.contains(s)) {
                    throw new CgcException(Where.NOWHERE.detail("pipeline " + Pipeline.format(passes)),
                            p.name() + " requires " + s + "; run " + s.establishedBy() + " first");
                }
            }
            have.addAll(p.establishes());
        }
    }

    private static void verify(Model m, String when) {
        List<CgcException> problems = Verifier.problems(m);
        if (problems.isEmpty()) return;
        CgcException first = problems.getFirst();
        String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : "";
        throw new CgcException(first.where(), first.getMessage() + more + " (verifier, " + when + ")", first);
    }
}
