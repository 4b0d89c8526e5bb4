package dev.mmuscript.kernel;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Fingerprint;
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
 * From 4.0 ({@code file_remap = do_mmap}, c8d78c1823f4) the syscall is emulated (mm/mmap.c
 * SYSCALL_DEFINE5(remap_file_pages)): a MAP_FIXED do_mmap_pgoff of the range at the new offset, whose do_munmap
 * unmaps it with the same range_start/range_end, and whose mmap_region puts a linear shared VMA of the file there.
 * Its MAP_POPULATE prefault (mm_populate after the unlock) is not modelled: the pages fault in on first use.
 */
final class RemapFilePages {
    private final Machine m;
    private final Kernel kernel;
    private final Notify notify;
    private final Zap zaps;
    private final Code remap;

    RemapFilePages(Machine m, Kernel kernel, Notify notify, Zap zaps) {
        this.m = m;
        this.kernel = kernel;
        this.notify = notify;
        this.zaps = zaps;
        this.remap = buildRemap();
    }

    /** The registers of remap_file_pages: the mm, the range, the file page its first page now shows. */
    record Regs(String proc, Range range, long pgoff) implements Fingerprint.Fingerprinted {

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x25555AAF29DB764L;
            h = Fingerprint.add(h, proc);
            h = Fingerprint.add(h, range);
            h = Fingerprint.add(h, pgoff);
            return h;
        }
    }

    Invocation remap(String proc, Range r, long pgoff) {
        return new Invocation(remap, new Regs(proc, r, pgoff));
    }

    private Code buildRemap() {
        return Builder.path("remap_file_pages")
                .acquire("mmap_write_lock", (c, r) -> Lock.mmap(((Regs) r).proc(), true))
                .call((c, r) -> notify.rangeStartCall(((Regs) r).proc(), ((Regs) r).range(), false, "remap_file_pages"))
                .call((c, r) -> zaps.unmap("remap_file_pages", ((Regs) r).proc(), ((Regs) r).range()))
                .local((c, r) -> kernel.semantics().remapByDoMmap() ? r : populateRange((Regs) r))
                .call((c, r) -> notify.rangeEndCall(((Regs) r).proc(), ((Regs) r).range(), "remap_file_pages", false))
                .local((c, r) -> kernel.semantics().remapByDoMmap() ? mmapRegion((Regs) r) : r)
                .release("mmap_write_unlock", (c, r) -> Lock.mmap(((Regs) r).proc(), true))
                .build();
    }


    /**
     * do_mmap_pgoff's mmap_region after its do_munmap, whose range_end has run (4.0 on): the range leaves the VMA it
     * was part of (split at its ends) and a linear shared mapping of the file at the new offset takes its place.
     */
    private Regs mmapRegion(Regs r) {
        m.emit(new Event.Step("remap_file_pages.do_mmap"));
        Process p = m.process(r.proc());
        Vma old = p.vmaAt(r.range().start());
        Vma linear = new Vma(r.range(), old.prot(), true, old.file(), r.pgoff(), false, PMap.empty());
        m.put(p.withVmas(Kernel.carve(p.vmas(), r.range(), null).put(r.range().start(), linear)));
        m.emit(new Event.VmaAdded(r.proc(), linear.range(), linear.prot().toString(), linear.backing()));
        return r;
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
