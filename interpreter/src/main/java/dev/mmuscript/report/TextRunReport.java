package dev.mmuscript.report;

import dev.mmuscript.engine.Verdict;
import dev.mmuscript.model.Event;
import dev.mmuscript.syntax.Diagnostic;
import dev.mmuscript.syntax.Diagnostics;
import java.io.PrintWriter;

/** The text format of a run: the trace of {@link TextReport} on out, diagnostics rendered with a caret on err. */
final class TextRunReport implements Report {
    private final PrintWriter out;
    private final PrintWriter err;
    private final TextReport trace;

    TextRunReport(PrintWriter out, PrintWriter err, TextReport.Level level) {
        this.out = out;
        this.err = err;
        this.trace = new TextReport(out, level);
    }

    @Override
    public void header(String script, String semantics) {
        trace.header(script, semantics);
    }

    @Override
    public void accept(Event e) {
        trace.accept(e);
    }

    @Override
    public void summary(Verdict verdict) {
        trace.summary(verdict);
    }

    @Override
    public void skipped(String semantics, String requires) {
        out.println("SKIP under " + semantics + ": the script says '" + requires + "'");
        out.flush();
    }

    @Override
    public void cannotRead(String script, String reason) {
        err.println("mmu: error: cannot read " + script + ": " + reason);
        err.flush();
    }

    @Override
    public void boundHit(String message) {
        out.flush();
        err.println("mmu: stopped: " + message);
        err.flush();
    }

    @Override
    public void cannotRun(Diagnostics diagnostics) {
        err.print(diagnostics.render());
        err.flush();
        out.flush();
    }

    @Override
    public void stopped(Diagnostic diagnostic, Verdict verdict) {
        out.flush();
        err.print(diagnostic.render());
        err.println("the script stopped here");
        err.flush();
    }
}
