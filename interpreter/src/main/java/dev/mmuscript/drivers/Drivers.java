package dev.mmuscript.drivers;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Instance;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.model.PMap;
import dev.mmuscript.model.PageKey;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.ShadowEntry;
import dev.mmuscript.model.Violation;
import dev.mmuscript.model.Write;
import dev.mmuscript.syntax.Ast.*;
import dev.mmuscript.syntax.ScriptError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs secondary MMUs: the definitions of drivers and scripted notifiers, their callbacks as step programs (each
 * handler statement one step), their fault paths with the retry protocol, and device reads and writes through
 * their shadow tables.
 */
public final class Drivers {
    /** The callbacks a handler may be written for (the kernel calls those its era has). */
    public static final List<String> CALLBACKS = List.of("release", "invalidate_page", "invalidate_range_start",
            "invalidate_range_end", "invalidate_range", "arch_invalidate_secondary_tlbs", "change_pte",
            "clear_flush_young", "invalidate", "fault");

    /** The variable that holds an interval notifier's sequence (mmu_interval_notifier.invalidate_seq). */
    public static final String INTERVAL_SEQ = "interval_seq";

    /** How many attempts a fault makes before the retry loop is declared a livelock. */
    private static final int MAX_ATTEMPTS = 64;

    /** Handler calls nested deeper than this (a handler whose fault calls it again) stop the run, not the JVM. */
    static final int MAX_NESTED_CALLS = 16;

    private final Machine m;
    private final Eval eval;
    /** The handler calls under way, outermost first ("A.invalidate_range_start"). */
    private final List<String> active = new ArrayList<>();
    private final Map<String, DriverDef> defs = new TreeMap<>();
    private Host host;
    private dev.mmuscript.semantics.Semantics sem;

    public enum Result { OK, EAGAIN, RETRY, ABORT }

    public Drivers(Machine m) {
        this.m = m;
        this.eval = new Eval(m);
    }

    public void host(Host h) {
        host = h;
    }

    public void semantics(dev.mmuscript.semantics.Semantics s) {
        sem = s;
        eval.semantics(s);
    }

    /** An interval notifier (5.5 on): its driver has an {@code invalidate} handler and the era has them. */
    public boolean isInterval(String inst) {
        return sem != null && sem.intervalNotifiers() && implementsCallback(inst, "invalidate");
    }

    /**
     * Whether an instance's invalidation callbacks may block (take a mutex, sleep, gup or walk): the 4.16 OOM
     * reaper leaves such an mm alone (MMU_INVALIDATE_DOES_NOT_BLOCK is missing).
     */
    public boolean mayBlock(String inst) {
        for (Handler h : defOf(inst).handlers()) {
            String cb = h.callback().text();
            if ((cb.equals("invalidate_range_start") || cb.equals("invalidate_range_end") || cb.equals("invalidate"))
                    && blocks(h.body(), defOf(inst))) {
                return true;
            }
        }
        return false;
    }

    private static boolean blocks(List<HStmt> body, DriverDef def) {
        for (HStmt s : body) {
            if (s instanceof Sleep || s instanceof HGup || s instanceof Walk) {
                return true;
            }
            if (s instanceof Lock l) {
                for (LockDecl d : def.locks()) {
                    if (d.name().text().equals(l.lock().text()) && d.sleeping()) {
                        return true;
                    }
                }
            }
            if (s instanceof If i && (blocks(i.then(), def) || blocks(i.otherwise(), def))) {
                return true;
            }
        }
        return false;
    }

    public Eval eval() {
        return eval;
    }

    public void define(DriverDef def) {
        defs.put(def.name().text(), def);
    }

    public DriverDef definition(String driver) {
        return defs.get(driver);
    }

    private DriverDef defOf(String inst) {
        return defs.get(m.instance(inst).driver());
    }

