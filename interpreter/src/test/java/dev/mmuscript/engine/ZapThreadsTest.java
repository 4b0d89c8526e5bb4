package dev.mmuscript.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmuscript.front.Frontend;
import dev.mmuscript.model.Event;
import dev.mmuscript.syntax.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scripted scheduler on the zap family's step programs: the page-table lock and mmap_lock are real locks. */
class ZapThreadsTest {
    private static final String VM = """
            semantics latest
            process vm
            mmap vm 0x10000 pages 1 rw anon
            touch vm 0x10000 write
            """;

    /** The steps and thread events of a run, in order (what a schedule is judged by). */
    private static List<Event> schedule(String script) {
        List<Event> all = new ArrayList<>();
        Program p = new Frontend(Path.of(".")).load(new Source("t.mmu", VM + script), null);
        new Engine(p, all::add).run();
        List<Event> out = new ArrayList<>();
        for (Event e : all) {
            if (e instanceof Event.Step || e instanceof Event.ThreadStopped || e instanceof Event.ThreadBlocked
                    || e instanceof Event.ThreadResumed || e instanceof Event.ThreadFinished) {
                out.add(e);
            }
        }
        int firstThreadEvent = 0;
        while (out.get(firstThreadEvent) instanceof Event.Step s && !s.name().startsWith("zap.")) {
            firstThreadEvent++;
        }
        return out.subList(firstThreadEvent, out.size());
    }

    private static Event step(String name) {
        return new Event.Step(name);
    }

    @Test
    void aZapperHoldingThePtlBlocksAnotherAtItsLockPtlUntilItGoesOn() {
        List<Event> got = schedule("""
                thread t { zap vm 0x10000 pages 1 }
                thread u { zap vm 0x10000 pages 1 }
                run u until zap.lock_ptl, t, u, t
                """);
        assertEquals(List.of(
                step("zap.mmap_read_lock"), step("zap.range_start"), step("zap.lock_ptl"),
                new Event.ThreadStopped("u", "zap.lock_ptl"),
                step("zap.mmap_read_lock"), step("zap.range_start"),
                new Event.ThreadBlocked("t", "vm.ptl", "u"),
                new Event.ThreadResumed("u", "zap.lock_ptl"),
                step("zap.clear_ptes"), step("zap.unlock_ptl"), step("zap.range_end"), step("zap.flush_tlb"),
                step("zap.free_pages"), step("zap.mmap_read_unlock"),
                new Event.ThreadFinished("u"),
                new Event.ThreadResumed("t", "zap.range_start"),
                step("zap.lock_ptl"), step("zap.clear_ptes"), step("zap.unlock_ptl"),
                step("zap.range_end"), step("zap.mmap_read_unlock"),
                new Event.ThreadFinished("t")), got);
    }
}
