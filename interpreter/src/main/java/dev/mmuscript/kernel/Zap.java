package dev.mmuscript.kernel;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Frame;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Pin;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.Vma;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.ops.Prefixed;
import java.util.ArrayList;
import java.util.List;

/**
 * The zap family as step programs: zap_page_range (the {@code zap} statement, MADV_DONTNEED), munmap's
 * unmap_region and exit_mmap's unmap_vmas (mm/memory.c, mm/mmap.c, mm/madvise.c). Each thread that zaps keeps
 * its own mmu_gather in its registers (include/asm-generic/tlb.h, mm/mmu_gather.c): the pages it cleared and the
 * range it must flush; the flush and the freeing of those pages (tlb_finish_mmu) come after the PT unlock, so
 * another thread can run in between. From 4.13 (knob {@code nested_flush}) tlb_gather_mmu counts the zap in the
 * mm's {@code tlb_flush_pending} and tlb_finish_mmu flushes the whole range when mm_tlb_flush_nested() finds
 * another zap pending, even if it gathered nothing (99baac21e458, bug B9; kernel-history.md §8).
 */
final class Zap {
    private final Machine m;
    private final Kernel kernel;
    private final Notify notify;
    private final Code unmap;
    private final Code zap;
    private final Code munmap;
    private final Code exit;

    Zap(Machine m, Kernel kernel, Notify notify) {
        this.m = m;
        this.kernel = kernel;
        this.notify = notify;
        this.zap = buildZap();
        this.munmap = buildMunmap();
        this.exit = buildExit();
        this.unmap = buildUnmap();
    }

    /** The registers of zap, madvise, munmap and exit: the path (the steps' prefix), the mm, the range, VMAs left. */
    record Regs(String path, String proc, Range range, List<Range> left) implements Prefixed {
        @Override
        public String prefix() {
            return path;
        }

        Regs withLeft(List<Range> l) {
            return new Regs(path, proc, range, l);
        }
    }

    /**
     * The registers of one unmap of a range: with range_start/range_end around it or not ({@code notifying}), and the
     * thread's mmu_gather: the frames of the PTEs it cleared, the range still to flush (null: none), and whether it
     * counted itself in the mm's tlb_flush_pending.
     */
    record Gather(String path, String proc, Range range, boolean notifying, List<Long> pages, Range flush,
            boolean counted, boolean forced) implements Prefixed {
        @Override
        public String prefix() {
            return path;
        }

        Gather counting(boolean c) {
            return new Gather(path, proc, range, notifying, pages, flush, c, forced);
        }

        Gather gathered(List<Long> p) {
            return new Gather(path, proc, range, notifying, p, p.isEmpty() ? flush : range, counted, forced);
        }

        /** 4.13's tlb_finish_mmu with a nested flush: __tlb_adjust_range to the whole range, flush it regardless. */
        Gather forcing() {
            return new Gather(path, proc, range, notifying, pages, range, counted, true);
        }
    }

    // ---------------------------------------------------------------- entry points

    /** zap_page_range under mmap_read_lock: the {@code zap} statement (path "zap") and MADV_DONTNEED ("madvise"). */
    Invocation zap(String proc, Range r, String path) {
        return new Invocation(zap, new Regs(path, proc, r, List.of()));
    }

    /** munmap under mmap_write_lock: unmap_region (zap with range_start/end), then the VMAs go. */
    Invocation munmap(String proc, Range r) {
        return new Invocation(munmap, new Regs("munmap", proc, r, List.of()));
    }

    /** exit_mmap: mmu_notifier_release, then each VMA unmapped without range_start/end, then the mm is gone. */
    Invocation exit(String proc) {
        return new Invocation(exit, new Regs("exit", proc, null, List.of()));
    }

    // ---------------------------------------------------------------- the programs

    private Code buildZap() {
        return Builder.path("zap")
                .acquire("mmap_read_lock", (c, r) -> Lock.mmap(((Regs) r).proc(), false))
                .call((c, r) -> unmapOf((Regs) r, ((Regs) r).range(), true))
                .release("mmap_read_unlock", (c, r) -> Lock.mmap(((Regs) r).proc(), false))
                .build();
    }

