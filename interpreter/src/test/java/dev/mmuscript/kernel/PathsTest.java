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
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.ops.Task;
import dev.mmuscript.syntax.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The step programs of mmap, mprotect, fork, mremap, KSM and the OOM reaper as a thread sees them: the stable step
 * names it stops at (without the data their events carry), per era, and the locks they really take. The full
 * traces are golden scripts (examples/paths/).
 */
class PathsTest {
    private static final Range VMA = new Range(0x1000, 0x3000);

    private Machine m;
    private Kernel k;
    private Runtime rt;
    private Exec exec;

    /** A process with a private writable VMA of two pages, both written (5 and 5: KSM can merge them). */
    private void boot(String profile) {
        Program program = new Frontend(Path.of(".")).load(new Source("t.mmu", "semantics " + profile + "\n"), null);
        m = new Machine();
        m.sink(e -> { });
        m.violations(v -> { });
        exec = new Exec(m);
        rt = Runtime.of(program, m, exec);
        k = rt.kernel();
        k.createProcess("vm");
        rt.runToEnd(k.mmapCode("vm", VMA, Prot.parse("rw"), false));
        k.userAccess("vm", 0x1000, true, 5L, 0, false);
        k.userAccess("vm", 0x2000, true, 5L, 0, false);
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

    private List<String> steps(String profile, java.util.function.Supplier<Invocation> path) {
        boot(profile);
        return steps(Task.start("t", path.get()));
    }

    @Test
    void mmapLinksTheVmaUnderTheWriteLock() {
        assertEquals(List.of("mmap.mmap_write_lock", "mmap.mmap_write_unlock"),
                steps("latest", () -> k.mmapCode("vm", new Range(0x8000, 0x9000), Prot.parse("r"), false)));
    }

    @Test
    void mprotectChangesThePtesInsideStartAndEndAndFlushesADowngrade() {
        assertEquals(List.of("mprotect.mmap_write_lock", "mprotect.range_start", "mprotect.lock_ptl",
                "mprotect.change_ptes", "mprotect.unlock_ptl", "mprotect.range_end", "mprotect.flush_tlb",
                "mprotect.mmap_write_unlock"), steps("latest", () -> k.mprotectCode("vm", VMA, Prot.parse("r"))));
        assertEquals(List.of("mprotect.mmap_write_lock", "mprotect.range_start", "mprotect.lock_ptl",
                "mprotect.change_ptes", "mprotect.unlock_ptl", "mprotect.range_end", "mprotect.mmap_write_unlock"),
                steps("latest", () -> k.mprotectCode("vm", VMA, Prot.parse("rw"))));
    }

    /** Before 3.15 mprotect_fixup brackets change_protection, whose flush_tlb_range comes before range_end. */
    @Test
    void mprotectFlushedBeforeRangeEndUntil315() {
        assertEquals(List.of("mprotect.mmap_write_lock", "mprotect.range_start", "mprotect.lock_ptl",
                "mprotect.change_ptes", "mprotect.unlock_ptl", "mprotect.flush_tlb", "mprotect.range_end",
                "mprotect.mmap_write_unlock"), steps("linux-3.7", () -> k.mprotectCode("vm", VMA, Prot.parse("r"))));
    }

    @Test
    void forkBracketsEachCowVmaAndFlushesTheParentAtTheEnd() {
        assertEquals(List.of("fork.mmap_write_lock", "fork.range_start", "fork.copy_page_range", "fork.range_end",
                "fork.flush_tlb_mm", "fork.mmap_write_unlock"), steps("latest", () -> k.forkCode("vm", "child")));
    }

    @Test
    void forkCopiesUnderTheParentsPtLock() {
        boot("latest");
        Task reclaim = Task.start("r", k.reclaimCode("vm", Range.page(0x1000)));    // no mmap_lock
        while (!reclaim.holds(Lock.ptl("vm"))) {
            reclaim = exec.step(reclaim).task();
        }
        Task fork = Task.start("f", k.forkCode("vm", "child"));
        Exec.Advance a = exec.step(fork);
        while (!a.blocked()) {
            a = exec.step(a.task());
        }
        assertEquals(Lock.ptl("vm"), a.blockedOn());
        assertTrue(m.process("child").ptes().isEmpty());
        steps(reclaim);
        assertEquals(List.of("fork.copy_page_range", "fork.range_end", "fork.flush_tlb_mm", "fork.mmap_write_unlock"),
                steps(a.task()));
    }

    @Test
    void mremapMovesThePtesInsideStartAndEnd() {
        assertEquals(List.of("mremap.mmap_write_lock", "mremap.range_start", "mremap.lock_ptl", "mremap.move_ptes",
                "mremap.unlock_ptl", "mremap.flush_tlb_range", "mremap.range_end", "mremap.mmap_write_unlock"),
                steps("latest", () -> k.mremapCode("vm", VMA, 0x10000)));
    }

    private static List<String> setPte(String path, boolean bracketed) {
        List<String> out = new ArrayList<>();
        if (bracketed) {
            out.add(path + ".range_start");
        }
        out.addAll(List.of(path + ".lock_ptl", path + ".ptep_clear_flush", path + ".set_pte_at_notify",
                path + ".unlock_ptl"));
        if (bracketed) {
            out.add(path + ".range_end");
        }
        return out;
    }

    private static List<String> ksm(boolean bracketed) {
        List<String> out = new ArrayList<>(List.of("ksm.mmap_read_lock"));
        out.addAll(setPte("ksm.write_protect_page", bracketed));
        out.addAll(setPte("ksm.replace_page", bracketed));
        out.addAll(List.of("ksm.put_old_page", "ksm.mmap_read_unlock"));
        return out;
    }

    @Test
    void ksmChangesEachPteUnderThePtLockInsideStartAndEndFrom37() {
        assertEquals(List.of(), steps("linux-2.6.27", () -> k.ksmMergeCode("vm", 0x1000, 0x2000)));
        assertEquals(ksm(false), steps("linux-2.6.32", () -> k.ksmMergeCode("vm", 0x1000, 0x2000)));
        assertEquals(ksm(true), steps("linux-3.7", () -> k.ksmMergeCode("vm", 0x1000, 0x2000)));
        assertEquals(ksm(true), steps("latest", () -> k.ksmMergeCode("vm", 0x1000, 0x2000)));
    }

    private static List<String> reap(boolean bracketed) {
        List<String> out = new ArrayList<>(List.of("oom_reap.mmap_read_lock"));
        if (bracketed) {
            out.add("oom_reap.range_start");
        }
        out.addAll(List.of("oom_reap.lock_ptl", "oom_reap.clear_ptes", "oom_reap.unlock_ptl"));
        if (bracketed) {
            out.add("oom_reap.range_end");
        }
        out.addAll(List.of("oom_reap.flush_tlb", "oom_reap.free_pages", "oom_reap.mmap_read_unlock"));
        return out;
    }

    @Test
    void theOomReaperCallsZapsUnmapInEachErasForm() {
        assertEquals(List.of(), steps("linux-3.19", () -> k.oomReapCode("vm")));
        assertEquals(reap(false), steps("linux-4.6", () -> k.oomReapCode("vm")));
        assertEquals(reap(false), steps("linux-4.14", () -> k.oomReapCode("vm")));
        assertEquals(reap(true), steps("linux-4.16", () -> k.oomReapCode("vm")));
        assertEquals(reap(true), steps("linux-5.12", () -> k.oomReapCode("vm")));
    }
}
