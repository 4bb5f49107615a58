package cgc.cli;

import cgc.diag.CgcException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cgc} command. Results go to stdout, diagnostics to stderr as {@code cgc: error: WHERE: WHAT}. Exit codes:
 * 0 success, 2 bad input ({@link CgcException} or a usage error), 1 internal error; a Java stack trace only with
 * {@code --verbose}.
 */
@Command(
        name = "cgc",
        // Inherited, so that every subcommand, nested ones included, takes --help.
        scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Ahead-of-time compiler for neural-network inference on a CPU and an OpenCL GPU at once.",
        subcommands = {
            CommandLine.HelpCommand.class,
            DumpCommand.class,
            PassesCommand.class,
            ExportCommand.class,
            DevicesCommand.class,
            CompileCommand.class,
            RunCommand.class,
            cgc.bench.BenchCommand.class,
            cgc.bench.ProfileCommand.class,

        })
public final class Main {

    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_INTERNAL = 1;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run it in process with their own writers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handle);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("cgc: error: " + ex.getMessage());
            err.println("cgc: try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
            err.flush();
            return EXIT_BAD_INPUT;
        });
        return cl;
    }

    private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean verbose = parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"))
                || parsed.hasMatchedOption("--verbose");
        int code;
        if (ex instanceof CgcException c) {
            err.println("cgc: error: " + c.describe());
            code = EXIT_BAD_INPUT;
        } else {
            err.println("cgc: internal error: " + ex + (verbose ? "" : " (run with --verbose for the stack trace)"));
            code = EXIT_INTERNAL;
        }
        if (verbose) ex.printStackTrace(err);
        err.flush();
        return code;
    }
}
