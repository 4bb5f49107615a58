package cgc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTest {

    /** Every command's words, from the command line's own tree, so that a command added later is covered too. */
    private static List<List<String>> commands(CommandLine cl, List<String> path, List<List<String>> into) {
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) continue;
            List<String> words = new ArrayList<>(path);
            words.add(e.getKey());
            into.add(words);
            commands(e.getValue(), words, into);
        }
        return into;
    }

    @Test
    void everyCommandNestedOrNotPrintsItsUsageWithHelp() {
        List<List<String>> all = commands(Main.commandLine(), List.of(), new ArrayList<>());
        assertTrue(all.contains(List.of("bench", "layers")), all.toString());
        for (List<String> words : all) {
            List<String> args = new ArrayList<>(words);
            args.add("--help");
            Cli r = Cli.run(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), words + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: cgc " + String.join(" ", words)), words + ": " + r.out());
        }
    }

    @Test
    void aUsageErrorPointsAtTheCommandItWasIn() {
        Cli r = Cli.run("bench", "layers", "--no-such-option");
        assertEquals(Main.EXIT_BAD_INPUT, r.exitCode());
        assertEquals("cgc: error: Unknown option: '--no-such-option'", r.firstErrorLine());
        assertTrue(r.err().contains("cgc: try 'cgc bench layers --help'"), r.err());
    }
}
