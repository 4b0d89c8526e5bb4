package dev.mmuscript.cli;

import dev.mmuscript.report.Format;
import dev.mmuscript.report.TextReport;
import dev.mmuscript.run.Bounds;
import dev.mmuscript.run.Options;
import dev.mmuscript.run.Runner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mmu run FILE...}: prints each script's trace and verdict; the exit code is the worst of them. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run scripts and print their traces.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every assertion and expectation held", "1:an assertion failed or a violation was not"
                + " expected", "2:the script could not run (bad input)", "3:internal error, or the output could not"
                + " be written", "5:a run bound was hit (--max-steps, --timeout)", "6:unknown: an explore stopped at its bound (max N)"
                + " before it could find a violation or prove there is none"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "the .mmu scripts to run")
    List<Path> files;

    @Option(names = "--trace", paramLabel = "LEVEL", defaultValue = "events",
            description = "how much to print: events (default) or steps (every step of every kernel path and"
                    + " handler)")
    String trace;

    @Option(names = {"-q", "--quiet"}, description = "print only failures (and the summary of a failing script)")
    boolean quiet;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json: one JSON object per line for each event, then the verdict;"
                    + " diagnostics too, on stdout (docs/json.md)")
    String format;

    @Option(names = {"-s", "--semantics"}, paramLabel = "PROFILE",
            description = "run under this profile instead of the script's 'semantics' line")
    String semantics;

    @Mixin
    BoundsOptions boundsOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TextReport.Level level;
        if (quiet) {
            level = TextReport.Level.QUIET;
        } else if (trace.equals("events")) {
            level = TextReport.Level.EVENTS;
        } else if (trace.equals("steps")) {
            level = TextReport.Level.STEPS;
        } else {
            err.println("mmu: error: unknown trace level '" + trace + "' (expected events or steps)");
            return 2;
        }
        Format chosen = chosenFormat(err);
        if (chosen == null) {
            return 2;
        }
        Bounds bounds = boundsOptions.bounds(System.console() != null, err);
        if (bounds == null) {
            return 2;
        }
        int worst = 0;
        for (Path f : files) {
            int code = Runner.run(f, f.toString(), new Options(level, semantics, chosen, bounds), out, err);
            worst = Runner.worst(worst, code);
        }
        return worst;
    }

    /** The format --format names, or null after saying that it names none. */
    private Format chosenFormat(PrintWriter err) {
        if (format.equals("text")) {
            return Format.TEXT;
        } else if (format.equals("json")) {
            return Format.JSON;
        }
        err.println("mmu: error: unknown format '" + format + "' (expected text or json)");
        return null;
    }
}
