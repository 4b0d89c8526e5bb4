package dev.mmuscript.run;

import static dev.mmuscript.run.RunnerTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The published XPMEM (github.com/hpc/xpmem kernel/xpmem_mmu_notifier.c): only invalidate_range_end, which unmaps
 * and unpins ({@code unmap RANGE put}); the pin it took at the fault keeps the page until then.
 */
class XpmemTest {
    private static final String VM = "process vm\nmmap vm 0x1000 pages 2 rw anon\nattach xpmem to vm as dev\n"
            + "dev write 0x1000 = 1\n";

    @Test
    void rangeEndUnpinsTheZappedPageBeforeItIsFreed() {
        RunnerTest.Run r = run(VM + "zap vm 0x1000\nassert coherent\n", "linux-4.19");
        assertEquals(0, r.code(), r.out());
        // range_end comes before tlb_finish_mmu frees the page (the zap order of every era): the pin is dropped
        // there, and the page is freed after it, never while the device maps it.
        assertTrue(r.out().matches("(?s).*pte vm 0x1000 cleared \\(was pfn 0\\)\n"
                + "      call dev.invalidate_range_end 0x1000 blockable\n"
                + "      shadow dev 0x1000 cleared \\(was pfn 0\\)\n"
                + "      put pfn 0 \\(dev drops its reference\\)\n"
                + "      flush tlb vm 0x1000 \\(zap\\): 0 entries\n"
                + "      free pfn 0\n.*"), r.out());
        assertFalse(r.out().contains("invalidate_range_start"), r.out());
    }

    @Test
    void aPageStillMappedAtTheEndIsNoLeakAndReleaseUnpinsEverything() {
        RunnerTest.Run mapped = run(VM, "latest");
        assertEquals(0, mapped.code(), mapped.out());
        RunnerTest.Run exited = run(VM + "exit vm\n", "latest");
        assertEquals(0, exited.code(), exited.out());
        assertTrue(exited.out().contains("put pfn 0 (dev drops its reference)"), exited.out());
    }

    @Test
    void before413ReclaimReachesItThroughInvalidatePage() {
        RunnerTest.Run r = run(VM + "reclaim vm 0x1000\nassert coherent\n", "linux-4.11");
        assertTrue(r.out().contains("call dev.invalidate_page 0x1000"), r.out());
    }

    @Test
    void anUnmapWithoutPutKeepsTheReferenceAndLeaksIt() {
        RunnerTest.Run r = run("process vm\nmmap vm 0x1000 pages 1 rw anon\nnotifier n on vm {\n"
                + "    on invalidate_range_end { unmap start..end }\n    on fault { gup addr as p; map addr to p }\n}\n"
                + "n fault 0x1000\nzap vm 0x1000\n", "latest");
        assertTrue(r.out().contains("VIOLATION page-leak"), r.out());
    }
}
