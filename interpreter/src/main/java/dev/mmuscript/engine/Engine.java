package dev.mmuscript.engine;

import dev.mmuscript.check.Invariants;
import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.kernel.Kernel;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.Instance;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Prot;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.Violation;
import dev.mmuscript.ops.Exec;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Task;
import dev.mmuscript.model.PMap;
import dev.mmuscript.semantics.Knob;
import dev.mmuscript.semantics.Semantics;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Ast.*;
import dev.mmuscript.syntax.ScriptError;
import dev.mmuscript.syntax.Span;
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
        threads = new Threads(machine, exec, new ThreadPrograms(this::compiled, st -> st.accept(this)),
                drivers::giveUp, drivers::abortIfSelfHeld);
        program.drivers().values().forEach(drivers::define);
        kernel = new Kernel(machine, drivers, program.semantics());
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

    /** The code of a statement whose path has steps of its own, for a thread to run step by step; else null. */
    private Invocation compiled(Stmt s) {
        if (s instanceof DeviceFaultStmt f) {
            return drivers.faultInvocation(f.inst().text(), page(num(f.addr())), f.write());
        }
        if (s instanceof ReclaimStmt r) {
            return kernel.reclaimCode(r.proc().text(), range(r.range()));
        }
        if (s instanceof MigrateStmt r) {
            return kernel.migrateCode(r.proc().text(), range(r.range()));
        }
        if (s instanceof WritebackStmt w) {
            return kernel.writebackCode(w.file().text());
        }
        if (s instanceof ZapStmt z) {
            return kernel.zapInvocation(z.proc().text(), range(z.range()), "zap");
        }
        if (s instanceof MadviseStmt z) {
            return kernel.zapInvocation(z.proc().text(), range(z.range()), "madvise");
        }
        if (s instanceof MunmapStmt z) {
            return kernel.munmapInvocation(z.proc().text(), range(z.range()));
        }
        if (s instanceof WriteStmt w) {
            return kernel.accessInvocation(w.proc().text(), page(num(w.addr())), true, num(w.value()), cpu(w.cpu()));
        }
        if (s instanceof ReadStmt w) {
            return kernel.accessInvocation(w.proc().text(), page(num(w.addr())), false, null, cpu(w.cpu()));
        }
        if (s instanceof TouchStmt t) {
            return kernel.touchInvocation(t.proc().text(), range(t.range()), t.write());
        }
        if (s instanceof GupStmt g) {
            return kernel.pinInvocation(g.proc().text(), range(g.range()), g.write(), g.pin().text());
        }
        if (s instanceof UnpinStmt u) {
            return kernel.unpinInvocation(u.pin().text());
        }
        return compiledPath(s);
    }

    /** The address-space, notifier-registration and teardown paths that have step programs of their own. */
    private Invocation compiledPath(Stmt s) {
        if (s instanceof MmapStmt x) {
            Prot prot = Prot.parse(x.prot().text());
            return x.file() == null ? kernel.mmapCode(x.proc().text(), range(x.range()), prot, x.shared())
                    : kernel.mmapFileCode(x.proc().text(), range(x.range()), prot, x.file().text(), num(x.offset()),
                            x.shared(), x.nonlinear());
        }
        if (s instanceof MprotectStmt x) {
            return kernel.mprotectCode(x.proc().text(), range(x.range()), Prot.parse(x.prot().text()));
        }
        if (s instanceof ForkStmt x) {
            return kernel.forkCode(x.proc().text(), x.child().text());
        }
        if (s instanceof MremapStmt x) {
            return kernel.mremapCode(x.proc().text(), range(x.range()), num(x.dest()));
        }
        if (s instanceof KsmMergeStmt x) {
            return kernel.ksmMergeCode(x.proc().text(), page(num(x.addr())), page(num(x.other())));
        }
        if (s instanceof RemapFilePagesStmt x) {
            return kernel.remapFilePagesCode(x.proc().text(), range(x.range()), num(x.pgoff()));
        }
        if (s instanceof OomReapStmt x) {
            return kernel.oomReapCode(x.proc().text());
        }
        if (s instanceof ExitStmt x) {
            return kernel.exitCode(x.proc().text());
        }
        if (s instanceof AttachStmt x) {
            return kernel.attachCode(x.driver().text(), x.proc().text(), x.inst().text());
        }
        if (s instanceof DetachStmt x) {
            return kernel.detachCode(x.inst().text());
        }
        return null;
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

    /**
     * {@code explore T, U [max N]}: every interleaving of the threads from here ({@link Explorer}); a violation is
     * re-run by the scripted scheduler along the shortest schedule found, so that it prints and counts as a
     * {@code run} would; then the state goes back to what it was.
     */
    @Override
    public Void visit(ExploreStmt s) {
        List<String> names = s.threads().stream().map(Name::text).toList();
        Threads.Saved saved = threads.save();
        MachineState before = machine.state();
        long max = s.max() == null ? budget.maxStates() : num(s.max());
        boolean others = threads.othersUnfinished(names);
        Explorer.Result r = new Explorer(machine, exec, budget).explore(new Explorer.World(before,
                threads.started(names)), names, max, others);
        threads.restore(saved);
        machine.restore(before);
        String found = switch (r.outcome()) {
            case CLEAN -> "no violation";
            case UNKNOWN -> "UNKNOWN";
            case VIOLATION -> "violation " + r.violation().kind();
        };
        out.accept(new Event.Explored(r.states(), r.transitions(), r.depth(), found, max, budget.maxDepth()));
        if (r.outcome() == Explorer.Outcome.UNKNOWN) {
            unknown.add(where);
        } else if (r.outcome() == Explorer.Outcome.VIOLATION) {
            replay(s, r, names, others);
        }
        threads.restore(saved);
        machine.restore(before);
        out.accept(new Event.ExploreUndone());
        return null;
    }

    /** The schedule an explore found, printed and run as the {@code run} statement it would be. */
    private void replay(ExploreStmt s, Explorer.Result r, List<String> names, boolean others) {
        String then = null;
        if (r.stuck()) {
            then = r.violation().mmu().split(",")[0];
        }
        List<Schedule.Part> parts = Schedule.of(r.schedule(), then);
        out.accept(new Event.ScheduleFound(Schedule.text(parts)));
        List<RunPart> run = new java.util.ArrayList<>();
        for (Schedule.Part p : parts) {
            run.add(new RunPart(s.span(), new Name(p.thread(), s.span()), p.until() == null ? null
                    : new Name(p.until(), s.span())));
        }
        threads.run(new RunStmt(s.span(), List.copyOf(run)), names);
        boolean finished = names.stream().allMatch(n -> threads.tasks().get(n).done());
        if (finished) {
            Invariants.check(machine.state(), null, !others).forEach(this::violation);
        }
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
        List<Violation> found = Invariants.check(machine.state(), null, true);
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
        return drivers.eval().eval(e, null);
    }

    private Range range(RangeExpr r) {
        long lo = num(r.lo());
        if (r.hi() != null) {
            return new Range(lo, num(r.hi()));
        }
        if (r.pages() != null) {
            return new Range(lo, lo + num(r.pages()) * Range.PAGE);
        }
        return Range.page(lo);
    }

    private int cpu(Expr e) {
        return e == null ? 0 : (int) num(e);
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
        kernel.ksmMerge(s.proc().text(), page(num(s.addr())), page(num(s.other())));
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
        kernel.userAccess(s.proc().text(), page(num(s.addr())), true, num(s.value()), cpu(s.cpu()), false);
        return null;
    }

    @Override
    public Void visit(ReadStmt s) {
        kernel.userAccess(s.proc().text(), page(num(s.addr())), false, null, cpu(s.cpu()), false);
        return null;
    }

    private static long page(long va) {
        return va & ~(Range.PAGE - 1);
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
        drivers.fault(s.inst().text(), page(num(s.addr())), s.write());
        return null;
    }

    @Override
    public Void visit(DeviceReadStmt s) {
        drivers.access(s.inst().text(), page(num(s.addr())), false, 0);
        return null;
    }

    @Override
    public Void visit(DeviceWriteStmt s) {
        drivers.access(s.inst().text(), page(num(s.addr())), true, num(s.value()));
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
