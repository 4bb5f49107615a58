package cgc.passes;

import cgc.ir.Model;

/** Called after each pass with the IR it produced (the CLI's {@code --print-after-all} and {@code --after PASS}). */
@FunctionalInterface
public interface PassListener {
    void afterPass(PassRun run, Model after);
}
