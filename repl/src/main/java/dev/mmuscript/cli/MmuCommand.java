package dev.mmuscript.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level command: its subcommands do the work. Exit codes are API: 0 pass, 1 fail, 2 could not run. */
@Command(name = "mmu", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Run mmuscript (.mmu) scripts against a simulated Linux MMU and its secondary MMUs.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every assertion and expectation held", "1:an assertion failed or a violation was not"
                + " expected", "2:the script could not run (bad input)", "3:internal error (a bug of mmuscript), or"
                + " the output could not be written",
                "4:skipped: the script's 'requires semantics' does not select the profile it would run under",
                "5:a run bound was hit (--max-steps, --timeout)", "6:unknown: an explore stopped at its bound (max N)"
                + " before it could find a violation or prove there is none"})
public final class MmuCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The subcommands, in the order the usage lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, ExploreCommand.class,
            TestCommand.class, MatrixCommand.class, ProfilesCommand.class, DriversCommand.class, StepsCommand.class,
            ReplCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class);
    /** The subcommands that look at the others (help and completion list them, the REPL completes them). */
    private static final Set<String> NEED_ALL = Set.of("help", "completion", "repl");

    /** The configured command line with every subcommand: usage errors exit 2 without a stack trace. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The configured command line for {@code argv}: when they start with a subcommand that does not look at the
     * others, only that one is built (picocli builds each by reflection: a third of a short run's start-up).
     */
    public static CommandLine commandLine(String[] argv) {
        CommandLine cl = new CommandLine(new MmuCommand());
        String first = argv.length > 0 && !NEED_ALL.contains(argv[0]) ? argv[0] : null;
        boolean known = SUBCOMMANDS.stream().anyMatch(c -> name(c).equals(first));
        for (Class<?> c : SUBCOMMANDS) {
            if (!known || name(c).equals(first)) {
                cl.addSubcommand(c);
            }
        }
        cl.setOut(utf8(FileDescriptor.out));
        cl.setErr(utf8(FileDescriptor.err));
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("mmu: error: " + ex.getMessage());
            err.println("try: " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> internalError(ex, c.getErr()));
        return cl;
    }

    private static String name(Class<?> subcommand) {
        return subcommand.getAnnotation(Command.class).name();
    }

    /** The exit code of an internal error (a bug of ours) and of output that could not be written. */
    static final int INTERNAL = 3;

    /**
     * Reports a bug of ours in one line, without a stack trace, and returns {@link #INTERNAL}; safe to call when
     * memory or stack has run out.
     */
    static int internalError(Throwable t, PrintWriter err) {
        String what = t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        err.println("mmu: internal error: " + what.replace('\n', ' ')
                + " (a bug in mmuscript; please report it with the script that caused it)");
        err.flush();
        return INTERNAL;
    }

    /** A writer on a standard stream that writes UTF-8 whatever the locale, and records failed writes. */
    static PrintWriter utf8(FileDescriptor fd) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(new FileOutputStream(fd),
                StandardCharsets.UTF_8)), true);
    }
}
