package dev.mmuscript.kernel;

import dev.mmuscript.semantics.RmapNotify;
import dev.mmuscript.semantics.SecondaryTlb;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.FileState;
import dev.mmuscript.model.Frame;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.PageKey;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Ctx;
import dev.mmuscript.ops.Fn;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.ops.Prefixed;
import dev.mmuscript.semantics.Semantics;
import java.util.ArrayList;
import java.util.List;

/**
 * The reverse-map family as step programs: reclaim (mm/vmscan.c shrink_page_list), migration (mm/migrate.c
 * migrate_pages) and writeback (mm/page-writeback.c via page_mkclean), all of which walk a page's mappings with
 * try_to_unmap / rmap_walk and unmap or write-protect each one in try_to_unmap_one / page_mkclean_one
 * (mm/rmap.c). The page-table lock is a real lock, and every notifier call is a step of its own, placed where
 * the era's {@code rmap_notify} puts it. Loops (over the pages, over a page's mappers) live in the registers.
 */
final class Rmap {
    /** What try_to_unmap_one leaves behind: a swap entry (reclaim), a migration entry, or a clean read-only PTE. */
    enum Unmap { SWAP, MIGRATE, MKCLEAN }

    private final Machine m;
    private final Kernel kernel;
    private final Notify notify;
    private final Code shrinkPageList;
    private final Code migratePages;
    private final Code writeback;
    private final Code tryToUnmap;
    private final Code tryToUnmapOne;

    Rmap(Machine m, Kernel kernel, Notify notify) {
        this.m = m;
        this.kernel = kernel;
        this.notify = notify;
        this.tryToUnmapOne = buildTryToUnmapOne();
        this.tryToUnmap = buildTryToUnmap();
        this.shrinkPageList = buildShrinkPageList();
        this.migratePages = buildMigratePages();
        this.writeback = buildWriteback();
    }

    private Semantics sem() {
        return kernel.semantics();
    }

    /** A step's event: its full name, then its data after a space ({@code reclaim.isolate pfn 3}). */
    private void announce(Prefixed r, String text) {
        m.emit(new Event.Step(r.prefix() + "." + text));
    }

    // ---------------------------------------------------------------- entry points

    Invocation reclaim(String proc, Range r) {
        return new Invocation(shrinkPageList, Pages.start("reclaim", pfnsIn(proc, r)));
    }

    Invocation migrate(String proc, Range r) {
        return new Invocation(migratePages, Pages.start("migrate", pfnsIn(proc, r)));
    }

