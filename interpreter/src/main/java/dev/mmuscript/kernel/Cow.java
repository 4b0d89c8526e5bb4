package dev.mmuscript.kernel;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.Frame;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.ops.Prefixed;
import dev.mmuscript.semantics.CowNotify;

/**
 * wp_page_copy (mm/memory.c, do_wp_page's COW) as a step program: a new page, a copy of the old one, replaces it
 * in the PTE, notified as the era did ({@link CowNotify}): invalidate_page before the clear (a script's choice),
 * invalidate_page after the PT unlock (Lameter's V3 of 29 Jan 2008, "[patch 2/6] mmu_notifier: Callbacks to
 * invalidate address ranges": {@code mmu_notifier(invalidate_range, mm, address, address + PAGE_SIZE - 1, 0)}
 * after pte_unmap_unlock), invalidate_page under the PT lock from ptep_clear_flush_notify (2.6.27-2.6.31), a plain ptep_clear_flush and then
 * only set_pte_at_notify's change_pte, or its invalidate_page fallback, once per notifier (2.6.32-3.6: 828502d30073
 * made do_wp_page call set_pte_at_notify; mm/memory.c do_wp_page of 2.6.32 and 3.0), or range_start/end around
 * ptep_clear_flush_notify and set_pte_at_notify (3.7 on, 2ec74c3ef2d8). Under the PT lock the PTE is checked to be
 * the one the fault read (pte_same): if another thread changed it, the new page is dropped and the access faults
 * again.
 */
final class Cow {
    private final Machine m;
    private final Kernel kernel;
    private final Notify notify;
    private final Code code;

    Cow(Machine m, Kernel kernel, Notify notify) {
        this.m = m;
        this.kernel = kernel;
        this.notify = notify;
        this.code = buildCode();
    }

