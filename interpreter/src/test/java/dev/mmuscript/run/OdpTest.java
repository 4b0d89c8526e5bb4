package dev.mmuscript.run;

import static dev.mmuscript.run.RunnerTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** ODP as drivers/infiniband/core/umem_odp.c had it in each era. */
class OdpTest {
    private static final String VM = "process vm\nmmap vm 0x10000 pages 2 rw anon\ntouch vm 0x10000 pages 2 write\n"
            + "attach odp to vm as mr\nmr fault 0x10000 write\n";

    @Test
    void the419ReaperLeaksTheContextsNotifierCountBeforeEagain() {
        RunnerTest.Run r = run(VM + "oom_reap vm\nassert mr.notifier_count == 1\nassert mr.count == 0\n", "linux-4.19");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("mr.invalidate_range_start returned EAGAIN"), r.out());
    }

    @Test
    void aBlockableInvalidationBalancesIt() {
        RunnerTest.Run r = run(VM + "zap vm 0x10000\nassert mr.notifier_count == 0\nassert coherent\n", "linux-4.19");
        assertEquals(0, r.code(), r.out());
    }

    @Test
    void before413ReclaimReachesItThroughInvalidatePage() {
        RunnerTest.Run r = run(VM + "reclaim vm 0x10000\nassert coherent\n", "linux-3.19");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("call mr.invalidate_page 0x10000"), r.out());
    }
}
