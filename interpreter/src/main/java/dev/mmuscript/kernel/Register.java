package dev.mmuscript.kernel;

import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.drivers.EraGuards;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.Instance;
import dev.mmuscript.model.Machine;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.semantics.SecondaryTlb;
import dev.mmuscript.semantics.Semantics;
import dev.mmuscript.syntax.Ast.Handler;
import dev.mmuscript.syntax.ScriptError;

/**
 * Notifier registration as step programs (mm/mmu_notifier.c): mmu_notifier_register hashes the notifier into the
 * mm under mmap_write_lock (do_mmu_notifier_register, mm_take_all_locks); mmu_notifier_unregister, with no
 * mmap_lock, calls the notifier's release if the mm is still live and unhashes it, and the device is torn down.
 * From 6.6 __mmu_notifier_register refuses a notifier with both arch_invalidate_secondary_tlbs and a range start or
 * end: the script stops there.
 */
final class Register {
    private final Machine m;
    private final Drivers drivers;
    private final Notify notify;
    private final Kernel kernel;
    private final Code register;
    private final Code unregister;

    Register(Machine m, Drivers drivers, Notify notify, Kernel kernel) {
        this.m = m;
        this.drivers = drivers;
        this.notify = notify;
        this.kernel = kernel;
        this.register = buildRegister();
        this.unregister = buildUnregister();
    }

    /** The registers of mmu_notifier_register: the driver, the mm, the instance's name. */
    record Regs(String driver, String proc, String inst) implements Fingerprint.Fingerprinted {

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x5B0A26A2EBD849DCL;
            h = Fingerprint.add(h, driver);
            h = Fingerprint.add(h, proc);
            h = Fingerprint.add(h, inst);
            return h;
        }
    }

    /** The registers of mmu_notifier_unregister: the instance. */
    record Unregs(String inst) implements Fingerprint.Fingerprinted {

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x648C57DB7F923CE7L;
            h = Fingerprint.add(h, inst);
            return h;
        }
    }

    Invocation register(String driver, String proc, String inst) {
        return new Invocation(register, new Regs(driver, proc, inst));
    }

    Invocation unregister(String inst) {
        return new Invocation(unregister, new Unregs(inst));
    }

    private Code buildRegister() {
        return Builder.path("mmu_notifier_register")
                .acquire("mmap_write_lock", (c, r) -> Lock.mmap(((Regs) r).proc(), true))
                .local((c, r) -> hashNotifier((Regs) r))
                .release("mmap_write_unlock", (c, r) -> Lock.mmap(((Regs) r).proc(), true))
                .build();
    }

    /**
     * One step: the release (if the mm is live), the unhash and the device's teardown. Its step event is left out
     * so that the trace stays what it was before the port; a thread names the step {@code mmu_notifier_unregister}.
     */
    private Code buildUnregister() {
        return Builder.path("")
                .step("mmu_notifier_unregister", (c, r) -> unregisterNotifier((Unregs) r))
                .build();
    }

    /** hlist_add_head_rcu of the notifier into the mm's list, after the device is made. */
    private Regs hashNotifier(Regs r) {
        refuseSecondaryTlbsWithRange(r);
        drivers.create(r.driver(), r.proc(), r.inst());
        m.put(m.process(r.proc()).withNotifier(r.inst()));
        m.emit(new Event.Registered(r.inst(), r.driver(), r.proc()));
        return r;
    }

    /**
     * 6.6 on, __mmu_notifier_register (mm/mmu_notifier.c; Alistair Popple's "mmu_notifiers: Rename invalidate_range
     * notifier", with 6.6's rename): {@code if (WARN_ON_ONCE(subscription && (subscription->ops->
     * arch_invalidate_secondary_tlbs && (subscription->ops->invalidate_range_start ||
     * subscription->ops->invalidate_range_end)))) return -EINVAL;}. The ops a driver registers with are its
     * handlers whose {@code when} can hold in the era ({@link EraGuards}). An interval notifier registers through
     * mmu_interval_notifier_insert, which passes a NULL subscription: it is not checked.
     */
    private void refuseSecondaryTlbsWithRange(Regs r) {
        Semantics era = kernel.semantics();
        if (era.secondaryTlb() != SecondaryTlb.ARCH_INVALIDATE_SECONDARY_TLBS || !drivers.registersOnList(r.driver())) {
            return;
        }
        Handler tlbs = registered(r.driver(), "arch_invalidate_secondary_tlbs", era);
        Handler range = registered(r.driver(), "invalidate_range_start", era);
        if (range == null) {
            range = registered(r.driver(), "invalidate_range_end", era);
        }
        if (tlbs != null && range != null) {
            throw new ScriptError(tlbs.callback().span(), "mmu_notifier_register of " + r.inst() + " on " + r.proc()
                    + " fails with EINVAL: " + r.driver() + " has both arch_invalidate_secondary_tlbs and "
                    + range.callback().text() + " (WARN_ON_ONCE in __mmu_notifier_register, linux-6.6 on)",
                    "a notifier uses either arch_invalidate_secondary_tlbs or invalidate_range_start/end; give the"
                            + " other handlers 'when era.year < 2023'");
        }
    }

    /** The first handler of {@code callback} whose {@code when} can hold in {@code era}, or null. */
    private Handler registered(String driver, String callback, Semantics era) {
        for (Handler h : drivers.definition(driver).handlers()) {
            if (h.callback().text().equals(callback) && EraGuards.mayApply(h, era)) {
                return h;
            }
        }
        return null;
    }

    private Unregs unregisterNotifier(Unregs r) {
        Instance i = m.mmus().instance(r.inst());
        if (m.process(i.proc()).notifiers().contains(r.inst())) {
            notify.release(r.inst());
            m.put(m.process(i.proc()).withoutNotifier(r.inst()));
        }
        for (Long va : m.mmus().instance(r.inst()).shadow().keys()) {
            m.mmus().clearShadow(r.inst(), va);
        }
        m.mmus().put(m.mmus().instance(r.inst()).withAttached(false));
        m.emit(new Event.Unregistered(r.inst()));
        return r;
    }
}
