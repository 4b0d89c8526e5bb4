package dev.mmuscript.run;

import static dev.mmuscript.run.RunnerTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.report.TextReport;
import org.junit.jupiter.api.Test;

/** The kernel paths of the eras, each through a short script whose trace shows the order the era used. */
class KernelPathsTest {
    private static final String VM = "process vm\nmmap vm 0x1000 pages 2 rw anon\n";

    @Test
    void aReadFaultMapsTheZeroPageAndAWriteCopiesIt() {
        RunnerTest.Run r = run(VM + "read vm 0x1000\nwrite vm 0x1000 = 3\nassert vm[0x1000] == 3\n", "latest");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("alloc pfn 0 (zero page)\n      pte vm 0x1000 = pfn 0 r"), r.out());
        assertTrue(r.out().contains("cow of the zero page: copy pfn 0 -> pfn 1"), r.out());
        assertTrue(r.out().contains("pte vm 0x1000 = pfn 1 rw"), r.out());
    }

    @Test
    void forkWriteProtectsBothAndTheFirstWriteCopies() {
        RunnerTest.Run r = run(VM + "write vm 0x1000 = 1\nfork vm as child\nwrite vm 0x1000 = 2\n"
                + "assert child[0x1000] == 1\nassert vm[0x1000] == 2\n", "latest");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("pte vm 0x1000 pfn 0: rw -> r"), r.out());
        assertTrue(r.out().contains("pte child 0x1000 = pfn 0 r"), r.out());
        assertTrue(r.out().contains("cow: copy pfn 0 -> pfn 1"), r.out());
    }

    @Test
    void reclaimSwapsOutAndTheNextFaultSwapsTheContentBackIn() {
        RunnerTest.Run r = run(VM + "write vm 0x1000 = 9\nreclaim vm 0x1000\nassert vm[0x1000] == 9\n"
                + "read vm 0x1000\n", "latest");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("pte vm 0x1000 = swap entry (content of pfn 0)"), r.out());
        assertTrue(r.out().contains("free pfn 0"), r.out());
        assertTrue(r.out().contains("swap in vm 0x1000 -> pfn 0"), r.out());
        assertTrue(r.out().contains("vm reads 0x1000 = 9"), r.out());
    }

    @Test
    void aDeviceWriteSurvivesReclaimAndTheCheckSaysSo() {
        RunnerTest.Run r = run(VM + "attach kvm to vm as g\ntouch vm 0x1000 write\ng write 0x1000 = 8\n"
                + "reclaim vm 0x1000\nassert coherent\nassert vm[0x1000] == 8\nread vm 0x1000\n", "latest");
        assertEquals(0, r.code(), r.out());
        assertFalse(r.out().contains("lost-write"), r.out());
        assertTrue(r.out().contains("vm reads 0x1000 = 8"), r.out());
    }

    @Test
    void reclaimNotifiesAsEachEraDid() {
        String script = VM + "attach kvm to vm as g\ntouch vm 0x1000 write\ng fault 0x1000 write\nreclaim vm 0x1000\n";
        RunnerTest.Run old = run(script, "linux-2.6.27", TextReport.Level.STEPS);
        assertTrue(old.out().matches("(?s).*reclaim\\.lock_ptl.*call g\\.invalidate_page 0x1000.*reclaim\\.unlock_ptl.*"),
                old.out());
        RunnerTest.Run mid = run(script, "linux-3.7", TextReport.Level.STEPS);
        assertTrue(mid.out().matches("(?s).*reclaim\\.unlock_ptl.*call g\\.invalidate_page 0x1000.*"), mid.out());
        RunnerTest.Run now = run(script, "latest");
        assertTrue(now.out().contains("call g.invalidate_range_start 0x1000 blockable"), now.out());
        assertFalse(now.out().contains("invalidate_page"), now.out());
        assertEquals(0, now.code(), now.out());
    }

    @Test
    void migrationMovesThePageAndKvmFollows() {
        RunnerTest.Run r = run(VM + "attach kvm to vm as g\nwrite vm 0x1000 = 4\ng fault 0x1000 write\n"
                + "migrate vm 0x1000\nassert coherent\ng read 0x1000\n", "latest");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("migrate: copy pfn 0 -> pfn 1"), r.out());
        assertTrue(r.out().contains("g reads 0x1000 = 4 (pfn 1)"), r.out());
    }

    @Test
    void ksmUsesChangePteWithItsFallbackIn2632AndNothingBefore() {
        String script = VM + "write vm 0x1000 = 5\nwrite vm 0x2000 = 5\nattach kvm to vm as g\n"
                + "ksm_merge vm 0x1000 with 0x2000\nassert coherent\n";
        RunnerTest.Run ksm = run(script, "linux-2.6.32");
        assertEquals(0, ksm.code(), ksm.out());
        assertTrue(ksm.out().contains("call g.change_pte 0x2000"), ksm.out());
        assertTrue(ksm.out().contains("pte vm 0x2000 = pfn 0 r"), ksm.out());
        RunnerTest.Run none = run(script, "linux-2.6.27");
        assertTrue(none.out().contains("ksm_merge: not in this era (KSM arrived in 2.6.32, 2009)"), none.out());
        RunnerTest.Run now = run(script, "latest");
        assertFalse(now.out().contains("change_pte"), now.out());
        assertTrue(now.out().contains("call g.invalidate_range_start 0x2000 blockable"), now.out());
    }

    @Test
    void anIntervalNotifierGetsInvalidateInsteadOfStartAndEnd() {
        String script = VM + "attach odp to vm as nic\nnic fault 0x1000 write\nzap vm 0x1000\nassert coherent\n";
        RunnerTest.Run modern = run(script, "linux-5.5");
        assertEquals(0, modern.code(), modern.out());
        assertTrue(modern.out().contains("call nic.invalidate 0x1000 blockable"), modern.out());
        assertFalse(modern.out().contains("nic.invalidate_range_start"), modern.out());
        RunnerTest.Run older = run(script, "linux-4.19");
        assertTrue(older.out().contains("call nic.invalidate_range_start 0x1000 blockable"), older.out());
    }

    @Test
    void the416ReaperSkipsAnMmWhoseNotifierMayBlock() {
        String script = VM + "touch vm 0x1000 write\nattach xpmem to vm as x\noom_reap vm\n";
        RunnerTest.Run r = run(script, "linux-4.16");
        assertTrue(r.out().contains("oom_reaper: vm has notifiers whose callbacks may block (x): not reaped"),
                r.out());
        RunnerTest.Run kvm = run(VM + "touch vm 0x1000 write\nattach kvm to vm as g\noom_reap vm\n", "linux-4.16");
        assertTrue(kvm.out().contains("call g.invalidate_range_start 0x1000..0x3000 blockable"), kvm.out());
    }

    @Test
    void remapFilePagesRemapsANonlinearMapping() {
        RunnerTest.Run r = run("file disk pages 4\nprocess vm\nmmap vm 0x1000 pages 2 rw file disk offset 0 shared"
                + " nonlinear\nwrite vm 0x1000 = 7\nremap_file_pages vm 0x2000 pgoff 0\nassert vm[0x2000] == 7\n",
                "linux-2.6.27");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("nonlinear vm 0x2000 -> disk page 0"), r.out());
    }

    @Test
    void mremapMovesThePtesInsideStartAndEnd() {
        RunnerTest.Run r = run(VM + "attach kvm to vm as g\nwrite vm 0x1000 = 6\ng fault 0x1000 write\n"
                + "mremap vm 0x1000 pages 2 to 0x8000\nassert vm[0x8000] == 6\nassert coherent\n", "latest");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("pte vm 0x1000 moved to 0x8000 (pfn 0)"), r.out());
        assertTrue(r.out().contains("shadow g 0x1000 cleared (was pfn 0)"), r.out());
    }

    @Test
    void everyStdlibDriverFaultsAndIsInvalidatedCoherentlyInEveryModernEra() {
        for (String d : dev.mmuscript.front.Stdlib.drivers()) {
            for (String era : java.util.List.of("linux-3.19", "linux-4.19", "linux-5.5", "latest")) {
                RunnerTest.Run r = run(VM + "attach " + d + " to vm as dev\ndev write 0x1000 = 1\nzap vm 0x1000\n"
                        + "assert coherent\ndev read 0x1000\nassert dev[0x1000] == vm[0x1000]\n", era);
                assertEquals(0, r.code(), d + " under " + era + ":\n" + r.out() + r.err());
            }
        }
    }

    @Test
    void sleepingDriversAreSleepInAtomicBefore37() {
        for (String d : java.util.List.of("hmm", "odp", "xpmem", "xpmem-2008")) {
            RunnerTest.Run r = run(VM + "attach " + d + " to vm as dev\ndev fault 0x1000 write\nzap vm 0x1000\n",
                    "linux-2.6.32");
            assertTrue(r.out().contains("VIOLATION sleep-in-atomic: dev.invalidate_range_"), r.out());
        }
    }
}