    private Code buildMunmap() {
        return Builder.path("munmap")
                .acquire("mmap_write_lock", (c, r) -> Lock.mmap(((Regs) r).proc(), true))
                .call((c, r) -> unmapOf((Regs) r, ((Regs) r).range(), true))
                .step("remove_vmas", (c, r) -> removeVmas((Regs) r))
                .release("mmap_write_unlock", (c, r) -> Lock.mmap(((Regs) r).proc(), true))
                .build();
    }

    private Code buildExit() {
        return Builder.path("exit")
                .step("release", (c, r) -> release((Regs) r))
                .call((c, r) -> notify.releaseAllCall(((Regs) r).proc(), ((Regs) r).path()))
                .local((c, r) -> unhashAll((Regs) r))
                .label("vma")
                .branch((c, r) -> ((Regs) r).left().isEmpty(), "done")
                .call((c, r) -> unmapOf((Regs) r, ((Regs) r).left().get(0), false),
                        (c, r, result) -> nextVma((Regs) r))
                .jump("vma")
                .label("done")
                .local((c, r) -> exited((Regs) r))
                .build();
    }

    private Invocation unmapOf(Regs r, Range range, boolean withNotifiers) {
        return new Invocation(unmap, new Gather(r.path(), r.proc(), range, withNotifiers, List.of(), null,
                false, false));
    }

    /**
     * unmap_vmas of one range inside a tlb_gather_mmu / tlb_finish_mmu pair: range_start, the PTEs cleared into
     * the mmu_gather under the PT lock, then (after the unlock) tlb_finish_mmu flushes the gathered range and frees
     * the pages, then range_end. A zap that gathered nothing flushes nothing, unless 4.13's mm_tlb_flush_nested()
     * finds another zap's flush pending.
     */
    private Code buildUnmap() {
        return Builder.path("unmap")
                .local((c, r) -> tlbGatherMmu((Gather) r))
                .branch((c, r) -> !((Gather) r).notifying(), "walk")
                .call((c, r) -> rangeStart((Gather) r))
                .label("walk")
                .acquire("lock_ptl", (c, r) -> Lock.ptl(((Gather) r).proc()))
                .step("clear_ptes", (c, r) -> clearPtes((Gather) r))
                .release("unlock_ptl", (c, r) -> Lock.ptl(((Gather) r).proc()))
                .local((c, r) -> flushNested((Gather) r))
                .branch((c, r) -> ((Gather) r).flush() == null, "finished")
                .step("flush_tlb", (c, r) -> flushTlb((Gather) r))
                .branch((c, r) -> ((Gather) r).pages().isEmpty(), "finished")
                .step("free_pages", (c, r) -> freePages((Gather) r))
                .label("finished")
                .local((c, r) -> decTlbFlushPending((Gather) r))
                .branch((c, r) -> !((Gather) r).notifying(), "out")
                .call((c, r) -> rangeEnd((Gather) r))
                .label("out")
                .ret()
                .build();
    }

    // ---------------------------------------------------------------- the steps

    /** tlb_gather_mmu: from 4.13 inc_tlb_flush_pending(mm), so that a concurrent zap knows a flush is pending. */
    private Gather tlbGatherMmu(Gather g) {
        if (!kernel.semantics().nestedFlush()) {
            return g;
        }
        m.put(m.process(g.proc()).withTlbFlushPending(1));
        return g.counting(true);
    }

    /** mmu_notifier_invalidate_range_start, announced as the zap's step {@code range_start}. */
    private Invocation rangeStart(Gather g) {
        return notify.rangeStartCall(g.proc(), g.range(), false, g.path());
    }

    /**
     * zap_pte_range: every present PTE of the range cleared (a dirty file page dirties its page-cache page), and
     * every swap entry freed.
     */
    private Gather clearPtes(Gather g) {
        step(g, "clear_ptes");
        List<Long> pages = new ArrayList<>(g.pages());
        for (long va : kernel.presentIn(g.proc(), g.range())) {
            Pte was = m.clearPte(g.proc(), va);
            kernel.dirtyToCache(was);
            pages.add(was.pfn());
        }
        freeSwapEntries(g);
        m.forgetWrites(g.proc(), g.range());
        return g.gathered(List.copyOf(pages));
    }

