package dev.mmuscript.repl;

import dev.mmuscript.engine.Engine;
import dev.mmuscript.engine.Program;
import dev.mmuscript.front.Frontend;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.report.TextReport;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Ast.Stmt;
import dev.mmuscript.syntax.ScriptError;
import dev.mmuscript.syntax.Source;
import dev.mmuscript.syntax.Span;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * A REPL session: the script it has accepted so far, one input at a time, and the run of that script as a
 * snapshot after each input. An input is checked together with what came before and runs on an engine resumed
 * from the last snapshot; if it is wrong, or fails while running, nothing of it is kept. Statements are numbered
 * by their line in the session's script, which is what {@code :save} writes, so {@code mmu run} of the saved
 * file prints the same trace.
 */
final class Session {
    /** How diagnostics name the session's script. */
    static final String NAME = "repl";

    /**
     * One accepted input: its text (ending in a newline), whether it held statements, the run's snapshot after
     * it, and its trace as {@code mmu run} prints it.
     */
    private record Chunk(String text, boolean statements, Engine.Snapshot after, String trace) {
        int lines() {
            return (int) text.chars().filter(c -> c == '\n').count();
        }
    }

    private final Path dir;
    private final List<Chunk> chunks = new ArrayList<>();
    /** The checked script so far; null while the session is empty. */
    private Program program;
    private TextReport.Level level = TextReport.Level.EVENTS;
    /** Sees every event as it happens (tests use it to press Ctrl-C in the middle of a statement). */
    private Consumer<Event> watcher = e -> { };

    /** @param dir the directory {@code include} paths are relative to */
    Session(Path dir) {
        this.dir = dir;
    }

    TextReport.Level level() {
        return level;
    }

    void level(TextReport.Level l) {
        level = l;
    }

    void watch(Consumer<Event> w) {
        watcher = w;
    }

    /** The session's script: every accepted input, in order. */
    String text() {
        StringBuilder b = new StringBuilder();
        chunks.forEach(c -> b.append(c.text()));
        return b.toString();
    }

    /** The trace of the accepted statements, as {@code mmu run} prints it between its header and its end. */
    String trace() {
        StringBuilder b = new StringBuilder();
        chunks.forEach(c -> b.append(c.trace()));
        return b.toString();
    }

    boolean hasStatements() {
        return chunks.stream().anyMatch(Chunk::statements);
    }

    /** How many statements the session has accepted (those of included files too). */
    int statementCount() {
        return program == null ? 0 : flatten(program.script().statements()).size();
    }

    /** The profile the session runs under. */
    String profile() {
        return program == null ? Frontend.DEFAULT_PROFILE : program.semantics().name();
    }

    MachineState state() {
        Engine.Snapshot s = last();
        return s == null ? MachineState.initial() : s.machine();
    }

    private Engine.Snapshot last() {
        return chunks.isEmpty() ? null : chunks.get(chunks.size() - 1).after();
    }

    // ---------------------------------------------------------------- adding input

    /** Checks and runs typed input; its trace goes to {@code out}, its diagnostics to {@code err}. */
    boolean eval(String input, PrintWriter out, PrintWriter err) {
        return add(input, null, out, err);
    }

    /**
     * Adds the statements of a file as one input; its diagnostics name the file and its own lines, its trace
     * numbers the session's lines. Its includes are relative to {@code fileDir}, as when it runs on its own.
     */
    boolean load(String fileName, Path fileDir, String content, PrintWriter out, PrintWriter err) {
        return add(Includes.rebase(content, fileDir, dir), fileName, out, err);
    }

    private boolean add(String input, String fileName, PrintWriter out, PrintWriter err) {
        String body = input.replace("\r\n", "\n").stripTrailing();
        if (body.isBlank()) {
            return true;
        }
        String chunk = body + "\n";
        String before = text();
        Source src = new Source(NAME, before + chunk);
        Frontend front = new Frontend(dir);
        Program p = front.load(src, null);
        Source file = fileName == null ? null : new Source(fileName, chunk);
        if (p == null) {
            InputDiagnostics.report(front.diagnostics(), src, before.length(), file, err);
            return false;
        }
        List<String> texts = texts();
        texts.add(chunk);
        if (program != null && !p.semantics().equals(program.semantics())) {
            return rebuild(p, texts, "# " + (hasStatements() ? "re-running the session" : "the session now runs")
                    + " under " + p.semantics().name(), out, err, file);
        }
        Run run = run(p, last(), texts, texts.size() - 1, err, file);
        if (run == null) {
            return false;
        }
        out.print(run.shown);
        chunks.addAll(run.chunks);
        program = p;
        if (expects(p, before.length())) {
            recount(p, out, err);
        }
        return true;
    }

    /** Whether the script has an {@code expect} at or after {@code offset} (in the input just added). */
    private static boolean expects(Program p, int offset) {
        for (Stmt s : p.script().statements()) {
            if (s.span().site().start() >= offset && (s instanceof Ast.ExpectStmt || s instanceof Ast.IncludeStmt i
                    && flatten(i.body()).stream().anyMatch(Ast.ExpectStmt.class::isInstance))) {
                return true;
            }
        }
        return false;
    }

