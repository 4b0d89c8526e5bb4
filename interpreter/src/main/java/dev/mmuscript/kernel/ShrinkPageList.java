package dev.mmuscript.kernel;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.FileState;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.PageKey;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Range;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Ctx;
import dev.mmuscript.ops.Fn;

/**
 * Reclaim, shrink_page_list (mm/vmscan.c) on the pages a range maps: isolate each page, try_to_unmap every mapping
 * (swap entries), try_to_unmap_flush the batched CPU flushes (4.6 on), pageout a dirty page-cache page and drop it
 * from the cache, then free the page, unless someone else still holds a reference.
 */
final class ShrinkPageList {
    private final Machine m;
    private final Kernel kernel;
    private final PageSteps steps;

    ShrinkPageList(Machine m, Kernel kernel, PageSteps steps) {
        this.m = m;
        this.kernel = kernel;
        this.steps = steps;
    }

    Code code() {
        Fn.Body freePage = steps.freePage("free_page");
        return PageSteps.endLoop(PageSteps.loop("reclaim")
                .local((c, r) -> ((PageLoop) r).at(((PageLoop) r).item()))
                .branch((c, r) -> m.isZeroPage(PageSteps.pfn(r)) || m.frame(PageSteps.pfn(r)).isFree(), "advance")
                .step("isolate", steps::isolate)
                .call(steps.tryToUnmap(Rmap.Unmap.SWAP), PageSteps::walked)
                .branch((c, r) -> ((PageLoop) r).walk().pending().isEmpty(), "pageout")
                .step("try_to_unmap_flush", this::tryToUnmapFlush)
                .label("pageout")
                .branch((c, r) -> !dirtyInCache(PageSteps.pfn(r)), "remove_mapping")
                .step("pageout", this::pageout)
                .label("remove_mapping")
                .local(this::removeMapping)
                .step("free_page", (c, r) -> freePage.apply(c, swapWritepage((PageLoop) r))));
    }

    /**
     * pageout of an anonymous page: shrink_page_list put it in the swap cache (add_to_swap) before try_to_unmap,
     * with the page locked, and writes it to swap (swap_writepage) only after try_to_unmap has returned, so each
     * swap entry try_to_unmap_one left holds what the page holds now, a write made through a secondary MMU's stale
     * entry before the notifier reached it included. Done as the page is freed; a mapping that faulted the page
     * back in since has no swap entry left to update.
     */
    private PageLoop swapWritepage(PageLoop p) {
        if (p.walk() == null || kernel.cacheSlot(p.pfn()) != null) {
            return p;
        }
        long value = m.frame(p.pfn()).value();
        for (PageKey k : p.walk().mappers()) {
            Process proc = m.process(k.proc());
            Long swapped = proc == null ? null : proc.swap().get(k.va());
            if (swapped != null && swapped != value) {
                m.put(proc.withSwap(proc.swap().put(k.va(), value)));
            }
        }
        return p;
    }

    /** try_to_unmap_flush: the CPU TLB flushes that try_to_unmap_one batched (TTU_BATCH_FLUSH). */
    private Object tryToUnmapFlush(Ctx c, Object r) {
        PageLoop p = (PageLoop) r;
        steps.announce(p, "try_to_unmap_flush");
        for (PageKey k : p.walk().pending()) {
            int n = m.flushTlb(k.proc(), Range.page(k.va()));
            m.emit(new Event.TlbFlush(k.proc(), Range.page(k.va()), n, "try_to_unmap_flush"));
        }
        return p;
    }

    private boolean dirtyInCache(long pfn) {
        Kernel.Slot slot = kernel.cacheSlot(pfn);
        return slot != null && m.file(slot.file()).dirty().containsKey(slot.index());
    }

    /**
     * pageout: a dirty page-cache page is written to its file; a shmem object's page goes to swap instead
     * (shmem_writepage, mm/shmem.c: add_to_swap_cache, shmem_delete_from_page_cache puts the swap entry in the
     * object's slot, swap_writepage): it stays in memory, in the swap cache, until __remove_mapping frees it.
     */
    private Object pageout(Ctx c, Object r) {
        PageLoop p = (PageLoop) r;
        Kernel.Slot slot = kernel.cacheSlot(p.pfn());
        steps.announce(p, FileState.isShmem(slot.file()) ? "pageout (shmem_writepage: to the swap cache and swap)"
                : "pageout");
        steps.writePage(slot.file(), slot.index(), p.pfn());
        return p;
    }

    /**
     * __remove_mapping (mm/vmscan.c): a page-cache (or swap-cache) page leaves the cache, which drops the cache's
     * reference, only when page_freeze_refs(page, 2) finds no reference but the isolation's and the cache's and the
     * page is clean; otherwise (cannot_free: a gup pin, a driver's reference) it stays in the cache, so a later
     * fault finds the same frame.
     */
    private Object removeMapping(Ctx c, Object r) {
        PageLoop p = (PageLoop) r;
        Kernel.Slot slot = kernel.cacheSlot(p.pfn());
        if (slot != null && (m.frame(p.pfn()).refs() != 2 || dirtyInCache(p.pfn()))) {
            steps.announce(p, "remove_mapping pfn " + p.pfn() + ": cannot_free (" + m.frame(p.pfn()).refs()
                    + " references), it stays in " + slot.file());
        } else if (slot != null) {
            FileState f = m.file(slot.file());
            m.put(f.withCache(f.cache().remove(slot.index())));
            m.emit(new Event.PageCacheDrop(slot.file(), slot.index(), p.pfn()));
            m.putRef(p.pfn());
        }
        return p;
    }
}
