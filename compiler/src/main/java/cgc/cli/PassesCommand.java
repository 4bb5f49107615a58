package cgc.cli;

import cgc.passes.Pass;
import cgc.passes.Pipeline;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cgc passes}: the default pipeline's passes in order, one line each, name first, then what it does. */
@Command(name = "passes", description = "List the default pipeline's passes in order.")
final class PassesCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int width = Pipeline.standard().stream().mapToInt(String::length).max().orElse(0);
        for (String name : Pipeline.standard()) {
            Pass p = Pipeline.byName(name);
            out.printf("%-" + width + "s  %s%n", p.name(), p.description());
        }
        out.flush();
        return 0;
    }
}