    /** The registers of wp_page_copy: the mm, the page, the PTE the fault read, the copy, and whether it was mapped. */
    record Regs(String proc, long va, Pte orig, long copy, boolean copied, boolean relocked)
            implements Fingerprint.Fingerprinted, Prefixed {
        @Override
        public String prefix() {
            return "cow";
        }

        Regs withCopy(long pfn) {
            return new Regs(proc, va, orig, pfn, copied, relocked);
        }

        Regs mapped() {
            return new Regs(proc, va, orig, copy, true, relocked);
        }

        Regs relocking(boolean r) {
            return new Regs(proc, va, orig, copy, copied, r);
        }

        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x3B27982C897C69ACL;
            h = Fingerprint.add(h, proc);
            h = Fingerprint.add(h, va);
            h = Fingerprint.add(h, orig);
            h = Fingerprint.add(h, copy);
            h = Fingerprint.add(h, copied);
            h = Fingerprint.add(h, relocked);
            return h;
        }
    }

    Invocation wpPageCopy(String proc, long va, Pte orig) {
        return new Invocation(code, new Regs(proc, va, orig, -1, false, false));
    }

    private CowNotify form() {
        return kernel.semantics().cowNotify();
    }

    private Code buildCode() {
        return Builder.path("wp_page_copy")
                .local((c, r) -> copyPage((Regs) r))
                .branch((c, r) -> form() != CowNotify.PAGE_BEFORE_CLEAR, "start")
                .call((c, r) -> notify.invalidatePageCall(((Regs) r).proc(), ((Regs) r).va(),
                        kernel.startContext(false), "cow"))
                .label("start")
                .branch((c, r) -> form() != CowNotify.START_END, "lock")
                .call((c, r) -> notify.rangeStartCall(((Regs) r).proc(), Range.page(((Regs) r).va()), false,
                        "cow"))
                .label("lock")
                .branch((c, r) -> c.task().holds(Lock.ptl(((Regs) r).proc())), "relock")
                .acquire("lock_ptl", (c, r) -> Lock.ptl(((Regs) r).proc()))
                .jump("locked")
                .label("relock")
                .step("lock_ptl", (c, r) -> relock((Regs) r))
                .label("locked")
                .branch((c, r) -> !pteSame((Regs) r), "changed")
                .step("ptep_clear_flush", (c, r) -> ptepClearFlush((Regs) r))
                .branch((c, r) -> form() != CowNotify.PAGE_UNDER_PTL, "set")
                .call((c, r) -> notify.invalidatePageCall(((Regs) r).proc(), ((Regs) r).va(), Kernel.PTL, "cow"))
                .label("set")
                .step("set_pte_at_notify", (c, r) -> setPteAtNotify((Regs) r))
                .call((c, r) -> kernel.changePteCall(((Regs) r).proc(), ((Regs) r).va(), "cow"))
                .jump("unlock")
                .label("changed")
                .local((c, r) -> dropCopy((Regs) r))
                .label("unlock")
                .branch((c, r) -> ((Regs) r).relocked(), "unrelock")
                .release("unlock_ptl", (c, r) -> Lock.ptl(((Regs) r).proc()))
                .jump("unlocked")
                .label("unrelock")
                .step("unlock_ptl", (c, r) -> unrelock((Regs) r))
                .label("unlocked")
                .branch((c, r) -> form() != CowNotify.PAGE_AFTER_UNLOCK, "end")
                .call((c, r) -> notify.invalidatePageCall(((Regs) r).proc(), ((Regs) r).va(),
                        kernel.startContext(false), "cow"))
                .label("end")
                .branch((c, r) -> form() != CowNotify.START_END, "put")
                .call((c, r) -> notify.rangeEndCall(((Regs) r).proc(), Range.page(((Regs) r).va()), "cow", false))
                .label("put")
                .branch((c, r) -> !((Regs) r).copied(), "out")
                .step("put_old_page", (c, r) -> putOldPage((Regs) r))
                .label("out")
                .ret()
                .build();
    }

    // ---------------------------------------------------------------- the steps

    /** alloc_page_vma and cow_user_page: the new page, with the old one's content. */
    private Regs copyPage(Regs r) {
        long old = r.orig().pfn();
        Frame copy = m.alloc("cow " + r.proc() + " " + Range.hex(r.va()));
        m.put(copy.withValue(m.frame(old).value()));
        m.emit(new Event.Copied(old, copy.pfn(), m.isZeroPage(old) ? "cow of the zero page" : "cow"));
        return r.withCopy(copy.pfn());
    }

    /**
     * The PT lock this thread holds already: a handler the kernel called under it faulted the page (a spinlock the
     * kernel would take again and spin on for ever). The model goes on as if it took it, so that the handler's
     * recursion is what stops the run ({@code examples/limits/handler-faults-its-own-page.mmu}).
     */
    private Regs relock(Regs r) {
        m.emit(new Event.Step("cow.lock_ptl"));
        return r.relocking(true);
    }

    private Regs unrelock(Regs r) {
        m.emit(new Event.Step("cow.unlock_ptl"));
        return r.relocking(false);
    }

    private boolean pteSame(Regs r) {
        return r.orig().equals(m.process(r.proc()).ptes().get(r.va()));
    }

    /** ptep_clear_flush (ptep_clear_flush_notify from 3.7, the notify site of invalidate_range 3.19-6.5). */
    private Regs ptepClearFlush(Regs r) {
        m.emit(new Event.Step("cow.ptep_clear_flush"));
        m.clearPte(r.proc(), r.va());
        kernel.flush(r.proc(), Range.page(r.va()), "cow", form() == CowNotify.START_END);
        return r;
    }

    private Regs setPteAtNotify(Regs r) {
        m.emit(new Event.Step("cow.set_pte_at_notify"));
        m.mapPte(r.proc(), r.va(), r.copy(), true, true);
        return r.mapped();
    }

    /** The PTE changed under the fault: the new page is put (update_mmu_tlb), the access will fault again. */
    private Regs dropCopy(Regs r) {
        m.putRef(r.copy());
        return r;
    }

    /** put_page of the old page: the PTE's reference to it is gone. */
    private Regs putOldPage(Regs r) {
        m.emit(new Event.Step("cow.put_old_page"));
        m.putRef(r.orig().pfn());
        return r;
    }
}
