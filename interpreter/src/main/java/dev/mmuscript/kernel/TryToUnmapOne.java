package dev.mmuscript.kernel;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.Frame;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Ctx;
import dev.mmuscript.ops.Fn;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.ops.Prefixed;
import dev.mmuscript.semantics.RmapNotify;
import dev.mmuscript.semantics.SecondaryTlb;
import dev.mmuscript.semantics.Semantics;

/**
 * try_to_unmap_one / page_mkclean_one (mm/rmap.c): one mapping of a page, unmapped into a swap or migration entry
 * or write-protected and cleaned, under the page-table lock. It is notified as the era did (rmap_notify):
 * invalidate_page before the clear, outside the PT lock (Lameter's v3, 2008); right after the clear and flush,
 * before the swap entry and the rmap drop (ptep_clear_flush_notify, 2.6.27-3.6); under the PT lock after put_page
 * (4.11-4.13-rc4); after the unlock (3.7-4.10); only invalidate_range after the walk (4.13-rc5, aac2fea94f7a); or
 * range_start/range_end around it, with the secondary-TLB callback under the PT lock (4.13 on, 369ea8242c0f).
 * Reclaim first asks the notifiers whether the page is young (clear_flush_young, until 5.10). Returns whether the
 * CPU flush was deferred.
 */
final class TryToUnmapOne {
    private final Machine m;
    private final Kernel kernel;
    private final Notify notify;

    TryToUnmapOne(Machine m, Kernel kernel, Notify notify) {
        this.m = m;
        this.kernel = kernel;
        this.notify = notify;
    }

