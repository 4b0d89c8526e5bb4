package dev.mmuscript.kernel;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Prot;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lock;

/**
 * mprotect as a step program (mm/mprotect.c do_mprotect_pkey, mprotect_fixup, change_protection): under
 * mmap_write_lock the VMAs are split and given the new protection, then change_pte_range rewrites the present PTEs
 * under the PT lock, bracketed by range_start/range_end; the TLB is flushed when a permission went away: before
 * range_end up to 3.14 (mprotect_fixup brackets change_protection), after it from 3.15 (change_pmd_range
 * brackets each PMD, change_protection_range flushes after the walk; knob mprotect_flush).
 */
final class Mprotect {
    private final Machine m;
    private final Kernel kernel;
    private final Notify notify;
    private final Code mprotect;

    Mprotect(Machine m, Kernel kernel, Notify notify) {
        this.m = m;
        this.kernel = kernel;
        this.notify = notify;
        this.mprotect = buildMprotect();
    }

    /** The registers of mprotect: the mm, the range, the new protection, whether a PTE lost a permission. */
    record Regs(String proc, Range range, Prot prot, boolean downgraded) implements Fingerprint.Fingerprinted {
        Regs downgrading(boolean d) {
            return new Regs(proc, range, prot, d);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x57E6A3184745B7DBL;
            h = Fingerprint.add(h, proc);
            h = Fingerprint.add(h, range);
            h = Fingerprint.add(h, prot);
            h = Fingerprint.add(h, downgraded);
            return h;
        }
    }

    Invocation mprotect(String proc, Range r, Prot prot) {
        return new Invocation(mprotect, new Regs(proc, r, prot, false));
    }

    private Code buildMprotect() {
        return Builder.path("mprotect")
                .acquire("mmap_write_lock", (c, r) -> Lock.mmap(((Regs) r).proc(), true))
                .local((c, r) -> mprotectFixup((Regs) r))
                .call((c, r) -> notify.rangeStartCall(((Regs) r).proc(), ((Regs) r).range(), false, "mprotect"))
                .acquire("lock_ptl", (c, r) -> Lock.ptl(((Regs) r).proc()))
                .step("change_ptes", (c, r) -> changePteRange((Regs) r))
                .release("unlock_ptl", (c, r) -> Lock.ptl(((Regs) r).proc()))
                .branch((c, r) -> !((Regs) r).downgraded() || flushAfterEnd(), "end")
                .step("flush_tlb", (c, r) -> flushTlbRange((Regs) r))
                .label("end")
                .call((c, r) -> notify.rangeEndCall(((Regs) r).proc(), ((Regs) r).range(), "mprotect", false))
                .branch((c, r) -> !((Regs) r).downgraded() || !flushAfterEnd(), "unlock")
                .step("flush_tlb", (c, r) -> flushTlbRange((Regs) r))
                .label("unlock")
                .release("mmap_write_unlock", (c, r) -> Lock.mmap(((Regs) r).proc(), true))
                .build();
    }

    /** mprotect_fixup: the VMAs split at the range's ends, the part inside with the new protection. */
    private Regs mprotectFixup(Regs r) {
        Process p = m.process(r.proc());
        m.put(p.withVmas(Kernel.carve(p.vmas(), r.range(), r.prot())));
        return r;
    }


    /** change_pte_range: each present PTE gets the new permissions (a write bit only where it had one). */
    private Regs changePteRange(Regs r) {
        m.emit(new Event.Step("mprotect.change_ptes"));
        boolean downgrade = false;
        for (long va : kernel.presentIn(r.proc(), r.range())) {
            Pte pte = m.process(r.proc()).ptes().get(va);
            Pte now = pte.withAccessible(r.prot().accessible()).withWritable(pte.writable() && r.prot().write());
            if (pte.accessible() && !now.accessible() || pte.writable() && !now.writable()) {
                downgrade = true;
            }
            m.updatePte(r.proc(), va, now);
        }
        return r.downgrading(downgrade);
    }

    /** 3.15 on: range_start/range_end inside change_pmd_range, the flush after the walk (a5338093bfb4). */
    private boolean flushAfterEnd() {
        return kernel.semantics().mprotectFlushesAfterEnd();
    }

    /**
     * change_protection's flush_tlb_range, only when a permission went away. It is no notifier site: in 3.19-5.x
     * invalidate_range comes only from range_end (6.6's arch flush calls arch_invalidate_secondary_tlbs).
     */
    private Regs flushTlbRange(Regs r) {
        m.emit(new Event.Step("mprotect.flush_tlb"));
        kernel.flush(r.proc(), r.range(), "mprotect", false);
        return r;
    }

}
