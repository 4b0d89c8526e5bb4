package dev.mmuscript.run;

import dev.mmuscript.engine.Engine;
import dev.mmuscript.engine.Program;
import dev.mmuscript.engine.Verdict;
import dev.mmuscript.front.Frontend;
import dev.mmuscript.report.Report;
import dev.mmuscript.syntax.ScriptError;
import dev.mmuscript.syntax.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Runs one script end to end: front end, engine, text or JSON report. Exit codes: 0 pass, 1 fail, 2 could not run,
 * 4 skipped (its {@code requires semantics} does not hold for the profile it would run under).
 */
public final class Runner {
    public static final int PASSED = 0;
    public static final int FAILED = 1;
    public static final int COULD_NOT_RUN = 2;
    public static final int SKIPPED = 4;

    private Runner() {
    }

    /**
     * The exit code of several runs: the worst of them, where a skip is better than a failure (2 and up, errors,
     * are worse than either): {@code worst(1, 4)} is 1, {@code worst(0, 4)} is 4.
     */
    public static int worst(int a, int b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(int code) {
        return code == SKIPPED ? 1 : code == PASSED ? 0 : code + 1;
    }

    /**
     * Runs {@code file}, naming it {@code displayName} in the trace and diagnostics; the trace goes to {@code out},
     * diagnostics to {@code err} (in the JSON format, to {@code out} with the rest).
     */
    public static int run(Path file, String displayName, Options options, PrintWriter out, PrintWriter err) {
        Source source;
        try {
            source = Frontend.read(file, displayName);
        } catch (IOException e) {
            report(options, out, err).cannotRead(displayName);
            return 2;
        }
        Path dir = file.toAbsolutePath().getParent();
        return run(source, dir, options, out, err);
    }

    public static int run(Source source, Path dir, Options options, PrintWriter out, PrintWriter err) {
        Frontend front = new Frontend(dir);
        Program program = front.load(source, options.semantics());
        Report report = report(options, out, err);
        if (program == null) {
            report.cannotRun(front.diagnostics());
            return 2;
        }
        report.header(source.name(), program.semantics().name());
        String unmet = Requires.unmet(program);
        if (unmet != null) {
            report.skipped(program.semantics().name(), unmet);
            return SKIPPED;
        }
        Engine engine = new Engine(program, report);
        try {
            Verdict v = engine.run();
            report.summary(v);
            return v.exitCode();
        } catch (ScriptError e) {
            report.stopped(e.diagnostic(), engine.aborted());
            return 2;
        }
    }

    private static Report report(Options options, PrintWriter out, PrintWriter err) {
        return Report.of(options.format(), options.level(), out, err);
    }
}
