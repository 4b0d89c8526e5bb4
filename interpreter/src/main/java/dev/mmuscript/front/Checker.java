package dev.mmuscript.front;

import dev.mmuscript.model.Range;
import dev.mmuscript.semantics.Knob;
import dev.mmuscript.semantics.Semantics;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Ast.*;
import dev.mmuscript.syntax.Diagnostics;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Catches before anything runs what would make a script meaningless: unknown names, unaligned addresses, ranges
 * outside any mapping, unknown profiles, knobs, drivers, callbacks and violation kinds. It follows the script's
 * statements in order, keeping the mappings each process will have ({@link AddressSpaces}), the names declared
 * ({@link Declarations}), the drivers known ({@link KnownDrivers}) and the threads ({@link Schedules}).
 */
final class Checker implements Ast.Visitor<Void> {
    private final Diagnostics diags;
    private final Profiles profiles;
    private final KnownDrivers drivers;
    private final Constants values;
    private final AddressSpaces spaces;
    private final Declarations declared;
    private final Schedules schedules;

    Checker(Diagnostics diags, Profiles profiles, Map<String, DriverDef> drivers,
            Function<String, DriverDef> loadDriver) {
        this.diags = diags;
        this.profiles = profiles;
        this.values = new Constants(diags);
        this.spaces = new AddressSpaces(diags, values);
        this.drivers = new KnownDrivers(diags, values, drivers, loadDriver);
        this.declared = new Declarations(diags);
        this.schedules = new Schedules(diags);
    }

    void check(List<Stmt> stmts) {
        for (Stmt s : stmts) {
            s.accept(this);
        }
    }

    /** A range of a process, inside its mappings (when the process is known). */
    private void mappedRange(Name proc, RangeExpr range) {
        if (spaces.process(proc)) {
            spaces.mappedRange(proc, range);
        }
    }

    // ---------------------------------------------------------------- statements

    @Override
    public Void visit(SemanticsStmt s) {
        return null;
    }

    @Override
    public Void visit(SetStmt s) {
        profiles.apply(Semantics.unset("set"), s.knob(), s.value());
        Knob k = Knob.byKey(s.knob().text());
        if (k == Knob.YEAR || k == Knob.SUMMARY) {
            diags.error(s.knob().span(), "'" + k.key() + "' describes a profile and cannot be set in a script",
                    "expected a knob that changes behaviour: " + String.join(", ", Knob.keys().subList(2,
                            Knob.keys().size())));
        }
        return null;
    }

    @Override
    public Void visit(IncludeStmt s) {
        check(s.body());
        return null;
    }

    @Override
    public Void visit(ProcessStmt s) {
        if (declared.fresh(s.name(), "process")) {
            spaces.declareProcess(s.name().text());
        }
        return null;
    }

    @Override
    public Void visit(MmapStmt s) {
        boolean ok = spaces.process(s.proc());
        Range r = values.range(s.range());
        values.prot(s.prot());
        if (s.backing() != null && !s.backing().text().equals("anon")) {
            diags.error(s.backing().span(), "unknown backing '" + s.backing().text() + "'",
                    "expected anon, or file NAME offset N");
        }
        spaces.mmap(s, ok, r);
        return null;
    }

    @Override
    public Void visit(FileStmt s) {
        Long n = values.constant(s.pages());
        if (n != null && (n <= 0 || n > 1 << 20)) {
            diags.error(s.pages().span(), "bad page count " + n, "expected from 1 to 1048576 pages");
            n = null;
        }
        if (declared.fresh(s.name(), "file")) {
            spaces.declareFile(s.name().text(), n);
        }
        return null;
    }

    @Override
    public Void visit(ForkStmt s) {
        boolean ok = spaces.process(s.proc());
        if (declared.fresh(s.child(), "process")) {
            spaces.fork(s.proc().text(), s.child().text(), ok);
        }
        return null;
    }

    @Override
    public Void visit(MremapStmt s) {
        if (spaces.process(s.proc())) {
            spaces.mremap(s);
        }
        return null;
    }

    @Override
    public Void visit(AgeStmt s) {
        mappedRange(s.proc(), s.range());
        return null;
    }

    @Override
    public Void visit(ReclaimStmt s) {
        mappedRange(s.proc(), s.range());
        return null;
    }

    @Override
    public Void visit(MigrateStmt s) {
        mappedRange(s.proc(), s.range());
        return null;
    }

    @Override
    public Void visit(WritebackStmt s) {
        spaces.file(s.file());
        return null;
    }

    @Override
    public Void visit(KsmMergeStmt s) {
        if (spaces.process(s.proc())) {
            spaces.mappedAddress(s.proc().text(), s.addr());
            spaces.mappedAddress(s.proc().text(), s.other());
        }
        return null;
    }

    @Override
    public Void visit(RemapFilePagesStmt s) {
        if (spaces.process(s.proc())) {
            spaces.remapFilePages(s);
        }
        return null;
    }

    @Override
    public Void visit(MunmapStmt s) {
        boolean ok = spaces.process(s.proc());
        Range r = values.range(s.range());
        if (ok && r != null) {
            spaces.munmap(s.proc().text(), r);
        }
        return null;
    }

