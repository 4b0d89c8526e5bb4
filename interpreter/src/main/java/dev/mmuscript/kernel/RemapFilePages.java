package dev.mmuscript.kernel;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.PMap;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.Vma;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lock;

/**
 * remap_file_pages on a nonlinear shared file mapping as a step program (mm/fremap.c sys_remap_file_pages and
 * populate_range, up to 3.x): under mmap_write_lock, range_start/range_end around zapping the old pages
 * ({@link Zap}'s unmap) and recording the new file offsets; the pages are faulted in at their new offsets.
 */
final class RemapFilePages {
    private final Machine m;
    private final Notify notify;
    private final Zap zaps;
    private final Code remap;

    RemapFilePages(Machine m, Notify notify, Zap zaps) {
        this.m = m;
        this.notify = notify;
        this.zaps = zaps;
        this.remap = buildRemap();
    }

    /** The registers of remap_file_pages: the mm, the range, the file page its first page now shows. */
    record Regs(String proc, Range range, long pgoff) {
    }

    Invocation remap(String proc, Range r, long pgoff) {
        return new Invocation(remap, new Regs(proc, r, pgoff));
    }

    private Code buildRemap() {
        return Builder.path("remap_file_pages")
                .acquire("mmap_write_lock", (c, r) -> Lock.mmap(((Regs) r).proc(), true))
                .call((c, r) -> notify.rangeStartCall(((Regs) r).proc(), ((Regs) r).range(), false, "remap_file_pages"))
                .call((c, r) -> zaps.unmap("remap_file_pages", ((Regs) r).proc(), ((Regs) r).range()))
                .local((c, r) -> populateRange((Regs) r))
                .call((c, r) -> notify.rangeEndCall(((Regs) r).proc(), ((Regs) r).range(), "remap_file_pages", false))
                .release("mmap_write_unlock", (c, r) -> Lock.mmap(((Regs) r).proc(), true))
                .build();
    }


    /** The VMA's nonlinear offsets: page i of the range shows file page pgoff + i. */
    private Regs populateRange(Regs r) {
        Process p = m.process(r.proc());
        Vma v = p.vmaAt(r.range().start());
        PMap<Long, Long> offs = v.pgoffs();
        long idx = r.pgoff();
        for (long va = r.range().start(); va < r.range().end(); va += Range.PAGE) {
            offs = offs.put(va, idx);
            m.emit(new Event.Remapped(r.proc(), va, v.file(), idx));
            idx++;
        }
        m.put(p.withVmas(p.vmas().put(v.range().start(), v.withPgoffs(offs))));
        return r;
    }

}
