package dev.mmuscript.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level command: its subcommands do the work. Exit codes are API: 0 pass, 1 fail, 2 could not run. */
@Command(name = "mmu", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Run mmuscript (.mmu) scripts against a simulated Linux MMU and its secondary MMUs.",
        subcommands = {RunCommand.class, TestCommand.class, MatrixCommand.class, ProfilesCommand.class,
                DriversCommand.class, StepsCommand.class, ReplCommand.class, CompletionCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every assertion and expectation held", "1:an assertion failed or a violation was not"
                + " expected", "2:the script could not run (bad input)", "3:internal error (a bug in mmuscript)",
                "4:skipped: the script's 'requires semantics' does not select the profile it would run under"})
public final class MmuCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line: usage errors exit 2 without a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new MmuCommand());
        cl.setOut(new PrintWriter(System.out, true));
        cl.setErr(new PrintWriter(System.err, true));
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("mmu: error: " + ex.getMessage());
            err.println("try: " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("mmu: internal error: " + ex);
            c.getErr().println("this is a bug in mmuscript; please report it with the script that caused it");
            return 3;
        });
        return cl;
    }
}