    /**
     * zap_pte_range's non-present PTEs (mm/memory.c): with no zap_details (zap, MADV_DONTNEED, munmap, exit, the OOM
     * reaper, remap_file_pages; only truncation passes details that keep them) a swap entry is freed
     * ({@code free_swap_and_cache(pte_to_swp_entry(ptent))} from 2.6.27, under {@code !non_swap_entry(entry)} from
     * 2.6.28, zap_nonpresent_ptes's {@code free_swap_and_cache_nr} in 6.x) and the PTE cleared
     * (pte_clear_not_present_full): a later fault at that address finds no PTE and gets a new page.
     */
    private void freeSwapEntries(Gather g) {
        Process p = m.process(g.proc());
        List<Long> entries = p.swap().keysIn(g.range().start(), g.range().end());
        if (entries.isEmpty()) {
            return;
        }
        m.put(p.withSwap(p.swap().removeIn(g.range().start(), g.range().end())));
        for (long va : entries) {
            m.emit(new Event.SwapFreed(g.proc(), va));
        }
    }

    /** tlb_finish_mmu (4.13): {@code force = mm_tlb_flush_nested(mm)}, that is more than this zap pending. */
    private Gather flushNested(Gather g) {
        if (g.counted() && m.process(g.proc()).tlbFlushPending() > 1) {
            return g.forcing();
        }
        return g;
    }

    private Gather flushTlb(Gather g) {
        step(g, "flush_tlb");
        kernel.flush(g.proc(), g.flush(), g.forced() && g.pages().isEmpty()
                ? g.path() + ", forced: another zap's flush is pending (mm_tlb_flush_nested)" : g.path());
        return g;
    }

    private Gather freePages(Gather g) {
        step(g, "free_pages");
        for (long pfn : g.pages()) {
            m.putRef(pfn);
            Frame f = m.frame(pfn);
            if (!f.isFree() && !m.isZeroPage(pfn)) {
                m.emit(new Event.FrameKept(pfn, f.refs()));
            }
        }
        return g;
    }

    /** dec_tlb_flush_pending, at the end of tlb_finish_mmu. */
    private Gather decTlbFlushPending(Gather g) {
        if (!g.counted()) {
            return g;
        }
        m.put(m.process(g.proc()).withTlbFlushPending(-1));
        return g.counting(false);
    }

    /** mmu_notifier_invalidate_range_end, announced as the zap's step {@code range_end}. */
    private Invocation rangeEnd(Gather g) {
        return notify.rangeEndCall(g.proc(), g.range(), g.path(), false);
    }

    private Regs removeVmas(Regs r) {
        step(r.path(), "remove_vmas");
        Process p = m.process(r.proc());
        m.put(p.withVmas(Kernel.carve(p.vmas(), r.range(), null)));
        return r;
    }

    /** exit_mmap's mmu_notifier_release: each notifier's release (a Call after this step), then they are unhashed. */
    private Regs release(Regs r) {
        step(r.path(), "release");
        return r;
    }

    /** hlist_del_init_rcu of every notifier after its release; the VMAs exit_mmap then unmaps. */
    private Regs unhashAll(Regs r) {
        Process p = m.process(r.proc());
        m.put(p.withoutNotifiers());
        List<Range> left = new ArrayList<>();
        for (Vma v : p.vmas().values()) {
            left.add(v.range());
        }
        return r.withLeft(List.copyOf(left));
    }

    private static Regs nextVma(Regs r) {
        return r.withLeft(List.copyOf(r.left().subList(1, r.left().size())));
    }

    /** The mm is gone; a pin that outlives it is reported. */
    private Regs exited(Regs r) {
        for (Pin pin : m.state().pins().values()) {
            if (pin.proc().equals(r.proc())) {
                m.emit(new Event.PinOutlivesMm(pin.name(), pin.pages().size(), r.proc()));
            }
        }
        m.put(m.process(r.proc()).withExited());
        return r;
    }

    private void step(Gather g, String name) {
        step(g.path(), name);
    }

    private void step(String path, String name) {
        m.emit(new Event.Step(path, name));
    }

    // ---------------------------------------------------------------- for other paths

    /**
     * unmap_page_range of one range inside a tlb_gather_mmu / tlb_finish_mmu pair, without range_start/range_end of
     * its own: the OOM reaper and remap_file_pages call it between their own notifier calls.
     */
    Invocation unmap(String path, String proc, Range r) {
        return new Invocation(unmap, new Gather(path, proc, r, false, List.of(), null, false, false));
    }
}
