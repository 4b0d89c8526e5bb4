package dev.mmuscript.engine;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Range;
import dev.mmuscript.ops.Exec;
import dev.mmuscript.ops.Task;
import dev.mmuscript.semantics.Knob;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Ast.*;
import dev.mmuscript.syntax.ScriptError;
import java.util.List;
import java.util.function.Consumer;

/**
 * What each top-level statement does when it runs to completion: a kernel path or a device fault runs its step
 * program to its end; declarations, threads, assertions and {@code set} do what they say. The code it runs is the
 * current {@link Runtime}'s: the program's, compiled for the semantics as the last {@code set} left them.
 */
final class Statements implements Ast.Visitor<Void> {
    private final Program program;
    private final Machine machine;
    private final Exec exec;
    private final Threads threads;
    private final Findings findings;
    private final Assertions assertions;
    private final Consumer<Event> out;
    private final Budget budget;
    private final Consumer<List<Stmt>> runAll;
    private Runtime runtime;

    /** {@code runAll} runs the statements of an included file, each as a statement of its own. */
    Statements(Program program, Machine machine, Exec exec, Runtime runtime, Threads threads, Findings findings,
            Consumer<Event> out, Budget budget, Consumer<List<Stmt>> runAll) {
        this.program = program;
        this.machine = machine;
        this.exec = exec;
        this.runtime = runtime;
        this.threads = threads;
        this.findings = findings;
        this.assertions = new Assertions(findings, out);
        this.out = out;
        this.budget = budget;
        this.runAll = runAll;
    }

    Runtime runtime() {
        return runtime;
    }

    /** Goes on with {@code other} (a REPL resuming under the knobs a snapshot kept). */
    void use(Runtime other) {
        runtime = other;
    }

    /** Whether a statement's {@code if semantics ...} holds for the profile this run uses. */
    boolean applies(SemCond c) {
        return c == null || Expectations.selects(c.selectors(), program.semantics().lineage());
    }

    @Override
    public Void visit(ThreadStmt s) {
        threads.declare(s);
        return null;
    }

    @Override
    public Void visit(RunStmt s) {
        threads.run(s);
        return null;
    }

    /** {@code explore T, U [max N]}: see {@link ExploreRun}; one that stops at its bound makes the verdict UNKNOWN. */
    @Override
    public Void visit(ExploreStmt s) {
        long max = s.max() == null ? budget.maxStates() : num(s.max());
        if (new ExploreRun(machine, exec, budget, threads, out, findings::violation).run(s, max)) {
            findings.unknown();
        }
        return null;
    }

    // ---------------------------------------------------------------- helpers

    /** Runs a statement's step program to its end, as the statement. */
    private Void runCompiled(Stmt s) {
        runtime.runToEnd(runtime.statements().of(s));
        return null;
    }

    private long num(Expr e) {
        return runtime.operands().num(e);
    }

    private int cpu(Expr e) {
        return runtime.operands().cpu(e);
    }

    /** A CPU access of the page at {@code va}; false after a SIGSEGV. */
    private boolean access(Name proc, long va, boolean write, Long value, int cpu, boolean touchOnly) {
        return runtime.kernel().userAccess(proc.text(), va, write, value, cpu, touchOnly);
    }

    // ---------------------------------------------------------------- statements

    @Override
    public Void visit(SemanticsStmt s) {
        if (!s.profile().text().equals(program.semantics().lineage().get(0))) {
            out.accept(new Event.Overridden(program.semantics().name()));
        }
        return null;
    }

    /**
     * {@code set KNOB = VALUE}: the code compiled for the old semantics is replaced by code for the new. A thread
     * stopped in the middle of its code runs under the semantics it started with, so none may be unfinished.
     */
    @Override
    public Void visit(SetStmt s) {
        for (Task t : threads.tasks().values()) {
            if (!t.done()) {
                throw new ScriptError(s.span(), "'set' cannot change the semantics while thread " + t.name()
                        + " is unfinished", "the semantics are fixed for a run of threads: run " + t.name()
                        + " to its end first");
            }
        }
        Knob k = Knob.byKey(s.knob().text());
        runtime = runtime.with(runtime.semantics().with(k, s.value().text(), "set"));
        return null;
    }

    @Override
    public Void visit(IncludeStmt s) {
        runAll.accept(s.body());
        return null;
    }

    @Override
    public Void visit(ProcessStmt s) {
        runtime.kernel().createProcess(s.name().text());
        return null;
    }

    @Override
    public Void visit(MmapStmt s) {
        return runCompiled(s);
    }

