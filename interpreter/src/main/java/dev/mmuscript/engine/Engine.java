package dev.mmuscript.engine;

import dev.mmuscript.check.Invariants;
import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.kernel.Kernel;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.Instance;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.model.Prot;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.Violation;
import dev.mmuscript.ops.Exec;
import dev.mmuscript.ops.Task;
import dev.mmuscript.model.PMap;
import dev.mmuscript.semantics.Knob;
import dev.mmuscript.semantics.Semantics;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Ast.*;
import dev.mmuscript.syntax.ScriptError;
import dev.mmuscript.syntax.Span;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The sequential scheduler: runs a program's statements in order, each to completion, turning violations into
 * events (expected or not) and ending with the quiescence checks and a {@link Verdict}.
 */
public final class Engine implements Ast.Visitor<Void> {
    private final Program program;
    private final Machine machine = new Machine();
    private final Drivers drivers;
    private final Kernel kernel;
    private final Threads threads;
    private final Operands operands;
    private final StatementCode code;
    private final Consumer<Event> out;
    private final Set<String> reported = new LinkedHashSet<>();
    private Expectations expectations = Expectations.collect(List.of(), c -> true);
    /** The line of the statement running, as the trace names it (for expectations scoped to a line). */
    private String where = "";
    private final Set<String> seenExpected = new LinkedHashSet<>();
    private final Set<String> unexpected = new LinkedHashSet<>();
    /** The explores that stopped at their bound ("line 12"). */
    private final List<String> unknown = new java.util.ArrayList<>();
    private final Budget budget;
    private final Exec exec;
    private int statements;
    private int assertions;
    private int failedAssertions;

    public Engine(Program program, Consumer<Event> out) {
        this(program, out, Budget.unbounded());
    }

    /** An engine whose every step is counted against {@code budget} (which throws when a bound is hit). */
    public Engine(Program program, Consumer<Event> out, Budget budget) {
        this.program = program;
        this.out = out;
        this.budget = budget;
        machine.sink(e -> {
            if (e instanceof Event.Step) {
                budget.step();
            }
            out.accept(e);
        });
        machine.violations(this::violation);
        exec = new Exec(machine);
        drivers = new Drivers(machine, exec);
        operands = new Operands(drivers.eval());
        program.drivers().values().forEach(drivers::define);
        kernel = new Kernel(machine, drivers, program.semantics());
        code = new StatementCode(kernel, drivers, operands);
        threads = new Threads(machine, exec, new ThreadPrograms(code::of, st -> st.accept(this)),
                drivers::giveUp, drivers::abortIfSelfHeld);
    }

    public Machine machine() {
        return machine;
    }

    /** Runs the whole program; a {@link ScriptError} ends it early (the verdict then says aborted). */
    public Verdict run() {
        collectExpectations(program.script().statements());
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
            statements++;
            where = where(s.span());
            out.accept(new Event.Statement(where, s.span().headline()));
        }
        try {
            s.accept(this);
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
        return threads.steps(inst -> drivers.handlerSteps(inst, "fault"));
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
        if (new ExploreRun(machine, exec, budget, threads, out, this::violation).run(s, max)) {
            unknown.add(where);
        }
        return null;
    }

    private String where(Span span) {
        String w = Integer.toString(span.line());
        return span.source() == program.script().source() ? w : span.source().name() + ":" + w;
    }

    private void collectExpectations(List<Stmt> stmts) {
        expectations = Expectations.collect(stmts, this::applies);
    }

    /** Whether a statement's {@code if semantics ...} holds for the profile this run uses. */
    public boolean applies(SemCond c) {
        return c == null || Expectations.selects(c.selectors(), program.semantics().lineage());
    }

    private void violation(Violation v) {
        if (!reported.add(v.key())) {
            return;
        }
        List<String> met = expectations.met(v, where);
        boolean expected = !met.isEmpty();
        if (expected) {
            seenExpected.addAll(met);
        } else {
            unexpected.add(v.kind());
        }
        out.accept(new Event.ViolationFound(v, expected));
    }

    /** The end of the script: quiescence checks, then the verdict. */
    public Verdict finish() {
        threads.finish();
        List<Violation> found = new ArrayList<>(Invariants.check(machine.state(), null, true));
        found.addAll(Invariants.pageLeaks(machine.state()));
        where = "end";
        if (found.stream().anyMatch(v -> !reported.contains(v.key()))) {
            out.accept(new Event.Statement("end", "(end of script: final checks)"));
            found.forEach(this::violation);
        }
        List<String> missing = expectations.missing(seenExpected);
        return new Verdict(program.semantics().name(), statements, assertions, failedAssertions,
                List.copyOf(seenExpected), List.copyOf(unexpected), missing, false, List.copyOf(unknown));
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
        return new Snapshot(machine.state(), threads.tasks(), kernel.semantics(), List.copyOf(reported),
                List.copyOf(seenExpected), List.copyOf(unexpected), statements, assertions, failedAssertions);
    }

