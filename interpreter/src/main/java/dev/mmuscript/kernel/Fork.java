package dev.mmuscript.kernel;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.Vma;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lock;
import java.util.List;

/**
 * fork's copy of the address space as a step program (kernel/fork.c dup_mmap, mm/memory.c copy_page_range and
 * copy_pte_range): under the parent's mmap_write_lock the child gets the parent's VMAs; for each VMA the present
 * PTEs are copied under the parent's PT lock to the same frames. A private writable (COW) VMA is bracketed by
 * range_start/range_end on the parent and write-protected on both sides; the parent's TLB is flushed at the end
 * (flush_tlb_mm) when a PTE lost its write bit.
 */
final class Fork {
    private final Machine m;
    private final Kernel kernel;
    private final Notify notify;
    private final Code fork;

    Fork(Machine m, Kernel kernel, Notify notify) {
        this.m = m;
        this.kernel = kernel;
        this.notify = notify;
        this.fork = buildFork();
    }

    /** The registers of dup_mmap: the two mms, the parent's VMAs still to copy, whether a PTE was write-protected. */
    record Regs(String parent, String child, List<Vma> left, boolean protectedAny)
            implements Fingerprint.Fingerprinted {
        Vma vma() {
            return left.get(0);
        }

        Regs withLeft(List<Vma> l) {
            return new Regs(parent, child, l, protectedAny);
        }

        Regs protecting(boolean any) {
            return new Regs(parent, child, left, protectedAny || any);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x7E914F75816D2189L;
            h = Fingerprint.add(h, parent);
            h = Fingerprint.add(h, child);
            h = Fingerprint.add(h, left);
            h = Fingerprint.add(h, protectedAny);
            return h;
        }
    }

    Invocation fork(String parent, String child) {
        return new Invocation(fork, new Regs(parent, child, List.of(), false));
    }

    private Code buildFork() {
        return Builder.path("fork")
                .acquire("mmap_write_lock", (c, r) -> Lock.mmap(((Regs) r).parent(), true))
                .local((c, r) -> dupMm((Regs) r))
                .label("vma")
                .branch((c, r) -> ((Regs) r).left().isEmpty(), "done")
                .branch((c, r) -> !((Regs) r).vma().cow(), "copy")
                .call((c, r) -> notify.rangeStartCall(((Regs) r).parent(), ((Regs) r).vma().range(), false, "fork"))
                .label("copy")
                .acquireQuietly(null, (c, r) -> Lock.ptl(((Regs) r).parent()))
                .step("copy_page_range", (c, r) -> copyPageRange((Regs) r))
                .release(null, (c, r) -> Lock.ptl(((Regs) r).parent()))
                .branch((c, r) -> !((Regs) r).vma().cow(), "next")
                .call((c, r) -> notify.rangeEndCall(((Regs) r).parent(), ((Regs) r).vma().range(), "fork", false))
                .label("next")
                .local((c, r) -> nextVma((Regs) r))
                .jump("vma")
                .label("done")
                .branch((c, r) -> !((Regs) r).protectedAny(), "unlock")
                .step("flush_tlb_mm", (c, r) -> flushTlbMm((Regs) r))
                .label("unlock")
                .release("mmap_write_unlock", (c, r) -> Lock.mmap(((Regs) r).parent(), true))
                .build();
    }

    /** dup_mm: the child mm with the parent's VMAs (and swap entries); dup_mmap walks the VMAs next. */
    private Regs dupMm(Regs r) {
        Process p = m.process(r.parent());
        m.put(Process.create(r.child()).withVmas(p.vmas()).withSwap(p.swap()));
        m.emit(new Event.Forked(r.parent(), r.child()));
        return r.withLeft(List.copyOf(p.vmas().values()));
    }


    /**
     * copy_pte_range, under the parent's PT lock (the op before this step took it): each present PTE copied to the
     * same frame; in a COW VMA a writable PTE is write-protected in the parent and copied read-only.
     */
    private Regs copyPageRange(Regs r) {
        Vma v = r.vma();
        m.emit(new Event.Step("fork.copy_page_range " + v.range()));
        boolean protectedAny = false;
        for (long va : kernel.presentIn(r.parent(), v.range())) {
            Pte pte = m.process(r.parent()).ptes().get(va);
            boolean wp = v.cow() && pte.writable();
            if (wp) {
                m.updatePte(r.parent(), va, pte.withWritable(false));
                protectedAny = true;
            }
            m.mapPte(r.child(), va, pte.pfn(), pte.writable() && !wp, pte.accessible());
        }
        return r.protecting(protectedAny);
    }


    private static Regs nextVma(Regs r) {
        return r.withLeft(List.copyOf(r.left().subList(1, r.left().size())));
    }

    /** dup_mmap's flush_tlb_mm of the parent: its PTEs lost their write bit. */
    private Regs flushTlbMm(Regs r) {
        m.emit(new Event.Step("fork.flush_tlb_mm"));
        kernel.flush(r.parent(), new Range(0, 1L << 47), "fork", false);
        return r;
    }
}
