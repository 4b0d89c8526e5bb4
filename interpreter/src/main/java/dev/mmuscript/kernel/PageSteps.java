package dev.mmuscript.kernel;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.FileState;
import dev.mmuscript.model.Machine;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Ctx;
import dev.mmuscript.ops.Fn;
import dev.mmuscript.ops.Prefixed;

/**
 * What the loops over pages (shrink_page_list, migrate_pages, writeback) share: the loop itself, isolate_lru_page,
 * the call into try_to_unmap, the last put of the page, and writing a page to its file.
 */
final class PageSteps {
    private final Machine m;
    private final TryToUnmap tryToUnmap;

    PageSteps(Machine m, TryToUnmap tryToUnmap) {
        this.m = m;
        this.tryToUnmap = tryToUnmap;
    }

    /** The head of the loop: on to {@code done} when no page is left. */
    static Builder loop(String path) {
        return Builder.path(path)
                .label("next")
                .branch((c, r) -> ((PageLoop) r).done(), "done");
    }

    /** The tail of the loop ({@code advance}: the next page), and its end. */
    static Code endLoop(Builder b) {
        return b.label("advance")
                .local((c, r) -> ((PageLoop) r).next())
                .jump("next")
                .label("done")
                .ret()
                .build();
    }

    static long pfn(Object r) {
        return ((PageLoop) r).pfn();
    }

    /** A step's event: its full name, then its data after a space ({@code reclaim.isolate pfn 3}). */
    void announce(Prefixed r, String text) {
        m.emit(new Event.Step(r.prefix(), text));
    }

    /** isolate_lru_page: the page is taken off the LRU with a reference of its own. */
    Object isolate(Ctx c, Object r) {
        PageLoop p = (PageLoop) r;
        announce(p, "isolate pfn " + p.pfn());
        m.getRef(p.pfn());
        return p;
    }

    /** try_to_unmap of the page at hand (its page_mkclean for {@link Rmap.Unmap#MKCLEAN}). */
    Fn.Target tryToUnmap(Rmap.Unmap how) {
        return (c, r) -> tryToUnmap.of((PageLoop) r, how);
    }

    /** What try_to_unmap returns, its walk, goes in the registers. */
    static Object walked(Ctx c, Object r, Object walk) {
        return ((PageLoop) r).walked((TryToUnmap.Walk) walk);
    }

    /** The isolation reference goes: the page is freed unless a pin or a driver's reference still holds it. */
    Fn.Body freePage(String step) {
        return (c, r) -> {
            PageLoop p = (PageLoop) r;
            announce(p, step);
            m.putRef(p.pfn());
            if (!m.frame(p.pfn()).isFree()) {
                m.emit(new Event.FrameKept(p.pfn(), m.frame(p.pfn()).refs()));
            }
            return p;
        };
    }

    /** The page's value goes to its file on disk, and the page is clean. */
    void writePage(String file, long idx, long pfn) {
        FileState f = m.file(file);
        long value = m.frame(pfn).value();
        m.put(f.withDisk(f.disk().put(idx, value)).withDirty(f.dirty().remove(idx)));
        m.emit(new Event.WrittenBack(file, idx, pfn, value));
    }
}