    /** Creates an instance of a driver on a process; the kernel registers it as a notifier. */
    public void create(String driver, String proc, String inst) {
        DriverDef def = defs.get(driver);
        PMap<String, Long> vars = PMap.empty();
        for (String v : variables(def)) {
            vars = vars.put(v, 0L);
        }
        PMap<String, String> locks = PMap.empty();
        for (LockDecl l : def.locks()) {
            locks = locks.put(l.name().text(), "");
        }
        m.put(new Instance(inst, driver, proc, PMap.empty(), vars, locks, List.of(), true));
        for (VarDecl v : def.vars()) {
            if (v.init() != null) {
                m.put(m.instance(inst).withVar(v.name().text(), eval.eval(v.init(), new Env(inst))));
            }
        }
    }

    /** The variables of a driver: declared with {@code var}, or assigned in a handler. */
    public static Set<String> variables(DriverDef def) {
        Set<String> out = new LinkedHashSet<>();
        for (VarDecl v : def.vars()) {
            out.add(v.name().text());
        }
        for (Handler h : def.handlers()) {
            collectAssigned(h.body(), def.name().text(), out);
        }
        return out;
    }

    private static void collectAssigned(List<HStmt> body, String self, Set<String> out) {
        for (HStmt s : body) {
            if (s instanceof Assign a && (a.obj() == null || a.obj().text().equals(self))) {
                out.add(a.var().text());
            } else if (s instanceof If i) {
                collectAssigned(i.then(), self, out);
                collectAssigned(i.otherwise(), self, out);
            }
        }
    }

