package dev.mmuscript.kernel;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.Frame;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.PMap;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.Vma;
import dev.mmuscript.ops.Prefixed;
import dev.mmuscript.semantics.Semantics;
import java.util.ArrayList;
import java.util.List;

/**
 * The mmu_gather of the zap family (include/asm-generic/tlb.h, mm/mmu_gather.c from 4.19, mm/memory.c before):
 * tlb_gather_mmu, zap_pte_range clearing PTEs into it, its force_flush when the gather is full, tlb_end_vma after
 * each VMA, and tlb_finish_mmu, which flushes the CPU TLB and frees the gathered pages after range_end.
 */
final class MmuGather {
    /** PMD_SIZE on x86-64: one page table maps 512 pages. */
    private static final long PMD_SIZE = 512 * Range.PAGE;

    private final Machine m;
    private final Kernel kernel;

    MmuGather(Machine m, Kernel kernel) {
        this.m = m;
        this.kernel = kernel;
    }

    /**
     * The registers of one unmap inside tlb_gather_mmu / tlb_finish_mmu: with range_start/range_end around the
     * walk or not ({@code notifying}, non-blocking for the 4.19 reaper), whether it tears down the whole mm
     * ({@code fullmm}: exit), the parts of VMAs left to walk (the first one shrinks as zap_pte_range goes on), the
     * frames gathered and not yet freed, the range still to flush (tlb->start..end; null: none), whether the
     * gather must be flushed before the PT unlock (force_flush: full, or from 3.15 a dirty file PTE, {@code dirty}),
     * whether it counted itself in the mm's tlb_flush_pending, whether 4.13's nested
     * flush forced the flush, and whether range_start succeeded.
     */
    record Gather(String path, String proc, Range range, boolean notifying, boolean nonblocking, boolean fullmm,
            List<Range> vmas, List<Long> pages, Range flush, boolean full, boolean counted, boolean forced,
            boolean started, boolean dirty) implements Fingerprint.Fingerprinted, Prefixed {
        static Gather of(String path, String proc, Range range, boolean notifying, boolean nonblocking,
                boolean fullmm) {
            return new Gather(path, proc, range, notifying, nonblocking, fullmm, List.of(), List.of(), null, false,
                    false, false, true, false);
        }

        @Override
        public String prefix() {
            return path;
        }

        Range vma() {
            return vmas.get(0);
        }

        boolean vmaDone() {
            return vma().start() >= vma().end();
        }

        Gather walking(List<Range> v) {
            return new Gather(path, proc, range, notifying, nonblocking, fullmm, v, pages, flush, full, counted,
                    forced, started, dirty);
        }

        Gather counting(boolean c) {
            return new Gather(path, proc, range, notifying, nonblocking, fullmm, vmas, pages, flush, full, c, forced,
                    started, dirty);
        }

        Gather starting(boolean s) {
            return new Gather(path, proc, range, notifying, nonblocking, fullmm, vmas, pages, flush, full, counted,
                    forced, s, dirty);
        }

        Gather cleared(List<Long> p, Range f, boolean forceFlush, boolean dirtyFile, Range left) {
            List<Range> v = new ArrayList<>(vmas);
            v.set(0, left);
            return new Gather(path, proc, range, notifying, nonblocking, fullmm, List.copyOf(v), p, f, forceFlush,
                    counted, forced, started, dirtyFile);
        }

        /** __tlb_reset_range after a flush: nothing left to flush. */
        Gather flushed() {
            return new Gather(path, proc, range, notifying, nonblocking, fullmm, vmas, pages, null, full, counted,
                    forced, started, dirty);
        }

        Gather freed() {
            return new Gather(path, proc, range, notifying, nonblocking, fullmm, vmas, List.of(), flush, false,
                    counted, forced, started, false);
        }

        Gather nextVma() {
            return walking(List.copyOf(vmas.subList(1, vmas.size())));
        }

        /** 4.13's tlb_finish_mmu with a nested flush: __tlb_adjust_range to the whole range, flush it regardless. */
        Gather forcing() {
            return new Gather(path, proc, range, notifying, nonblocking, fullmm, vmas, pages, range, full, counted,
                    true, started, dirty);
        }

        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x1309326A099EE995L;
            h = Fingerprint.add(h, path);
            h = Fingerprint.add(h, proc);
            h = Fingerprint.add(h, range);
            h = Fingerprint.add(h, notifying);
            h = Fingerprint.add(h, nonblocking);
            h = Fingerprint.add(h, fullmm);
            h = Fingerprint.add(h, vmas);
            h = Fingerprint.add(h, pages);
            h = Fingerprint.add(h, flush);
            h = Fingerprint.add(h, full);
            h = Fingerprint.add(h, counted);
            h = Fingerprint.add(h, forced);
            h = Fingerprint.add(h, started);
            h = Fingerprint.add(h, dirty);
            return h;
        }
    }

    private Semantics sem() {
        return kernel.semantics();
    }

    /**
     * tlb_gather_mmu: the parts of the VMAs the unmap walks (unmap_vmas / zap_page_range go VMA by VMA; exit's
     * fullmm gather walks them all), and from 4.13 inc_tlb_flush_pending(mm), so that a concurrent zap knows a
     * flush is pending.
     */
    Gather tlbGatherMmu(Gather g) {
        List<Range> parts = new ArrayList<>();
        for (Vma v : m.mms().vmas(g.proc()).values()) {
            Range vr = v.range();
            if (g.fullmm()) {
                parts.add(vr);
            } else if (vr.overlaps(g.range())) {
                parts.add(new Range(Math.max(vr.start(), g.range().start()), Math.min(vr.end(), g.range().end())));
            }
        }
        Gather out = g.walking(List.copyOf(parts));
        if (!sem().nestedFlush()) {
            return out;
        }
        m.mms().tlbFlushPending(g.proc(), 1);
        return out.counting(true);
    }

    /**
     * zap_pte_range over what is left of the VMA at hand, under the PT lock: every present PTE cleared into the
     * gather (a dirty file page dirties its page-cache page; __tlb_adjust_range widens the range to flush), every
     * swap entry freed, until the gather is full (__tlb_remove_page returns true: force_flush, the rest of the
     * VMA waits for the next round). From 3.15 (knob {@code dirty_file_flush}, 1cf35d47712d) a dirty PTE of a
     * page-cache page forces the flush too, without stopping the walk: it goes on to the end of the page table
     * (zap_pmd_range calls zap_pte_range one PMD at a time), then the flush comes before the PT unlock.
     */
    Gather clearPtes(Gather g) {
        step(g, "clear_ptes");
        Range part = g.vma();
        int batch = sem().tlbBatch();
        List<Long> pages = new ArrayList<>(g.pages());
        long stop = part.end();
        boolean full = false;
        boolean dirtyFile = false;
        for (long va : kernel.presentIn(g.proc(), part)) {
            if (va >= stop) {
                break;
            }
            Pte was = m.clearPte(g.proc(), va);
            if (kernel.dirtyToCache(was) && sem().dirtyFileFlush() && !dirtyFile) {
                dirtyFile = true;
                stop = Math.min(stop, pmdEnd(va));
            }
            pages.add(was.pfn());
            if (pages.size() >= batch) {
                full = true;
                stop = va + Range.PAGE;
                break;
            }
        }
        Range done = new Range(part.start(), stop);
        freeSwapEntries(g.proc(), done);
        m.forgetWrites(g.proc(), done);
        Range flush = pages.size() > g.pages().size() ? union(g.flush(), done) : g.flush();
        return g.cleared(List.copyOf(pages), flush, full || dirtyFile, dirtyFile && !full,
                new Range(stop, part.end()));
    }

    /** pmd_addr_end: the end of the page table (2 MiB on x86-64) that maps {@code va}. */
    private static long pmdEnd(long va) {
        return (va & -PMD_SIZE) + PMD_SIZE;
    }

    private static Range union(Range a, Range b) {
        return a == null ? b : new Range(Math.min(a.start(), b.start()), Math.max(a.end(), b.end()));
    }

    /**
     * zap_pte_range's non-present PTEs (mm/memory.c): with no zap_details (zap, MADV_DONTNEED, munmap, exit, the OOM
     * reaper, remap_file_pages; only truncation passes details that keep them) a swap entry is freed
     * ({@code free_swap_and_cache(pte_to_swp_entry(ptent))} from 2.6.27, under {@code !non_swap_entry(entry)} from
     * 2.6.28, zap_nonpresent_ptes's {@code free_swap_and_cache_nr} in 6.x) and the PTE cleared
     * (pte_clear_not_present_full): a later fault at that address finds no PTE and gets a new page.
     */
    private void freeSwapEntries(String proc, Range r) {
        PMap<Long, Long> swap = m.mms().swap(proc);
        List<Long> entries = swap.keysIn(r.start(), r.end());
        if (entries.isEmpty()) {
            return;
        }
        m.put(m.process(proc).withSwap(swap.removeIn(r.start(), r.end())));
        for (long va : entries) {
            m.emit(new Event.SwapFreed(proc, va));
        }
    }

    /**
     * zap_pte_range's force_flush when the gather is full or, from 3.15, after a dirty file PTE:
     * tlb_flush_mmu_tlbonly before the PT unlock (the flush that calls invalidate_range in 3.19-6.5), then
     * tlb_flush_mmu_free after it ({@link #freeBatch}).
     */
    Gather forceFlush(Gather g) {
        step(g, "force_flush");
        kernel.flush(g.proc(), g.flush(), g.path() + (g.dirty() ? ", force_flush: a dirty file PTE"
                : ", force_flush: the mmu_gather is full"));
        return g.flushed();
    }

    /** tlb_flush_mmu_free after a force_flush: the gathered pages are freed, between range_start and range_end. */
    Gather freeBatch(Gather g) {
        step(g, "free_batch");
        free(g.pages());
        return g.freed();
    }

    /** Whether tlb_end_vma does anything: the asm-generic one (not x86's no-op), not for exit, with a range set. */
    boolean endVmaFlushes(Gather g) {
        return !g.fullmm() && sem().genericTlbEndVma() && g.flush() != null;
    }

    /**
     * The asm-generic tlb_end_vma (arm64): before 4.19 {@code tlb_flush(tlb); __tlb_reset_range(tlb)}, a CPU TLB
     * flush that calls no notifier and forgets the range, so the flush at the next force_flush or at
     * tlb_finish_mmu covers only what was gathered since (bug B7); from 4.19 (fd1102f0aade)
     * tlb_flush_mmu_tlbonly, which calls invalidate_range.
     */
    Gather tlbEndVma(Gather g) {
        step(g, "tlb_end_vma");
        if (sem().tlbEndVmaNotifies()) {
            kernel.flush(g.proc(), g.flush(), g.path() + ", tlb_end_vma: tlb_flush_mmu_tlbonly");
        } else {
            kernel.flush(g.proc(), g.flush(), g.path() + ", tlb_end_vma: tlb_flush and __tlb_reset_range, no"
                    + " invalidate_range", false);
        }
        return g.flushed();
    }

    /** tlb_finish_mmu (4.13): {@code force = mm_tlb_flush_nested(mm)}, that is more than this zap pending. */
    Gather flushNested(Gather g) {
        if (g.counted() && g.range() != null && m.mms().tlbFlushPending(g.proc()) > 1) {
            return g.forcing();
        }
        return g;
    }

    /** tlb_finish_mmu's flush of what is left in the gather, after range_end. */
    Gather flushTlb(Gather g) {
        step(g, "flush_tlb");
        kernel.flush(g.proc(), g.flush(), g.forced() && g.pages().isEmpty()
                ? g.path() + ", forced: another zap's flush is pending (mm_tlb_flush_nested)" : g.path());
        return g.flushed();
    }

    /** tlb_finish_mmu's free of the last batch, after range_end. */
    Gather freePages(Gather g) {
        step(g, "free_pages");
        free(g.pages());
        return g.freed();
    }

    private void free(List<Long> pages) {
        for (long pfn : pages) {
            m.putRef(pfn);
            Frame f = m.frame(pfn);
            if (!f.isFree() && !m.isZeroPage(pfn)) {
                m.emit(new Event.FrameKept(pfn, f.refs()));
            }
        }
    }

    /** dec_tlb_flush_pending, at the end of tlb_finish_mmu. */
    Gather decTlbFlushPending(Gather g) {
        if (!g.counted()) {
            return g;
        }
        m.mms().tlbFlushPending(g.proc(), -1);
        return g.counting(false);
    }

    private void step(Gather g, String name) {
        m.emit(new Event.Step(g.path(), name));
    }
}
