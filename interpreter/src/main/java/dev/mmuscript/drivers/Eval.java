package dev.mmuscript.drivers;

import dev.mmuscript.model.Frame;
import dev.mmuscript.model.Instance;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Mmus;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.ShadowEntry;
import dev.mmuscript.semantics.Semantics;
import dev.mmuscript.syntax.Ast.*;
import dev.mmuscript.syntax.ScriptError;

/** Evaluates expressions against the machine: integers, with 0 as false. */
public final class Eval {
    /** What a built-in that may sleep does outside a handler: nothing (no statement outside a handler calls one). */
    private static final Runnable NO_SLEEP_CHECK = () -> { };

    private final Machine machine;
    private final Semantics sem;

    /** Thrown by read_begin when it would wait for an invalidation that nothing left can end. */
    static final class Blocked extends RuntimeException {
        Blocked(String why) {
            super(why, null, false, false);
        }
    }

    public Eval(Machine machine, Semantics sem) {
        this.machine = machine;
        this.sem = sem;
    }

    /** The value of {@code e} with the names of {@code env} (null: a top-level statement's operand). */
    public long eval(Expr e, Env env) {
        return eval(e, env, NO_SLEEP_CHECK);
    }

    /**
     * The value of {@code e} in a handler whose instance and names {@code env} holds; {@code mightSleep} runs where a
     * built-in may sleep (read_begin), so that the handler's step reports sleep-in-atomic as the kernel would.
     */
    long eval(Expr e, Env env, Runnable mightSleep) {
        if (e instanceof Num n) {
            return n.value();
        } else if (e instanceof NameRef n) {
            return name(n, env);
        } else if (e instanceof Field f && f.obj().text().equals("era") && machine.mmus().info("era") == null) {
            return era(f);
        } else if (e instanceof Call c) {
            return call(c, env, mightSleep);
        } else if (e instanceof Field f) {
            Instance i = machine.mmus().info(f.obj().text());
            if (env != null && env.instance() != null
                    && machine.mmus().info(env.instance()).driver().equals(f.obj().text())) {
                i = machine.mmus().info(env.instance());
            }
            if (i == null) {
                throw new ScriptError(f.obj().span(), "no notifier or driver instance named '" + f.obj().text() + "'");
            }
            Long v = machine.mmus().var(i.name(), f.field().text());
            if (v == null) {
                throw new ScriptError(f.field().span(), f.obj().text() + " has no variable '" + f.field().text() + "'",
                        "its variables: " + String.join(", ", i.vars().keys()));
            }
            return v;
        } else if (e instanceof Memory m) {
            return memory(m, eval(m.addr(), env, mightSleep));
        } else if (e instanceof Unary u) {
            long v = eval(u.operand(), env, mightSleep);
            return u.op().equals("!") ? (v == 0 ? 1 : 0) : -v;
        } else if (e instanceof Binary b) {
            return binary(b, env, mightSleep);
        }
        throw new IllegalStateException(e.toString());
    }

    /** {@code era.KNOB}: a flag knob as 1 or 0, or the era's year. */
    private long era(Field f) {
        dev.mmuscript.semantics.Knob k = dev.mmuscript.semantics.Knob.byKey(f.field().text());
        if (k == dev.mmuscript.semantics.Knob.YEAR) {
            return sem.year();
        }
        return "true".equals(sem.get(k)) ? 1 : 0;
    }