    public boolean implementsCallback(String inst, String callback) {
        for (Handler h : defOf(inst).handlers()) {
            if (h.callback().text().equals(callback)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- callbacks

    /**
     * Calls one callback of one instance, if its driver implements it (a handler whose {@code when} holds).
     * Returns OK for a callback without a matching handler.
     */
    public Result call(String inst, String callback, Range range, CallContext ctx) {
        return call(inst, callback, range, ctx, Map.of());
    }

    /** As {@link #call(String, String, Range, CallContext)}, with extra parameters (an interval's cur_seq). */
    public Result call(String inst, String callback, Range range, CallContext ctx, Map<String, Long> extra) {
        // Every handler sees all the parameters; release has no range and sees zeros.
        Env env = new Env(inst).set("start", range == null ? 0 : range.start())
                .set("end", range == null ? 0 : range.end()).set("addr", range == null ? 0 : range.start());
        env.set("nonblocking", ctx.nonblocking() ? 1 : 0).set("blockable", ctx.nonblocking() ? 0 : 1).set("write", 0);
        env.set("cur_seq", extra.getOrDefault("cur_seq", 0L));
        Handler h = handler(inst, callback, env);
        if (h == null) {
            return Result.OK;
        }
        m.emit(new Event.Call(inst, callback, range == null ? "" : range.toString(),
                callback.equals("invalidate_range_start") || callback.equals("invalidate_range_end")
                        || callback.equals("invalidate") ? ctx.mode() : "", ""));
        Result r = runHandler(inst, callback, h, env, ctx);
        if (r == Result.EAGAIN) {
            m.emit(new Event.Returned(inst, callback, "EAGAIN"));
        }
        return r;
    }

    private Handler handler(String inst, String callback, Env env) {
        for (Handler h : defOf(inst).handlers()) {
            if (h.callback().text().equals(callback) && (h.when() == null || eval.eval(h.when(), env) != 0)) {
                return h;
            }
        }
        return null;
    }

    private Result runHandler(String inst, String callback, Handler h, Env env, CallContext ctx) {
        if (active.size() >= MAX_NESTED_CALLS) {
            throw new ScriptError(h.callback().span(), inst + "." + callback + " is called within "
                    + MAX_NESTED_CALLS + " nested handler calls (" + String.join(" -> ", active.subList(0, 2))
                    + " -> ...): a handler faults a page whose fault calls the handler again, without end",
                    "expected handlers that do not gup or walk a page of the range they invalidate");
        }
        active.add(inst + "." + callback);
        Invocation frame = new Invocation(inst, callback, ctx);
        Result r;
        try {
            r = exec(h.body(), env, frame);
        } catch (Eval.Blocked b) {
            m.violation(new Violation("livelock", inst, -1, -1, inst + "." + callback + " " + b.getMessage()));
            r = Result.ABORT;
        } finally {
            releaseLeftovers(frame);
            active.remove(active.size() - 1);
        }
        return r;
    }

    /** The dynamic state of one handler invocation: which locks it took, in which context it runs. */
    private static final class Invocation {
        final String inst;
        final String callback;
        final CallContext ctx;
        final List<String> held = new ArrayList<>();

        Invocation(String inst, String callback, CallContext ctx) {
            this.inst = inst;
            this.callback = callback;
            this.ctx = ctx;
        }
    }

    private void releaseLeftovers(Invocation f) {
        for (String lock : f.held) {
            m.put(m.instance(f.inst).withLock(lock, ""));
            m.emit(new Event.ReturnedHolding(f.inst, f.callback, lock));
        }
        f.held.clear();
    }

    private Result exec(List<HStmt> body, Env env, Invocation f) {
        for (HStmt s : body) {
            m.emit(new Event.Step(f.inst + "." + f.callback + ": " + s.span().headline()));
            Result r = exec(s, env, f);
            if (r != Result.OK) {
                return r;
            }
        }
        return Result.OK;
    }

    private Result exec(HStmt s, Env env, Invocation f) {
        eval.current(f.inst, () -> mightSleep(f, "read_begin", s));
        if (s instanceof Assign a) {
            String owner = f.inst;
            Instance i = m.instance(owner);
            Long old = i == null ? null : i.vars().get(a.var().text());
            if (old == null) {
                throw new ScriptError(a.var().span(), owner + " has no variable '" + a.var().text() + "'");
            }
            long v = eval.eval(a.value(), env);
            long now = a.op().equals("+=") ? old + v : a.op().equals("-=") ? old - v : v;
            m.put(i.withVar(a.var().text(), now));
            m.emit(new Event.VarSet(owner, a.var().text(), old, now));
            return Result.OK;
        } else if (s instanceof Let l) {
            env.set(l.name().text(), eval.eval(l.value(), env));
            return Result.OK;
        } else if (s instanceof If i) {
            return exec(eval.eval(i.cond(), env) != 0 ? i.then() : i.otherwise(), env, f);
        } else if (s instanceof Return r) {
            return r.eagain() ? Result.EAGAIN : Result.OK;
        } else if (s instanceof Retry) {
            return Result.RETRY;
        } else if (s instanceof Lock l) {
            return lock(l, f);
        } else if (s instanceof Unlock u) {
            String name = u.lock().text();
            if (!f.held.remove(name)) {
                throw new ScriptError(u.span(), f.inst + " unlocks " + name + ", which it does not hold");
            }
            m.put(m.instance(f.inst).withLock(name, ""));
            return Result.OK;
        } else if (s instanceof Unmap u) {
            unmap(f.inst, u, env);
            return Result.OK;
        } else if (s instanceof MapPage mp) {
            Env.Page page = env.pages.get(mp.page().text());
            if (page == null) {
                throw new ScriptError(mp.page().span(), "no page named '" + mp.page().text() + "'",
                        "take one first with: gup ADDR as " + mp.page().text());
            }
            long va = eval.eval(mp.addr(), env) & ~(Range.PAGE - 1);
            Pte now = m.process(m.instance(f.inst).proc()).ptes().get(page.va());
            boolean writable = page.write() || (!page.ref() && now != null && now.pfn() == page.pfn() && now.writable());
            m.setShadow(f.inst, va, new ShadowEntry(page.pfn(), page.generation(), writable, false));
            return Result.OK;
        } else if (s instanceof HGup g) {
            mightSleep(f, "gup", s);
            return takePage(g.addr(), g.write(), g.page(), true, env, f);
        } else if (s instanceof Walk w) {
            return takePage(w.addr(), w.write(), w.page(), false, env, f);
        } else if (s instanceof Put p) {
            Env.Page page = env.pages.remove(p.page().text());
            if (page == null) {
                throw new ScriptError(p.page().span(), "no page named '" + p.page().text() + "'");
            }
            if (!page.ref()) {
                throw new ScriptError(p.span(), "'" + p.page().text() + "' came from walk, which takes no reference",
                        "expected put only for a page taken with gup");
            }
            host.put(page.pfn(), f.inst, page.va());
            return Result.OK;
        } else if (s instanceof Sleep) {
            mightSleep(f, "sleep", s);
            return Result.OK;
        }
        throw new IllegalStateException(s.toString());
    }

    /** {@code gup} (a reference, {@code ref}) or {@code walk} (none): the page the handler then maps or puts. */
    private Result takePage(Expr addr, boolean writeWord, Name page, boolean ref, Env env, Invocation f) {
        long va = eval.eval(addr, env) & ~(Range.PAGE - 1);
        boolean write = writeWord || env.locals.getOrDefault("write", 0L) != 0;
        String proc = m.instance(f.inst).proc();
        dev.mmuscript.model.Frame fr = ref ? host.gup(proc, va, write, f.inst) : host.walk(proc, va, write, f.inst);
        if (fr == null) {
            m.emit(new Event.GupFailed(f.inst, va));
            return Result.ABORT;
        }
        env.pages.put(page.text(), new Env.Page(va, fr.pfn(), fr.generation(), write, ref));
        return Result.OK;
    }

    private Result lock(Lock l, Invocation f) {
        String name = l.lock().text();
        Instance i = m.instance(f.inst);
        LockDecl decl = lockDecl(f.inst, name);
        if (decl.sleeping()) {
            mightSleep(f, "mutex_lock(" + name + ")", l);
        }
        String holder = i.locks().get(name);
        if (holder != null && !holder.isEmpty()) {
            m.violation(new Violation("deadlock", f.inst, -1, -1,
                    f.inst + "." + f.callback + " takes " + name + ", already held by " + holder
                            + ", and nothing else can run to release it"));
            return Result.ABORT;
        }
        m.put(i.withLock(name, f.inst + "." + f.callback));
        f.held.add(name);
        return Result.OK;
    }

    private LockDecl lockDecl(String inst, String name) {
        for (LockDecl d : defOf(inst).locks()) {
            if (d.name().text().equals(name)) {
                return d;
            }
        }
        throw new IllegalStateException("undeclared lock " + name);
    }

    /** A step that may sleep: a violation if the caller is atomic or non-blocking, or a spinlock is held. */
    private void mightSleep(Invocation f, String what, HStmt at) {
        String why = null;
        if (f.ctx.atomic()) {
            why = f.ctx.why();
        } else if (f.ctx.nonblocking()) {
            why = "in a non-blocking invalidation";
        } else {
            for (String lock : f.held) {
                if (!lockDecl(f.inst, lock).sleeping()) {
                    why = "while holding the spinlock " + lock;
                    break;
                }
            }
        }
        if (why != null) {
            m.violation(new Violation("sleep-in-atomic", f.inst, -1, -1,
                    f.inst + "." + f.callback + " may sleep (" + what + ") " + why));
        }
    }

    private void unmap(String inst, Unmap u, Env env) {
        Instance i = m.instance(inst);
        Range r = null;
        if (u.range() != null) {
            long lo = eval.eval(u.range().lo(), env) & ~(Range.PAGE - 1);
            long hi = u.range().hi() != null ? eval.eval(u.range().hi(), env)
                    : u.range().pages() != null ? lo + eval.eval(u.range().pages(), env) * Range.PAGE
                    : lo + Range.PAGE;
            r = new Range(lo, hi);
        }
        for (Long va : i.shadow().keys()) {
            if (r == null || r.contains(va)) {
                m.clearShadow(inst, va);
            }
        }
    }

    // ---------------------------------------------------------------- device faults and accesses

    /** A device fault: the driver's {@code on fault} handler (or gup + map + put), retried as the handler asks. */
    public void fault(String inst, long va, boolean write) {
        m.emit(new Event.Call(inst, "fault", Range.hex(va), write ? "write" : "read", ""));
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            MachineState before = m.state();
            Env env = new Env(inst).set("addr", va).set("start", va).set("end", va + Range.PAGE)
                    .set("write", write ? 1 : 0).set("nonblocking", 0).set("blockable", 1).set("cur_seq", 0);
            Handler h = handler(inst, "fault", env);
            Result r = h != null ? runHandler(inst, "fault", h, env, CallContext.PROCESS) : defaultFault(inst, va,
                    write);
            if (r != Result.RETRY) {
                return;
            }
            m.emit(new Event.Retry(inst, va));
            if (m.state().equals(before)) {
                m.violation(new Violation("livelock", inst, va, -1, inst + " fault at " + Range.hex(va)
                        + " retries with nothing else left to run: the state it waits on can never change ("
                        + vars(inst) + ")"));
                return;
            }
        }
        m.violation(new Violation("livelock", inst, va, -1, inst + " fault at " + Range.hex(va) + " retried "
                + MAX_ATTEMPTS + " times"));
    }

    private String vars(String inst) {
        List<String> parts = new ArrayList<>();
        m.instance(inst).vars().forEach((k, v) -> parts.add(k + " = " + v));
        return String.join(", ", parts);
    }

    private Result defaultFault(String inst, long va, boolean write) {
        dev.mmuscript.model.Frame fr = host.gup(m.instance(inst).proc(), va, write, inst);
        if (fr == null) {
            m.emit(new Event.GupFailed(inst, va));
            return Result.ABORT;
        }
        m.setShadow(inst, va, new ShadowEntry(fr.pfn(), fr.generation(), write, false));
        host.put(fr.pfn(), inst, va);
        return Result.OK;
    }

    /** A device read or write through the instance's shadow table, faulting first when there is no entry. */
    public void access(String inst, long va, boolean write, long value) {
        ShadowEntry e = m.instance(inst).shadow().get(va);
        if (e == null || (write && !e.writable())) {
            fault(inst, va, write);
            e = m.instance(inst).shadow().get(va);
            if (e == null || (write && !e.writable())) {
                m.emit(new Event.NoTranslation(inst, va, write));
                return;
            }
        }
        String proc = m.instance(inst).proc();
        dev.mmuscript.model.Frame fr = m.frame(e.pfn());
        boolean stale = !m.live(e.pfn(), e.generation());
        accessFrame(proc, inst, va, e, fr, write, value);
        if (stale) {
            m.violation(new Violation("shadow-use-after-free", inst, va, e.pfn(), inst + " "
                    + (write ? "writes" : "reads") + " " + Range.hex(va) + " through pfn " + e.pfn()
                    + ", which was " + (fr.isFree() ? "freed" : "freed and reused")));
        }
    }

    private void accessFrame(String proc, String inst, long va, ShadowEntry e, dev.mmuscript.model.Frame fr,
            boolean write, long value) {
        if (write) {
            m.put(fr.withValue(value));
            m.logWrite(proc, va, new Write(inst, e.pfn(), e.generation(), value));
            m.emit(new Event.Access(inst, true, va, e.pfn(), value));
        } else {
            m.emit(new Event.Access(inst, false, va, e.pfn(), fr.value()));
            checkRead(proc, va, inst, e.pfn(), e.generation(), fr.value());
        }
    }

    /** lost-write: a read through one MMU misses the last write made through another, into another frame. */
    public void checkRead(String proc, long va, String reader, long pfn, int generation, long value) {
        Write w = m.state().writes().get(new PageKey(proc, va));
        if (w != null && !w.by().equals(reader) && (w.pfn() != pfn || w.generation() != generation)
                && w.value() != value) {
            String into = w.pfn() == pfn ? "pfn " + w.pfn() + " before it was freed" : "pfn " + w.pfn();
            String from = w.pfn() == pfn ? "pfn " + pfn + ", reallocated since" : "pfn " + pfn;
            m.violation(new Violation("lost-write", w.by(), va, w.pfn(), w.by() + " wrote " + w.value() + " to "
                    + Range.hex(va) + " in " + into + ", but " + reader + " reads " + value + " from " + from));
        }
    }
}
