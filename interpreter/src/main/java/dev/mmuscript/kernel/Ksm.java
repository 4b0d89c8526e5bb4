package dev.mmuscript.kernel;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.ops.Prefixed;
import dev.mmuscript.semantics.ChangePte;

/**
 * KSM's merge of two identical pages as a step program (mm/ksm.c try_to_merge_one_page, write_protect_page,
 * replace_page; 2.6.32 on): under mmap_read_lock write_protect_page makes the kept page's PTE read-only, then
 * replace_page maps the other address to the kept frame, read-only, and the other page is put. Each PTE change is
 * ptep_clear_flush then set_pte_at_notify under the PT lock: change_pte (falling back to invalidate_page,
 * 2.6.32-3.6), inside range_start/range_end from 3.7 (6bdb913f0a70), plain set_pte_at from 6.10.
 */
final class Ksm {
    private final Machine m;
    private final Kernel kernel;
    private final Notify notify;
    private final Code merge;
    private final Code setPte;

    Ksm(Machine m, Kernel kernel, Notify notify) {
        this.m = m;
        this.kernel = kernel;
        this.notify = notify;
        this.merge = buildMerge();
        this.setPte = buildSetPte();
    }

    /** The registers of a merge: the mm, the page kept and its frame, the page replaced and its old frame. */
    record Regs(String proc, long keep, long keptPfn, long other, long oldPfn, boolean merging)
            implements Fingerprint.Fingerprinted {
        Regs merging(long kept, long old) {
            return new Regs(proc, keep, kept, other, old, true);
        }

        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0xA390044ACB700FAL;
            h = Fingerprint.add(h, proc);
            h = Fingerprint.add(h, keep);
            h = Fingerprint.add(h, keptPfn);
            h = Fingerprint.add(h, other);
            h = Fingerprint.add(h, oldPfn);
            h = Fingerprint.add(h, merging);
            return h;
        }
    }

    /** The registers of one PTE change: the path ({@code ksm.write_protect_page}), the page, its new frame. */
    record SetPte(String path, String proc, long va, long pfn, Pte was) implements Fingerprint.Fingerprinted, Prefixed {
        @Override
        public String prefix() {
            return path;
        }

        SetPte cleared(Pte w) {
            return new SetPte(path, proc, va, pfn, w);
        }

        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x503AC20CEAEEAF2EL;
            h = Fingerprint.add(h, path);
            h = Fingerprint.add(h, proc);
            h = Fingerprint.add(h, va);
            h = Fingerprint.add(h, pfn);
            h = Fingerprint.add(h, was);
            return h;
        }
    }

    Invocation merge(String proc, long keep, long other) {
        return new Invocation(merge, new Regs(proc, keep, -1, other, -1, false));
    }

    private Code buildMerge() {
        return Builder.path("ksm")
                .local((c, r) -> pagesIdentical((Regs) r))
                .branch((c, r) -> !((Regs) r).merging(), "out")
                .acquire("mmap_read_lock", (c, r) -> Lock.mmap(((Regs) r).proc(), false))
                .call((c, r) -> writeProtectPage((Regs) r))
                .call((c, r) -> replacePage((Regs) r))
                .step("put_old_page", (c, r) -> putOldPage((Regs) r))
                .release("mmap_read_unlock", (c, r) -> Lock.mmap(((Regs) r).proc(), false))
                .label("out")
                .ret()
                .build();
    }

    /** ptep_clear_flush then set_pte_at_notify under the PT lock, inside range_start/range_end from 3.7. */
    private Code buildSetPte() {
        return Builder.path("set_pte")
                .branch((c, r) -> !bracketed(), "lock")
                .call((c, r) -> notify.rangeStartCall(((SetPte) r).proc(), Range.page(((SetPte) r).va()), false,
                        ((SetPte) r).path()))
                .label("lock")
                .acquire("lock_ptl", (c, r) -> Lock.ptl(((SetPte) r).proc()))
                .step("ptep_clear_flush", (c, r) -> ptepClearFlush((SetPte) r))
                .step("set_pte_at_notify", (c, r) -> setPteAtNotify((SetPte) r))
                .call((c, r) -> kernel.changePteCall(((SetPte) r).proc(), ((SetPte) r).va(), ((SetPte) r).path()))
                .release("unlock_ptl", (c, r) -> Lock.ptl(((SetPte) r).proc()))
                .branch((c, r) -> !bracketed(), "out")
                .call((c, r) -> notify.rangeEndCall(((SetPte) r).proc(), Range.page(((SetPte) r).va()),
                        ((SetPte) r).path(), false))
                .label("out")
                .ret()
                .build();
    }

    private Invocation writeProtectPage(Regs r) {
        return setPte("ksm.write_protect_page", r.proc(), r.keep(), r.keptPfn());
    }

    private Invocation replacePage(Regs r) {
        return setPte("ksm.replace_page", r.proc(), r.other(), r.keptPfn());
    }

    private Invocation setPte(String path, String proc, long va, long pfn) {
        return new Invocation(setPte, new SetPte(path, proc, va, pfn, null));
    }

    /** Before 3.7 change_pte alone (or invalidate_page) told the secondary MMUs; from 3.7 start/end bracket it. */
    private boolean bracketed() {
        return kernel.semantics().changePte() != ChangePte.FALLBACK_INVALIDATE_PAGE;
    }

    /**
     * KSM's choice of a pair (the era has KSM, both present, different frames, both anonymous, same contents), said
     * when not.
     */
    private Regs pagesIdentical(Regs r) {
        if (kernel.semantics().year() < 2009) {
            m.emit(new Event.NotInEra("ksm_merge", "KSM arrived in 2.6.32, 2009"));
            return r;
        }
        Process p = m.process(r.proc());
        Pte a = p.ptes().get(r.keep());
        Pte b = p.ptes().get(r.other());
        if (a == null || b == null) {
            m.emit(new Event.NotMerged(r.proc(), a == null ? r.keep() : r.other(), "not present"));
            return r;
        }
        if (a.pfn() == b.pfn()) {
            m.emit(new Event.NotMerged(r.proc(), r.other(), "already the same page"));
            return r;
        }
        if (kernel.cacheSlot(a.pfn()) != null || kernel.cacheSlot(b.pfn()) != null) {
            // get_mergeable_page (mm/ksm.c) takes only a PageAnon page: not a file's or a shmem object's.
            long at = kernel.cacheSlot(a.pfn()) != null ? r.keep() : r.other();
            m.emit(new Event.NotMerged(r.proc(), at, "not an anonymous page (a file's or shared memory's)"));
            return r;
        }
        long va = m.frame(a.pfn()).value();
        long vb = m.frame(b.pfn()).value();
        if (va != vb) {
            m.emit(new Event.NotMerged(r.proc(), r.other(), "contents differ (" + va + " and " + vb + ")"));
            return r;
        }
        return r.merging(a.pfn(), b.pfn());
    }


    /** ptep_clear_flush: the PTE cleared (a dirty file page dirties its page-cache page), the TLB flushed. */
    private SetPte ptepClearFlush(SetPte s) {
        m.emit(new Event.Step(s.path(), "ptep_clear_flush"));
        Pte was = m.clearPte(s.proc(), s.va());
        kernel.dirtyToCache(was);
        kernel.flush(s.proc(), Range.page(s.va()), s.path(), bracketed());
        return s.cleared(was);
    }

    /** set_pte_at_notify: the read-only PTE to the kept frame, with change_pte where the era has it. */
    private SetPte setPteAtNotify(SetPte s) {
        m.emit(new Event.Step(s.path(), "set_pte_at_notify"));
        m.mapPte(s.proc(), s.va(), s.pfn(), false, true);
        if (s.was().pfn() == s.pfn()) {
            m.putRef(s.pfn());    // the same page again: the PTE's old reference goes
        }
        return s;
    }


    /** replace_page's put_page of the old page. */
    private Regs putOldPage(Regs r) {
        m.emit(new Event.Step("ksm.put_old_page"));
        m.putRef(r.oldPfn());
        return r;
    }
}
