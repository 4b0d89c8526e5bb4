package dev.mmuscript.kernel;

import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Range;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Invocation;
import java.util.ArrayList;
import java.util.List;

/**
 * The reverse-map family as step programs: reclaim ({@link ShrinkPageList}, mm/vmscan.c shrink_page_list),
 * migration ({@link MigratePages}, mm/migrate.c migrate_pages) and writeback ({@link Writeback},
 * mm/page-writeback.c via page_mkclean), all of which walk a page's mappings with try_to_unmap / rmap_walk
 * ({@link TryToUnmap}) and unmap or write-protect each one in try_to_unmap_one / page_mkclean_one
 * ({@link TryToUnmapOne}, mm/rmap.c). The page-table lock is a real lock, and every notifier call is a step of its
 * own, placed where the era's {@code rmap_notify} puts it. Loops (over the pages, over a page's mappers) live in the
 * registers.
 */
final class Rmap {
    /** What try_to_unmap_one leaves behind: a swap entry (reclaim), a migration entry, or a clean read-only PTE. */
    enum Unmap { SWAP, MIGRATE, MKCLEAN }

    private final Machine m;
    private final Kernel kernel;
    private final Code shrinkPageList;
    private final Code migratePages;
    private final Code writeback;

    Rmap(Machine m, Kernel kernel, Notify notify) {
        this.m = m;
        this.kernel = kernel;
        TryToUnmap tryToUnmap = new TryToUnmap(m, kernel, new TryToUnmapOne(m, kernel, notify).code());
        PageSteps steps = new PageSteps(m, tryToUnmap);
        this.shrinkPageList = new ShrinkPageList(m, kernel, steps).code();
        this.migratePages = new MigratePages(m, kernel, steps).code();
        this.writeback = new Writeback(m, steps).code();
    }

    Invocation reclaim(String proc, Range r) {
        return new Invocation(shrinkPageList, PageLoop.start("reclaim", pfnsIn(proc, r)));
    }

    Invocation migrate(String proc, Range r) {
        return new Invocation(migratePages, PageLoop.start("migrate", pfnsIn(proc, r)));
    }

    Invocation writeback(String file) {
        return new Invocation(writeback, PageLoop.start("writeback", m.file(file).cache().keys()).ofFile(file));
    }

    /**
     * The frames a range maps, in address order (the isolation candidates), each once: pages that KSM merged are
     * one page, isolated and unmapped from all its mappings at once.
     */
    private List<Long> pfnsIn(String proc, Range r) {
        List<Long> out = new ArrayList<>();
        for (long va : kernel.presentIn(proc, r)) {
            long pfn = m.process(proc).ptes().get(va).pfn();
            if (!out.contains(pfn)) {
                out.add(pfn);
            }
        }
        return List.copyOf(out);
    }
}
