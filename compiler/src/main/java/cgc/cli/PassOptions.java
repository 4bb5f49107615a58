package cgc.cli;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Model;
import cgc.ir.text.IrPrinter;
import cgc.passes.PassManager;
import cgc.passes.PassRun;
import cgc.passes.Pipeline;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * The pass flags shared by {@code dump} and {@code export}, after MLIR's and LLVM's: {@code --passes}, {@code --after},
 * {@code --print-after-all}, {@code --verify-each}, {@code --timings}.
 */
final class PassOptions {
    @Option(names = "--passes", paramLabel = "PIPELINE",
            description = "Run passes first: 'default' for the default pipeline, or names separated by commas "
                    + "(see 'cgc passes').")
    String passes;

    @Option(names = "--after", paramLabel = "PASS",
            description = "Print the IR after each run of this pass (headed by the pass's name).")
    String after;

    @Option(names = "--print-after-all", description = "Print the IR after every pass (headed by the pass's name).")
    boolean printAfterAll;

    @Option(names = "--verify-each", description = "Run the IR verifier after every pass.")
    boolean verifyEach;

    @Option(names = "--timings", description = "Print each pass's time and statistics on stderr.")
    boolean timings;

    /** True when the IR after the passes is printed by the flags above, so the command need not print it again. */
    boolean printsDumps() { return printAfterAll || after != null; }

    /** Runs the chosen pipeline (none without {@code --passes}); dumps go to {@code out}, timings to {@code err}. */
    Model run(Model m, PrintWriter out, PrintWriter err) {
        if (passes == null) {
            if (printsDumps()) {
                throw new CgcException(Where.NOWHERE.detail(printAfterAll ? "--print-after-all" : "--after"),
                        "needs --passes (e.g. --passes default)");
            }
            return m;
        }
        PassManager pm = PassManager.of(passes.equals("default") ? Pipeline.standardPasses() : Pipeline.parse(passes))
                .verifyEach(verifyEach);
        if (after != null) Pipeline.byName(after);  // refuse an unknown name before running anything
        pm.listener((run, model) -> {
            if (printAfterAll || run.pass().equals(after)) {
                out.println("// ----- after pass " + run.index() + ": " + run.pass());
                out.print(IrPrinter.print(model, null));
                out.flush();
            }
        });
        Model result = pm.run(m);
        if (timings) {
            for (PassRun r : pm.runs()) {
                err.printf("cgc: %2d %-16s %8.2f ms  %s%n", r.index(), r.pass(), r.millis(), r.summary());
            }
            err.flush();
        }
        return result;
    }
}