    /**
     * Prepares to continue a run from {@code from} (or from the start when null) with {@link #runOne}: collects
     * this engine's program's expectations and puts the snapshot back. The REPL makes a new engine for each line
     * it accepts, over the session's script grown by that line, and resumes it from the last snapshot.
     */
    public void resume(Snapshot from) {
        collectExpectations(program.script().statements());
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
        kernel.semantics(from.semantics());
        reported.clear();
        reported.addAll(from.reported());
        seenExpected.clear();
        seenExpected.addAll(from.seenExpected());
        unexpected.clear();
        unexpected.addAll(from.unexpected());
        statements = from.statements();
        assertions = from.assertions();
        failedAssertions = from.failedAssertions();
    }

    public Verdict aborted() {
        return new Verdict(program.semantics().name(), statements, assertions, failedAssertions,
                List.copyOf(seenExpected), List.copyOf(unexpected), List.of(), true, List.copyOf(unknown));
    }

    // ---------------------------------------------------------------- helpers

    private long num(Expr e) {
        return operands.num(e);
    }

    private Range range(RangeExpr r) {
        return operands.range(r);
    }

    private int cpu(Expr e) {
        return operands.cpu(e);
    }

    // ---------------------------------------------------------------- statements

    @Override
    public Void visit(SemanticsStmt s) {
        if (!s.profile().text().equals(program.semantics().lineage().get(0))) {
            out.accept(new Event.Overridden(program.semantics().name()));
        }
        return null;
    }

    @Override
    public Void visit(SetStmt s) {
        Knob k = Knob.byKey(s.knob().text());
        Semantics now = kernel.semantics().with(k, s.value().text(), "set");
        kernel.semantics(now);
        return null;
    }

    @Override
    public Void visit(IncludeStmt s) {
        runAll(s.body());
        return null;
    }

    @Override
    public Void visit(ProcessStmt s) {
        kernel.createProcess(s.name().text());
        return null;
    }

    @Override
    public Void visit(MmapStmt s) {
        if (s.file() == null) {
            kernel.mmap(s.proc().text(), range(s.range()), Prot.parse(s.prot().text()), s.shared());
        } else {
            kernel.mmapFile(s.proc().text(), range(s.range()), Prot.parse(s.prot().text()), s.file().text(),
                    num(s.offset()), s.shared(), s.nonlinear());
        }
        return null;
    }

    @Override
    public Void visit(FileStmt s) {
        kernel.createFile(s.name().text(), num(s.pages()));
        return null;
    }

    @Override
    public Void visit(ForkStmt s) {
        kernel.fork(s.proc().text(), s.child().text());
        return null;
    }

    @Override
    public Void visit(MremapStmt s) {
        kernel.mremap(s.proc().text(), range(s.range()), num(s.dest()));
        return null;
    }

    @Override
    public Void visit(ReclaimStmt s) {
        kernel.reclaim(s.proc().text(), range(s.range()));
        return null;
    }

    @Override
    public Void visit(MigrateStmt s) {
        kernel.migrate(s.proc().text(), range(s.range()));
        return null;
    }

    @Override
    public Void visit(WritebackStmt s) {
        kernel.writeback(s.file().text());
        return null;
    }

    @Override
    public Void visit(KsmMergeStmt s) {
        kernel.ksmMerge(s.proc().text(), Operands.page(num(s.addr())), Operands.page(num(s.other())));
        return null;
    }

    @Override
    public Void visit(RemapFilePagesStmt s) {
        kernel.remapFilePages(s.proc().text(), range(s.range()), num(s.pgoff()));
        return null;
    }

    @Override
    public Void visit(MunmapStmt s) {
        kernel.munmap(s.proc().text(), range(s.range()));
        return null;
    }

    @Override
    public Void visit(MprotectStmt s) {
        kernel.mprotect(s.proc().text(), range(s.range()), Prot.parse(s.prot().text()));
        return null;
    }

    @Override
    public Void visit(TouchStmt s) {
        Range r = range(s.range());
        for (long va = r.start(); va < r.end(); va += Range.PAGE) {
            if (!kernel.userAccess(s.proc().text(), va, s.write(), null, 0, true)) {
                break;
            }
        }
        return null;
    }

