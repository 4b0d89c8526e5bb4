package dev.mmuscript.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.engine.Program;
import dev.mmuscript.engine.Runtime;
import dev.mmuscript.front.Frontend;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Prot;
import dev.mmuscript.model.Range;
import dev.mmuscript.ops.Exec;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.ops.Task;
import dev.mmuscript.syntax.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compiled reclaim as a thread sees it: the stable step names it stops at (without the data its events carry),
 * per era, and the page-table lock it really holds. The full traces are golden scripts (examples/paths/reclaim-*).
 */
class RmapTest {
    private Machine m;
    private Kernel k;
    private Runtime rt;
    private Exec exec;

    private void boot(String profile) {
        Program program = new Frontend(Path.of(".")).load(new Source("t.mmu", "semantics " + profile + "\n"), null);
        m = new Machine();
        m.sink(e -> { });
        m.violations(v -> { });
        exec = new Exec(m);
        rt = Runtime.of(program, m, exec);
        k = rt.kernel();
        k.createProcess("vm");
        rt.runToEnd(k.mmapCode("vm", new Range(0x1000, 0x2000), Prot.parse("rw"), false));
        k.userAccess("vm", 0x1000, true, 5L, 0, false);
    }

    private List<String> steps(Task t) {
        List<String> out = new ArrayList<>();
        while (!t.done()) {
            Exec.Advance a = exec.step(t);
            assertFalse(a.blocked());
            if (a.step() != null) {
                out.add(a.step());
            }
            t = a.task();
        }
        return out;
    }

    private List<String> reclaimSteps(String profile) {
        boot(profile);
        return steps(Task.start("r", k.reclaimCode("vm", Range.page(0x1000))));
    }

    @Test
    void lameterV3InvalidatesRightAfterTheClearUnderTheLock() {
        // "[patch 4/6] MMU notifier: invalidate_page callbacks using Linux rmaps" (29 Jan 2008): after ptep_clear_flush
        assertEquals(List.of("reclaim.isolate", "reclaim.lock_ptl", "reclaim.clear_flush_young",
                "reclaim.ptep_clear_flush", "reclaim.invalidate_page", "reclaim.page_remove_rmap",
                "reclaim.unlock_ptl", "reclaim.free_page"), reclaimSteps("lameter-2008-v3"));
    }

    @Test
    void linux2627InvalidatesUnderTheLockRightAfterTheClear() {
        assertEquals(List.of("reclaim.isolate", "reclaim.lock_ptl", "reclaim.clear_flush_young",
                "reclaim.ptep_clear_flush",
                "reclaim.invalidate_page", "reclaim.page_remove_rmap", "reclaim.unlock_ptl", "reclaim.free_page"),
                reclaimSteps("linux-2.6.27"));
    }

    @Test
    void linux411InvalidatesUnderTheLockAfterThePut() {
        assertEquals(List.of("reclaim.isolate", "reclaim.lock_ptl", "reclaim.clear_flush_young",
                "reclaim.ptep_get_and_clear", "reclaim.page_remove_rmap", "reclaim.invalidate_page",
                "reclaim.unlock_ptl", "reclaim.try_to_unmap_flush", "reclaim.free_page"), reclaimSteps("linux-4.11"));
    }

    @Test
    void linux37InvalidatesAfterTheUnlock() {
        assertEquals(List.of("reclaim.isolate", "reclaim.lock_ptl", "reclaim.clear_flush_young",
                "reclaim.ptep_clear_flush", "reclaim.page_remove_rmap", "reclaim.unlock_ptl",
                "reclaim.invalidate_page", "reclaim.free_page"), reclaimSteps("linux-3.7"));
    }

    @Test
    void linux413BracketsTheUnmapAndBatchesTheFlush() {
        assertEquals(List.of("reclaim.isolate", "reclaim.range_start", "reclaim.lock_ptl", "reclaim.clear_flush_young",
                "reclaim.ptep_get_and_clear", "reclaim.page_remove_rmap", "reclaim.unlock_ptl", "reclaim.range_end",
                "reclaim.try_to_unmap_flush", "reclaim.free_page"), reclaimSteps("linux-4.13"));
    }

    @Test
    void fromLinux511ReclaimNoLongerAsksWhetherThePageIsYoungNorDoesMigration() {
        assertFalse(reclaimSteps("linux-5.12").contains("reclaim.clear_flush_young"));
        assertTrue(reclaimSteps("linux-5.5").contains("reclaim.clear_flush_young"));
        boot("linux-5.5");
        List<String> migrate = steps(Task.start("m", k.migrateCode("vm", Range.page(0x1000))));
        assertFalse(migrate.contains("migrate.clear_flush_young"), migrate.toString());
    }

    @Test
    void aReclaimStoppedUnderThePtLockHoldsItAndASecondWaits() {
        boot("linux-3.7");
        Task first = Task.start("r1", k.reclaimCode("vm", Range.page(0x1000)));
        first = exec.step(first).task();                          // isolate
        Exec.Advance locked = exec.step(first);                  // lock_ptl
        assertEquals("reclaim.lock_ptl", locked.step());
        assertTrue(locked.task().holds(Lock.ptl("vm")));
        assertTrue(m.process("vm").ptlHeld());

        Task second = Task.start("r2", k.migrateCode("vm", Range.page(0x1000)));
        second = exec.step(second).task();                        // isolate
        Exec.Advance waits = exec.step(second);
        assertTrue(waits.blocked());
        assertEquals(Lock.ptl("vm"), waits.blockedOn());

        steps(locked.task());
        assertFalse(m.process("vm").ptlHeld());
    }
}
