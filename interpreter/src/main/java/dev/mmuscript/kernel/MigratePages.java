package dev.mmuscript.kernel;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.FileState;
import dev.mmuscript.model.Frame;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.PageKey;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Ctx;
import java.util.List;

/**
 * Migration, migrate_pages (mm/migrate.c): isolate each page, try_to_unmap it into migration entries (never a
 * batched flush), copy it to a new frame (which takes the old one's place in the page cache),
 * remove_migration_ptes maps every mapper to the copy as writable as it was, and the old page is freed.
 */
final class MigratePages {
    private final Machine m;
    private final Kernel kernel;
    private final PageSteps steps;

    MigratePages(Machine m, Kernel kernel, PageSteps steps) {
        this.m = m;
        this.kernel = kernel;
        this.steps = steps;
    }

    Code code() {
        return PageSteps.endLoop(PageSteps.loop("migrate")
                .local((c, r) -> ((PageLoop) r).at(((PageLoop) r).item()))
                .branch((c, r) -> m.isZeroPage(PageSteps.pfn(r)), "advance")
                .step("isolate", steps::isolate)
                .call(steps.tryToUnmap(Rmap.Unmap.MIGRATE), PageSteps::walked)
                .local(this::copyPage)
                .step("remove_migration_ptes", this::removeMigrationPtes)
                .step("free_old_page", steps.freePage("free_old_page")));
    }

    /** migrate_page_copy, and migrate_page_move_mapping for a page-cache page. */
    private Object copyPage(Ctx c, Object r) {
        PageLoop p = (PageLoop) r;
        Frame old = m.frame(p.pfn());
        Frame copy = m.alloc(old.owner());
        m.put(copy.withValue(old.value()));
        m.emit(new Event.Copied(p.pfn(), copy.pfn(), "migrate"));
        Kernel.Slot slot = kernel.cacheSlot(p.pfn());
        if (slot != null) {
            FileState f = m.file(slot.file());
            m.put(f.withCache(f.cache().put(slot.index(), copy.pfn())));
            m.getRef(copy.pfn());
            m.putRef(p.pfn());
        }
        return p.copied(copy.pfn());
    }

    /** remove_migration_ptes: each migration entry becomes a PTE of the copy, writable if the old one was. */
    private Object removeMigrationPtes(Ctx c, Object r) {
        PageLoop p = (PageLoop) r;
        steps.announce(p, "remove_migration_ptes");
        List<PageKey> mappers = p.walk().mappers();
        for (int i = 0; i < mappers.size(); i++) {
            m.mapPte(mappers.get(i).proc(), mappers.get(i).va(), p.copy(), p.walk().writable().get(i), true);
        }
        return p;
    }
}
