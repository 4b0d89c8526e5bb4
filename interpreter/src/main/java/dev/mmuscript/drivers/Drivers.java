package dev.mmuscript.drivers;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Instance;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.PMap;
import dev.mmuscript.model.PageKey;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.ShadowEntry;
import dev.mmuscript.model.Violation;
import dev.mmuscript.model.Write;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Exec;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Task;
import dev.mmuscript.syntax.Ast.*;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private final Machine m;
    private final Eval eval;
    private final Exec exec;
    private final HandlerSteps steps;
    private final FaultPath faults;
    private final Map<String, DriverDef> defs = new java.util.HashMap<>();
    /** Each driver's handlers by callback, in the order written (the program's, fixed for the run). */
    private final Map<String, Map<String, List<Handler>>> handlers = new java.util.HashMap<>();
    private final Map<Handler, Code> compiled = new java.util.IdentityHashMap<>();
    private Host host;
    private dev.mmuscript.semantics.Semantics sem;

    public enum Result { OK, EAGAIN, RETRY, ABORT }

    public Drivers(Machine m, Exec exec) {
        this.m = m;
        this.eval = new Eval(m);
        this.exec = exec;
        this.steps = new HandlerSteps(m, eval, this);
        this.faults = new FaultPath(m, this);
    }

    public Exec exec() {
        return exec;
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
        Map<String, List<Handler>> by = new java.util.HashMap<>();
        for (Handler h : def.handlers()) {
            by.computeIfAbsent(h.callback().text(), k -> new ArrayList<>()).add(h);
        }
        handlers.put(def.name().text(), by);
    }

    /** The handlers an instance's driver has for {@code callback}, in the order written (none: empty). */
    private List<Handler> handlersOf(String inst, String callback) {
        return handlers.get(m.instance(inst).driver()).getOrDefault(callback, List.of());
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
        return !handlersOf(inst, callback).isEmpty();
    }

    // ---------------------------------------------------------------- callbacks

    /**
     * The handler invocation for a callback (announced with its Call event), or null when the driver has no handler
     * for it whose {@code when} holds.
     */
    public Invocation invocation(String inst, String callback, Range range, CallContext ctx, Map<String, Long> extra) {
        // Every handler sees all the parameters; release has no range and sees zeros.
        Env env = Env.of(inst, new Env.Params(range == null ? 0 : range.start(), range == null ? 0 : range.end(),
                range == null ? 0 : range.start(), 0, ctx.nonblocking() ? 1 : 0, extra.getOrDefault("cur_seq", 0L)));
        Handler h = handler(inst, callback, env);
        if (h == null) {
            return null;
        }
        m.emit(new Event.Call(inst, callback, range == null ? "" : range.toString(),
                callback.equals("invalidate_range_start") || callback.equals("invalidate_range_end")
                        || callback.equals("invalidate") ? ctx.mode() : "", ""));
        return new Invocation(code(inst, h), HRegs.start(env, callback, ctx));
    }

    Handler handler(String inst, String callback, Env env) {
        for (Handler h : handlersOf(inst, callback)) {
            if (h.when() == null || eval.eval(h.when(), env) != 0) {
                return h;
            }
        }
        return null;
    }

    Code code(String inst, Handler h) {
        return compiled.computeIfAbsent(h, x -> HandlerCompiler.compile(steps, defOf(inst), h));
    }

    /** The handlers among the frames below the Call being made, outermost first. */
    private List<String> handlersOnStack() {
        List<String> out = new ArrayList<>();
        for (Task.Frames f = exec.callers(); f != null; f = f.below()) {
            if (f.top().regs() instanceof HRegs h) {
                out.add(0, h.prefix());
            }
        }
        return out;
    }

    private List<String> nestedPrefixes() {
        List<String> out = new ArrayList<>();
        nesting.forEach(h -> out.add(h.prefix()));
        return out;
    }

    /** {@code a x3 -> b}: the handlers under way, outermost first, a run of the same one written once with its count. */
    private static String chain(List<String> outer, String next) {
        List<String> all = new ArrayList<>(outer);
        all.add(next);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < all.size(); ) {
            int j = i;
            while (j < all.size() && all.get(j).equals(all.get(i))) {
                j++;
            }
            out.add(all.get(i) + (j - i > 1 ? " x" + (j - i) : ""));
            i = j;
        }
        return String.join(" -> ", out);
    }

    /** How deep handlers may call back into the kernel and from there into handlers again. */
    static final int MAX_NESTING = 16;

    /** The handlers running now, outermost first (a handler that faults its own page nests without end). */
    private final List<HRegs> nesting = new ArrayList<>();

    /**
     * Runs a task to its end inside the current step, where nothing else can run: a lock the task's own handler
     * holds is a deadlock (the handler is aborted); a retry that waits for a change is a livelock (the fault gives
     * up); a lock held by another thread stops the whole step. Handlers that a dispatch calls in it count towards
     * the bound on nested handler calls ({@link #callback}) until the run ends, however it ends.
     */
    private Object runAlone(Task task) {
        int outer = nesting.size();
        runs++;
        try {
            Exec.Advance a = exec.runToEnd(task);
            while (a.blocked()) {
                a = exec.runToEnd(unblockAlone(a.task(), a.blockedOn()));
            }
            return a.task().result();
        } finally {
            runs--;
            while (nesting.size() > outer) {
                nesting.remove(nesting.size() - 1);
            }
        }
    }

    /** The task that can go on when {@code t}, run alone, waits for {@code lock}; or the step stops. */
    private Task unblockAlone(Task t, dev.mmuscript.ops.Lock lock) {
        if (lock.kind() == dev.mmuscript.ops.Lock.Kind.WAIT) {
            return giveUp(t);
        }
        if (!t.holds(lock) || !(t.top().regs() instanceof HRegs)) {
            throw new Exec.Blocked(lock);
        }
        return abortOnDeadlock(t, lock);
    }

    /**
     * Runs compiled code (a kernel path, a notifier dispatch) to its end on the current task, inside the current
     * step (a plain statement: main; a thread's whole-statement step: that thread), as a handler call does: with
     * the same verdicts for a handler that waits for a lock it holds, and the same bound on nested handler calls.
     * A lock another thread holds stops the whole step ({@link Exec.Blocked}).
     */
    public Object runToEnd(Invocation inv) {
        return runAlone(Exec.nested(exec.current(), inv));
    }

    // ---------------------------------------------------------------- callbacks as Call ops of a dispatch

    /** How many runs of {@link #runAlone} are under way: handlers called inside them nest on the Java stack. */
    private int runs;

    /**
     * The invocation of one callback for a {@code Call} op of a notifier dispatch, or null when the driver has no
     * handler for it whose {@code when} holds: announced with its Call event, the {@link CallContext} (atomic,
     * non-blocking, why) in its registers, as {@link #call} gives it. Inside code run to its end within a step,
     * the handler counts towards the bound on nested handler calls until {@link #returned} takes its result; a
     * thread's own handler steps are values in its frames and count for nothing here.
     */
    public Invocation callback(String inst, String callback, Range range, CallContext ctx, Map<String, Long> extra) {
        Invocation inv = invocation(inst, callback, range, ctx, extra);
        if (inv == null) {
            return null;
        }
        HRegs regs = (HRegs) inv.regs();
        List<String> onStack = handlersOnStack();
        if (nesting.size() + onStack.size() >= MAX_NESTING) {
            List<String> all = nestedPrefixes();
            all.addAll(onStack);
            throw new Exec.TooDeep(regs.prefix() + " is called within " + MAX_NESTING + " nested handler calls ("
                    + chain(all, regs.prefix()) + ")");
        }
        if (runs > 0) {
            nesting.add(regs);
        }
        return inv;
    }

    /**
     * What a handler that {@link #callback} called returned, for the {@code then} of its Call op (an EAGAIN is
     * reported as {@link #call} reports it).
     */
    public Result returned(String inst, String callback, Object result) {
        if (runs > 0 && !nesting.isEmpty()) {
            nesting.remove(nesting.size() - 1);
        }
        Result r = (Result) result;
        if (r == Result.EAGAIN) {
            m.emit(new Event.Returned(inst, callback, "EAGAIN"));
        }
        return r;
    }

    /**
     * The task after reporting that its top handler waits for a lock that only it could release, with that handler
     * jumped to its epilogue with the result ABORT.
     */
    public Task abortOnDeadlock(Task t, dev.mmuscript.ops.Lock lock) {
        HRegs r = (HRegs) t.top().regs();
        String holder = lock.kind() == dev.mmuscript.ops.Lock.Kind.SPIN || lock.kind() == dev.mmuscript.ops.Lock.Kind.MUTEX
                ? m.instance(lock.owner()).locks().get(lock.name()) : t.name();
        m.violation(new Violation("deadlock", r.inst(), -1, -1, r.prefix() + " takes " + lock.name()
                + ", already held by " + holder + ", and nothing else can run to release it"));
        return t.jump(t.top().code().pcOf(HandlerCompiler.EPILOGUE), r.withResult(Result.ABORT));
    }

    /**
     * A thread whose handler waits for a lock the thread itself holds: that is {@code deadlock} at once, and the
     * handler is aborted, as when it runs alone ({@link #runToEnd}); null when {@code t} waits for anything else.
     */
    public Task abortIfSelfHeld(Task t, dev.mmuscript.ops.Lock lock) {
        return lock.kind() != dev.mmuscript.ops.Lock.Kind.WAIT && t.holds(lock) && t.top().regs() instanceof HRegs
                ? abortOnDeadlock(t, lock) : null;
    }

    /** A task whose device fault waits for a change that nothing left can make: livelock, and the fault gives up. */
    public Task giveUp(Task t) {
        return faults.giveUp(t);
    }

    boolean sleepingLock(String inst, String name) {
        return lockDecl(inst, name).sleeping();
    }

    private LockDecl lockDecl(String inst, String name) {
        for (LockDecl d : defOf(inst).locks()) {
            if (d.name().text().equals(name)) {
                return d;
            }
        }
        throw new IllegalStateException("undeclared lock " + name);
    }

    Host host() {
        return host;
    }

    // ---------------------------------------------------------------- device faults and accesses

    /** A device fault: the driver's {@code on fault} handler (or gup + map + put), retried as the handler asks. */
    public void fault(String inst, long va, boolean write) {
        runAlone(Exec.nested(exec.current(), faultInvocation(inst, va, write)));
    }

    /**
     * The steps of an instance's handlers for a callback, as a schedule names them ({@code guest.fault.gup}), in
     * the order of the handlers and their statements.
     */
    public List<String> handlerSteps(String inst, String callback) {
        List<String> out = new ArrayList<>();
        for (Handler h : defOf(inst).handlers()) {
            if (h.callback().text().equals(callback)) {
                for (String step : code(inst, h).stepNames()) {
                    String full = inst + "." + callback + "." + step;
                    if (!out.contains(full)) {
                        out.add(full);
                    }
                }
            }
        }
        return out;
    }

    /** The compiled device fault of an instance at a page, ready to run on a thread. */
    public Invocation faultInvocation(String inst, long va, boolean write) {
        return new Invocation(faults.code(), FaultPath.Regs.start(inst, va, write));
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