    /** The built-in functions of handlers (the checker allows them nowhere else): over the handler's instance. */
    private long call(Call c, Env env, Runnable mightSleep) {
        Instance i = machine.mmus().instance(env.instance());
        switch (c.fn().text()) {
            case "mapped": {
                long va = eval(c.args().get(0), env, mightSleep) & ~(Range.PAGE - 1);
                return i.shadow().containsKey(va) ? 1 : 0;
            }
            case "read_begin": {
                // mmu_interval_read_begin: waits while an invalidation covering this interval is open.
                mightSleep.run();
                Long seq = i.vars().get(dev.mmuscript.drivers.Drivers.INTERVAL_SEQ);
                long s = seq == null ? 0 : seq;
                if (seq != null && seq == machine.process(i.proc()).itreeSeq() && (s & 1) == 1) {
                    throw new Blocked("waits in read_begin for an invalidation (invalidate_seq " + s
                            + ") that nothing left can end");
                }
                return s;
            }
            case "read_retry": {
                // mmu_interval_read_retry: the interval was invalidated since read_begin returned s.
                Long seq = i.vars().get(dev.mmuscript.drivers.Drivers.INTERVAL_SEQ);
                return (seq == null ? 0 : seq) != eval(c.args().get(0), env, mightSleep) ? 1 : 0;
            }
            case "interval_insert":
                // mmu_interval_notifier_insert: may sleep (it may register the mm's subscriptions)
                mightSleep.run();
                return Intervals.insert(machine, env.instance(), eval(c.args().get(0), env, mightSleep),
                        eval(c.args().get(1), env, mightSleep));
            case "interval_remove":
                // mmu_interval_notifier_remove: may sleep (it waits for an invalidation in progress)
                mightSleep.run();
                return Intervals.remove(machine, env.instance());
            default:
                throw new ScriptError(c.fn().span(), "unknown function '" + c.fn().text() + "'");
        }
    }

    private long name(NameRef n, Env env) {
        if (env != null) {
            Long local = env.locals().isEmpty() ? null : env.locals().get(n.name());
            if (local != null) {
                return local;
            }
            int param = env.params() == null ? -1 : Env.Params.slot(n.name());
            if (param >= 0) {
                return env.params().value(param);
            }
            if (env.instance() != null) {
                Mmus mmus = machine.mmus();
                Long v = mmus.info(env.instance()) == null ? null : mmus.var(env.instance(), n.name());
                if (v != null) {
                    return v;
                }
            }
        }
        throw new ScriptError(n.span(), "unknown name '" + n.name() + "'",
                "expected a variable, a parameter of the callback (start, end, addr, write, blockable,"
                        + " nonblocking) or a number");
    }

    private long binary(Binary b, Env env, Runnable mightSleep) {
        if (b.op().equals("&&")) {
            return eval(b.left(), env, mightSleep) != 0 && eval(b.right(), env, mightSleep) != 0 ? 1 : 0;
        }
        if (b.op().equals("||")) {
            return eval(b.left(), env, mightSleep) != 0 || eval(b.right(), env, mightSleep) != 0 ? 1 : 0;
        }
        long l = eval(b.left(), env, mightSleep);
        long r = eval(b.right(), env, mightSleep);
        switch (b.op()) {
            case "+": return l + r;
            case "-": return l - r;
            case "*": return l * r;
            case "/":
            case "%":
                if (r == 0) {
                    throw new ScriptError(b.span(), "division by zero");
                }
                return b.op().equals("/") ? l / r : l % r;
            case "==": return l == r ? 1 : 0;
            case "!=": return l != r ? 1 : 0;
            case "<": return l < r ? 1 : 0;
            case "<=": return l <= r ? 1 : 0;
            case ">": return l > r ? 1 : 0;
            case ">=": return l >= r ? 1 : 0;
            default: throw new IllegalStateException(b.op());
        }
    }

    /**
     * What {@code P[addr]} or {@code I[addr]} reads, without side effects: for a process, the frame its PTE maps
     * (an absent anonymous page reads 0); for an instance, the frame its shadow entry maps.
     */
    public long memory(Memory m, long va) {
        String obj = m.obj().text();
        long page = va & ~(Range.PAGE - 1);
        Process p = machine.process(obj);
        if (p != null) {
            Long v = machine.state().cpuValue(obj, page);
            if (v != null) {
                return v;
            }
            throw new ScriptError(m.span(), obj + "[" + Range.hex(va) + "] is not mapped",
                    "a CPU access there would be a SIGSEGV");
        }
        Instance i = machine.mmus().instance(obj);
        if (i != null) {
            ShadowEntry e = i.shadow().get(page);
            if (e == null) {
                throw new ScriptError(m.span(), obj + " has no translation for " + Range.hex(va),
                        "let the device fault first: " + obj + " fault " + Range.hex(page));
            }
            Frame f = machine.frame(e.pfn());
            return f.value();
        }
        throw new ScriptError(m.obj().span(), "no process or instance named '" + obj + "'");
    }
}
