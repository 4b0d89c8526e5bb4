package dev.mmuscript.report;

import dev.mmuscript.engine.Verdict;
import dev.mmuscript.model.Event;
import dev.mmuscript.syntax.Diagnostic;
import dev.mmuscript.syntax.Diagnostics;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Where one run of a script goes, whatever the format: its header, its events, its verdict, and the diagnostics of a
 * script that cannot run or stops on an error.
 */
public interface Report extends Consumer<Event> {

    /** A report in {@code format}: the text writes diagnostics to {@code err}, the JSON writes all to {@code out}. */
    static Report of(Format format, TextReport.Level level, PrintWriter out, PrintWriter err) {
        return format == Format.JSON ? new JsonReport(out, level) : new TextRunReport(out, err, level);
    }

    /** The run begins: the script's name and the profile it runs under. */
    void header(String script, String semantics);

    /** The script does not apply to the profile it would run under ({@code requires}, quoted): nothing ran. */
    void skipped(String semantics, String requires);

    /** The run ended normally. */
    void summary(Verdict verdict);

    /** The file {@code script} could not be read, and why ("is not a regular file"). */
    void cannotRead(String script, String reason);

    /** A run bound (--max-steps, --timeout) stopped the run; {@code message} says where and which. */
    void boundHit(String message);

    /** The front end rejected the script: nothing ran. */
    void cannotRun(Diagnostics diagnostics);

    /** A runtime error stopped the script; {@code verdict} is what had held until then, marked aborted. */
    void stopped(Diagnostic diagnostic, Verdict verdict);
}
