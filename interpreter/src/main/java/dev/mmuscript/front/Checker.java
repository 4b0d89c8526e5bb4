package dev.mmuscript.front;

import dev.mmuscript.model.Range;
import dev.mmuscript.model.Violation;
import dev.mmuscript.semantics.Knob;
import dev.mmuscript.semantics.Semantics;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Ast.*;
import dev.mmuscript.syntax.Diagnostics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Catches before anything runs what would make a script meaningless: unknown names, unaligned addresses, ranges
 * outside any mapping, unknown profiles, knobs, drivers, callbacks and violation kinds. It follows the script's
 * statements in order, keeping the mappings each process will have.
 */
final class Checker implements Ast.Visitor<Void> {
    private final Diagnostics diags;
    private final Profiles profiles;
    private final Map<String, DriverDef> drivers;
    private final Function<String, DriverDef> loadDriver;
    private final Constants values;
    private final AddressSpaces spaces;
    private final HandlerChecker handlers;
    private final Map<String, String> instances = new HashMap<>();
    private final Set<String> detached = new HashSet<>();
    private final Set<String> pins = new HashSet<>();
    private final Map<String, String> names = new HashMap<>();
    private final Schedules schedules;

    Checker(Diagnostics diags, Profiles profiles, Map<String, DriverDef> drivers,
            Function<String, DriverDef> loadDriver) {
        this.diags = diags;
        this.profiles = profiles;
        this.drivers = drivers;
        this.loadDriver = loadDriver;
        this.values = new Constants(diags);
        this.spaces = new AddressSpaces(diags, values);
        this.handlers = new HandlerChecker(diags, values);
        this.schedules = new Schedules(diags);
    }

    void check(List<Stmt> stmts) {
        for (Stmt s : stmts) {
            s.accept(this);
        }
    }

    // ---------------------------------------------------------------- names

    private boolean fresh(Name n, String kind) {
        String had = names.get(n.text());
        if (had != null) {
            diags.error(n.span(), "'" + n.text() + "' is already a " + had, "expected a new name for the " + kind);
            return false;
        }
        names.put(n.text(), kind);
        return true;
    }

    private boolean instance(Name n) {
        if (!instances.containsKey(n.text())) {
            diags.error(n.span(), "unknown device '" + n.text() + "'" + Suggest.didYouMean(n.text(),
                    instances.keySet()), Suggest.known(
                    "an instance made with 'attach DRIVER to P as NAME' or 'notifier NAME on P'", instances.keySet()));
            return false;
        }
        if (detached.contains(n.text())) {
            diags.error(n.span(), "'" + n.text() + "' was detached", "expected an attached instance");
            return false;
        }
        return true;
    }

    private List<String> driverNames() {
        List<String> all = new ArrayList<>(Stdlib.drivers());
        all.addAll(drivers.keySet());
        return all;
    }

    // ---------------------------------------------------------------- profiles

    private void semCond(SemCond c) {
        if (c == null) {
            return;
        }
        for (SemSel s : c.selectors()) {
            profile(s.from());
            if (s.to() != null) {
                profile(s.to());
            }
        }
    }

