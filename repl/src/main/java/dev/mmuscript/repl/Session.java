package dev.mmuscript.repl;

import dev.mmuscript.engine.Engine;
import dev.mmuscript.engine.Program;
import dev.mmuscript.front.Frontend;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.report.TextReport;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Ast.Stmt;
import dev.mmuscript.syntax.Source;
import dev.mmuscript.syntax.Span;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    private final Path dir;
    private final List<AcceptedInput> inputs = new ArrayList<>();
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
        inputs.forEach(c -> b.append(c.text()));
        return b.toString();
    }

    /** The trace of the accepted statements, as {@code mmu run} prints it between its header and its end. */
    String trace() {
        StringBuilder b = new StringBuilder();
        inputs.forEach(c -> b.append(c.trace()));
        return b.toString();
    }

    boolean hasStatements() {
        return inputs.stream().anyMatch(AcceptedInput::statements);
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
        return view().state();
    }

    private Engine.Snapshot last() {
        return inputs.isEmpty() ? null : inputs.get(inputs.size() - 1).after();
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
        InputRunner.Run run = runner().run(p, last(), texts, texts.size() - 1, err, file);
        if (run == null) {
            return false;
        }
        out.print(run.shown());
        inputs.addAll(run.inputs());
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
        InputRunner.Run again = runner().run(p, null, texts(), 0, err, null);
        if (again == null) {
            return;
        }
        List<Integer> changed = new ArrayList<>();
        int line = 1;
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).trace().equals(again.inputs().get(i).trace())) {
                changed.add(line);
            }
            line += inputs.get(i).lines();
        }
        inputs.clear();
        inputs.addAll(again.inputs());
        if (!changed.isEmpty()) {
            out.println("note: an expectation counts for the whole script, as in mmu run: what line"
                    + (changed.size() == 1 ? " " : "s ") + String.join(", ", changed.stream().map(String::valueOf)
                    .toList()) + " reported is now expected");
        }
    }

    private InputRunner runner() {
        return new InputRunner(level, watcher);
    }

    private List<String> texts() {
        List<String> out = new ArrayList<>();
        inputs.forEach(c -> out.add(c.text()));
        return out;
    }

    /** Runs the whole session again from the start, as {@code texts}, under the semantics {@code p} says. */
    private boolean rebuild(Program p, List<String> texts, String note, PrintWriter out, PrintWriter err,
            Source file) {
        InputRunner.Run run = runner().run(p, null, texts, 0, err, file);
        if (run == null) {
            return false;
        }
        out.println(note);
        out.print(run.shown());
        inputs.clear();
        inputs.addAll(run.inputs());
        program = p;
        return true;
    }

    // ---------------------------------------------------------------- commands

    /**
     * {@code :undo [N]}: drops the last {@code n} inputs that held statements (and any comments typed after them);
     * the state is the snapshot taken before the first of them, or, if they held the session's semantics line, a
     * new run of what is left.
     */
    boolean undo(int n, PrintWriter out, PrintWriter err) {
        List<Integer> held = new ArrayList<>();
        for (int k = 0; k < inputs.size(); k++) {
            if (inputs.get(k).statements()) {
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
        for (int k = 0; k < inputs.size(); k++) {
            if (k >= i && inputs.get(k).statements()) {
                what.append(what.length() == 0 ? "" : "\n").append(undone(inputs.get(k), line));
            }
            line += inputs.get(k).lines();
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
        while (inputs.size() > i) {
            inputs.remove(inputs.size() - 1);
        }
        program = p;
        out.println(what);
        return true;
    }

    /** "undid line 7: zap vm 0x10000", or "undid lines 5-8: notifier A on vm { ... }". */
    private static String undone(AcceptedInput c, int line) {
        return "undid " + (c.lines() == 1 ? "line " + line : "lines " + line + "-" + (line + c.lines() - 1)) + ": "
                + new Span(new Source(NAME, c.text()), 0, c.text().length() - 1).headline();
    }

    void reset() {
        inputs.clear();
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
        if (inputs.isEmpty()) {
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

    /** {@code :show [WHAT]}: see {@link SnapshotView#show}. */
    boolean show(String what, PrintWriter out, PrintWriter err) {
        return view().show(what, out, err);
    }

    SnapshotView.Threads threads() {
        return view().threads();
    }

    List<String> showTargets() {
        return view().showTargets();
    }

    private SnapshotView view() {
        return new SnapshotView(program, last(), dir);
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
