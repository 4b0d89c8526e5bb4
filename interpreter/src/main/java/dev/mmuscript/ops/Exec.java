package dev.mmuscript.ops;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Machine;

/**
 * Runs ops: advances one task by one step over the machine. A step is what a scheduler interleaves: a named
 * {@link Op.Step}, or an acquire or release; unnamed steps, calls, branches and returns fuse with it.
 */
public final class Exec {
    /** How deep calls may nest in one task before the run is stopped (a handler that faults its own page). */
    public static final int MAX_DEPTH = 128;

    private final Machine m;
    private Task current;
    /** The frames below the Call op whose target is being computed (its callers), for {@link #callers}. */
    private Task.Frames callers;

    public Exec(Machine m) {
        this.m = m;
    }

    Machine machine() {
        return m;
    }

    /**
     * The task after one step, with the full name of the step it completed (null when it finished without one);
     * or the same task and the lock it waits for.
     */
    public record Advance(Task task, Frame at, String op, Lock blockedOn) {
        public Advance(Task task, String step, Lock blockedOn) {
            this(task, null, step, blockedOn);
        }

        public boolean blocked() {
            return blockedOn != null;
        }

        /** The full name of the step completed ({@code zap.clear_ptes}), built only when asked for. */
        public String step() {
            return op == null ? null : at == null ? op : fullName(at, op);
        }
    }

    /** Thrown out of a step that ran other code to completion when that code had to wait for a lock. */
    public static final class Blocked extends RuntimeException {
        public final transient Lock lock;

        public Blocked(Lock lock) {
            super(lock.describe(), null, false, false);
            this.lock = lock;
        }
    }

    /** Thrown when calls nest deeper than {@link #MAX_DEPTH}. */
    public static final class TooDeep extends RuntimeException {
        public TooDeep(String chain) {
            super(chain, null, false, false);
        }
    }

    /**
     * Where the task being advanced is: its top frame's code, pc and registers, and the frames below, kept in
     * locals while ops run and made into a {@link Task} value only when the step ends (ops between two steps
     * allocate no task).
     */
    private static final class Cursor {
        Code code;
        int pc;
        Object regs;
        Task.Frames below;
        int depth;

        Cursor(Task t) {
            Frame top = t.top();
            code = top.code();
            pc = top.pc();
            regs = top.regs();
            below = t.frames().below();
            depth = t.depth();
        }

        Frame frame() {
            return new Frame(code, pc, regs);
        }

        /** {@code base} (its name, its locks) at this position. */
        Task task(Task base) {
            return new Task(base.name(), new Task.Frames(frame(), below, depth), base.held(), base.result());
        }
    }

    /** Whether {@code t}'s next op takes a lock (its next step is that acquire, or waits for it). */
    public static boolean takesALockNext(Task t) {
        Frame top = t.top();
        return top.code().op(top.pc()) instanceof Op.Acquire;
    }

    /** Advances {@code t} until it completes a step, finishes, or must wait for a lock. */
    public Advance step(Task t) {
        return advance(t, true);
    }

    /**
     * Advances {@code t} until it finishes or must wait for a lock, stopping after each step when
     * {@code stopAtSteps} (a scheduler that interleaves steps); the sequential scheduler runs through the steps in
     * one loop and makes no task value between them.
     */
    private Advance advance(Task t, boolean stopAtSteps) {
        if (t.done()) {
            return new Advance(t, null, null);
        }
        if (stopAtSteps) {
            return advance(t, true, null);
        }
        HeldInside inside = new HeldInside();
        try {
            return advance(t, false, inside);
        } finally {
            inside.publish(m);
        }
    }

