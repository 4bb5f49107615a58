package cgc.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}, shared by every subcommand: stack traces on errors, more detail in summaries. */
final class VerboseOption {
    @Option(names = {"-v", "--verbose"}, description = "Show more detail, and the Java stack trace on errors.")
    boolean verbose;
}
