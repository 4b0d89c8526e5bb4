package dev.mmuscript.repl;

import dev.mmuscript.engine.Engine;
import dev.mmuscript.engine.Program;
import dev.mmuscript.model.Event;
import dev.mmuscript.report.TextReport;
import dev.mmuscript.syntax.Ast.Stmt;
import dev.mmuscript.syntax.ScriptError;
import dev.mmuscript.syntax.Source;
import dev.mmuscript.syntax.Span;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Runs a session's inputs on an engine resumed from a snapshot: each input's statements in turn, recording its
 * snapshot and trace. A run-time error, an interrupt or a bug is reported once, and the run keeps nothing.
 */
final class InputRunner {
    private final TextReport.Level level;
    private final Consumer<Event> watcher;

    /** What running some inputs made: one accepted input each, and their trace at the session's trace level. */
    record Run(List<AcceptedInput> inputs, String shown) {
    }

    /** @param watcher sees every event as it happens */
    InputRunner(TextReport.Level level, Consumer<Event> watcher) {
        this.level = level;
        this.watcher = watcher;
    }

    /**
     * Runs the statements of inputs {@code from..} of the script {@code p} (whose text is {@code texts} joined) on
     * an engine resumed from {@code start}; null after reporting a run-time error, which keeps nothing. The last
     * input came from {@code file} when it is not null.
     */
    Run run(Program p, Engine.Snapshot start, List<String> texts, int from, PrintWriter err, Source file) {
        StringWriter shown = new StringWriter();
        Sink sink = new Sink();
        Engine engine = new Engine(p, sink);
        engine.resume(start);
        List<AcceptedInput> made = new ArrayList<>();
        Stmt current = null;
        int offset = offsetOf(texts, from);
        int i = from;
        try {
            for (; i < texts.size(); i++) {
                int end = offset + texts.get(i).length();
                StringWriter trace = new StringWriter();
                sink.to(new TextReport(new PrintWriter(shown, true), level),
                        new TextReport(new PrintWriter(trace, true), TextReport.Level.EVENTS));
                boolean any = false;
                for (Stmt s : p.script().statements()) {
                    if (s.span().site().start() >= offset && s.span().site().start() < end) {
                        current = s;
                        engine.runOne(s);
                        any = true;
                    }
                }
                made.add(new AcceptedInput(texts.get(i), any, engine.snapshot(), trace.toString()));
                offset = end;
            }
        } catch (ScriptError e) {
            Source f = i == texts.size() - 1 ? file : null; // the file is the last input
            err.print(InputDiagnostics.render(e.diagnostic(), p.script().source(), offset, f));
            err.println(where(current, offset, f) + " stopped there; nothing of this input was kept: the session is"
                    + " as it was");
            return null;
        } catch (CancellationException e) {
            err.println((current == null ? "the input" : where(current, offset, i == texts.size() - 1 ? file : null))
                    + " was interrupted; nothing of this input was kept: the session is as it was");
            return null;
        } catch (RuntimeException | StackOverflowError e) {
            err.println("internal error: " + e);
            err.println("this is a bug in mmuscript; please report it with the session (:save FILE). Nothing of this"
                    + " input was kept.");
            return null;
        }
        return new Run(made, shown.toString());
    }

    private static int offsetOf(List<String> texts, int input) {
        int offset = 0;
        for (int i = 0; i < input; i++) {
            offset += texts.get(i).length();
        }
        return offset;
    }

    /** The statement as the user knows it: "line 12 (zap vm 0x10000)", or in a loaded file, "a.mmu:3 (...)". */
    private static String where(Stmt s, int offset, Source file) {
        Span span = s.span();
        if (file != null && span.start() >= offset) {
            return file.name() + ":" + file.line(span.start() - offset) + " (" + span.headline() + ")";
        }
        return "line " + span.line() + " (" + span.headline() + ")";
    }

    /** Sends the engine's events to the reports of the input being run, and to the watcher. */
    private final class Sink implements Consumer<Event> {
        private TextReport shown;
        private TextReport trace;

        void to(TextReport shown, TextReport trace) {
            this.shown = shown;
            this.trace = trace;
        }

        @Override
        public void accept(Event e) {
            shown.accept(e);
            trace.accept(e);
            watcher.accept(e);
        }
    }
}