    @Override
    public Void visit(MprotectStmt s) {
        mappedRange(s.proc(), s.range());
        values.prot(s.prot());
        return null;
    }

    @Override
    public Void visit(TouchStmt s) {
        if (spaces.process(s.proc())) {
            spaces.walkedRange(s.proc(), s.range(), "touch");
        }
        return null;
    }

    @Override
    public Void visit(WriteStmt s) {
        spaces.process(s.proc());
        values.address(s.addr());
        topExpr(s.value());
        values.cpu(s.cpu());
        return null;
    }

    @Override
    public Void visit(ReadStmt s) {
        spaces.process(s.proc());
        values.address(s.addr());
        values.cpu(s.cpu());
        return null;
    }

    @Override
    public Void visit(ZapStmt s) {
        mappedRange(s.proc(), s.range());
        return null;
    }

    @Override
    public Void visit(MadviseStmt s) {
        mappedRange(s.proc(), s.range());
        if (!s.advice().text().equals("dontneed")) {
            diags.error(s.advice().span(), "unknown advice '" + s.advice().text() + "'", "expected dontneed");
        }
        return null;
    }

    @Override
    public Void visit(OomReapStmt s) {
        spaces.process(s.proc());
        return null;
    }

    @Override
    public Void visit(ExitStmt s) {
        if (spaces.process(s.proc())) {
            spaces.exit(s.proc().text(), s.span().line());
        }
        return null;
    }

    @Override
    public Void visit(GupStmt s) {
        if (spaces.process(s.proc())) {
            spaces.walkedRange(s.proc(), s.range(), "gup");
        }
        declared.pin(s.pin());
        return null;
    }

    @Override
    public Void visit(UnpinStmt s) {
        declared.unpin(s.pin());
        return null;
    }

    @Override
    public Void visit(AttachStmt s) {
        DriverDef def = drivers.attachable(s.driver());
        if (def != null) {
            for (RequiresStmt r : def.requires()) {
                profiles.check(new SemCond(r.span(), r.selectors()));
            }
        }
        spaces.process(s.proc());
        // Known even when the driver or process is not, so that one mistake gives one error.
        declared.attach(s.inst(), def == null ? null : def.name().text());
        return null;
    }

    @Override
    public Void visit(DetachStmt s) {
        declared.detach(s.inst());
        return null;
    }

    @Override
    public Void visit(DeviceFaultStmt s) {
        declared.attached(s.inst());
        values.address(s.addr());
        return null;
    }

    @Override
    public Void visit(DeviceReadStmt s) {
        declared.attached(s.inst());
        values.address(s.addr());
        return null;
    }

    @Override
    public Void visit(DeviceWriteStmt s) {
        declared.attached(s.inst());
        values.address(s.addr());
        topExpr(s.value());
        return null;
    }

    @Override
    public Void visit(NotifierStmt s) {
        drivers.check(s.def());
        spaces.process(s.proc());
        if (declared.notifier(s.name())) {
            drivers.addNotifier(s.name(), s.def());
        }
        return null;
    }

    @Override
    public Void visit(DriverStmt s) {
        drivers.check(s.def());
        return null;
    }

    @Override
    public Void visit(ProfileStmt s) {
        profiles.resolve(s.name().text(), s.name().span());
        return null;
    }

    @Override
    public Void visit(AssertCoherentStmt s) {
        if (s.inst() != null) {
            declared.attached(s.inst());
        }
        profiles.check(s.when());
        return null;
    }

    @Override
    public Void visit(AssertStmt s) {
        topExpr(s.cond());
        profiles.check(s.when());
        return null;
    }

    @Override
    public Void visit(ExpectStmt s) {
        ExpectedKinds.check(s, diags);
        if (s.scope() != null && s.scope().addr() != null) {
            values.address(s.scope().addr());
        }
        profiles.check(s.when());
        return null;
    }

    @Override
    public Void visit(RequiresStmt s) {
        profiles.check(new SemCond(s.span(), s.selectors()));
        return null;
    }

    @Override
    public Void visit(ShowStmt s) {
        declared.showable(s.what(), spaces.processes());
        return null;
    }

    // ---------------------------------------------------------------- threads

    @Override
    public Void visit(ThreadStmt s) {
        if (declared.fresh(s.name(), "thread")) {
            schedules.declare(s);
        }
        for (Stmt st : s.body()) {
            if (schedules.runsInThread(st)) {
                st.accept(this);
            }
        }
        return null;
    }

    @Override
    public Void visit(ExploreStmt s) {
        schedules.check(s);
        if (s.max() != null) {
            Long n = values.constant(s.max());
            if (n != null && (n < 1 || n > Schedules.MAX_EXPLORE_STATES)) {
                diags.error(s.max().span(), "bad bound " + n, "expected from 1 to " + Schedules.MAX_EXPLORE_STATES
                        + " states");
            }
        }
        return null;
    }

    @Override
    public Void visit(RunStmt s) {
        schedules.check(s, declared.instances().keySet());
        return null;
    }

    // ---------------------------------------------------------------- expressions at top level

    private void topExpr(Expr e) {
        e.accept(new TopLevelExpr(diags, values, spaces, declared.instances(), drivers.defs()));
    }
}
