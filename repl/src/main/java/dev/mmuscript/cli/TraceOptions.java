package dev.mmuscript.cli;

import dev.mmuscript.report.Format;
import dev.mmuscript.report.TextReport;
import dev.mmuscript.report.TimelineRecorder;
import dev.mmuscript.run.Bounds;
import dev.mmuscript.run.Options;
import dev.mmuscript.run.Runner;
import dev.mmuscript.run.SideBySide;
import dev.mmuscript.run.TimelineOutput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How {@code mmu run} and {@code mmu explore} print a script's run: trace level, format, profile, and the pictures
 * of it ({@code --timeline}, {@code --dot}).
 */
final class TraceOptions {
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

    @Option(names = "--timeline", paramLabel = "FILE",
            description = "also draw the run as SVG into FILE: a column per thread, a row per step, locks held as"
                    + " bars, calls and PTE and shadow changes as marks, the violation in red; of a script with"
                    + " explores, the schedule the first that found a violation printed (one script only)")
    Path timeline;

    @Option(names = "--dot", paramLabel = "FILE",
            description = "also draw the run as --timeline does, for Graphviz, into FILE (dot -Tsvg FILE)")
    Path dot;

    @Mixin
    ThreadsOption threads;

    /**
     * Runs each file and returns the worst exit code; with {@code explores}, a file with no {@code explore}
     * statement is an error (exit code 2) and is not run.
     */
    int runAll(CommandSpec spec, List<Path> files, BoundsOptions boundsOptions, boolean explores) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TextReport.Level level = level(err);
        Format chosen = chosenFormat(err);
        Bounds bounds = level == null || chosen == null ? null : boundsOptions.bounds(System.console() != null, err);
        if (bounds == null) {
            return 2;
        }
        if ((timeline != null || dot != null) && files.size() > 1) {
            err.println("mmu: error: --timeline and --dot draw one script, not " + files.size());
            return 2;
        }
        if (!threads.valid(err)) {
            return 2;
        }
        if (threads.count > 1 && files.size() > 1) {
            return sideBySide(files, level, chosen, bounds.withoutProgress(), explores, out, err);
        }
        int worst = 0;
        for (Path f : files) {
            TimelineRecorder recorder = timeline != null || dot != null ? new TimelineRecorder() : null;
            Options options = new Options(level, semantics, chosen, bounds, explores);
            int code = Runner.run(f, f.toString(), options, recorder, out, err);
            worst = Runner.worst(worst, code);
            if (recorder != null) {
                worst = Runner.worst(worst, TimelineOutput.write(recorder, timeline, dot, err));
            }
        }
        return worst;
    }

    /**
     * Runs the files on up to {@code --threads} threads ({@link SideBySide}), with no progress line: several runs
     * cannot share one line of the terminal. Nothing is drawn (--timeline and --dot take one script).
     */
    private int sideBySide(List<Path> files, TextReport.Level level, Format chosen, Bounds bounds, boolean explores,
            PrintWriter out, PrintWriter err) {
        Options options = new Options(level, semantics, chosen, bounds, explores);
        List<SideBySide.Run> runs = new java.util.ArrayList<>();
        for (Path f : files) {
            runs.add((o, e) -> Runner.run(f, f.toString(), options, o, e));
        }
        int worst = 0;
        for (int code : SideBySide.run(runs, threads.count, out, err)) {
            worst = Runner.worst(worst, code);
        }
        return worst;
    }

    private TextReport.Level level(PrintWriter err) {
        if (quiet) {
            return TextReport.Level.QUIET;
        } else if (trace.equals("events")) {
            return TextReport.Level.EVENTS;
        } else if (trace.equals("steps")) {
            return TextReport.Level.STEPS;
        }
        err.println("mmu: error: unknown trace level '" + trace + "' (expected events or steps)");
        return null;
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
