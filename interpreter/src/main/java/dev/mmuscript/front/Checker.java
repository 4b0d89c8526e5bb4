package dev.mmuscript.front;

import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.model.Prot;
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
import java.util.LinkedHashMap;
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
    private static final List<String> PARAMS = List.of("start", "end", "addr", "write", "blockable", "nonblocking",
            "cur_seq");
    /** Built-in functions of handlers and how many arguments each takes. */
    static final Map<String, Integer> BUILTINS = Map.of("read_begin", 0, "read_retry", 1, "mapped", 1);

    /** The hint for a name where a number belongs, outside any def or loop that would give it a value. */
    private static final String LOOSE_NAME = "expected a number; a name stands for one only as a parameter of a def"
            + " or the variable of a for loop around the statement";
    private final Diagnostics diags;
    private final Profiles profiles;
    private final Map<String, DriverDef> drivers;
    private final Function<String, DriverDef> loadDriver;
    /** The last address a range may end at: the highest page boundary a 64-bit signed number holds. */
    static final long MAX_END = Long.MAX_VALUE & ~(Range.PAGE - 1);
    /** The most pages one statement walks page by page (touch, gup, remap_file_pages): 16 MiB. */
    static final int MAX_WALK_PAGES = 4096;

    private final Map<String, List<Range>> vmas = new HashMap<>();
    private final Map<String, Integer> exited = new HashMap<>();
    private final Map<String, String> instances = new HashMap<>();
    private final Set<String> detached = new HashSet<>();
    private final Set<String> pins = new HashSet<>();
    private final Map<String, Long> files = new HashMap<>();
    /** Per process, the ranges of its shared nonlinear file mappings (remap_file_pages needs one). */
    private final Map<String, Map<Range, Long>> nonlinear = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();
    private final Set<DriverDef> checkedDrivers = new HashSet<>();

    Checker(Diagnostics diags, Profiles profiles, Map<String, DriverDef> drivers,
            Function<String, DriverDef> loadDriver) {
        this.diags = diags;
        this.profiles = profiles;
        this.drivers = drivers;
        this.loadDriver = loadDriver;
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

    private boolean process(Name n) {
        if (!vmas.containsKey(n.text())) {
            diags.error(n.span(), "unknown process '" + n.text() + "'" + Suggest.didYouMean(n.text(), vmas.keySet()),
                    known("a process declared with 'process NAME'",
                    vmas.keySet()));
            return false;
        }
        Integer line = exited.get(n.text());
        if (line != null) {
            diags.error(n.span(), "process '" + n.text() + "' has exited (line " + line + ")",
                    "expected a live process");
            return false;
        }
        return true;
    }

    private boolean instance(Name n) {
        if (!instances.containsKey(n.text())) {
            diags.error(n.span(), "unknown device '" + n.text() + "'" + Suggest.didYouMean(n.text(),
                    instances.keySet()), known(
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

    private static String known(String what, Set<String> names) {
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        return "expected " + what + (sorted.isEmpty() ? "" : " (known: " + String.join(", ", sorted) + ")");
    }

    // ---------------------------------------------------------------- constants and ranges

    private Long constant(Expr e) {
        if (e instanceof Num n) {
            return n.value();
        } else if (e instanceof Unary u && u.op().equals("-")) {
            Long v = constant(u.operand());
            return v == null ? null : v == Long.MIN_VALUE ? 0 : -v;
        } else if (e instanceof Binary b && List.of("+", "-", "*").contains(b.op())) {
            Long l = constant(b.left());
            Long r = constant(b.right());
            if (l == null || r == null) {
                return null;
            }
            try {
                return b.op().equals("+") ? Math.addExact(l, r) : b.op().equals("-") ? Math.subtractExact(l, r)
                        : Math.multiplyExact(l, r);
            } catch (ArithmeticException overflow) {
                diags.error(e.span(), "the value of " + e.span().text() + " does not fit in 64 bits",
                        "expected a number from -2^63 to 2^63-1");
                return null;
            }
        }
        if (e instanceof NameRef n) {
            diags.error(n.span(), "unknown name '" + n.name() + "'", LOOSE_NAME);
            return null;
        }
        diags.error(e.span(), "expected a number here", "addresses and counts are numbers such as 0x10000 or 4");
        return null;
    }

    private Long address(Expr e) {
        Long v = constant(e);
        if (v == null) {
            return null;
        }
        if (v < 0) {
            diags.error(e.span(), "address " + e.span().text() + " is past the last address",
                    "expected an address from 0 to " + Range.hex(MAX_END));
            return null;
        }
        if (v % Range.PAGE != 0) {
            diags.error(e.span(), "unaligned address " + Range.hex(v), "expected a multiple of the page size, 0x1000");
            return null;
        }
        return v;
    }

    private Range range(RangeExpr r) {
        Long lo = address(r.lo());
        if (lo == null) {
            return null;
        }
        if (r.hi() != null) {
            Long hi = address(r.hi());
            if (hi == null) {
                return null;
            }
            if (hi <= lo) {
                diags.error(r.span(), "empty range " + Range.hex(lo) + ".." + Range.hex(hi),
                        "expected the end above the start (ranges are half-open)");
                return null;
            }
            return new Range(lo, hi);
        }
        if (r.pages() != null) {
            Long n = constant(r.pages());
            if (n == null) {
                return null;
            }
            if (n <= 0 || n > 1 << 20) {
                diags.error(r.pages().span(), "bad page count " + n, "expected from 1 to 1048576 pages");
                return null;
            }
            if (lo > MAX_END - n * Range.PAGE) {
                diags.error(r.span(), "range " + Range.hex(lo) + " pages " + n + " ends past the last address",
                        "expected a range that ends at most at " + Range.hex(MAX_END));
                return null;
            }
            return new Range(lo, lo + n * Range.PAGE);
        }
        if (lo > MAX_END - Range.PAGE) {
            diags.error(r.span(), "page " + Range.hex(lo) + " ends past the last address",
                    "expected an address below " + Range.hex(MAX_END));
            return null;
        }
        return Range.page(lo);
    }

    /**
     * A range that a statement walks page by page (touch, gup, remap_file_pages): at most {@link #MAX_WALK_PAGES},
     * so that one statement cannot run for hours.
     */
    private Range walkedRange(Name proc, RangeExpr re, String statement) {
        Range r = range(re);
        if (r != null && r.pages() > MAX_WALK_PAGES) {
            diags.error(re.span(), statement + " of " + r.pages() + " pages", "expected at most " + MAX_WALK_PAGES
                    + " pages (16 MiB) in one " + statement + "; split it into several statements");
            return null;
        }
        return r == null ? null : mappedRange(proc, re);
    }

    /** The range, which must lie inside the process's mappings. */
    private Range mappedRange(Name proc, RangeExpr re) {
        Range r = range(re);
        if (r == null || !vmas.containsKey(proc.text())) {
            return r;
        }
        long va = firstUnmapped(proc.text(), r);
        if (va >= 0) {
            List<String> maps = new ArrayList<>();
            for (Range v : vmas.get(proc.text())) {
                maps.add(v.toString().contains("..") ? v.toString() : v + " pages 1");
            }
            diags.error(re.span(), "range " + r + " is outside any mapping of " + proc.text()
                    + (r.pages() > 1 ? " (" + Range.hex(va) + " is not mapped)" : ""),
                    maps.isEmpty() ? "expected an mmap of " + proc.text() + " first"
                            : "expected a range inside " + String.join(", ", maps));
            return null;
        }
        return r;
    }

    /** The first page of {@code r} outside every mapping of {@code proc}, or -1; one step per mapping, not page. */
    private long firstUnmapped(String proc, Range r) {
        long va = r.start();
        while (va < r.end()) {
            Range in = null;
            for (Range v : vmas.get(proc)) {
                if (v.contains(va)) {
                    in = v;
                }
            }
            if (in == null) {
                return va;
            }
            va = in.end();
        }
        return -1;
    }

    private boolean inside(String proc, long va) {
        for (Range v : vmas.get(proc)) {
            if (v.contains(va)) {
                return true;
            }
        }
        return false;
    }

    private void cpu(Expr e) {
        if (e == null) {
            return;
        }
        Long v = constant(e);
        if (v != null && (v < 0 || v > 63)) {
            diags.error(e.span(), "no cpu " + v, "expected a cpu from 0 to 63");
        }
    }

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

    private Prot prot(Name n) {
        Prot p = Prot.parse(n.text());
        if (p == null) {
            diags.error(n.span(), "bad protection '" + n.text() + "'", "expected none, or r, w and x in that order (r, rw, rx, rwx, ...)");
        }
        return p;
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
            vmas.put(s.name().text(), new ArrayList<>());
        }
        return null;
    }

    @Override
    public Void visit(MmapStmt s) {
        boolean ok = process(s.proc());
        Range r = range(s.range());
        prot(s.prot());
        if (s.backing() != null && !s.backing().text().equals("anon")) {
            diags.error(s.backing().span(), "unknown backing '" + s.backing().text() + "'",
                    "expected anon, or file NAME offset N");
        }
        if (s.file() != null && file(s.file()) && r != null) {
            Long off = constant(s.offset());
            long size = files.get(s.file().text());
            if (off != null && (off < 0 || off > size - r.pages())) {
                diags.error(s.offset().span(), "pages " + off + " and on (" + r.pages() + " of them) are not all in "
                        + s.file().text() + " (" + size + " pages)", "expected an offset from 0 to "
                        + Math.max(0, size - r.pages()));
            }
        }
        if (s.nonlinear() && (s.file() == null || !s.shared())) {
            diags.error(s.span(), "only a shared file mapping can be nonlinear",
                    "expected mmap P RANGE PROT file NAME offset N shared nonlinear");
        }
        if (ok && r != null) {
            for (Range v : vmas.get(s.proc().text())) {
                if (v.overlaps(r)) {
                    diags.error(s.range().span(), "range " + r + " overlaps the mapping " + v + " of "
                            + s.proc().text(), "expected a free range, or munmap first");
                    return null;
                }
            }
            vmas.get(s.proc().text()).add(r);
            if (s.nonlinear()) {
                nonlinear.computeIfAbsent(s.proc().text(), k -> new LinkedHashMap<>())
                        .put(r, s.file() == null ? 0L : files.getOrDefault(s.file().text(), 0L));
            }
        }
        return null;
    }

    /** The mappings with {@code r} cut out of them (munmap, and the source of mremap). */
    private static List<Range> without(List<Range> maps, Range r) {
        List<Range> now = new ArrayList<>();
        for (Range v : maps) {
            if (!v.overlaps(r)) {
                now.add(v);
                continue;
            }
            if (v.start() < r.start()) {
                now.add(new Range(v.start(), r.start()));
            }
            if (v.end() > r.end()) {
                now.add(new Range(r.end(), v.end()));
            }
        }
        return now;
    }

    private boolean file(Name n) {
        if (!files.containsKey(n.text())) {
            diags.error(n.span(), "unknown file '" + n.text() + "'" + Suggest.didYouMean(n.text(), files.keySet()),
                    known("a file declared with 'file NAME pages N'",
                    files.keySet()));
            return false;
        }
        return true;
    }

    @Override
    public Void visit(FileStmt s) {
        Long n = constant(s.pages());
        if (n != null && (n <= 0 || n > 1 << 20)) {
            diags.error(s.pages().span(), "bad page count " + n, "expected from 1 to 1048576 pages");
            n = null;
        }
        if (fresh(s.name(), "file")) {
            files.put(s.name().text(), n == null ? 1L << 20 : n);
        }
        return null;
    }

    @Override
    public Void visit(ForkStmt s) {
        boolean ok = process(s.proc());
        if (fresh(s.child(), "process")) {
            vmas.put(s.child().text(), ok ? new ArrayList<>(vmas.get(s.proc().text())) : new ArrayList<>());
            if (ok && nonlinear.containsKey(s.proc().text())) {
                nonlinear.put(s.child().text(), new LinkedHashMap<>(nonlinear.get(s.proc().text())));
            }
        }
        return null;
    }

    @Override
    public Void visit(MremapStmt s) {
        if (!process(s.proc())) {
            return null;
        }
        Range r = mappedRange(s.proc(), s.range());
        Long dest = address(s.dest());
        if (r == null || dest == null) {
            return null;
        }
        if (dest > MAX_END - (r.end() - r.start())) {
            diags.error(s.dest().span(), "the destination ends past the last address",
                    "expected a destination that ends at most at " + Range.hex(MAX_END));
            return null;
        }
        Range to = new Range(dest, dest + (r.end() - r.start()));
        if (to.overlaps(r)) {
            diags.error(s.dest().span(), "the destination " + to + " overlaps the source " + r,
                    "expected a destination apart from the range it moves");
            return null;
        }
        int covering = 0;
        for (Range v : vmas.get(s.proc().text())) {
            covering += v.overlaps(r) ? 1 : 0;
        }
        if (covering > 1) {
            diags.error(s.range().span(), "range " + r + " spans " + covering + " mappings",
                    "expected a range inside one mapping (mremap moves one VMA)");
            return null;
        }
        List<Range> now = without(vmas.get(s.proc().text()), r);
        for (Range v : now) {
            if (v.overlaps(to)) {
                diags.error(s.dest().span(), "the destination " + to + " overlaps the mapping " + v,
                        "expected a free range to move to");
                return null;
            }
        }
        now.add(to);
        vmas.put(s.proc().text(), now);
        return null;
    }

    @Override
    public Void visit(ReclaimStmt s) {
        if (process(s.proc())) {
            mappedRange(s.proc(), s.range());
        }
        return null;
    }

    @Override
    public Void visit(MigrateStmt s) {
        if (process(s.proc())) {
            mappedRange(s.proc(), s.range());
        }
        return null;
    }

    @Override
    public Void visit(WritebackStmt s) {
        file(s.file());
        return null;
    }

    @Override
    public Void visit(KsmMergeStmt s) {
        if (process(s.proc())) {
            for (Expr e : List.of(s.addr(), s.other())) {
                Long a = address(e);
                if (a != null && !inside(s.proc().text(), a)) {
                    diags.error(e.span(), Range.hex(a) + " is outside any mapping of " + s.proc().text(),
                            "expected an address inside an anonymous mapping");
                }
            }
        }
        return null;
    }

    @Override
    public Void visit(RemapFilePagesStmt s) {
        if (!process(s.proc())) {
            return null;
        }
        Range r = walkedRange(s.proc(), s.range(), "remap_file_pages");
        Long off = constant(s.pgoff());
        if (r == null || off == null) {
            return null;
        }
        Long size = null;
        for (Map.Entry<Range, Long> v : nonlinear.getOrDefault(s.proc().text(), Map.of()).entrySet()) {
            if (v.getKey().covers(r)) {
                size = v.getValue();
            }
        }
        if (size == null) {
            diags.error(s.range().span(), "range " + r + " is not inside a nonlinear mapping of " + s.proc().text(),
                    "expected a range of an 'mmap ... file NAME offset N shared nonlinear'");
        } else if (off < 0 || off > size - r.pages()) {
            diags.error(s.pgoff().span(), "pages " + off + " and on (" + r.pages() + " of them) are not all in the"
                    + " mapped file (" + size + " pages)", "expected a pgoff from 0 to " + Math.max(0, size - r.pages()));
        }
        return null;
    }

    @Override
    public Void visit(MunmapStmt s) {
        boolean ok = process(s.proc());
        Range r = range(s.range());
        if (ok && r != null) {
            vmas.put(s.proc().text(), without(vmas.get(s.proc().text()), r));
        }
        return null;
    }

    @Override
    public Void visit(MprotectStmt s) {
        if (process(s.proc())) {
            mappedRange(s.proc(), s.range());
        }
        prot(s.prot());
        return null;
    }

    @Override
    public Void visit(TouchStmt s) {
        if (process(s.proc())) {
            walkedRange(s.proc(), s.range(), "touch");
        }
        return null;
    }

    @Override
    public Void visit(WriteStmt s) {
        process(s.proc());
        address(s.addr());
        topExpr(s.value());
        cpu(s.cpu());
        return null;
    }

    @Override
    public Void visit(ReadStmt s) {
        process(s.proc());
        address(s.addr());
        cpu(s.cpu());
        return null;
    }

    @Override
    public Void visit(ZapStmt s) {
        if (process(s.proc())) {
            mappedRange(s.proc(), s.range());
        }
        return null;
    }

    @Override
    public Void visit(MadviseStmt s) {
        if (process(s.proc())) {
            mappedRange(s.proc(), s.range());
        }
        if (!s.advice().text().equals("dontneed")) {
            diags.error(s.advice().span(), "unknown advice '" + s.advice().text() + "'", "expected dontneed");
        }
        return null;
    }

    @Override
    public Void visit(OomReapStmt s) {
        process(s.proc());
        return null;
    }

    @Override
    public Void visit(ExitStmt s) {
        if (process(s.proc())) {
            exited.put(s.proc().text(), s.span().line());
        }
        return null;
    }

    @Override
    public Void visit(GupStmt s) {
        if (process(s.proc())) {
            walkedRange(s.proc(), s.range(), "gup");
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
                    known("a pin taken with 'gup P RANGE as NAME'", pins));
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
            checkDriver(def);
        }
        process(s.proc());
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
        address(s.addr());
        return null;
    }

    @Override
    public Void visit(DeviceReadStmt s) {
        instance(s.inst());
        address(s.addr());
        return null;
    }

    @Override
    public Void visit(DeviceWriteStmt s) {
        instance(s.inst());
        address(s.addr());
        topExpr(s.value());
        return null;
    }

    @Override
    public Void visit(NotifierStmt s) {
        checkDriver(s.def());
        process(s.proc());
        if (fresh(s.name(), "notifier")) {
            instances.put(s.name().text(), s.name().text());
            drivers.put(s.name().text(), s.def());
        }
        return null;
    }

    @Override
    public Void visit(DriverStmt s) {
        checkDriver(s.def());
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
            address(s.scope().addr());
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
        if (!List.of("frames", "tlb", "pins").contains(w) && !vmas.containsKey(w) && !instances.containsKey(w)) {
            Set<String> all = new HashSet<>(vmas.keySet());
            all.addAll(instances.keySet());
            Set<String> targets = new HashSet<>(all);
            targets.addAll(List.of("frames", "tlb", "pins"));
            diags.error(s.what().span(), "nothing named '" + w + "' to show" + Suggest.didYouMean(w, targets),
                    known("frames, tlb, pins, a process or a device", all));
        }
        return null;
    }

    // ---------------------------------------------------------------- threads

    /** The kernel paths whose steps a schedule may name (the first word of {@code zap.range_start}). */
    static final List<String> KERNEL_PATHS = List.of("cow", "exit", "fault", "fork", "gup", "iopf", "ksm", "madvise",
            "migrate", "mmap", "mmu_notifier_register", "mprotect", "mremap", "munmap", "oom_reap", "reclaim",
            "remap_file_pages", "writeback", "zap");

    private final Map<String, ThreadStmt> threads = new LinkedHashMap<>();

    @Override
    public Void visit(ThreadStmt s) {
        if (fresh(s.name(), "thread")) {
            threads.put(s.name().text(), s);
        }
        for (Stmt st : s.body()) {
            if (st instanceof SemanticsStmt || st instanceof SetStmt || st instanceof IncludeStmt
                    || st instanceof NotifierStmt || st instanceof DriverStmt || st instanceof ProfileStmt
                    || st instanceof ThreadStmt || st instanceof RunStmt || st instanceof ExpectStmt
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
    public Void visit(RunStmt s) {
        for (RunPart part : s.parts()) {
            if (!threads.containsKey(part.thread().text())) {
                diags.error(part.thread().span(), "unknown thread '" + part.thread().text() + "'"
                        + Suggest.didYouMean(part.thread().text(), threads.keySet()), known("a thread declared with 'thread NAME { ... }'", threads.keySet()));
                continue;
            }
            if (part.until() != null) {
                stepName(part.until());
            }
        }
        return null;
    }

    /** A step name begins with a kernel path, a device, or a statement keyword (a statement run in one step). */
    private void stepName(Name step) {
        String first = step.text().split("\\.")[0];
        if (KERNEL_PATHS.contains(first) || instances.containsKey(first) || STATEMENT_STEPS.contains(first)) {
            return;
        }
        Set<String> all = new HashSet<>(KERNEL_PATHS);
        all.addAll(instances.keySet());
        all.addAll(STATEMENT_STEPS);
        String near = Suggest.closest(first, all);
        String hint = near == null ? "" : "; did you mean '" + near + step.text().substring(first.length()) + "'?";
        diags.error(step.span(), "unknown step '" + step.text() + "'" + hint,
                "expected a kernel step (zap.range_start), a handler step (DEVICE.CALLBACK.KEYWORD: guest.fault.gup)"
                        + " or a statement run whole (touch); mmu steps FILE lists every step of a script's threads");
    }

    /** Statements that run as one step of their thread, named by their keyword. */
    static final List<String> STATEMENT_STEPS = List.of("touch", "write", "read", "assert", "attach", "detach",
            "unpin", "show");

    // ---------------------------------------------------------------- expressions at top level

    private void topExpr(Expr e) {
        if (e instanceof Field f) {
            String driver = instances.get(f.obj().text());
            if (driver == null && instances.containsKey(f.obj().text())) {
                return;
            }
            if (driver == null) {
                diags.error(f.obj().span(), "unknown device '" + f.obj().text() + "'"
                        + Suggest.didYouMean(f.obj().text(), instances.keySet()),
                        known("a notifier or attached instance", instances.keySet()));
                return;
            }
            Set<String> vars = Drivers.variables(drivers.get(driver));
            if (!vars.contains(f.field().text())) {
                diags.error(f.field().span(), f.obj().text() + " has no variable '" + f.field().text() + "'"
                        + Suggest.didYouMean(f.field().text(), vars),
                        vars.isEmpty() ? "it has no variables" : "expected one of: " + String.join(", ", vars));
            }
        } else if (e instanceof Memory mem) {
            if (!vmas.containsKey(mem.obj().text()) && !instances.containsKey(mem.obj().text())) {
                Set<String> all = new HashSet<>(vmas.keySet());
                all.addAll(instances.keySet());
                diags.error(mem.obj().span(), "unknown process or device '" + mem.obj().text() + "'"
                        + Suggest.didYouMean(mem.obj().text(), all),
                        known("a process or a device", all));
            }
            address(mem.addr());
        } else if (e instanceof NameRef n) {
            diags.error(n.span(), "unknown name '" + n.name() + "'",
                    "expected a number, DEVICE.VAR, or P[ADDR]; a name stands for a number only as a parameter of"
                            + " a def or the variable of a for loop around the statement");
        } else if (e instanceof Call c) {
            diags.error(c.span(), "'" + c.fn().text() + "(...)' can only be called in a handler",
                    "expected a number, DEVICE.VAR, or P[ADDR]");
        } else if (e instanceof Unary u) {
            topExpr(u.operand());
        } else if (e instanceof Binary b) {
            topExpr(b.left());
            topExpr(b.right());
        }
    }

    // ---------------------------------------------------------------- drivers

    private void checkDriver(DriverDef def) {
        if (!checkedDrivers.add(def)) {
            return;
        }
        Set<String> vars = Drivers.variables(def);
        Map<String, LockDecl> locks = new LinkedHashMap<>();
        Set<String> declared = new HashSet<>();
        for (VarDecl v : def.vars()) {
            if (!declared.add(v.name().text())) {
                diags.error(v.name().span(), "variable '" + v.name().text() + "' declared twice",
                        "expected one 'var' per variable");
            }
            if (v.init() != null) {
                constant(v.init());
            }
        }
        for (LockDecl l : def.locks()) {
            if (locks.put(l.name().text(), l) != null) {
                diags.error(l.name().span(), "lock '" + l.name().text() + "' declared twice",
                        "expected one declaration per lock");
            }
        }
        for (Handler h : def.handlers()) {
            String cb = h.callback().text();
            if (!Drivers.CALLBACKS.contains(cb)) {
                diags.error(h.callback().span(), "unknown callback '" + cb + "'"
                        + Suggest.didYouMean(cb, Drivers.CALLBACKS), "expected one of: "
                        + String.join(", ", Drivers.CALLBACKS));
                continue;
            }
            Set<String> locals = new HashSet<>(PARAMS);
            locals.addAll(vars);
            Set<String> pages = new HashSet<>();
            collectLocals(h.body(), locals, pages);
            if (h.when() != null) {
                handlerExpr(h.when(), locals, def);
                noWaitInGuard(h.when());
            }
            body(h.body(), def, cb, locals, pages, locks);
        }
    }

    private static void collectLocals(List<HStmt> body, Set<String> locals, Set<String> pages) {
        for (HStmt s : body) {
            if (s instanceof Let l) {
                locals.add(l.name().text());
            } else if (s instanceof HGup g) {
                pages.add(g.page().text());
            } else if (s instanceof Walk w) {
                pages.add(w.page().text());
            } else if (s instanceof If i) {
                collectLocals(i.then(), locals, pages);
                collectLocals(i.otherwise(), locals, pages);
            }
        }
    }

    private void body(List<HStmt> body, DriverDef def, String cb, Set<String> locals, Set<String> pages,
            Map<String, LockDecl> locks) {
        for (HStmt s : body) {
            if (s instanceof Assign a) {
                if (a.obj() != null && !a.obj().text().equals(def.name().text())) {
                    diags.error(a.obj().span(), "a handler of " + def.name().text() + " cannot assign "
                            + a.obj().text() + "'s variables", "expected " + def.name().text() + "."
                            + a.var().text() + " or just " + a.var().text());
                }
                handlerExpr(a.value(), locals, def);
            } else if (s instanceof Let l) {
                handlerExpr(l.value(), locals, def);
            } else if (s instanceof If i) {
                handlerExpr(i.cond(), locals, def);
                body(i.then(), def, cb, locals, pages, locks);
                body(i.otherwise(), def, cb, locals, pages, locks);
            } else if (s instanceof Retry && !cb.equals("fault")) {
                diags.error(s.span(), "'retry' outside a fault handler", "expected 'retry' only in 'on fault'");
            } else if (s instanceof Lock l && !locks.containsKey(l.lock().text())) {
                diags.error(l.lock().span(), "unknown lock '" + l.lock().text() + "'"
                        + Suggest.didYouMean(l.lock().text(), locks.keySet()),
                        "expected a lock declared with 'spinlock NAME' or 'mutex NAME'");
            } else if (s instanceof Unlock u && !locks.containsKey(u.lock().text())) {
                diags.error(u.lock().span(), "unknown lock '" + u.lock().text() + "'"
                        + Suggest.didYouMean(u.lock().text(), locks.keySet()),
                        "expected a lock declared with 'spinlock NAME' or 'mutex NAME'");
            } else if (s instanceof Unmap u && u.range() != null) {
                handlerExpr(u.range().lo(), locals, def);
                if (u.range().hi() != null) {
                    handlerExpr(u.range().hi(), locals, def);
                }
                if (u.range().pages() != null) {
                    handlerExpr(u.range().pages(), locals, def);
                }
            } else if (s instanceof MapPage mp) {
                handlerExpr(mp.addr(), locals, def);
                page(mp.page(), pages);
            } else if (s instanceof HGup g) {
                handlerExpr(g.addr(), locals, def);
            } else if (s instanceof Walk w) {
                handlerExpr(w.addr(), locals, def);
            } else if (s instanceof Put p) {
                page(p.page(), pages);
            }
        }
    }

    /** A {@code when} guard decides whether a handler runs; it cannot wait (read_begin may). */
    private void noWaitInGuard(Expr e) {
        if (e instanceof Call c && c.fn().text().equals("read_begin")) {
            diags.error(c.span(), "read_begin() in a 'when' guard", "expected it in the handler's body, such as:"
                    + " let seq = read_begin()");
        } else if (e instanceof Call c) {
            c.args().forEach(this::noWaitInGuard);
        } else if (e instanceof Unary u) {
            noWaitInGuard(u.operand());
        } else if (e instanceof Binary b) {
            noWaitInGuard(b.left());
            noWaitInGuard(b.right());
        }
    }

    private void page(Name n, Set<String> pages) {
        if (!pages.contains(n.text())) {
            diags.error(n.span(), "no page named '" + n.text() + "'" + Suggest.didYouMean(n.text(), pages),
                    "expected a page taken with 'gup ADDR as "
                    + n.text() + "' in this handler");
        }
    }

    private void handlerExpr(Expr e, Set<String> locals, DriverDef def) {
        if (e instanceof NameRef n) {
            if (!locals.contains(n.name())) {
                diags.error(n.span(), "unknown name '" + n.name() + "'" + Suggest.didYouMean(n.name(), locals),
                        "expected a variable of "
                        + def.name().text() + ", a 'let', or a parameter (" + String.join(", ", PARAMS) + ")");
            }
        } else if (e instanceof Field f && f.obj().text().equals("era")) {
            Knob k = Knob.byKey(f.field().text());
            if (k == null) {
                diags.error(f.field().span(), "unknown knob '" + f.field().text() + "'"
                        + Suggest.didYouMean(f.field().text(), Knob.keys()), "expected era.KNOB with one"
                        + " of: " + String.join(", ", Knob.keys()));
            } else if (k == Knob.SUMMARY || (!k.choices().isEmpty() && !k.choices().equals(List.of("true", "false")))) {
                diags.error(f.field().span(), "era." + k.key() + " is not a number or a flag",
                        "expected era.year or a true/false knob");
            }
        } else if (e instanceof Call c) {
            Integer arity = BUILTINS.get(c.fn().text());
            if (arity == null) {
                diags.error(c.fn().span(), "unknown function '" + c.fn().text() + "'"
                        + Suggest.didYouMean(c.fn().text(), BUILTINS.keySet()), "expected one of: "
                        + String.join(", ", new java.util.TreeSet<>(BUILTINS.keySet())));
            } else if (arity != c.args().size()) {
                diags.error(c.span(), c.fn().text() + " takes " + arity + (arity == 1 ? " argument" : " arguments")
                        + ", not " + c.args().size(), "expected " + c.fn().text() + (arity == 0 ? "()" : "(x)"));
            }
            for (Expr a : c.args()) {
                handlerExpr(a, locals, def);
            }
        } else if (e instanceof Field f) {
            if (!f.obj().text().equals(def.name().text())) {
                diags.error(f.obj().span(), "a handler of " + def.name().text() + " cannot read " + f.obj().text()
                        + "'s variables", "expected " + def.name().text() + "." + f.field().text());
            } else if (!locals.contains(f.field().text())) {
                diags.error(f.field().span(), def.name().text() + " has no variable '" + f.field().text() + "'"
                        + Suggest.didYouMean(f.field().text(), locals),
                        "expected a variable it declares or assigns");
            }
        } else if (e instanceof Memory m) {
            diags.error(m.span(), "handlers cannot read memory", "expected variables, parameters and numbers");
        } else if (e instanceof Unary u) {
            handlerExpr(u.operand(), locals, def);
        } else if (e instanceof Binary b) {
            handlerExpr(b.left(), locals, def);
            handlerExpr(b.right(), locals, def);
        }
    }
}