    /** The registers: one mapping, what to leave in its place, and whether its CPU flush is deferred. */
    record One(String path, String proc, long va, Rmap.Unmap how, boolean defer)
            implements Fingerprint.Fingerprinted, Prefixed {
        @Override
        public String prefix() {
            return path;
        }

        Range page() {
            return Range.page(va);
        }

        Lock ptl() {
            return Lock.ptl(proc);
        }

        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x57FFE1E312AE36C7L;
            h = Fingerprint.add(h, path);
            h = Fingerprint.add(h, proc);
            h = Fingerprint.add(h, va);
            h = Fingerprint.add(h, how);
            h = Fingerprint.add(h, defer);
            return h;
        }
    }

    /**
     * The registers after the clear: the mapping, the frame whose reference it held, and whether the swap or
     * migration entry is in place yet (2.6.27-3.6 set it after invalidate_page).
     */
    record Cleared(One one, long pfn, boolean entryLeft) implements Fingerprint.Fingerprinted, Prefixed {
        @Override
        public String prefix() {
            return one.path();
        }

        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x64BA9725040818FBL;
            h = Fingerprint.add(h, one);
            h = Fingerprint.add(h, pfn);
            h = Fingerprint.add(h, entryLeft);
            return h;
        }
    }

    Code code() {
        return Builder.path("try_to_unmap_one")
                .branch((c, r) -> !form(RmapNotify.PAGE_BEFORE_CLEAR), "range_start")
                .call(invalidatePage(false))
                .label("range_start")
                .branch((c, r) -> !form(RmapNotify.START_END), "lock")
                .call((c, r) -> notify.rangeStartCall(one(r).proc(), one(r).page(), false, one(r).path()))
                .label("lock")
                .acquire("lock_ptl", (c, r) -> one(r).ptl())
                .branch((c, r) -> one(r).how() != Rmap.Unmap.MKCLEAN, "clear")
                .step("ptep_clear_flush", this::mkclean)
                .branch((c, r) -> !form(RmapNotify.PAGE_CLEAR_FLUSH_NOTIFY), "under_ptl")
                .call(invalidatePage(true))
                .jump("under_ptl")
                .label("clear")
                .branch((c, r) -> !checksYoung(one(r)), "nuke")
                .call((c, r) -> notify.clearFlushYoungCall(one(r).proc(), one(r).va(), one(r).path()))
                .label("nuke")
                .branch((c, r) -> one(r).defer(), "deferred")
                .step("ptep_clear_flush", this::clear)
                .jump("cleared")
                .label("deferred")
                .step("ptep_get_and_clear", this::clear)
                .label("cleared")
                .branch((c, r) -> !form(RmapNotify.PAGE_CLEAR_FLUSH_NOTIFY), "remove_rmap")
                // ptep_clear_flush_notify (2.6.27-3.6): invalidate_page right after the clear and flush
                .call(invalidatePage(true))
                .label("remove_rmap")
                .step("page_remove_rmap", this::removeRmap)
                .label("under_ptl")
                .branch((c, r) -> !form(RmapNotify.PAGE_UNDER_PTL), "secondary_tlb")
                .call(invalidatePage(true))
                .label("secondary_tlb")
                .branch((c, r) -> !form(RmapNotify.START_END)
                        || sem().secondaryTlb() != SecondaryTlb.INVALIDATE_RANGE, "unlock")
                // mmu_notifier_invalidate_range after put_page, under the PT lock: no step of its own, it fuses with
                // the unlock (its events come just before reclaim.unlock_ptl).
                .call((c, r) -> notify.secondaryTlbCall(one(r).proc(), one(r).page(), one(r).path()))
                .label("unlock")
                .release("unlock_ptl", (c, r) -> one(r).ptl())
                .branch((c, r) -> !form(RmapNotify.PAGE_AFTER_UNLOCK), "range_after_walk")
                .call(invalidatePage(false))
                .label("range_after_walk")
                .branch((c, r) -> !form(RmapNotify.RANGE_AFTER_WALK), "range_end")
                // aac2fea94f7a: "address + (1UL << compound_order(page))": one byte, not one page.
                .call((c, r) -> notify.invalidateRangeOnlyCall(one(r).proc(), new Range(one(r).va(), one(r).va() + 1),
                        one(r).path()))
                .label("range_end")
                .branch((c, r) -> !form(RmapNotify.START_END), "done")
                .call((c, r) -> notify.rangeEndCall(one(r).proc(), one(r).page(), one(r).path(), false))
                .label("done")
                .ret((c, r) -> one(r).defer())
                .build();
    }

    /**
     * Reclaim's recently-referenced check, under the PT lock before the PTE is cleared: {@code if
     * (ptep_clear_flush_young_notify(vma, address, pte)) { ret = SWAP_FAIL; goto out_unmap; }} (mm/rmap.c
     * try_to_unmap_one, 2.6.27 on; from 4.13 inside range_start/end, as {@code !(flags & TTU_IGNORE_ACCESS)}),
     * which calls every notifier's clear_flush_young. Migration passes TTU_MIGRATION / TTU_IGNORE_ACCESS and skips
     * it; 013339df116c ("mm/rmap: always do TTU_IGNORE_ACCESS", Shakeel Butt, 5.11) removed it, so profiles from
     * 2021 on do not call it. Accessed bits are not modelled: the answer is taken as "not young", and the unmap goes
     * on.
     */
    private boolean checksYoung(One o) {
        return o.how() == Rmap.Unmap.SWAP && sem().year() < 2021;
    }

    private static One one(Object r) {
        return r instanceof Cleared cl ? cl.one() : (One) r;
    }

    private Semantics sem() {
        return kernel.semantics();
    }

    private boolean form(RmapNotify rmapNotify) {
        return sem().rmapNotify() == rmapNotify;
    }

    /**
     * mmu_notifier_invalidate_page of the page, announced as the step {@code invalidate_page}, under the PT lock or
     * in the era's ordinary context.
     */
    private Fn.Target invalidatePage(boolean underPtl) {
        return (c, r) -> notify.invalidatePageCall(one(r).proc(), one(r).va(),
                underPtl ? Kernel.PTL : kernel.startContext(false), one(r).path());
    }

    private void announce(Prefixed r, String text) {
        m.emit(new Event.Step(r.prefix(), text));
    }

    /** page_mkclean_one: write-protect and clean the PTE (its dirty bit dirties the page), then flush. */
    private Object mkclean(Ctx c, Object r) {
        One o = one(r);
        announce(o, "ptep_clear_flush + pte_wrprotect(pte_mkclean)");
        Pte was = m.process(o.proc()).ptes().get(o.va());
        kernel.dirtyToCache(was);
        m.updatePte(o.proc(), o.va(), was.withWritable(false).withDirty(false));
        kernel.flush(o.proc(), o.page(), o.path(), false);
        return o;
    }

    /**
     * ptep_clear_flush, or ptep_get_and_clear with the flush batched (set_tlb_ubc_flush_pending, 4.6 on); the PTE
     * becomes a swap entry (an anonymous page being reclaimed) or a migration entry.
     */
    private Object clear(Ctx c, Object r) {
        One o = one(r);
        announce(o, o.defer() ? "ptep_get_and_clear" : "ptep_clear_flush");
        Pte was = m.clearPte(o.proc(), o.va());
        kernel.dirtyToCache(was);
        if (o.defer()) {
            deferFlush(o);
        } else {
            kernel.flush(o.proc(), o.page(), o.path(), false);
        }
        if (form(RmapNotify.PAGE_CLEAR_FLUSH_NOTIFY)) {
            return new Cleared(o, was.pfn(), false);
        }
        leaveEntry(o, was.pfn());
        return new Cleared(o, was.pfn(), true);
    }

    /** set_tlb_ubc_flush_pending: the CPU flush waits for try_to_unmap_flush. */
    private void deferFlush(One o) {
        m.emit(new Event.FlushDeferred(o.proc(), o.va()));
        if (sem().secondaryTlb() == SecondaryTlb.ARCH_INVALIDATE_SECONDARY_TLBS) {
            // x86 arch_tlbbatch_add_pending (arch/x86/include/asm/tlbflush.h, 6.6 on) invalidates the secondary
            // TLBs as the flush is queued, over the whole address space: (mm, 0, -1UL).
            notify.secondaryTlb(o.proc(), Dispatch.ALL);
        }
    }

    /** What takes the PTE's place: a swap entry for an anonymous page being reclaimed, or a migration entry. */
    private void leaveEntry(One o, long pfn) {
        Frame f = m.frame(pfn);
        if (o.how() == Rmap.Unmap.SWAP && kernel.cacheSlot(pfn) == null) {
            Process p = m.process(o.proc());
            m.put(p.withSwap(p.swap().put(o.va(), f.value())));
            m.emit(new Event.SwapOut(o.proc(), o.va(), pfn));
        } else if (o.how() == Rmap.Unmap.MIGRATE) {
            m.emit(new Event.MigrationEntry(o.proc(), o.va(), pfn));
        }
    }

    /**
     * page_remove_rmap + put_page: the mapping's reference goes. In 2.6.27-3.6 the swap or migration entry is set
     * here, after ptep_clear_flush_notify's invalidate_page (mm/rmap.c try_to_unmap_one of 2.6.32).
     */
    private Object removeRmap(Ctx c, Object r) {
        Cleared cl = (Cleared) r;
        announce(cl, "page_remove_rmap + put_page");
        if (!cl.entryLeft()) {
            leaveEntry(cl.one(), cl.pfn());
        }
        m.putRef(cl.pfn());
        return cl.one();
    }
}
