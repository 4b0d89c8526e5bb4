package dev.mmuscript.run;

import dev.mmuscript.engine.Engine;
import dev.mmuscript.engine.Program;
import dev.mmuscript.engine.Verdict;
import dev.mmuscript.front.Frontend;
import dev.mmuscript.report.TextReport;
import dev.mmuscript.syntax.ScriptError;
import dev.mmuscript.syntax.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Runs one script end to end: front end, engine, text report. Exit codes: 0 pass, 1 fail, 2 could not run, 4 skipped
 * (its {@code requires semantics} does not hold for the profile it would run under).
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
     * diagnostics to {@code err}.
     */
    public static int run(Path file, String displayName, Options options, PrintWriter out, PrintWriter err) {
        Source source;
        try {
            source = Frontend.read(file, displayName);
        } catch (IOException e) {
            err.println("mmu: error: cannot read " + displayName);
            err.flush();
            return 2;
        }
        Path dir = file.toAbsolutePath().getParent();
        return run(source, dir, options, out, err);
    }

    public static int run(Source source, Path dir, Options options, PrintWriter out, PrintWriter err) {
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
        String unmet = Requires.unmet(program);
        if (unmet != null) {
            out.println("SKIP under " + program.semantics().name() + ": the script says '" + unmet + "'");
            out.flush();
            return SKIPPED;
        }
        Engine engine = new Engine(program, report);
        try {
            Verdict v = engine.run();
            report.summary(v);
            return v.exitCode();
        } catch (ScriptError e) {
            out.flush();
            err.print(e.diagnostic().render());
            err.println("the script stopped here");
            err.flush();
            return 2;
        }
    }
}