    /**
     * An expectation counts for the whole script, as in {@code mmu run}: after one is added, the session is run
     * again without printing, so that the violations it saw before are counted as expected, and the trace
     * {@code :save} compares with says so.
     */
    private void recount(Program p, PrintWriter out, PrintWriter err) {
        Run again = run(p, null, texts(), 0, err, null);
        if (again == null) {
            return;
        }
        List<Integer> changed = new ArrayList<>();
        int line = 1;
        for (int i = 0; i < chunks.size(); i++) {
            if (!chunks.get(i).trace().equals(again.chunks.get(i).trace())) {
                changed.add(line);
            }
            line += chunks.get(i).lines();
        }
        chunks.clear();
        chunks.addAll(again.chunks);
        if (!changed.isEmpty()) {
            out.println("note: an expectation counts for the whole script, as in mmu run: what line"
                    + (changed.size() == 1 ? " " : "s ") + String.join(", ", changed.stream().map(String::valueOf)
                    .toList()) + " reported is now expected");
        }
    }

    private List<String> texts() {
        List<String> out = new ArrayList<>();
        chunks.forEach(c -> out.add(c.text()));
        return out;
    }

    /** What running some inputs made: their chunks, and their trace at the session's trace level. */
    private record Run(List<Chunk> chunks, String shown) {
    }

