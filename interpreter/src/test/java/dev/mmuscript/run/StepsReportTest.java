package dev.mmuscript.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mmu steps FILE}: each thread's steps, from a solo run where it started, then its code's other steps. */
class StepsReportTest {
    @TempDir
    Path dir;

    private String steps(String script) throws IOException {
        Path file = dir.resolve("t.mmu");
        Files.writeString(file, script);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StepsReport.run(file, "t.mmu", null, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        return out.toString();
    }

    @Test
    void aThreadListsTheStepsOfItsSoloRunThenTheBranchesItDidNotTakeAndWhereItWouldWait() throws IOException {
        String out = steps("""
                semantics latest
                process vm
                mmap vm 0x10000 pages 1 rw anon
                touch vm 0x10000 write
                attach kvm to vm as guest
                thread vcpu { guest fault 0x10000 write; assert coherent }
                thread zapper { zap vm 0x10000 pages 1 }
                run vcpu until guest.fault.lock, zapper
                """);
        assertEquals("""
                # t.mmu under latest
                thread vcpu (line 6)
                     6  guest fault 0x10000 write
                          guest.fault.let
                          guest.fault.gup
                          guest.fault.lock
                          guest.fault.if
                          guest.fault.map
                          guest.fault.unlock.2
                          guest.fault.put.2
                          guest.fault.unlock
                          guest.fault.put
                          guest.fault.retry
                     6  assert coherent
                          assert
                thread zapper (line 7)
                     7  zap vm 0x10000 pages 1
                          zap.mmap_read_lock
                          zap.range_start
                          zap.mmap_read_unlock
                        (alone from where it started, it waits for guest.mmu_lock after zap.range_start)
                """, out);
    }

    @Test
    void aThreadThatNeverRanIsListedFromTheStateAtTheEndOfTheScript() throws IOException {
        String out = steps("""
                semantics latest
                process vm
                mmap vm 0x10000 pages 1 rw anon
                touch vm 0x10000 write
                thread zapper { zap vm 0x10000 pages 1 }
                """);
        assertEquals("""
                # t.mmu under latest
                thread zapper (line 5)
                     5  zap vm 0x10000 pages 1
                          zap.mmap_read_lock
                          zap.range_start
                          zap.lock_ptl
                          zap.clear_ptes
                          zap.unlock_ptl
                          zap.range_end
                          zap.flush_tlb
                          zap.free_pages
                          zap.mmap_read_unlock
                """, out);
    }
}
