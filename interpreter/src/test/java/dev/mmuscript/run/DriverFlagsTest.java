package dev.mmuscript.run;

import static dev.mmuscript.run.RunnerTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The driver flag {@code invalidate_does_not_block} (MMU_INVALIDATE_DOES_NOT_BLOCK): the 4.16 OOM reaper trusts
 * the flag (mm/mmu_notifier.c mm_has_blockable_invalidate_notifiers), not what the handlers do.
 */
class DriverFlagsTest {
    private static final String VM = "process vm\nmmap vm 0x1000 pages 2 rw anon\ntouch vm 0x1000 pages 2 write\n";
    private static final String SKIPPED = "oom_reaper: vm has notifiers whose callbacks may block (tlb): not reaped";

    private static String tlb(String flags, String lock) {
        return "notifier tlb on vm {\n" + flags + "    " + lock + " lk\n"
                + "    on invalidate_range_start { lock lk; unmap start..end; unlock lk }\n}\noom_reap vm\n";
    }

    @Test
    void aNotifierWithoutTheFlagKeepsThe416ReaperAwayEvenIfItNeverSleeps() {
        RunnerTest.Run r = run(VM + tlb("", "spinlock"), "linux-4.16");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains(SKIPPED), r.out());
    }

    @Test
    void aNotifierWithTheFlagIsReapedEvenIfItTakesAMutex() {
        RunnerTest.Run r = run(VM + tlb("    flags invalidate_does_not_block\n", "mutex"), "linux-4.16");
        assertEquals(0, r.code(), r.out());
        assertFalse(r.out().contains(SKIPPED), r.out());
        assertTrue(r.out().contains("call tlb.invalidate_range_start 0x1000..0x3000 blockable"), r.out());
    }

    @Test
    void aNotifierWithoutInvalidationCallbacksIsPassedOver() {
        RunnerTest.Run r = run(VM + "notifier tlb on vm {\n    on release { unmap all }\n}\noom_reap vm\n",
                "linux-4.16");
        assertFalse(r.out().contains(SKIPPED), r.out());
        assertTrue(r.out().contains("free pfn 0"), r.out());
    }

    @Test
    void anInvalidateRangeOnlyNotifierCountsToo() {
        RunnerTest.Run r = run(VM + "notifier tlb on vm {\n    on invalidate_range { unmap start..end }\n}\n"
                + "oom_reap vm\n", "linux-4.16");
        assertTrue(r.out().contains(SKIPPED), r.out());
    }

    @Test
    void theStdlibDriversThatSetTheFlagAreReapedAndTheOthersNot() {
        for (String driver : new String[] {"kvm", "gru", "sva"}) {
            RunnerTest.Run r = run(VM + "attach " + driver + " to vm as tlb\noom_reap vm\n", "linux-4.16");
            assertFalse(r.out().contains(SKIPPED), driver + ": " + r.out());
        }
        for (String driver : new String[] {"hmm", "odp", "xpmem"}) {
            RunnerTest.Run r = run(VM + "attach " + driver + " to vm as tlb\noom_reap vm\n", "linux-4.16");
            assertTrue(r.out().contains(SKIPPED), driver + ": " + r.out());
        }
    }

    @Test
    void anUnknownFlagIsAnError() {
        RunnerTest.Run r = run(VM + tlb("    flags invalidate_may_block\n", "spinlock"), "linux-4.16");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("unknown driver flag 'invalidate_may_block'"), r.err());
    }
}