    private void profile(Name n) {
        if (!profiles.exists(n.text())) {
            diags.error(n.span(), "unknown semantics profile '" + n.text() + "'" + Suggest.didYouMean(n.text(),
                    profiles.names()), "expected one of: "
                    + String.join(", ", Stdlib.profiles()));
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
        if (fresh(s.name(), "process")) {
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
        if (fresh(s.name(), "file")) {
            spaces.declareFile(s.name().text(), n);
        }
        return null;
    }

    @Override
    public Void visit(ForkStmt s) {
        boolean ok = spaces.process(s.proc());
        if (fresh(s.child(), "process")) {
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
    public Void visit(ReclaimStmt s) {
        if (spaces.process(s.proc())) {
            spaces.mappedRange(s.proc(), s.range());
        }
        return null;
    }

    @Override
    public Void visit(MigrateStmt s) {
        if (spaces.process(s.proc())) {
            spaces.mappedRange(s.proc(), s.range());
        }
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
        if (spaces.process(s.proc())) {
            spaces.mappedRange(s.proc(), s.range());
        }
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
        if (spaces.process(s.proc())) {
            spaces.mappedRange(s.proc(), s.range());
        }
        return null;
    }

    @Override
    public Void visit(MadviseStmt s) {
        if (spaces.process(s.proc())) {
            spaces.mappedRange(s.proc(), s.range());
        }
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
        if (fresh(s.pin(), "pin")) {
            pins.add(s.pin().text());
        }
        return null;
    }

    @Override
    public Void visit(UnpinStmt s) {
        if (!pins.remove(s.pin().text())) {
            diags.error(s.pin().span(), "no pin named '" + s.pin().text() + "' is held"
                    + Suggest.didYouMean(s.pin().text(), pins),
                    Suggest.known("a pin taken with 'gup P RANGE as NAME'", pins));
        }
        return null;
    }

    @Override
    public Void visit(AttachStmt s) {
        DriverDef def = loadDriver.apply(s.driver().text());
        if (def == null) {
            diags.error(s.driver().span(), "unknown driver '" + s.driver().text() + "'" + Suggest.didYouMean(
                    s.driver().text(), driverNames()), "expected one of: "
                    + String.join(", ", Stdlib.drivers()) + ", or a driver defined with 'driver NAME { ... }'");
        } else {
            handlers.check(def);
        }
        spaces.process(s.proc());
        if (fresh(s.inst(), "device")) {
            // Known even when the driver or process is not, so that one mistake gives one error.
            instances.put(s.inst().text(), def == null ? null : def.name().text());
        }
        return null;
    }

    @Override
    public Void visit(DetachStmt s) {
        if (instance(s.inst())) {
            detached.add(s.inst().text());
        }
        return null;
    }

    @Override
    public Void visit(DeviceFaultStmt s) {
        instance(s.inst());
        values.address(s.addr());
        return null;
    }

    @Override
    public Void visit(DeviceReadStmt s) {
        instance(s.inst());
        values.address(s.addr());
        return null;
    }

    @Override
    public Void visit(DeviceWriteStmt s) {
        instance(s.inst());
        values.address(s.addr());
        topExpr(s.value());
        return null;
    }

    @Override
    public Void visit(NotifierStmt s) {
        handlers.check(s.def());
        spaces.process(s.proc());
        if (fresh(s.name(), "notifier")) {
            instances.put(s.name().text(), s.name().text());
            drivers.put(s.name().text(), s.def());
        }
        return null;
    }

    @Override
    public Void visit(DriverStmt s) {
        handlers.check(s.def());
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
            instance(s.inst());
        }
        semCond(s.when());
        return null;
    }

    @Override
    public Void visit(AssertStmt s) {
        topExpr(s.cond());
        semCond(s.when());
        return null;
    }

    @Override
    public Void visit(ExpectStmt s) {
        if (!Violation.KINDS.contains(s.kind().text())) {
            diags.error(s.kind().span(), "unknown violation kind '" + s.kind().text() + "'"
                    + Suggest.didYouMean(s.kind().text(), Violation.KINDS),
                    "expected one of: " + String.join(", ", Violation.KINDS));
        }
        if (s.scope() != null && s.scope().addr() != null) {
            values.address(s.scope().addr());
        }
        semCond(s.when());
        return null;
    }

    @Override
    public Void visit(RequiresStmt s) {
        semCond(new SemCond(s.span(), s.selectors()));
        return null;
    }

    @Override
    public Void visit(ShowStmt s) {
        String w = s.what().text();
        if (!List.of("frames", "tlb", "pins").contains(w) && !spaces.isProcess(w) && !instances.containsKey(w)) {
            Set<String> all = new HashSet<>(spaces.processes());
            all.addAll(instances.keySet());
            Set<String> targets = new HashSet<>(all);
            targets.addAll(List.of("frames", "tlb", "pins"));
            diags.error(s.what().span(), "nothing named '" + w + "' to show" + Suggest.didYouMean(w, targets),
                    Suggest.known("frames, tlb, pins, a process or a device", all));
        }
        return null;
    }

    // ---------------------------------------------------------------- threads

    @Override
    public Void visit(ThreadStmt s) {
        if (fresh(s.name(), "thread")) {
            schedules.declare(s);
        }
        for (Stmt st : s.body()) {
            if (st instanceof SemanticsStmt || st instanceof SetStmt || st instanceof IncludeStmt
                    || st instanceof NotifierStmt || st instanceof DriverStmt || st instanceof ProfileStmt
                    || st instanceof ThreadStmt || st instanceof RunStmt || st instanceof ExploreStmt || st instanceof ExpectStmt
                    || st instanceof RequiresStmt
                    || st instanceof ProcessStmt || st instanceof FileStmt) {
                diags.error(st.span(), "'" + st.span().headline().split(" ")[0] + "' cannot run inside a thread",
                        "expected kernel entry points, CPU accesses, device operations and assertions; declare"
                                + " processes, files, notifiers and drivers before the thread");
                continue;
            }
            st.accept(this);
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
        schedules.check(s, instances.keySet());
        return null;
    }

    // ---------------------------------------------------------------- expressions at top level

    private void topExpr(Expr e) {
        e.accept(new TopLevelExpr(diags, values, spaces, instances, drivers));
    }
}
