package dev.mmuscript.kernel;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.PMap;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.Vma;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lock;

/**
 * mremap of a whole range to a free destination as a step program (mm/mremap.c mremap_to, move_vma,
 * move_page_tables, move_ptes): under mmap_write_lock the VMA moves, then the PTEs (and swap entries) move under
 * the PT lock, bracketed by range_start/range_end on the old range; the old range's TLB is flushed if a PTE moved.
 */
final class Mremap {
    private final Machine m;
    private final Kernel kernel;
    private final Notify notify;
    private final Code mremap;

    Mremap(Machine m, Kernel kernel, Notify notify) {
        this.m = m;
        this.kernel = kernel;
        this.notify = notify;
        this.mremap = buildMremap();
    }

    /** The registers of mremap: the mm, the old range, the destination, whether a PTE moved. */
    record Regs(String proc, Range range, long dest, boolean moved) implements Fingerprint.Fingerprinted {
        Regs moving(boolean any) {
            return new Regs(proc, range, dest, any);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x3CC938AC81308DF5L;
            h = Fingerprint.add(h, proc);
            h = Fingerprint.add(h, range);
            h = Fingerprint.add(h, dest);
            h = Fingerprint.add(h, moved);
            return h;
        }
    }

    Invocation mremap(String proc, Range r, long dest) {
        return new Invocation(mremap, new Regs(proc, r, dest, false));
    }

    private Code buildMremap() {
        return Builder.path("mremap")
                .acquire("mmap_write_lock", (c, r) -> Lock.mmap(((Regs) r).proc(), true))
                .local((c, r) -> moveVma((Regs) r))
                .call((c, r) -> notify.rangeStartCall(((Regs) r).proc(), ((Regs) r).range(), false, "mremap"))
                .acquire("lock_ptl", (c, r) -> Lock.ptl(((Regs) r).proc()))
                .step("move_ptes", (c, r) -> movePtes((Regs) r))
                .release("unlock_ptl", (c, r) -> Lock.ptl(((Regs) r).proc()))
                .branch((c, r) -> !((Regs) r).moved(), "end")
                .step("flush_tlb_range", (c, r) -> flushTlbRange((Regs) r))
                .label("end")
                .call((c, r) -> notify.rangeEndCall(((Regs) r).proc(), ((Regs) r).range(), "mremap", false))
                .release("mmap_write_unlock", (c, r) -> Lock.mmap(((Regs) r).proc(), true))
                .build();
    }

    /** move_vma: copy_vma makes the VMA at the destination; the old one goes. */
    private Regs moveVma(Regs r) {
        Process p = m.process(r.proc());
        Vma moved = p.vmaAt(r.range().start()).withRange(r.range()).movedTo(r.dest());
        m.put(p.withVmas(Kernel.carve(p.vmas(), r.range(), null).put(r.dest(), moved)));
        m.emit(new Event.VmaAdded(r.proc(), moved.range(), moved.prot().toString(), moved.backing()));
        return r;
    }


    /** move_ptes: each present PTE (and swap entry) of the old range moves to the same offset at the destination. */
    private Regs movePtes(Regs r) {
        m.emit(new Event.Step("mremap.move_ptes"));
        String proc = r.proc();
        boolean any = false;
        for (long va : kernel.presentIn(proc, r.range())) {
            Pte pte = m.process(proc).ptes().get(va);
            long to = va - r.range().start() + r.dest();
            Process now = m.process(proc);
            m.put(now.withPtes(now.ptes().remove(va).put(to, pte)));
            m.emit(new Event.PteMoved(proc, va, to, pte.pfn()));
            any = true;
        }
        Process now = m.process(proc);
        PMap<Long, Long> swap = now.swap();
        for (Long va : now.swap().keys()) {
            if (r.range().contains(va)) {
                swap = swap.remove(va).put(va - r.range().start() + r.dest(), now.swap().get(va));
            }
        }
        m.put(now.withSwap(swap));
        m.forgetWrites(proc, r.range());
        return r.moving(any);
    }

    /** move_page_tables' flush_tlb_range of the old range (no secondary-TLB notify site). */
    private Regs flushTlbRange(Regs r) {
        m.emit(new Event.Step("mremap.flush_tlb_range"));
        kernel.flush(r.proc(), r.range(), "mremap", false);
        return r;
    }

}