    @Override
    public Void visit(FileStmt s) {
        runtime.kernel().createFile(s.name().text(), num(s.pages()));
        return null;
    }

    @Override
    public Void visit(ForkStmt s) {
        return runCompiled(s);
    }

    @Override
    public Void visit(MremapStmt s) {
        return runCompiled(s);
    }

    @Override
    public Void visit(AgeStmt s) {
        return runCompiled(s);
    }

    @Override
    public Void visit(ReclaimStmt s) {
        return runCompiled(s);
    }

    @Override
    public Void visit(MigrateStmt s) {
        return runCompiled(s);
    }

    @Override
    public Void visit(WritebackStmt s) {
        return runCompiled(s);
    }

    @Override
    public Void visit(KsmMergeStmt s) {
        return runCompiled(s);
    }

    @Override
    public Void visit(RemapFilePagesStmt s) {
        return runCompiled(s);
    }

    @Override
    public Void visit(MunmapStmt s) {
        return runCompiled(s);
    }

    @Override
    public Void visit(MprotectStmt s) {
        return runCompiled(s);
    }

    /** {@code touch}: each page accessed in turn (a present page at once), until one is not allowed. */
    @Override
    public Void visit(TouchStmt s) {
        Range r = runtime.operands().range(s.range());
        for (long va = r.start(); va < r.end(); va += Range.PAGE) {
            if (!access(s.proc(), va, s.write(), null, 0, true)) {
                break;
            }
        }
        return null;
    }

    @Override
    public Void visit(WriteStmt s) {
        access(s.proc(), Operands.page(num(s.addr())), true, num(s.value()), cpu(s.cpu()), false);
        return null;
    }

    @Override
    public Void visit(ReadStmt s) {
        access(s.proc(), Operands.page(num(s.addr())), false, null, cpu(s.cpu()), false);
        return null;
    }

    @Override
    public Void visit(ZapStmt s) {
        return runCompiled(s);
    }

    @Override
    public Void visit(MadviseStmt s) {
        return runCompiled(s);
    }

    @Override
    public Void visit(OomReapStmt s) {
        return runCompiled(s);
    }

    @Override
    public Void visit(ExitStmt s) {
        return runCompiled(s);
    }

    @Override
    public Void visit(GupStmt s) {
        return runCompiled(s);
    }

    @Override
    public Void visit(UnpinStmt s) {
        return runCompiled(s);
    }

    @Override
    public Void visit(AttachStmt s) {
        return runCompiled(s);
    }

    @Override
    public Void visit(DetachStmt s) {
        return runCompiled(s);
    }

    @Override
    public Void visit(DeviceFaultStmt s) {
        return runCompiled(s);
    }

    @Override
    public Void visit(DeviceReadStmt s) {
        runtime.drivers().access(s.inst().text(), Operands.page(num(s.addr())), false, 0);
        return null;
    }

    @Override
    public Void visit(DeviceWriteStmt s) {
        runtime.drivers().access(s.inst().text(), Operands.page(num(s.addr())), true, num(s.value()));
        return null;
    }

    /** {@code notifier NAME on P { ... }}: its driver is the program's (compiled with the others); attach it. */
    @Override
    public Void visit(NotifierStmt s) {
        runtime.runToEnd(runtime.kernel().attachCode(s.name().text(), s.proc().text(), s.name().text()));
        return null;
    }

    @Override
    public Void visit(DriverStmt s) {
        return null;
    }

    @Override
    public Void visit(ProfileStmt s) {
        return null;
    }

    @Override
    public Void visit(AssertCoherentStmt s) {
        if (!applies(s.when())) {
            out.accept(new Event.NotThisEra(program.semantics().name(), false));
            return null;
        }
        assertions.coherent(s, machine.state());
        return null;
    }

    @Override
    public Void visit(AssertStmt s) {
        if (!applies(s.when())) {
            out.accept(new Event.NotThisEra(program.semantics().name(), false));
            return null;
        }
        assertions.holds(s, runtime.eval());
        return null;
    }

    @Override
    public Void visit(ExpectStmt s) {
        if (!applies(s.when())) {
            out.accept(new Event.NotThisEra(program.semantics().name(), true));
        }
        return null;
    }

    @Override
    public Void visit(RequiresStmt s) {
        return null;
    }

    @Override
    public Void visit(ShowStmt s) {
        new StateView(machine.state(), line -> out.accept(new Event.ShowLine(line))).show(s.what().text());
        return null;
    }
}
