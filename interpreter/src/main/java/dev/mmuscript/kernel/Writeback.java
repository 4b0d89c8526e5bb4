package dev.mmuscript.kernel;

import dev.mmuscript.model.Machine;
import dev.mmuscript.model.PageKey;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Ctx;

/**
 * Writeback, the flusher over a file's page cache (mm/page-writeback.c write_cache_pages, clear_page_dirty_for_io):
 * a page that is dirty (marked, or through a dirty PTE) is page_mkclean'd (mm/rmap.c), every writable or dirty
 * mapping write-protected and cleaned, then written to disk.
 */
final class Writeback {
    private final Machine m;
    private final PageSteps steps;

    Writeback(Machine m, PageSteps steps) {
        this.m = m;
        this.steps = steps;
    }

    Code code() {
        return PageSteps.endLoop(PageSteps.loop("writeback")
                .local((c, r) -> {
                    PageLoop p = (PageLoop) r;
                    return p.at(m.file(p.file()).cache().get(p.item()));
                })
                .branch((c, r) -> !dirty((PageLoop) r), "advance")
                .step("page_mkclean", this::pageMkclean)
                .call(steps.tryToUnmap(Rmap.Unmap.MKCLEAN), PageSteps::walked)
                .local(this::writePage));
    }

    private boolean dirty(PageLoop p) {
        boolean dirty = m.file(p.file()).dirty().containsKey(p.item());
        for (PageKey k : m.mappers(p.pfn())) {
            dirty |= m.process(k.proc()).ptes().get(k.va()).dirty();
        }
        return dirty;
    }

    private Object pageMkclean(Ctx c, Object r) {
        steps.announce((PageLoop) r, "page_mkclean pfn " + PageSteps.pfn(r));
        return r;
    }

    private Object writePage(Ctx c, Object r) {
        PageLoop p = (PageLoop) r;
        steps.writePage(p.file(), p.item(), p.pfn());
        return p;
    }
}
