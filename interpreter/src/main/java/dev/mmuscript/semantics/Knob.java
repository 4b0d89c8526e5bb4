package dev.mmuscript.semantics;

import java.util.List;

/**
 * The knobs a profile sets: for each, its name in scripts, the values it takes and what it means. The kernel
 * paths read them through {@link Semantics}. The eras and their sources are in docs/semantics.md and
 * kernel-history.md (§10 tables, §11 bug rules).
 */
public enum Knob {
    YEAR("year", List.of(), "the year the era began (a number)"),
    SUMMARY("summary", List.of(), "one line saying what the era changed (a string)"),
    RMAP_NOTIFY("rmap_notify", List.of("page_before_clear", "page_clear_flush_notify", "page_under_ptl",
            "page_after_unlock", "range_after_walk", "start_end"),
            "how try_to_unmap_one and page_mkclean_one (reclaim, migrate, writeback) notify:"
                    + " page_before_clear = invalidate_page before the PTE is cleared, outside the PT lock"
                    + " (no profile: the ordering argued against in 2008, for scripts);"
                    + " page_clear_flush_notify = invalidate_page right after the clear and CPU flush"
                    + " (ptep_clear_flush_notify), under the PT lock, before the swap entry and the rmap drop"
                    + " (2.6.27-3.6); page_under_ptl = invalidate_page after the rmap drop and put_page, under the"
                    + " PT lock (4.11-4.13-rc4); page_after_unlock = invalidate_page after the"
                    + " PT unlock, before the free (3.7-4.10); range_after_walk = only invalidate_range after the"
                    + " walk (4.13-rc5/rc6, aac2fea94f7a); start_end = range_start/range_end around the walk, the"
                    + " secondary-TLB callback under the PT lock (4.13 on)"),
    COW_NOTIFY("cow_notify", List.of("page_before_clear", "page_under_ptl", "page_after_unlock",
            "change_pte_under_ptl", "start_end"),
            "how a COW write fault (do_wp_page / wp_page_copy) notifies: page_before_clear = invalidate_page"
                    + " before the PTE is cleared (no profile; Lameter's V2 of January 2008 invalidated before the"
                    + " clear); page_after_unlock = invalidate_page after the new PTE is set and the PT lock dropped"
                    + " (Lameter's V3, 29 Jan 2008: invalidate_range of the page after pte_unmap_unlock); page_under_ptl = invalidate_page under the PT"
                    + " lock between the clear and the new PTE (ptep_clear_flush_notify, 2.6.27-2.6.31);"
                    + " change_pte_under_ptl = a plain ptep_clear_flush, then only set_pte_at_notify's change_pte"
                    + " (or its invalidate_page fallback) under the PT lock (2.6.32-3.6); start_end ="
                    + " range_start/range_end around it, with set_pte_at_notify inside (3.7 on)"),
    CHANGE_PTE("change_pte", List.of("none", "fallback_invalidate_page", "inside_start_end"),
            "set_pte_at_notify (KSM, COW): none = no change_pte callback (before 2.6.32, and 6.10 on);"
                    + " fallback_invalidate_page = change_pte, or invalidate_page for a notifier without it, not"
                    + " bracketed (2.6.32-3.6); inside_start_end = change_pte, always inside range_start/end (3.7-6.9)"),
    SECONDARY_TLB("secondary_tlb", List.of("none", "invalidate_range", "arch_invalidate_secondary_tlbs"),
            "the callback for TLBs that share the CPU page tables: none before 3.19; invalidate_range from 3.19,"
                    + " called by the mmu_gather flush and the *_clear_flush_notify sites, not by other TLB"
                    + " flushes; arch_invalidate_secondary_tlbs from 6.6, called by every architecture TLB flush"
                    + " (permission upgrades included)"),
    RANGE_END_INVALIDATES_RANGE("range_end_invalidates_range", List.of("true", "false"),
            "whether invalidate_range_end also calls the notifier's invalidate_range (3.19 to 6.5)"),
    CALLBACKS_MAY_SLEEP("callbacks_may_sleep", List.of("true", "false"),
            "whether callbacks outside the PT lock may sleep: false = the notifier list is walked under"
                    + " rcu_read_lock, nothing may sleep (before 3.7); true = SRCU (3.7 on, 21a92735f660)"),
    RANGE_START_CAN_FAIL("range_start_can_fail", List.of("true", "false"),
            "whether a non-blocking invalidate_range_start may return EAGAIN (4.19 on)"),
    FAILED_START_ENDS("failed_start_ends", List.of("none", "all"),
            "when a non-blocking start fails: none = no notifier gets range_end (4.19 to 5.11), all = every"
                    + " notifier with range_end gets it (5.12 on)"),
    OOM_REAPER("oom_reaper", List.of("none", "no_notifiers", "skip_if_notifiers", "skip_if_blockable",
            "nonblocking_start"),
            "what the OOM reaper does: none = no reaper (before 4.6); no_notifiers = unmaps without range_start"
                    + " or range_end (4.6 to 4.13); skip_if_notifiers = leaves an mm with notifiers alone (4.14);"
                    + " skip_if_blockable = leaves it alone if a notifier may block, else range_start/end around"
                    + " each VMA (4.16); nonblocking_start = non-blocking range_start around each VMA, skipping"
                    + " the VMA on EAGAIN (4.19 on)"),
    INTERVAL_NOTIFIERS("interval_notifiers", List.of("true", "false"),
            "whether mmu_interval_notifier exists (5.5 on): a driver with an 'invalidate' handler registers as an"
                    + " interval notifier, called before the other notifiers, with read_begin/read_retry"),
    DEFERRED_FLUSH("deferred_flush", List.of("true", "false"),
            "whether reclaim batches its CPU TLB flush (4.3 on, TTU_BATCH_FLUSH): the PTE is cleared without a"
                    + " flush, and try_to_unmap_flush flushes before the page is freed"),
    NESTED_FLUSH("nested_flush", List.of("true", "false"),
            "whether a zap's tlb_finish_mmu forces a flush of its whole range when another zap of the mm has a"
                    + " flush pending (4.13 on, 99baac21e458: tlb_gather_mmu counts itself in tlb_flush_pending,"
                    + " mm_tlb_flush_nested); false = a zap that gathered no page flushes nothing and returns while"
                    + " another zap's flush is still deferred (the stale TLB of bug B9)"),
    TLB_BATCH("tlb_batch", List.of(),
            "how many pages a zap's mmu_gather holds before zap_pte_range must flush the TLB and free them between"
                    + " range_start and range_end (force_flush; a number from 1): 506 before 3.0 (FREE_PTE_NR),"
                    + " 9698 from 3.0 (MMU_GATHER_BUNDLE + MAX_GATHER_BATCH_COUNT batches of MAX_GATHER_BATCH);"
                    + " a script sets a small batch to reach the in-range flush"),
    DIRTY_FILE_FLUSH("dirty_file_flush", List.of("true", "false"),
            "whether zap_pte_range forces a flush when it clears a dirty PTE of a page-cache page (3.15 on,"
                    + " 1cf35d47712d): the walk goes on to the end of the page table, the TLB is flushed before the"
                    + " PT unlock (tlb_flush_mmu_tlbonly, invalidate_range in 3.19-6.5) and the gathered pages are"
                    + " freed after it, between range_start and range_end; false = only a full gather does"),
    ARCH("arch", List.of("x86", "arm64", "generic"),
            "the architecture's tlb_end_vma: x86 = a no-op (arch/x86/include/asm/tlb.h); arm64 or generic = the"
                    + " asm-generic one, which flushes the CPU TLB after each VMA of a zap (see tlb_end_vma)"),
    TLB_END_VMA("tlb_end_vma", List.of("reset_range", "flush_mmu_tlbonly"),
            "what the asm-generic tlb_end_vma (arch = arm64 or generic) does after each VMA of a zap:"
                    + " reset_range = tlb_flush and __tlb_reset_range, with no invalidate_range (bug B7, before"
                    + " 4.19); flush_mmu_tlbonly = tlb_flush_mmu_tlbonly, which calls it (4.19 on, fd1102f0aade)"),
    MPROTECT_FLUSH("mprotect_flush", List.of("before_range_end", "after_range_end"),
            "where mprotect's flush_tlb_range comes: before_range_end = mprotect_fixup brackets change_protection,"
                    + " which flushes before range_end (before 3.15); after_range_end = range_start/range_end"
                    + " inside change_pmd_range, the flush after the walk (a5338093bfb4, 3.15 on)"),
    REMAP_FILE_PAGES("file_remap", List.of("fremap", "do_mmap"),
            "what remap_file_pages does: fremap = mm/fremap.c records each page's new file offset in the"
                    + " nonlinear VMA (before 4.0); do_mmap = the emulation of 4.0 on (c8d78c1823f4): a MAP_FIXED"
                    + " do_mmap_pgoff of the range at the new offset, which unmaps it and puts a linear VMA there");

    private final String key;
    private final List<String> choices;
    private final String doc;

    Knob(String key, List<String> values, String doc) {
        this.key = key;
        this.choices = values;
        this.doc = doc;
    }

    public String key() {
        return key;
    }

    /** The values an enumerated or boolean knob takes; empty for numbers and strings. */
    public List<String> choices() {
        return choices;
    }

    public String doc() {
        return doc;
    }

    public static Knob byKey(String key) {
        for (Knob k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }

    public static List<String> keys() {
        return java.util.Arrays.stream(values()).map(Knob::key).toList();
    }
}
