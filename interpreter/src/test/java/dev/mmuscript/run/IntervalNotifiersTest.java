package dev.mmuscript.run;

import static dev.mmuscript.run.RunnerTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.report.TextReport;
import org.junit.jupiter.api.Test;

/**
 * Interval notifiers (5.5 on, mm/mmu_notifier.c): an interval covers [start, start + length), and the driver stores
 * the invalidation's sequence itself (mmu_interval_set_seq), not the kernel.
 */
class IntervalNotifiersTest {
    private static final String VM = "process vm\nmmap vm 0x10000 pages 4 rw anon\ntouch vm 0x10000 pages 4 write\n";

    private static String driver(String invalidate, String fault) {
        return "driver d {\n    on invalidate { " + invalidate + " }\n    on fault { " + fault + " }\n}\n";
    }

    @Test
    void anInvalidationOutsideTheIntervalDoesNotCallItNorMakesTheSequenceOdd() {
        String script = driver("interval_seq = cur_seq; unmap start..end",
                "let e = interval_insert(0x10000, 0x2000); gup addr as p; map addr to p; put p")
                + VM + "attach d to vm as dev\ndev fault 0x10000\nzap vm 0x12000\nzap vm 0x11000\n";
        RunnerTest.Run r = run(script, "linux-5.5", TextReport.Level.STEPS);
        assertEquals(0, r.code(), r.out());
        String outside = r.out().substring(r.out().indexOf("zap vm 0x12000"), r.out().indexOf("zap vm 0x11000"));
        assertFalse(outside.contains("call dev.invalidate"), outside);
        assertFalse(outside.contains("invalidate_seq"), outside);
        assertTrue(r.out().contains("call dev.invalidate 0x11000 blockable"), r.out());
    }

    @Test
    void theKernelLeavesTheSequenceToTheDriver() {
        String script = driver("unmap start..end", "gup addr as p; map addr to p; put p")
                + VM + "attach d to vm as dev\ndev fault 0x10000\nzap vm 0x10000\nshow dev\n";
        RunnerTest.Run r = run(script, "linux-5.5");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("call dev.invalidate 0x10000 blockable"), r.out());
        assertFalse(r.out().contains("interval_seq"), r.out());
    }

    @Test
    void aDriverThatAnswersEagainDoesNotSetTheSequence() {
        String script = "driver d {\n    on invalidate when nonblocking { return EAGAIN }\n"
                + "    on invalidate { interval_seq = cur_seq }\n}\n"
                + VM + "attach d to vm as dev\noom_reap vm\nassert dev.interval_seq == 0\nzap vm 0x10000\n"
                + "assert dev.interval_seq == 5\n";
        RunnerTest.Run r = run(script, "linux-5.5");
        assertEquals(0, r.code(), r.out());
    }

    @Test
    void removedItGetsNothing() {
        String script = driver("interval_seq = cur_seq", "let e = interval_remove()")
                + VM + "attach d to vm as dev\ndev fault 0x10000\nzap vm 0x10000\n";
        RunnerTest.Run r = run(script, "linux-5.5");
        assertFalse(r.out().contains("call dev.invalidate"), r.out());
    }

    @Test
    void atExitOnlyTheIntervalsStillInTheTreeAreInvalidated() {
        String script = driver("interval_seq = cur_seq", "let e = interval_remove()")
                + VM + "attach d to vm as dev\nattach odp to vm as nic\ndev fault 0x10000\nexit vm\n";
        RunnerTest.Run r = run(script, "linux-5.5");
        assertTrue(r.out().contains("call nic.invalidate 0x0..0x800000000000 blockable"), r.out());
        assertFalse(r.out().contains("call dev.invalidate"), r.out());
    }

    @Test
    void aDriverWithListHandlersIsBothKindsAndInsertsItsOwnInterval() {
        String script = "driver d {\n    on invalidate { interval_seq = cur_seq }\n"
                + "    on invalidate_range_start { unmap start..end }\n"
                + "    on fault { let e = interval_insert(addr, 0x1000); walk addr as p; map addr to p }\n}\n"
                + VM + "attach d to vm as dev\nzap vm 0x10000\ndev fault 0x10000\nzap vm 0x10000\n";
        RunnerTest.Run r = run(script, "linux-5.5");
        String first = r.out().substring(0, r.out().indexOf("dev fault"));
        assertFalse(first.contains("call dev.invalidate "), "no interval before the fault inserts it: " + r.out());
        assertTrue(first.contains("call dev.invalidate_range_start 0x10000 blockable"), r.out());
        String second = r.out().substring(r.out().indexOf("dev fault"));
        assertTrue(second.indexOf("call dev.invalidate 0x10000") < second.indexOf("call dev.invalidate_range_start"),
                "the interval first, then the list: " + r.out());
        RunnerTest.Run interval = run(script.replace("    on invalidate_range_start { unmap start..end }\n", ""),
                "linux-5.5");
        assertTrue(interval.out().contains("call dev.invalidate 0x10000 blockable"), "inserted over everything at"
                + " attach: " + interval.out());
    }

    @Test
    void anEmptyIntervalIsEoverflow() {
        String script = driver("interval_seq = cur_seq", "err = interval_insert(0x10000, 0)")
                + VM + "attach d to vm as dev\ndev fault 0x10000\nassert dev.err == -75\n";
        RunnerTest.Run r = run(script, "linux-5.5");
        assertEquals(0, r.code(), r.out());
    }
}
