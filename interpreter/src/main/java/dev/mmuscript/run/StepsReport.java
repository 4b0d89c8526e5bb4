package dev.mmuscript.run;

import dev.mmuscript.engine.Engine;
import dev.mmuscript.engine.Program;
import dev.mmuscript.engine.ThreadSteps;
import dev.mmuscript.front.Frontend;
import dev.mmuscript.syntax.Ast.ThreadStmt;
import dev.mmuscript.syntax.ScriptError;
import dev.mmuscript.syntax.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code mmu steps FILE}: the steps each thread of a script can take, as {@code run ... until} names them. The
 * script runs first (silently), so that its devices exist and their handlers can be listed.
 */
public final class StepsReport {
    private StepsReport() {
    }

    public static int run(Path file, String displayName, String semantics, PrintWriter out, PrintWriter err) {
        Source source;
        try {
            source = Frontend.read(file, displayName);
        } catch (IOException e) {
            err.println("mmu: error: cannot read " + displayName);
            err.flush();
            return 2;
        }
        Frontend front = new Frontend(file.toAbsolutePath().getParent());
        Program program = front.load(source, semantics);
        if (program == null) {
            err.print(front.diagnostics().render());
            err.flush();
            return 2;
        }
        Engine engine = new Engine(program, e -> { });
        try {
            engine.run();
        } catch (ScriptError e) {
            // The steps are listed as far as the script got; its error is the run's business.
        }
        out.println("# " + source.name() + " under " + program.semantics().name());
        Map<ThreadStmt, ThreadSteps> all = engine.threadSteps();
        if (all.isEmpty()) {
            out.println("(no threads)");
        }
        all.forEach((t, per) -> {
            out.println("thread " + t.name().text() + " (line " + t.span().line() + ")");
            per.steps().forEach((s, steps) -> {
                out.println(String.format("  %4d  %s", s.span().line(), s.span().headline()));
                steps.forEach(step -> out.println("          " + step));
            });
            if (per.ended() != null) {
                out.println("        (" + per.ended() + ")");
            }
        });
        out.flush();
        return 0;
    }
}
