package dev.mmuscript.repl;

import dev.mmuscript.engine.Engine;
import dev.mmuscript.engine.Program;
import dev.mmuscript.front.Frontend;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.report.TextReport;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Source;
import dev.mmuscript.syntax.Span;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the machine at a session's last snapshot looks like, without changing the session: {@code :show}, the
 * targets it can name, and the threads' steps that completion offers.
 */
final class SnapshotView {
    private final Program program;
    private final Engine.Snapshot last;
    private final Path dir;

    /**
     * @param program the session's script, null while it is empty
     * @param last the snapshot after its last input, null while it is empty
     * @param dir the directory {@code include} paths are relative to
     */
    SnapshotView(Program program, Engine.Snapshot last, Path dir) {
        this.program = program;
        this.last = last;
        this.dir = dir;
    }

    /** The threads the session has declared, and every step they can take, for {@code run T until STEP}. */
    record Threads(List<String> names, List<String> steps) {
    }

    MachineState state() {
        return last == null ? MachineState.initial() : last.machine();
    }

    /**
     * {@code :show [WHAT]}: prints what the {@code show} statement would, without adding it to the session; with
     * no argument, every process, every device and the frames (and pins and TLBs if there are any).
     */
    boolean show(String what, PrintWriter out, PrintWriter err) {
        List<String> targets = new ArrayList<>();
        if (what == null) {
            targets.addAll(everything());
        } else if (showTargets().contains(what)) {
            targets.add(what);
        } else {
            Repl.error(err, "nothing named '" + what + "' to show", "expected " + String.join(", ", showTargets()));
            return false;
        }
        Program p = program != null ? program : new Frontend(dir).load(new Source(Session.NAME, ""), null);
        Engine engine = new Engine(p, e -> out.println(TextReport.render(e)));
        engine.resume(last);
        for (String t : targets) {
            Source src = new Source(":show", "show " + t);
            Span span = new Span(src, 5, t.length());
            new Ast.ShowStmt(new Span(src, 0, src.text().length()), new Ast.Name(t, span)).accept(engine);
        }
        return true;
    }

    /** What {@code :show} alone shows. */
    private List<String> everything() {
        MachineState st = state();
        List<String> targets = new ArrayList<>();
        targets.addAll(st.procs().keys());
        targets.addAll(st.instances().keys());
        targets.add("frames");
        if (!st.pins().isEmpty()) {
            targets.add("pins");
        }
        if (!st.tlbs().isEmpty()) {
            targets.add("tlb");
        }
        return targets;
    }

    List<String> showTargets() {
        List<String> out = new ArrayList<>(List.of("frames", "tlb", "pins"));
        out.addAll(state().procs().keys());
        out.addAll(state().instances().keys());
        return out;
    }

    Threads threads() {
        if (program == null) {
            return new Threads(List.of(), List.of());
        }
        Engine engine = new Engine(program, e -> { });
        engine.resume(last);
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
}