    @Override
    public Void visit(WriteStmt s) {
        kernel.userAccess(s.proc().text(), Operands.page(num(s.addr())), true, num(s.value()), cpu(s.cpu()), false);
        return null;
    }

    @Override
    public Void visit(ReadStmt s) {
        kernel.userAccess(s.proc().text(), Operands.page(num(s.addr())), false, null, cpu(s.cpu()), false);
        return null;
    }

    @Override
    public Void visit(ZapStmt s) {
        kernel.zap(s.proc().text(), range(s.range()), "zap");
        return null;
    }

    @Override
    public Void visit(MadviseStmt s) {
        kernel.zap(s.proc().text(), range(s.range()), "madvise");
        return null;
    }

    @Override
    public Void visit(OomReapStmt s) {
        kernel.oomReap(s.proc().text());
        return null;
    }

    @Override
    public Void visit(ExitStmt s) {
        kernel.exit(s.proc().text());
        return null;
    }

    @Override
    public Void visit(GupStmt s) {
        kernel.pin(s.proc().text(), range(s.range()), s.write(), s.pin().text());
        return null;
    }

    @Override
    public Void visit(UnpinStmt s) {
        kernel.unpin(s.pin().text());
        return null;
    }

    @Override
    public Void visit(AttachStmt s) {
        kernel.attach(s.driver().text(), s.proc().text(), s.inst().text());
        return null;
    }

    @Override
    public Void visit(DetachStmt s) {
        kernel.detach(s.inst().text());
        return null;
    }

    @Override
    public Void visit(DeviceFaultStmt s) {
        drivers.fault(s.inst().text(), Operands.page(num(s.addr())), s.write());
        return null;
    }

    @Override
    public Void visit(DeviceReadStmt s) {
        drivers.access(s.inst().text(), Operands.page(num(s.addr())), false, 0);
        return null;
    }

    @Override
    public Void visit(DeviceWriteStmt s) {
        drivers.access(s.inst().text(), Operands.page(num(s.addr())), true, num(s.value()));
        return null;
    }

    @Override
    public Void visit(NotifierStmt s) {
        drivers.define(s.def());
        kernel.attach(s.name().text(), s.proc().text(), s.name().text());
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
        assertions++;
        String only = s.inst() == null ? null : s.inst().text();
        List<Violation> found = Invariants.check(machine.state(), only, true);
        for (Violation v : found) {
            if (reported.contains(v.key())) {
                out.accept(new Event.ViolationFound(v, expectations.covers(v, where)));
            } else {
                violation(v);
            }
        }
        int entries = 0;
        for (Instance i : machine.state().instances().values()) {
            if (i.attached() && (only == null || only.equals(i.name()))) {
                entries += i.shadow().size();
            }
        }
        if (found.isEmpty()) {
            out.accept(new Event.AssertResult(true, "coherent", entries == 0 ? "no shadow entries to check"
                    : entries + (entries == 1 ? " shadow entry agrees" : " shadow entries agree")
                    + " with the page tables"));
        } else if (found.stream().anyMatch(v -> !expectations.covers(v, where))) {
            failedAssertions++;
            long bad = found.stream().filter(v -> !expectations.covers(v, where)).count();
            out.accept(new Event.AssertResult(false, "coherent", bad + (bad == 1 ? " unexpected violation"
                    : " unexpected violations")));
        } else {
            out.accept(new Event.AssertResult(true, "coherent except for expected violations",
                    Integer.toString(found.size())));
        }
        return null;
    }

    @Override
    public Void visit(AssertStmt s) {
        if (!applies(s.when())) {
            out.accept(new Event.NotThisEra(program.semantics().name(), false));
            return null;
        }
        assertions++;
        String text = s.cond().span().text();
        try {
            long v = drivers.eval().eval(s.cond(), null);
            if (v != 0) {
                out.accept(new Event.AssertResult(true, text, ""));
            } else {
                failedAssertions++;
                out.accept(new Event.AssertResult(false, text, explain(s.cond())));
            }
        } catch (ScriptError e) {
            failedAssertions++;
            out.accept(new Event.AssertResult(false, text, e.getMessage()));
        }
        return null;
    }

    /** For a failed comparison, the values of both sides. */
    private String explain(Expr e) {
        if (e instanceof Binary b && List.of("==", "!=", "<", "<=", ">", ">=").contains(b.op())) {
            return side(b.left()) + ", " + side(b.right());
        }
        return side(e);
    }

    private String side(Expr e) {
        if (e instanceof Num) {
            return e.span().text();
        }
        return e.span().text() + " is " + drivers.eval().eval(e, null);
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
