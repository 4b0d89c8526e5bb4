package dev.mmuscript.drivers;

import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Violation;
import dev.mmuscript.ops.Exec;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.ops.Task;

/**
 * Runs compiled code to its end inside the current step, where nothing else can run, and says what becomes of a
 * task that waits there: a lock its own handler holds is a deadlock (the handler is aborted); a retry that waits
 * for a change is a livelock (the fault gives up); a lock held by another thread stops the whole step.
 */
final class RunAlone {
    private final Machine m;
    private final Exec exec;
    private final FaultPath faults;

    RunAlone(Machine m, Exec exec, FaultPath faults) {
        this.m = m;
        this.exec = exec;
        this.faults = faults;
    }

    /**
     * Runs {@code inv} to its end on the current task (a plain statement: main; a thread's whole-statement step:
     * that thread); a lock another thread holds stops the whole step ({@link Exec.Blocked}).
     */
    Object runToEnd(Invocation inv) {
        Exec.Advance a = exec.runToEnd(Exec.nested(exec.current(), inv));
        while (a.blocked()) {
            a = exec.runToEnd(unblock(a.task(), a.blockedOn()));
        }
        return a.task().result();
    }

    /** The task that can go on when {@code t}, run alone, waits for {@code lock}; or the step stops. */
    private Task unblock(Task t, Lock lock) {
        if (lock.kind() == Lock.Kind.WAIT) {
            return giveUp(t);
        }
        if (!t.holds(lock) || !(t.top().regs() instanceof HRegs)) {
            throw new Exec.Blocked(lock);
        }
        return abortOnDeadlock(t, lock);
    }

    /**
     * The task after reporting that its top handler waits for a lock that only it could release, with that handler
     * jumped to its epilogue with the result ABORT.
     */
    Task abortOnDeadlock(Task t, Lock lock) {
        HRegs r = (HRegs) t.top().regs();
        String holder = lock.kind() == Lock.Kind.SPIN || lock.kind() == Lock.Kind.MUTEX
                ? m.mmus().instance(lock.owner()).locks().get(lock.name()) : t.name();
        m.violation(new Violation("deadlock", r.inst(), -1, -1, r.prefix() + " takes " + lock.name()
                + ", already held by " + holder + ", and nothing else can run to release it"));
        return t.jump(t.top().code().pcOf(HandlerCompiler.EPILOGUE), r.withResult(Drivers.Result.ABORT));
    }

    /**
     * A thread whose handler waits for a lock the thread itself holds: that is {@code deadlock} at once, and the
     * handler is aborted, as when it runs alone ({@link #runToEnd}); null when {@code t} waits for anything else.
     */
    Task abortIfSelfHeld(Task t, Lock lock) {
        return lock.kind() != Lock.Kind.WAIT && t.holds(lock) && t.top().regs() instanceof HRegs
                ? abortOnDeadlock(t, lock) : null;
    }

    /** A task whose device fault waits for a change that nothing left can make: livelock, and the fault gives up. */
    Task giveUp(Task t) {
        return faults.giveUp(t);
    }
}