    /**
     * Runs the statements of inputs {@code from..} of the script {@code p} (whose text is {@code texts} joined) on
     * an engine resumed from {@code start}; null after reporting a run-time error, which keeps nothing.
     */
    private Run run(Program p, Engine.Snapshot start, List<String> texts, int from, PrintWriter err, Source file) {
        StringWriter shown = new StringWriter();
        Sink sink = new Sink();
        Engine engine = new Engine(p, sink);
        engine.resume(start);
        List<Chunk> made = new ArrayList<>();
        Stmt current = null;
        int offset = 0;
        for (int i = 0; i < from; i++) {
            offset += texts.get(i).length();
        }
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
                made.add(new Chunk(texts.get(i), any, engine.snapshot(), trace.toString()));
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

    /** The statement as the user knows it: "line 12 (zap vm 0x10000)", or in a loaded file, "a.mmu:3 (...)". */
    private static String where(Stmt s, int offset, Source file) {
        Span span = s.span();
        if (file != null && span.start() >= offset) {
            return file.name() + ":" + file.line(span.start() - offset) + " (" + span.headline() + ")";
        }
        return "line " + span.line() + " (" + span.headline() + ")";
    }

    /** Runs the whole session again from the start, as {@code texts}, under the semantics {@code p} says. */
    private boolean rebuild(Program p, List<String> texts, String note, PrintWriter out, PrintWriter err,
            Source file) {
        Run run = run(p, null, texts, 0, err, file);
        if (run == null) {
            return false;
        }
        out.println(note);
        out.print(run.shown);
        chunks.clear();
        chunks.addAll(run.chunks);
        program = p;
        return true;
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

    // ---------------------------------------------------------------- commands

    /**
     * {@code :undo [N]}: drops the last {@code n} inputs that held statements (and any comments typed after them);
     * the state is the snapshot taken before the first of them, or, if they held the session's semantics line, a
     * new run of what is left.
     */
    boolean undo(int n, PrintWriter out, PrintWriter err) {
        List<Integer> held = new ArrayList<>();
        for (int k = 0; k < chunks.size(); k++) {
            if (chunks.get(k).statements()) {
                held.add(k);
            }
        }
        if (held.isEmpty()) {
            out.println("nothing to undo");
            return true;
        }
        if (n > held.size()) {
            Repl.error(err, "cannot undo " + n + " inputs: the session has " + held.size(), "expected :undo N with N"
                    + " at most " + held.size() + ", or :reset");
            return false;
        }
        int i = held.get(held.size() - n);
        StringBuilder what = new StringBuilder();
        int line = 1;
        for (int k = 0; k < chunks.size(); k++) {
            if (k >= i && chunks.get(k).statements()) {
                what.append(what.length() == 0 ? "" : "\n").append(undone(chunks.get(k), line));
            }
            line += chunks.get(k).lines();
        }
        List<String> keep = new ArrayList<>(texts().subList(0, i));
        Program p = null;
        if (!keep.isEmpty()) {
            p = new Frontend(dir).load(new Source(NAME, String.join("", keep)), null);
        }
        if (p != null && !p.semantics().equals(program.semantics())) {
            return rebuild(p, keep, "# " + what.toString().replace("\n", "\n# ") + "\n# re-running the session under "
                    + p.semantics().name(), out, err, null);
        }
        while (chunks.size() > i) {
            chunks.remove(chunks.size() - 1);
        }
        program = p;
        out.println(what);
        return true;
    }

    /** "undid line 7: zap vm 0x10000", or "undid lines 5-8: notifier A on vm { ... }". */
    private static String undone(Chunk c, int line) {
        return "undid " + (c.lines() == 1 ? "line " + line : "lines " + line + "-" + (line + c.lines() - 1)) + ": "
                + new Span(new Source(NAME, c.text()), 0, c.text().length() - 1).headline();
    }

    void reset() {
        chunks.clear();
        program = null;
    }

    /**
     * {@code :semantics NAME}: sets the session's {@code semantics} line (adding one as line 1 if it has none) and
     * runs the whole session again under that profile, printing its trace.
     */
    boolean semantics(String name, PrintWriter out, PrintWriter err) {
        if (name.equals(profile())) {
            out.println("the session already runs under " + name);
            return true;
        }
        if (!profiles().contains(name)) {
            Repl.error(err, "unknown semantics profile '" + name + "'", "expected one of: "
                    + String.join(", ", profiles()));
            return false;
        }
        if (chunks.isEmpty()) {
            return add("semantics " + name, null, out, err);
        }
        List<String> texts = texts();
        Ast.SemanticsStmt line = semanticsLine();
        if (line == null) {
            texts.add(0, "semantics " + name + "\n");
        } else {
            Span at = line.profile().span();
            if (at.source() != program.script().source()) {
                Repl.error(err, "the session's semantics line is in " + at.source().name(), "change it there");
                return false;
            }
            int offset = 0;
            for (int i = 0; i < texts.size(); i++) {
                String t = texts.get(i);
                if (at.start() < offset + t.length()) {
                    int s = at.start() - offset;
                    texts.set(i, t.substring(0, s) + name + t.substring(s + at.length()));
                    break;
                }
                offset += t.length();
            }
        }
        Frontend front = new Frontend(dir);
        Program p = front.load(new Source(NAME, String.join("", texts)), null);
        if (p == null) {
            err.print(front.diagnostics().render());
            return false;
        }
        return rebuild(p, texts, "# re-running the session under " + name + (line == null ? " (with 'semantics "
                + name + "' as its line 1)" : ""), out, err, null);
    }

    private Ast.SemanticsStmt semanticsLine() {
        if (program == null) {
            return null;
        }
        for (Stmt s : flatten(program.script().statements())) {
            if (s instanceof Ast.SemanticsStmt ss) {
                return ss;
            }
        }
        return null;
    }

    static List<Stmt> flatten(List<Stmt> stmts) {
        List<Stmt> out = new ArrayList<>();
        for (Stmt s : stmts) {
            if (s instanceof Ast.IncludeStmt i) {
                out.addAll(flatten(i.body()));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * {@code :show [WHAT]}: prints what the {@code show} statement would, without adding it to the session; with
     * no argument, every process, every device and the frames (and pins and TLBs if there are any).
     */
    boolean show(String what, PrintWriter out, PrintWriter err) {
        MachineState st = state();
        List<String> targets = new ArrayList<>();
        if (what == null) {
            targets.addAll(st.procs().keys());
            targets.addAll(st.instances().keys());
            targets.add("frames");
            if (!st.pins().isEmpty()) {
                targets.add("pins");
            }
            if (!st.tlbs().isEmpty()) {
                targets.add("tlb");
            }
        } else if (showTargets().contains(what)) {
            targets.add(what);
        } else {
            Repl.error(err, "nothing named '" + what + "' to show", "expected " + String.join(", ", showTargets()));
            return false;
        }
        Program p = program != null ? program : new Frontend(dir).load(new Source(NAME, ""), null);
        Engine engine = new Engine(p, e -> out.println(TextReport.render(e)));
        engine.resume(last());
        for (String t : targets) {
            Source src = new Source(":show", "show " + t);
            Span span = new Span(src, 5, t.length());
            engine.runUncounted(new Ast.ShowStmt(new Span(src, 0, src.text().length()), new Ast.Name(t, span)));
        }
        return true;
    }

    /** The threads the session has declared, and every step they can take, for {@code run T until STEP}. */
    record Threads(List<String> names, List<String> steps) {
    }

    Threads threads() {
        if (program == null) {
            return new Threads(List.of(), List.of());
        }
        Engine engine = new Engine(program, e -> { });
        engine.resume(last());
        List<String> names = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        try {
            engine.threadSteps().forEach((t, per) -> {
                names.add(t.name().text());
                per.steps().values().forEach(list -> list.stream().filter(x -> !steps.contains(x)).forEach(steps::add));
            });
        } catch (RuntimeException e) {
            // A thread whose device is gone lists nothing: completion offers what it can.
        }
        return new Threads(names, steps);
    }

    List<String> showTargets() {
        List<String> out = new ArrayList<>(List.of("frames", "tlb", "pins"));
        out.addAll(state().procs().keys());
        out.addAll(state().instances().keys());
        return out;
    }

    // ---------------------------------------------------------------- names, for completion and highlighting

    /** The names a session knows now, each list in a stable order. */
    SessionNames.Names names() {
        return SessionNames.of(state(), statements());
    }

    List<String> profiles() {
        return SessionNames.profiles(statements());
    }

    /** Every statement of the session, includes flattened. */
    private List<Stmt> statements() {
        return program == null ? List.of() : flatten(program.script().statements());
    }
}
