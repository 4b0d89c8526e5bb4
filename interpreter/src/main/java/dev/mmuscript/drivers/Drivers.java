package dev.mmuscript.drivers;

import dev.mmuscript.model.Instance;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.PMap;
import dev.mmuscript.model.Range;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Exec;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lazy;
import dev.mmuscript.ops.Task;
import dev.mmuscript.semantics.Semantics;
import dev.mmuscript.syntax.Ast.*;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The secondary MMUs of a run: the definitions of its drivers and scripted notifiers, each handler compiled to a
 * step program the first time it is called (each handler statement one step), and what the kernel and the schedulers ask of them
 * (callbacks, device faults and accesses, the instances' variables). Immutable: the devices' state is the
 * machine's; the drivers reach the kernel through the {@link Host} they are given.
 */
public final class Drivers {
    /** The callbacks a handler may be written for (the kernel calls those its era has). */
    public static final List<String> CALLBACKS = List.of("release", "invalidate_page", "invalidate_range_start",
            "invalidate_range_end", "invalidate_range", "arch_invalidate_secondary_tlbs", "change_pte",
            "clear_flush_young", "invalidate", "fault");

    /**
     * The flags a driver may set ({@code flags NAME}), its {@code mmu_notifier_ops.flags}:
     * {@code invalidate_does_not_block} is MMU_INVALIDATE_DOES_NOT_BLOCK (include/linux/mmu_notifier.h, 4.16-4.19).
     */
    public static final List<String> FLAGS = List.of("invalidate_does_not_block");

    /** The variable that holds an interval notifier's sequence (mmu_interval_notifier.invalidate_seq). */
    public static final String INTERVAL_SEQ = "interval_seq";

    public enum Result { OK, EAGAIN, RETRY, ABORT }

    private final Machine m;
    private final Eval eval;
    private final boolean intervalNotifiers;
    /** The drivers that register on the mm's notifier list (every one, unless it is only an interval notifier). */
    private final Set<String> onList;
    private final Map<String, DriverDef> defs;
    /** Each driver's handlers by callback, in the order written. */
    private final Map<String, Map<String, List<Handler>>> handlers;
    private final Map<Handler, Lazy<Code>> compiled;
    private final FaultPath faults;
    private final HandlerCalls calls;
    private final RunAlone alone;
    private final DeviceAccess devices;

    /**
     * The drivers {@code defs} (by name) under {@code sem}, their handlers compiled; they evaluate expressions with
     * {@code eval} and call get_user_pages and put_page through {@code host}.
     */
    public Drivers(Machine m, Exec exec, Semantics sem, Eval eval, Map<String, DriverDef> defs, Host host) {
        this.m = m;
        this.eval = eval;
        this.intervalNotifiers = sem.intervalNotifiers();
        this.defs = Map.copyOf(defs);
        this.handlers = byCallback(defs.values());
        this.onList = onList(defs.values(), sem);
        this.compiled = compile(defs.values(), new HandlerSteps(m, eval, host, this));
        this.faults = new FaultPath(m, this, host);
        this.calls = new HandlerCalls(m, exec, this);
        this.alone = new RunAlone(m, exec, faults);
        this.devices = new DeviceAccess(m, this);
    }

    private static Map<String, Map<String, List<Handler>>> byCallback(java.util.Collection<DriverDef> defs) {
        Map<String, Map<String, List<Handler>>> out = new HashMap<>();
        for (DriverDef def : defs) {
            Map<String, List<Handler>> by = new HashMap<>();
            for (Handler h : def.handlers()) {
                by.computeIfAbsent(h.callback().text(), k -> new ArrayList<>()).add(h);
            }
            by.replaceAll((cb, list) -> List.copyOf(list));
            out.put(def.name().text(), Map.copyOf(by));
        }
        return Map.copyOf(out);
    }

    /**
     * The drivers that register an mmu_notifier on the mm's list: before 5.5 every one; from 5.5 one without an
     * {@code invalidate} handler, and one with it that also has a handler for a notifier-list callback whose
     * {@code when} can hold in the era ({@link EraGuards}): nouveau's svmm registers nouveau_mn_ops
     * (invalidate_range_start) and inserts interval notifiers (nouveau_svm_mni_ops) for its faults
     * (drivers/gpu/drm/nouveau/nouveau_svm.c, 5.5 on).
     */
    private static Set<String> onList(java.util.Collection<DriverDef> defs, Semantics sem) {
        Set<String> out = new java.util.HashSet<>();
        for (DriverDef def : defs) {
            boolean interval = false;
            boolean list = false;
            for (Handler h : def.handlers()) {
                String cb = h.callback().text();
                interval |= cb.equals("invalidate");
                list |= !cb.equals("invalidate") && !cb.equals("fault") && EraGuards.mayApply(h, sem);
            }
            if (!sem.intervalNotifiers() || !interval || list) {
                out.add(def.name().text());
            }
        }
        return Set.copyOf(out);
    }

    private static Map<Handler, Lazy<Code>> compile(java.util.Collection<DriverDef> defs, HandlerSteps steps) {
        Map<Handler, Lazy<Code>> out = new IdentityHashMap<>();
        for (DriverDef def : defs) {
            for (Handler h : def.handlers()) {
                out.put(h, Lazy.of(() -> HandlerCompiler.compile(steps, def, h)));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    public Eval eval() {
        return eval;
    }

    // ---------------------------------------------------------------- definitions

    public DriverDef definition(String driver) {
        return defs.get(driver);
    }

    private DriverDef defOf(String inst) {
        return defs.get(m.mmus().info(inst).driver());
    }

    /** The handlers an instance's driver has for {@code callback}, in the order written (none: empty). */
    private List<Handler> handlersOf(String inst, String callback) {
        return handlers.get(m.mmus().info(inst).driver()).getOrDefault(callback, List.of());
    }

    public boolean implementsCallback(String inst, String callback) {
        return !handlersOf(inst, callback).isEmpty();
    }

    /** An interval notifier (5.5 on): its driver has an {@code invalidate} handler and the era has them. */
    public boolean isInterval(String inst) {
        return intervalNotifiers && implementsCallback(inst, "invalidate");
    }

    /**
     * Whether an instance is on the mm's notifier list (mmu_notifier_register): every one but an interval
     * notifier that has no notifier-list handler in the era. One that is both gets the list's callbacks as a
     * notifier and {@code invalidate} for its interval.
     */
    public boolean onList(String inst) {
        return !intervalNotifiers || onList.contains(m.mmus().info(inst).driver());   // reads no instance before 5.5
    }

    /** Whether a driver registers on the mm's notifier list (6.6's registration check looks at those only). */
    public boolean registersOnList(String driver) {
        return onList.contains(driver);
    }

    /** The first handler of {@code callback} whose {@code when} holds, or null. */
    Handler handler(String inst, String callback, Env env) {
        for (Handler h : handlersOf(inst, callback)) {
            if (h.when() == null || eval.eval(h.when(), env) != 0) {
                return h;
            }
        }
        return null;
    }

    /** A handler's compiled code. */
    Code code(Handler h) {
        return compiled.get(h).get();
    }

    /**
     * Whether the 4.16 OOM reaper counts an instance as a notifier whose invalidations may block
     * (mm/mmu_notifier.c of 4.16, mm_has_blockable_invalidate_notifiers): a notifier with none of
     * {@code invalidate_range}, {@code invalidate_range_start} and {@code invalidate_range_end} is passed over, any
     * other one blocks unless its driver sets {@code flags invalidate_does_not_block}
     * (MMU_INVALIDATE_DOES_NOT_BLOCK). What the handlers do is not looked at: the kernel trusts the flag.
     */
    public boolean mayBlock(String inst) {
        if (!implementsCallback(inst, "invalidate_range") && !implementsCallback(inst, "invalidate_range_start")
                && !implementsCallback(inst, "invalidate_range_end")) {
            return false;
        }
        return !defOf(inst).hasFlag("invalidate_does_not_block");
    }

    boolean sleepingLock(String inst, String name) {
        return lockDecl(defOf(inst), name).sleeping();
    }

    private static LockDecl lockDecl(DriverDef def, String name) {
        for (LockDecl d : def.locks()) {
            if (d.name().text().equals(name)) {
                return d;
            }
        }
        throw new IllegalStateException("undeclared lock " + name);
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

    // ---------------------------------------------------------------- instances

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
        m.mmus().put(new Instance(inst, driver, proc, PMap.empty(), vars, locks, List.of(), true));
        if (isInterval(inst) && onList(inst)) {
            Intervals.remove(m, inst);     // a driver on both inserts its intervals itself (nouveau: one a fault)
        }
        for (VarDecl v : def.vars()) {
            if (v.init() != null) {
                m.mmus().put(m.mmus().instance(inst).withVar(v.name().text(), eval.eval(v.init(), new Env(inst))));
            }
        }
    }

    // ---------------------------------------------------------------- callbacks

    /**
     * The invocation of one callback for a {@code Call} op of a notifier dispatch, or null when the driver has no
     * handler for it whose {@code when} holds: announced with its Call event, the {@link CallContext} (atomic,
     * non-blocking, why) in its registers. The handlers already on the task's stack count towards the bound on
     * nested handler calls.
     */
    public Invocation callback(String inst, String callback, Range range, CallContext ctx, Map<String, Long> extra) {
        return calls.callback(inst, callback, range, ctx, extra);
    }

    /** What a handler that {@link #callback} called returned, for the {@code then} of its Call op. */
    public Result returned(String inst, String callback, Object result) {
        return calls.returned(inst, callback, result);
    }

    /**
     * The steps of an instance's handlers for a callback, as a schedule names them ({@code guest.fault.gup}), in
     * the order of the handlers and their statements.
     */
    public List<String> handlerSteps(String inst, String callback) {
        List<String> out = new ArrayList<>();
        for (Handler h : defOf(inst).handlers()) {
            if (h.callback().text().equals(callback)) {
                for (String step : code(h).stepNames()) {
                    String full = inst + "." + callback + "." + step;
                    if (!out.contains(full)) {
                        out.add(full);
                    }
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- running to the end, alone

    /**
     * Runs compiled code (a kernel path, a notifier dispatch) to its end on the current task, inside the current
     * step (a plain statement: main; a thread's whole-statement step: that thread): a handler that waits for a lock
     * its own thread holds is a deadlock; a lock another thread holds stops the whole step ({@link Exec.Blocked}).
     */
    public Object runToEnd(Invocation inv) {
        return alone.runToEnd(inv);
    }

    /**
     * A thread whose handler waits for a lock the thread itself holds: that is {@code deadlock} at once, and the
     * handler is aborted, as when it runs alone ({@link #runToEnd}); null when {@code t} waits for anything else.
     */
    public Task abortIfSelfHeld(Task t, dev.mmuscript.ops.Lock lock) {
        return alone.abortIfSelfHeld(t, lock);
    }

    /** A task whose device fault waits for a change that nothing left can make: livelock, and the fault gives up. */
    public Task giveUp(Task t) {
        return alone.giveUp(t);
    }

    // ---------------------------------------------------------------- device faults and accesses

    /** A device fault: the driver's {@code on fault} handler (or gup + map + put), retried as the handler asks. */
    public void fault(String inst, long va, boolean write) {
        runToEnd(faultInvocation(inst, va, write));
    }

    /** The compiled device fault of an instance at a page, ready to run on a thread. */
    public Invocation faultInvocation(String inst, long va, boolean write) {
        return new Invocation(faults.code(), FaultPath.Regs.start(inst, va, write));
    }

    /** A device read or write through the instance's shadow table, faulting first when there is no entry. */
    public void access(String inst, long va, boolean write, long value) {
        devices.access(inst, va, write, value);
    }

    /** A device read or write's step program, for a thread to run step by step ({@link DeviceAccess}). */
    public Invocation accessInvocation(String inst, long va, boolean write, long value) {
        return devices.invocation(inst, va, write, value);
    }
}
