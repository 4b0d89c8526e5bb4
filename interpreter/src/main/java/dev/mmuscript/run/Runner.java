package dev.mmuscript.run;

import dev.mmuscript.engine.Budget;
import dev.mmuscript.engine.Engine;
import dev.mmuscript.engine.Program;
import dev.mmuscript.engine.Verdict;
import dev.mmuscript.front.Frontend;
import dev.mmuscript.front.ScriptFiles;
import dev.mmuscript.model.Event;
import dev.mmuscript.report.TextReport;
import dev.mmuscript.syntax.ScriptError;
import dev.mmuscript.syntax.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Runs one script end to end: front end, engine, text report. Exit codes: 0 pass, 1 fail, 2 could not run, 5 a
 * run bound (--max-steps, --timeout) was hit.
 */
public final class Runner {
    /** The exit code of a run stopped by its bounds. */
    public static final int BOUND_HIT = 5;
    /** The exit code of an error of ours. */
    public static final int INTERNAL_ERROR = 3;

    private Runner() {
    }

    /**
     * Runs {@code file}, naming it {@code displayName} in the trace and diagnostics; the trace goes to {@code out},
     * diagnostics to {@code err}.
     */
    public static int run(Path file, String displayName, Options options, PrintWriter out, PrintWriter err) {
        Source source;
        try {
            source = Frontend.read(file, displayName);
        } catch (IOException e) {
            err.println("mmu: error: cannot read " + displayName + ": " + reason(e));
            err.flush();
            return 2;
        }
        Path dir = file.toAbsolutePath().getParent();
        return run(source, dir, options, out, err);
    }

    /**
     * Runs a script's text; an error of ours (a bug: an unexpected exception, a stack overflow) ends this run with
     * exit code 3 and one line on {@code err}, so that the runs after it (mmu test, mmu run A B) still happen.
     */
    public static int run(Source source, Path dir, Options options, PrintWriter out, PrintWriter err) {
        try {
            return runChecked(source, dir, options, out, err);
        } catch (RuntimeException | StackOverflowError e) {
            out.flush();
            err.println("mmu: internal error: " + source.name() + ": " + e.getClass().getName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' '))
                    + " (a bug in mmuscript; please report it with the script that caused it)");
            err.flush();
            return INTERNAL_ERROR;
        }
    }

    private static int runChecked(Source source, Path dir, Options options, PrintWriter out, PrintWriter err) {
        Frontend front = new Frontend(dir);
        Program program = front.load(source, options.semantics());
        if (program == null) {
            err.print(front.diagnostics().render());
            err.flush();
            out.flush();
            return 2;
        }
        TextReport report = new TextReport(out, options.level());
        report.header(source.name(), program.semantics().name());
        String[] where = {""};
        Budget budget = options.bounds().budget(line -> progress(err, line));
        Engine engine = new Engine(program, e -> {
            if (e instanceof Event.Statement s) {
                where[0] = s.where();
            }
            report.accept(e);
        }, budget);
        try {
            Verdict v = engine.run();
            clearProgress(err, budget);
            report.summary(v);
            return v.exitCode();
        } catch (Budget.BoundHit e) {
            clearProgress(err, budget);
            out.flush();
            err.println("mmu: stopped: " + source.name() + " " + Matrix.at(where[0]) + ": " + e.getMessage());
            err.flush();
            return BOUND_HIT;
        } catch (ScriptError e) {
            clearProgress(err, budget);
            out.flush();
            err.print(e.diagnostic().render());
            err.println("the script stopped here");
            err.flush();
            return 2;
        }
    }

    /** Why a script file could not be read, in words ("no such file", "is not a regular file", ...). */
    static String reason(IOException e) {
        return e instanceof ScriptFiles.Refused ? e.getMessage() : "cannot be read";
    }

    /** A progress line on a terminal: written over in place, cleared at the end. */
    private static void progress(PrintWriter err, String line) {
        err.print("\r\u001b[Kmmu: running: " + line);
        err.flush();
    }

    private static void clearProgress(PrintWriter err, Budget budget) {
        if (budget.showedProgress()) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
