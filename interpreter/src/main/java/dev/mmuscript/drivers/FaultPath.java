package dev.mmuscript.drivers;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.ShadowEntry;
import dev.mmuscript.model.Violation;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.ops.Prefixed;
import dev.mmuscript.syntax.Ast.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * A device fault (KVM's tdp_page_fault, hmm_range_fault's caller, an ODP page fault): the driver's {@code on fault}
 * handler, or gup + map + put for a driver without one, attempted again while the handler answers {@code retry}.
 * A retry after which nothing changed can never succeed while nothing else runs: that is {@code livelock}. Run by
 * a scheduler, the fault waits after a retry until the state differs from the state its attempt started from; in
 * an explore ({@link Machine#exploring()}) it tries again at once and keeps no such state, so that worlds that
 * differ only in where a fault's attempt started are one world, and the explorer finds a retry that changes
 * nothing as a cycle.
 */
final class FaultPath {
    /** How many attempts a fault makes before the retry loop is declared a livelock. */
    static final int MAX_ATTEMPTS = 64;

    private final Machine m;
    private final Drivers drivers;
    private final Host host;
    private final Code code;

    FaultPath(Machine m, Drivers drivers, Host host) {
        this.m = m;
        this.drivers = drivers;
        this.host = host;
        this.code = build();
    }

    /** The registers of a device fault: where, which attempt, the state it started from, and what it returned. */
    record Regs(String inst, long va, boolean write, int attempt, MachineState before, Drivers.Result result,
            boolean handled) implements Fingerprint.Fingerprinted, Prefixed {
        static Regs start(String inst, long va, boolean write) {
            return new Regs(inst, va, write, 0, null, null, false);
        }

        @Override
        public String prefix() {
            return inst + ".fault";
        }

        /**
         * Equal faults are at the same place with the same state to compare with: how many attempts they made only
         * bounds a loop that changes the state on every retry, and is no part of the world, so that an explore in
         * which a retry comes back to where it was ends there instead of counting to the bound.
         */
        @Override
        public boolean equals(Object o) {
            return o instanceof Regs r && r.va == va && r.write == write && r.handled == handled && r.inst.equals(inst)
                    && java.util.Objects.equals(r.before, before) && r.result == result;
        }

        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** The next attempt, from state {@code s}; {@code handled} once the driver's handler has returned. */
        Regs next(MachineState s) {
            return new Regs(inst, va, write, attempt + 1, s, null, false);
        }

        Regs handledWith(Drivers.Result r) {
            return new Regs(inst, va, write, attempt, before, r, true);
        }

        Regs withResult(Drivers.Result r) {
            return new Regs(inst, va, write, attempt, before, r, handled);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x590C9E1E07E28270L;
            h = Fingerprint.add(h, inst);
            h = Fingerprint.add(h, va);
            h = Fingerprint.add(h, write);
            h = Fingerprint.add(h, before);
            h = Fingerprint.add(h, result);
            h = Fingerprint.add(h, handled);
            return h;
        }
    }

    Code code() {
        return code;
    }

    private Code build() {
        return Builder.path("device_fault")
                .local((c, r) -> {
                    Regs f = (Regs) r;
                    m.emit(new Event.Call(f.inst(), "fault", Range.hex(f.va()), f.write() ? "write" : "read", ""));
                    return f;
                })
                .label("attempt")
                .local((c, r) -> ((Regs) r).next(m.exploring() ? null : m.state()))
                .call((c, r) -> handlerInvocation((Regs) r), (c, r, result) -> ((Regs) r).handledWith(
                        (Drivers.Result) result))
                .local((c, r) -> {
                    Regs f = (Regs) r;
                    return f.handled() ? f : f.withResult(defaultFault(f));
                })
                .branch((c, r) -> ((Regs) r).result() != Drivers.Result.RETRY, "done")
                .local((c, r) -> {
                    Regs f = (Regs) r;
                    m.emit(new Event.Retry(f.inst(), f.va()));
                    return f;
                })
                .branch((c, r) -> ((Regs) r).attempt() >= MAX_ATTEMPTS, "give_up")
                .await((c, r) -> ((Regs) r).before() == null || !m.state().equals(((Regs) r).before()),
                        (c, r) -> Lock.waitFor(((Regs) r).inst(), "a change to what " + ((Regs) r).inst()
                                + "'s fault read before it retried"))
                .jump("attempt")
                .label("give_up")
                .local((c, r) -> {
                    livelock((Regs) r);
                    return r;
                })
                .label("done")
                .ret()
                .build();
    }

    /**
     * A fault that waits for a change nothing left can make: {@code livelock}, and the fault gives up (the task
     * goes on after it).
     */
    dev.mmuscript.ops.Task giveUp(dev.mmuscript.ops.Task t) {
        Regs f = (Regs) t.top().regs();
        livelock(f);
        return t.jump(code.pcOf("done"), f);
    }

    private Env env(Regs f) {
        return Env.of(f.inst(), new Env.Params(f.va(), f.va() + Range.PAGE, f.va(), f.write() ? 1 : 0, 0, 0));
    }

    /** The driver's fault handler whose {@code when} holds, or null (then gup + map + put). */
    private Invocation handlerInvocation(Regs f) {
        Env env = env(f);
        Handler h = drivers.handler(f.inst(), "fault", env);
        if (h == null) {
            return null;
        }
        return new Invocation(drivers.code(h), HRegs.start(env, "fault", CallContext.PROCESS));
    }

    private Drivers.Result defaultFault(Regs f) {
        dev.mmuscript.model.Frame fr = host.gup(m.mmus().info(f.inst()).proc(), f.va(), f.write(), f.inst());
        if (fr == null) {
            m.emit(new Event.GupFailed(f.inst(), f.va(), GupErrno.of(m, drivers, f.inst(), f.va(), f.write(), true)));
            return Drivers.Result.ABORT;
        }
        m.mmus().setShadow(f.inst(), f.va(), new ShadowEntry(fr.pfn(), fr.generation(), f.write(), false));
        host.put(fr.pfn(), f.inst(), f.va());
        return Drivers.Result.OK;
    }

    private void livelock(Regs f) {
        String why = !m.state().equals(f.before()) ? " retried " + MAX_ATTEMPTS + " times"
                : " retries with nothing else left to run: the state it waits on can never change (" + vars(f.inst())
                        + ")";
        m.violation(new Violation("livelock", f.inst(), f.va(), -1, f.inst() + " fault at " + Range.hex(f.va()) + why));
    }

    private String vars(String inst) {
        List<String> parts = new ArrayList<>();
        m.mmus().instance(inst).vars().forEach((k, v) -> parts.add(k + " = " + v));
        return String.join(", ", parts);
    }
}