    Invocation writeback(String file) {
        return new Invocation(writeback, Pages.start("writeback", m.file(file).cache().keys()).ofFile(file));
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

    // ---------------------------------------------------------------- registers

    /**
     * The registers of a loop over pages: the path, the frames (or, for writeback, the file's page indexes) and
     * where the loop is, the page at hand, and what its rmap walk left behind.
     */
    record Pages(String path, String file, List<Long> todo, int i, long pfn, Walk walk, long copy)
            implements Prefixed {
        static Pages start(String path, List<Long> todo) {
            return new Pages(path, null, List.copyOf(todo), 0, -1, null, -1);
        }

        @Override
        public String prefix() {
            return path;
        }

        Pages ofFile(String f) {
            return new Pages(path, f, todo, i, pfn, walk, copy);
        }

        boolean done() {
            return i >= todo.size();
        }

        long item() {
            return todo.get(i);
        }

        Pages at(long p) {
            return new Pages(path, file, todo, i, p, null, -1);
        }

        Pages walked(Walk w) {
            return new Pages(path, file, todo, i, pfn, w, copy);
        }

        Pages copied(long c) {
            return new Pages(path, file, todo, i, pfn, walk, c);
        }

        Pages next() {
            return new Pages(path, file, todo, i + 1, -1, null, -1);
        }
    }

    /**
     * The registers of try_to_unmap / rmap_walk over one page: each mapper in turn, whether it was writable
     * before (migration restores it), and the mappers whose CPU flush was deferred (reclaim's batch).
     */
    record Walk(String path, Unmap how, List<PageKey> mappers, int i, List<Boolean> writable,
            List<PageKey> pending) implements Prefixed {
        static Walk start(String path, Unmap how, List<PageKey> mappers) {
            return new Walk(path, how, List.copyOf(mappers), 0, List.of(), List.of());
        }

        @Override
        public String prefix() {
            return path;
        }

        boolean done() {
            return i >= mappers.size();
        }

        PageKey mapper() {
            return mappers.get(i);
        }

        Walk sawWritable(boolean w) {
            return new Walk(path, how, mappers, i, append(writable, w), pending);
        }

        Walk deferred(boolean d) {
            return d ? new Walk(path, how, mappers, i, writable, append(pending, mapper())) : this;
        }

        Walk next() {
            return new Walk(path, how, mappers, i + 1, writable, pending);
        }
    }

    /** The registers of try_to_unmap_one / page_mkclean_one: one mapping, and whether its flush was deferred. */
    record One(String path, String proc, long va, Unmap how, boolean defer) implements Prefixed {
        @Override
        public String prefix() {
            return path;
        }

        Range page() {
            return Range.page(va);
        }

        Lock ptl() {
            return Lock.ptl(proc);
        }
    }

    private static <T> List<T> append(List<T> list, T x) {
        List<T> out = new ArrayList<>(list);
        out.add(x);
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- shrink_page_list (mm/vmscan.c)

    /**
     * shrink_page_list on the pages a range maps: isolate each page, try_to_unmap every mapping (swap entries),
     * try_to_unmap_flush the batched CPU flushes (4.6 on), pageout a dirty page-cache page and drop it from the
     * cache, then free the page, unless someone else still holds a reference.
     */
    private Code buildShrinkPageList() {
        return Builder.path("reclaim")
                .label("next")
                .branch((c, r) -> ((Pages) r).done(), "done")
                .local((c, r) -> ((Pages) r).at(((Pages) r).item()))
                .branch((c, r) -> m.isZeroPage(pfn(r)) || m.frame(pfn(r)).isFree(), "advance")
                .step("isolate", this::isolate)
                .call((c, r) -> walk((Pages) r, Unmap.SWAP), (c, r, w) -> ((Pages) r).walked((Walk) w))
                .branch((c, r) -> ((Pages) r).walk().pending().isEmpty(), "pageout")
                .step("try_to_unmap_flush", this::tryToUnmapFlush)
                .label("pageout")
                .branch((c, r) -> !dirtyInCache(pfn(r)), "remove_mapping")
                .step("pageout", this::pageout)
                .label("remove_mapping")
                .local(this::removeMapping)
                .step("free_page", freePage("free_page"))
                .label("advance")
                .local((c, r) -> ((Pages) r).next())
                .jump("next")
                .label("done")
                .ret()
                .build();
    }

    private static long pfn(Object r) {
        return ((Pages) r).pfn();
    }

    /** isolate_lru_page: the page is taken off the LRU with a reference of its own. */
    private Object isolate(Ctx c, Object r) {
        Pages p = (Pages) r;
        announce(p, "isolate pfn " + p.pfn());
        m.getRef(p.pfn());
        return p;
    }

    /** try_to_unmap_flush: the CPU TLB flushes that try_to_unmap_one batched (TTU_BATCH_FLUSH). */
    private Object tryToUnmapFlush(Ctx c, Object r) {
        Pages p = (Pages) r;
        announce(p, "try_to_unmap_flush");
        for (PageKey k : p.walk().pending()) {
            int n = m.flushTlb(k.proc(), Range.page(k.va()));
            m.emit(new Event.TlbFlush(k.proc(), Range.page(k.va()), n, "try_to_unmap_flush"));
        }
        return p;
    }

    private boolean dirtyInCache(long pfn) {
        Kernel.Slot slot = kernel.cacheSlot(pfn);
        return slot != null && m.file(slot.file()).dirty().containsKey(slot.index());
    }

    /** pageout: a dirty page-cache page is written to its file. */
    private Object pageout(Ctx c, Object r) {
        Pages p = (Pages) r;
        announce(p, "pageout");
        Kernel.Slot slot = kernel.cacheSlot(p.pfn());
        writePage(slot.file(), slot.index(), p.pfn());
        return p;
    }

    /** __remove_mapping: a page-cache page leaves the cache, which drops the cache's reference. */
    private Object removeMapping(Ctx c, Object r) {
        Pages p = (Pages) r;
        Kernel.Slot slot = kernel.cacheSlot(p.pfn());
        if (slot != null) {
            FileState f = m.file(slot.file());
            m.put(f.withCache(f.cache().remove(slot.index())));
            m.emit(new Event.PageCacheDrop(slot.file(), slot.index(), p.pfn()));
            m.putRef(p.pfn());
        }
        return p;
    }

    /** The isolation reference goes: the page is freed unless a pin or a driver's reference still holds it. */
    private Fn.Body freePage(String step) {
        return (c, r) -> {
            Pages p = (Pages) r;
            announce(p, step);
            m.putRef(p.pfn());
            if (!m.frame(p.pfn()).isFree()) {
                m.emit(new Event.FrameKept(p.pfn(), m.frame(p.pfn()).refs()));
            }
            return p;
        };
    }

    private void writePage(String file, long idx, long pfn) {
        FileState f = m.file(file);
        long value = m.frame(pfn).value();
        m.put(f.withDisk(f.disk().put(idx, value)).withDirty(f.dirty().remove(idx)));
        m.emit(new Event.WrittenBack(file, idx, pfn, value));
    }

    // ---------------------------------------------------------------- migrate_pages (mm/migrate.c)

    /**
     * migrate_pages: isolate each page, try_to_unmap it into migration entries (never a batched flush), copy it
     * to a new frame (which takes the old one's place in the page cache), remove_migration_ptes maps every
     * mapper to the copy as writable as it was, and the old page is freed.
     */
    private Code buildMigratePages() {
        return Builder.path("migrate")
                .label("next")
                .branch((c, r) -> ((Pages) r).done(), "done")
                .local((c, r) -> ((Pages) r).at(((Pages) r).item()))
                .branch((c, r) -> m.isZeroPage(pfn(r)), "advance")
                .step("isolate", this::isolate)
                .call((c, r) -> walk((Pages) r, Unmap.MIGRATE), (c, r, w) -> ((Pages) r).walked((Walk) w))
                .local(this::copyPage)
                .step("remove_migration_ptes", this::removeMigrationPtes)
                .step("free_old_page", freePage("free_old_page"))
                .label("advance")
                .local((c, r) -> ((Pages) r).next())
                .jump("next")
                .label("done")
                .ret()
                .build();
    }

    /** migrate_page_copy, and migrate_page_move_mapping for a page-cache page. */
    private Object copyPage(Ctx c, Object r) {
        Pages p = (Pages) r;
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

    private Object removeMigrationPtes(Ctx c, Object r) {
        Pages p = (Pages) r;
        announce(p, "remove_migration_ptes");
        List<PageKey> mappers = p.walk().mappers();
        for (int i = 0; i < mappers.size(); i++) {
            m.mapPte(mappers.get(i).proc(), mappers.get(i).va(), p.copy(), p.walk().writable().get(i), true);
        }
        return p;
    }

    // ---------------------------------------------------------------- writeback: page_mkclean (mm/rmap.c)

    /**
     * The flusher over a file's page cache: a page that is dirty (marked, or through a dirty PTE) is
     * page_mkclean'd, every writable or dirty mapping write-protected and cleaned, then written to disk.
     */
    private Code buildWriteback() {
        return Builder.path("writeback")
                .label("next")
                .branch((c, r) -> ((Pages) r).done(), "done")
                .local((c, r) -> {
                    Pages p = (Pages) r;
                    return p.at(m.file(p.file()).cache().get(p.item()));
                })
                .branch((c, r) -> !dirty((Pages) r), "advance")
                .step("page_mkclean", (c, r) -> {
                    announce((Prefixed) r, "page_mkclean pfn " + pfn(r));
                    return r;
                })
                .call((c, r) -> walk((Pages) r, Unmap.MKCLEAN), (c, r, w) -> ((Pages) r).walked((Walk) w))
                .local((c, r) -> {
                    Pages p = (Pages) r;
                    writePage(p.file(), p.item(), p.pfn());
                    return p;
                })
                .label("advance")
                .local((c, r) -> ((Pages) r).next())
                .jump("next")
                .label("done")
                .ret()
                .build();
    }

    private boolean dirty(Pages p) {
        boolean dirty = m.file(p.file()).dirty().containsKey(p.item());
        for (PageKey k : m.mappers(p.pfn())) {
            dirty |= m.process(k.proc()).ptes().get(k.va()).dirty();
        }
        return dirty;
    }

    // ---------------------------------------------------------------- try_to_unmap / rmap_walk (mm/rmap.c)

    private Invocation walk(Pages p, Unmap how) {
        return new Invocation(tryToUnmap, Walk.start(p.path(), how, m.mappers(p.pfn())));
    }

    /**
     * rmap_walk over the mappers of one page, each by try_to_unmap_one (page_mkclean_one for writeback, which
     * skips a mapping that is neither writable nor dirty). Returns the walk: the deferred flushes and, for
     * migration, which mappings were writable.
     */
    private Code buildTryToUnmap() {
        return Builder.path("try_to_unmap")
                .label("next")
                .branch((c, r) -> ((Walk) r).done(), "done")
                .local((c, r) -> {
                    Walk w = (Walk) r;
                    return w.sawWritable(pte(w.mapper()).writable());
                })
                .branch((c, r) -> ((Walk) r).how() == Unmap.MKCLEAN && !pte(((Walk) r).mapper()).writable()
                        && !pte(((Walk) r).mapper()).dirty(), "advance")
                .call((c, r) -> one((Walk) r), (c, r, deferred) -> ((Walk) r).deferred((Boolean) deferred))
                .label("advance")
                .local((c, r) -> ((Walk) r).next())
                .jump("next")
                .label("done")
                .ret((c, r) -> r)
                .build();
    }

    private Pte pte(PageKey k) {
        return m.process(k.proc()).ptes().get(k.va());
    }

    private Invocation one(Walk w) {
        boolean defer = w.how() == Unmap.SWAP && sem().deferredFlush();
        return new Invocation(tryToUnmapOne, new One(w.path(), w.mapper().proc(), w.mapper().va(), w.how(), defer));
    }

    // ---------------------------------------------------------------- try_to_unmap_one / page_mkclean_one

    /**
     * One mapping of a page, notified as the era did (rmap_notify): invalidate_page before the clear, outside
     * the PT lock (Lameter's v3, 2008); under the PT lock (2.6.27-3.6, 4.11-4.13-rc4); after the unlock
     * (3.7-4.10); only invalidate_range after the walk (4.13-rc5, aac2fea94f7a); or range_start/range_end around
     * it, with the secondary-TLB callback under the PT lock (4.13 on, 369ea8242c0f). Returns whether the CPU
     * flush was deferred.
     */
    /**
     * mmu_notifier_invalidate_page of the page, announced as the step {@code invalidate_page}, under the PT lock or
     * in the era's ordinary context.
     */
    private Fn.Target invalidatePage(boolean underPtl) {
        return (c, r) -> {
            One o = (One) r;
            return notify.invalidatePageCall(o.proc(), o.va(), underPtl ? Kernel.PTL : kernel.startContext(false),
                    o.path());
        };
    }

    private Code buildTryToUnmapOne() {
        return Builder.path("try_to_unmap_one")
                .branch((c, r) -> !form(RmapNotify.PAGE_BEFORE_CLEAR), "range_start")
                .call(invalidatePage(false))
                .label("range_start")
                .branch((c, r) -> !form(RmapNotify.START_END), "lock")
                .call((c, r) -> notify.rangeStartCall(((One) r).proc(), ((One) r).page(), false, ((One) r).path()))
                .label("lock")
                .acquire("lock_ptl", (c, r) -> ((One) r).ptl())
                .branch((c, r) -> ((One) r).how() != Unmap.MKCLEAN, "clear")
                .step("ptep_clear_flush", this::mkclean)
                .jump("under_ptl")
                .label("clear")
                .branch((c, r) -> ((One) r).defer(), "deferred")
                .step("ptep_clear_flush", this::clear)
                .jump("remove_rmap")
                .label("deferred")
                .step("ptep_get_and_clear", this::clear)
                .label("remove_rmap")
                .step("page_remove_rmap", this::removeRmap)
                .label("under_ptl")
                .branch((c, r) -> !form(RmapNotify.PAGE_UNDER_PTL), "secondary_tlb")
                .call(invalidatePage(true))
                .label("secondary_tlb")
                .branch((c, r) -> !form(RmapNotify.START_END)
                        || sem().secondaryTlb() != SecondaryTlb.INVALIDATE_RANGE, "unlock")
                // mmu_notifier_invalidate_range after put_page, under the PT lock: no step of its own, it fuses with
                // the unlock (its events come just before reclaim.unlock_ptl).
                .call((c, r) -> notify.secondaryTlbCall(((One) r).proc(), ((One) r).page(), ((One) r).path()))
                .label("unlock")
                .release("unlock_ptl", (c, r) -> ((One) r).ptl())
                .branch((c, r) -> !form(RmapNotify.PAGE_AFTER_UNLOCK), "range_after_walk")
                .call(invalidatePage(false))
                .label("range_after_walk")
                .branch((c, r) -> !form(RmapNotify.RANGE_AFTER_WALK), "range_end")
                // aac2fea94f7a: "address + (1UL << compound_order(page))": one byte, not one page.
                .call((c, r) -> notify.invalidateRangeOnlyCall(((One) r).proc(),
                        new Range(((One) r).va(), ((One) r).va() + 1), ((One) r).path()))
                .label("range_end")
                .branch((c, r) -> !form(RmapNotify.START_END), "done")
                .call((c, r) -> notify.rangeEndCall(((One) r).proc(), ((One) r).page(), ((One) r).path(), false))
                .label("done")
                .ret((c, r) -> ((One) r).defer())
                .build();
    }

    private boolean form(RmapNotify rmapNotify) {
        return sem().rmapNotify() == rmapNotify;
    }

    /** page_mkclean_one: write-protect and clean the PTE (its dirty bit dirties the page), then flush. */
    private Object mkclean(Ctx c, Object r) {
        One o = (One) r;
        announce(o, "ptep_clear_flush + pte_wrprotect(pte_mkclean)");
        Pte was = m.process(o.proc()).ptes().get(o.va());
        kernel.dirtyToCache(was);
        m.updatePte(o.proc(), o.va(), was.withWritable(false).withDirty(false));
        kernel.flush(o.proc(), o.page(), o.path(), false);
        return o;
    }

    /**
     * ptep_clear_flush, or ptep_get_and_clear with the flush batched (set_tlb_ubc_flush_pending, 4.6 on); the PTE
     * becomes a swap entry (an anonymous page being reclaimed) or a migration entry.
     */
    private Object clear(Ctx c, Object r) {
        One o = (One) r;
        announce(o, o.defer() ? "ptep_get_and_clear" : "ptep_clear_flush");
        Pte was = m.clearPte(o.proc(), o.va());
        kernel.dirtyToCache(was);
        if (o.defer()) {
            m.emit(new Event.FlushDeferred(o.proc(), o.va()));
            if (sem().secondaryTlb() == SecondaryTlb.ARCH_INVALIDATE_SECONDARY_TLBS) {
                // x86 arch_tlbbatch_add_pending invalidates the secondary TLBs as the flush is queued.
                notify.secondaryTlb(o.proc(), o.page());
            }
        } else {
            kernel.flush(o.proc(), o.page(), o.path(), false);
        }
        Frame f = m.frame(was.pfn());
        if (o.how() == Unmap.SWAP && kernel.cacheSlot(was.pfn()) == null) {
            Process p = m.process(o.proc());
            m.put(p.withSwap(p.swap().put(o.va(), f.value())));
            m.emit(new Event.SwapOut(o.proc(), o.va(), was.pfn()));
        } else if (o.how() == Unmap.MIGRATE) {
            m.emit(new Event.MigrationEntry(o.proc(), o.va(), was.pfn()));
        }
        return new Cleared(o, was.pfn());
    }

    /** The registers after the clear: the mapping and the frame whose reference it held. */
    record Cleared(One one, long pfn) implements Prefixed {
        @Override
        public String prefix() {
            return one.path();
        }
    }

    /** page_remove_rmap + put_page: the mapping's reference goes. */
    private Object removeRmap(Ctx c, Object r) {
        Cleared cl = (Cleared) r;
        announce(cl, "page_remove_rmap + put_page");
        m.putRef(cl.pfn());
        return cl.one();
    }
}
