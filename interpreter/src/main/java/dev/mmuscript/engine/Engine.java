package dev.mmuscript.engine;

import dev.mmuscript.check.Invariants;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.model.PMap;
import dev.mmuscript.model.Violation;
import dev.mmuscript.ops.Exec;
import dev.mmuscript.ops.Task;
import dev.mmuscript.semantics.Semantics;
import dev.mmuscript.syntax.Ast.*;
import dev.mmuscript.syntax.ScriptError;
import dev.mmuscript.syntax.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The sequential scheduler: runs a program's statements in order, each to completion, over the run's machine with
 * the run's {@link Runtime} (the code compiled for the program and its semantics), reporting what it finds in the
 * run's {@link Findings} and ending with the quiescence checks and a {@link Verdict}.
 */
public final class Engine {
    private final Program program;
    private final Machine machine = new Machine();
    private final Exec exec = new Exec(machine);
    private final Threads threads;
    private final Consumer<Event> out;
    private final Findings findings;
    private final Statements statements;

    public Engine(Program program, Consumer<Event> out) {
        this(program, out, Budget.unbounded());
    }

    /** An engine whose every step is counted against {@code budget} (which throws when a bound is hit). */
    public Engine(Program program, Consumer<Event> out, Budget budget) {
        this.program = program;
        this.out = out;
        this.findings = new Findings(out);
        machine.sink(e -> {
            if (e instanceof Event.Step) {
                budget.step();
            } else if (e instanceof Event.Warning w) {
                findings.warning(w);
            }
            out.accept(e);
        });
        machine.violations(findings::violation);
        threads = new Threads(machine, exec, new ThreadPrograms(s -> runtime().statements().of(s),
                this::runWhole), t -> runtime().drivers().giveUp(t),
                (t, lock) -> runtime().drivers().abortIfSelfHeld(t, lock));
        statements = new Statements(program, machine, exec, Runtime.of(program, machine, exec), threads, findings, out,
                budget, this::runAll);
    }

    /** Runs a statement that is not the script's (the REPL's {@code :show}): neither counted nor announced. */
    public void runUncounted(Stmt s) {
        s.accept(statements);
    }

    /** A thread's statement that has no step program of its own, run whole as one step. */
    private void runWhole(Stmt s) {
        s.accept(statements);
    }

    /** The code the run executes now: the program's, under the semantics as the last {@code set} left them. */
    private Runtime runtime() {
        return statements.runtime();
    }

    public Machine machine() {
        return machine;
    }

    /** What runs the threads' steps on the machine (the explorer's tests drive it directly). */
    Exec exec() {
        return exec;
    }

    /** The script's threads. */
    Threads threads() {
        return threads;
    }

    /** Runs the whole program; a {@link ScriptError} ends it early (the verdict then says aborted). */
    public Verdict run() {
        findings.expect(program.script().statements(), statements::applies);
        runAll(program.script().statements());
        return finish();
    }

    /** Runs statements without the closing checks (the REPL runs one line at a time). */
    public void runAll(List<Stmt> stmts) {
        for (Stmt s : stmts) {
            runOne(s);
        }
    }

    public void runOne(Stmt s) {
        if (!(s instanceof IncludeStmt)) {
            findings.statement(where(s.span()));
            out.accept(new Event.Statement(findings.where(), s.span().headline()));
        }
        try {
            s.accept(statements);
        } catch (Exec.TooDeep e) {
            throw new ScriptError(s.span(), e.getMessage(),
                    "a handler that faults or walks a page it is being told about re-enters the kernel path that"
                            + " called it; the kernel would recurse until its stack overflows");
        } catch (Exec.Blocked e) {
            throw new ScriptError(s.span(), "this statement waits for " + e.getMessage()
                    + ", which a thread holds", "run that thread to its end first");
        }
    }

    /**
     * Every thread the script declares, with the steps each of its statements can take (after a run of the
     * script, when its devices exist): what {@code mmu steps} prints.
     */
    public java.util.Map<ThreadStmt, ThreadSteps> threadSteps() {
        return threads.steps(inst -> runtime().drivers().handlerSteps(inst, "fault"));
    }

    private String where(Span span) {
        String w = Integer.toString(span.line());
        return span.source() == program.script().source() ? w : span.source().name() + ":" + w;
    }

    /** Whether a statement's {@code if semantics ...} holds for the profile this run uses. */
    public boolean applies(SemCond c) {
        return statements.applies(c);
    }

    /** The end of the script: quiescence checks, then the verdict. */
    public Verdict finish() {
        threads.finish();
        List<Violation> found = new ArrayList<>(Invariants.check(machine.state(), null, true));
        found.addAll(Invariants.pageLeaks(machine.state()));
        findings.atEnd();
        if (found.stream().anyMatch(v -> !findings.reported(v))) {
            out.accept(new Event.Statement("end", "(end of script: final checks)"));
            found.forEach(findings::violation);
        }
        return findings.verdict(program.semantics().name());
    }

    /**
     * The run so far as one value, for a REPL to go back to or to continue on a grown script: the machine's state
     * (immutable, so this is cheap), the knobs as {@code set} left them, and what has been reported and counted.
     */
    public record Snapshot(MachineState machine, PMap<String, Task> threads, Semantics semantics,
            List<String> reported, List<String> seenExpected, List<String> unexpected, int statements, int assertions,
            int failedAssertions) {
    }

    public Snapshot snapshot() {
        return findings.snapshot(machine.state(), threads.tasks(), runtime().semantics());
    }

    /**
     * Prepares to continue a run from {@code from} (or from the start when null) with {@link #runOne}: collects
     * this engine's program's expectations and puts the snapshot back. The REPL makes a new engine for each line
     * it accepts, over the session's script grown by that line, and resumes it from the last snapshot.
     */
    public void resume(Snapshot from) {
        findings.expect(program.script().statements(), statements::applies);
        for (Stmt s : program.script().statements()) {
            if (s instanceof ThreadStmt t) {
                threads.declare(t);
            }
        }
        if (from == null) {
            return;
        }
        machine.restore(from.machine());
        threads.restore(from.threads());
        if (!from.semantics().equals(runtime().semantics())) {
            statements.use(runtime().with(from.semantics()));
        }
        findings.restore(from);
    }

    public Verdict aborted() {
        return findings.aborted(program.semantics().name());
    }
}