    /**
     * The loop of {@link #advance}. A run to the end ({@code inside} not null) is atomic: no other thread runs
     * before it ends, so a lock it takes and releases again is never seen by anyone but itself. Such a lock is kept
     * in {@code inside} and in the task's own held list, not written to the machine; only a lock still held when the
     * run ends (or stops) is published to the machine then. A sequential run takes and drops mmap_lock, the PT lock
     * and driver locks many times a statement, and each write to the machine makes a new state.
     */
    private Advance advance(Task t, boolean stopAtSteps, HeldInside inside) {
        Ctx ctx = new Ctx(this, t);
        Cursor at = new Cursor(t);
        while (true) {
            Op op = at.code.op(at.pc);
            ctx.task(t);
            if (op instanceof Op.Step s) {
                Frame before = stopAtSteps && s.name() != null ? at.frame() : null;
                Task saved = current;
                current = t;
                try {
                    at.regs = s.body().apply(ctx, at.regs);
                } finally {
                    current = saved;
                }
                at.pc++;
                if (stopAtSteps && s.name() != null) {
                    return new Advance(at.task(t), before, s.name(), null);
                }
            } else if (op instanceof Op.Call c) {
                callers = at.below;
                Invocation inv = c.target().apply(ctx, at.regs);
                callers = null;
                if (inv == null) {
                    at.pc++;
                } else {
                    if (at.depth >= MAX_DEPTH) {
                        throw new TooDeep("calls nest more than " + MAX_DEPTH + " deep (" + chain(at.task(t), inv)
                                + ")");
                    }
                    at.below = new Task.Frames(at.frame(), at.below, at.depth);
                    at.depth++;
                    at.code = inv.code();
                    at.pc = 0;
                    at.regs = inv.regs();
                }
            } else if (op instanceof Op.Acquire a) {
                Lock lock = a.lock().apply(ctx, at.regs);
                if (!Locks.free(m, lock) || Locks.heldAgainst(t, lock)) {
                    return new Advance(at.task(t), null, lock);
                }
                if (inside != null) {
                    inside.take(lock, holderName(t, at.regs));
                } else {
                    Locks.take(m, lock, holderName(t, at.regs));
                }
                t = t.holding(lock);
                if (a.announce()) {
                    announce(at.code, at.regs, a.name());
                }
                if (m.announcesLocks()) {
                    m.emit(lock.taken(t.name()));
                }
                if (stopAtSteps) {
                    Frame before = at.frame();
                    at.pc++;
                    return new Advance(at.task(t), before, a.name(), null);
                }
                at.pc++;
            } else if (op instanceof Op.Release r) {
                Lock lock = r.lock().apply(ctx, at.regs);
                if (inside == null || !inside.drop(lock)) {
                    Locks.drop(m, lock);
                }
                t = t.releasing(lock);
                announce(at.code, at.regs, r.name());
                if (m.announcesLocks()) {
                    m.emit(lock.released(t.name(), r.name() == null));
                }
                if (r.name() != null && stopAtSteps) {
                    Frame before = at.frame();
                    at.pc++;
                    return new Advance(at.task(t), before, r.name(), null);
                }
                at.pc++;
            } else if (op instanceof Op.Await w) {
                if (!w.ready().apply(ctx, at.regs)) {
                    return new Advance(at.task(t), null, w.what().apply(ctx, at.regs));
                }
                at.pc++;
            } else if (op instanceof Op.Branch b) {
                at.pc = b.test().apply(ctx, at.regs) ? b.target() : at.pc + 1;
            } else if (op instanceof Op.Return ret) {
                Object value = ret.value() == null ? null : ret.value().apply(ctx, at.regs);
                if (at.below == null) {
                    return new Advance(new Task(t.name(), null, t.held(), value), null, null);
                }
                Frame caller = at.below.top();
                at.below = at.below.below();
                at.depth--;
                Op.Call c = (Op.Call) caller.op();
                at.code = caller.code();
                at.pc = caller.pc() + 1;
                at.regs = c.then() == null ? caller.regs() : c.then().apply(ctx, caller.regs(), value);
            }
        }
    }

    /**
     * While a Call op computes its target: the frames of the code that called the code making the call, innermost
     * first (null when it is the task's bottom frame). A bound on nested calls of one kind reads it.
     */
    public Task.Frames callers() {
        return callers;
    }

    /** Runs {@code t} to its end (the sequential scheduler), or until it must wait. */
    public Advance runToEnd(Task t) {
        return advance(t, false);
    }

    /** Runs {@code inv} to its end inside the current step of {@code outer}: it holds what {@code outer} holds. */
    Object runNested(Task outer, Invocation inv) {
        Advance a = runToEnd(nested(outer, inv));
        if (a.blocked()) {
            throw new Blocked(a.blockedOn());
        }
        return a.task().result();
    }

    /**
     * Runs {@code inv} to its end on the current task (the sequential scheduler, or inside a step of a thread);
     * a lock another thread holds stops the whole step with {@link Blocked}.
     */
    public Object runInStep(Invocation inv) {
        return runNested(current(), inv);
    }

    /** A task that runs {@code inv} on behalf of {@code outer} (its name, its locks). */
    public static Task nested(Task outer, Invocation inv) {
        return Task.on(outer, inv);
    }

    /** The task whose step is running now, or a task named "main" with no locks outside any step. */
    public Task current() {
        return current != null ? current : MAIN;
    }

    private static final Task MAIN = new Task("main", null, java.util.List.of(), null);

    private void announce(Code code, Object regs, String name) {
        if (name != null) {
            m.emit(new Event.Step(regs instanceof Prefixed p ? p.prefix() : code.name(), name));
        }
    }

    static String fullName(Frame f, String name) {
        return fullName(f.code(), f.regs(), name);
    }

    private static String fullName(Code code, Object regs, String name) {
        String prefix = regs instanceof Prefixed p ? p.prefix() : code.name();
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** Who holds a driver lock, as reports name it: the handler that took it. */
    private static String holderName(Task t, Object regs) {
        return regs instanceof Prefixed p ? p.prefix() : t.name();
    }

    private static String chain(Task t, Invocation inv) {
        StringBuilder sb = new StringBuilder();
        String last = null;
        for (Frame f : t.stack()) {
            String n = f.regs() instanceof Prefixed p ? p.prefix() : f.code().name();
            if (!n.equals(last)) {
                sb.append(sb.length() == 0 ? "" : " -> ").append(n);
            }
            last = n;
        }
        return sb + " -> " + inv.code().name();
    }
}
