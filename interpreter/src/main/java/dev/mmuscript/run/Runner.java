package dev.mmuscript.run;

import dev.mmuscript.engine.Budget;
import dev.mmuscript.engine.Engine;
import dev.mmuscript.engine.Program;
import dev.mmuscript.engine.Verdict;
import dev.mmuscript.front.Frontend;
import dev.mmuscript.front.ScriptFiles;
import dev.mmuscript.model.Event;
import dev.mmuscript.report.Report;
import dev.mmuscript.report.TimelineRecorder;
import dev.mmuscript.syntax.ScriptError;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Runs one script end to end: front end, engine, text or JSON report. Exit codes: 0 pass, 1 fail, 2 could not run,
 * 3 an error of ours, 4 skipped (its {@code requires semantics} does not hold for the profile it would run under),
 * 5 a run bound (--max-steps, --timeout) was hit, 6 an explore stopped at its bound (UNKNOWN).
 */
public final class Runner {
    public static final int PASSED = 0;
    public static final int FAILED = 1;
    public static final int COULD_NOT_RUN = 2;
    /** The exit code of an error of ours. */
    public static final int INTERNAL_ERROR = 3;
    public static final int SKIPPED = 4;
    /** The exit code of a run stopped by its bounds. */
    public static final int BOUND_HIT = 5;
    /** The exit code of a run in which an explore stopped at its bound and nothing failed for certain. */
    public static final int UNKNOWN = dev.mmuscript.engine.Verdict.UNKNOWN;

    private Runner() {
    }

    /**
     * The exit code of several runs: the worst of them. From best to worst: 0, 4 (a skip never hides a failure),
     * 6 (unknown), 1, 2, 5, 3: {@code worst(1, 4)} is 1, {@code worst(0, 4)} is 4, {@code worst(6, 1)} is 1.
     */
    public static int worst(int a, int b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(int code) {
        return switch (code) {
            case PASSED -> 0;
            case SKIPPED -> 1;
            case UNKNOWN -> 2;
            case FAILED -> 3;
            case COULD_NOT_RUN -> 4;
            case BOUND_HIT -> 5;
            default -> 6;
        };
    }

    /**
     * Runs {@code file}, naming it {@code displayName} in the trace and diagnostics; the trace goes to {@code out},
     * diagnostics to {@code err} (in the JSON format, to {@code out} with the rest).
     */
    public static int run(Path file, String displayName, Options options, PrintWriter out, PrintWriter err) {
        return run(file, displayName, options, null, out, err);
    }

    /** As {@link #run(Path, String, Options, PrintWriter, PrintWriter)}; {@code recorder}, if not null, sees it. */
    public static int run(Path file, String displayName, Options options, TimelineRecorder recorder, PrintWriter out,
            PrintWriter err) {
        Source source;
        try {
            source = Frontend.read(file, displayName);
        } catch (IOException e) {
            report(options, out, err).cannotRead(displayName, reason(e));
            return COULD_NOT_RUN;
        }
        Path dir = file.toAbsolutePath().getParent();
        return run(source, dir, options, recorder, out, err);
    }

    /**
     * Runs a script's text; an error of ours (a bug: an unexpected exception, a stack overflow) ends this run with
     * exit code 3 and one line on {@code err}, so that the runs after it (mmu test, mmu run A B) still happen.
     */
    public static int run(Source source, Path dir, Options options, PrintWriter out, PrintWriter err) {
        return run(source, dir, options, null, out, err);
    }

    private static int run(Source source, Path dir, Options options, TimelineRecorder recorder, PrintWriter out,
            PrintWriter err) {
        try {
            return runChecked(source, dir, options, recorder, out, err);
        } catch (RuntimeException | StackOverflowError e) {
            out.flush();
            err.println("mmu: internal error: " + source.name() + ": " + e.getClass().getName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' '))
                    + " (a bug in mmuscript; please report it with the script that caused it)");
            err.flush();
            return INTERNAL_ERROR;
        }
    }

    private static int runChecked(Source source, Path dir, Options options, TimelineRecorder recorder,
            PrintWriter out, PrintWriter err) {
        Frontend front = new Frontend(dir);
        Program program = front.load(source, options.semantics());
        Report report = report(options, out, err);
        if (program == null) {
            report.cannotRun(front.diagnostics());
            return COULD_NOT_RUN;
        }
        if (options.exploresOnly() && !explores(program.script().statements())) {
            out.flush();
            err.println("mmu: error: " + source.name() + " has no explore statement (mmu run replays its schedules)");
            err.flush();
            return COULD_NOT_RUN;
        }
        report.header(source.name(), program.semantics().name());
        String unmet = Requires.unmet(program);
        if (unmet != null) {
            report.skipped(program.semantics().name(), unmet);
            return SKIPPED;
        }
        if (recorder != null) {
            recorder.begin(source.name(), program.semantics().name(), threads(program.script().statements()));
        }
        String[] where = {""};
        Budget budget = options.bounds().budget(line -> progress(err, line), line -> {
            err.println(line);
            err.flush();
        });
        Engine engine = new Engine(program, e -> {
            if (e instanceof Event.Statement s) {
                where[0] = s.where();
            }
            report.accept(e);
            if (recorder != null) {
                recorder.accept(e);
            }
        }, budget);
        engine.machine().announceLocks(recorder != null);
        try {
            Verdict v = options.bounds().judge(engine.run());
            clearProgress(err, budget);
            report.summary(v);
            return v.exitCode();
        } catch (Budget.BoundHit e) {
            clearProgress(err, budget);
            report.boundHit(source.name() + " " + Matrix.at(where[0]) + ": " + e.getMessage());
            return BOUND_HIT;
        } catch (ScriptError e) {
            clearProgress(err, budget);
            report.stopped(e.diagnostic(), engine.aborted());
            return COULD_NOT_RUN;
        }
    }

    private static Report report(Options options, PrintWriter out, PrintWriter err) {
        return Report.of(options.format(), options.level(), out, err);
    }

    /** Whether a script has an {@code explore} statement (in an included file too). */
    private static boolean explores(java.util.List<Ast.Stmt> stmts) {
        for (Ast.Stmt s : stmts) {
            if (s instanceof Ast.ExploreStmt || s instanceof Ast.IncludeStmt i && explores(i.body())) {
                return true;
            }
        }
        return false;
    }

    /** The names of the threads a script declares (in included files too), in order. */
    private static java.util.List<String> threads(java.util.List<Ast.Stmt> stmts) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Ast.Stmt s : stmts) {
            if (s instanceof Ast.ThreadStmt t) {
                out.add(t.name().text());
            } else if (s instanceof Ast.IncludeStmt i) {
                out.addAll(threads(i.body()));
            }
        }
        return out;
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
