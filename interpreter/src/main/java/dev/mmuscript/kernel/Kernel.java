package dev.mmuscript.kernel;

import dev.mmuscript.drivers.CallContext;
import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.drivers.Host;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.FileState;
import dev.mmuscript.model.Frame;
import dev.mmuscript.model.Instance;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.PMap;
import dev.mmuscript.model.Pin;
import dev.mmuscript.model.PinnedPage;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Prot;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.TlbEntry;
import dev.mmuscript.model.Violation;
import dev.mmuscript.model.Vma;
import dev.mmuscript.model.Write;
import dev.mmuscript.ops.Exec;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.semantics.ChangePte;
import dev.mmuscript.semantics.CowNotify;
import dev.mmuscript.semantics.OomReaper;
import dev.mmuscript.semantics.SecondaryTlb;
import dev.mmuscript.semantics.Semantics;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's entry points, each a step program whose order and notifier calls follow the current
 * {@link Semantics}. Steps are announced with {@link Event.Step}; every change goes through the {@link Machine}.
 */
public final class Kernel implements Host {
    private final Machine m;
    private final Drivers drivers;
    private final Notify notify;
    private final Rmap rmap;
    private final Zap zaps;
    private Semantics sem;

    public Kernel(Machine m, Drivers drivers, Semantics sem) {
        this.m = m;
        this.drivers = drivers;
        this.sem = sem;
        this.notify = new Notify(m, drivers, this);
        this.rmap = new Rmap(m, this, notify);
        this.zaps = new Zap(m, this, notify);
        drivers.host(this);
        drivers.semantics(sem);
    }

    public Semantics semantics() {
        return sem;
    }

    public void semantics(Semantics s) {
        sem = s;
        drivers.semantics(s);
    }

    private void step(String name) {
        m.emit(new Event.Step(name));
    }

    /** mmap_read_lock / mmap_write_lock. Sequential runs never find it contended; the steps show where it is held. */
    private void mmapLock(String proc, boolean write, String path) {
        step(path + (write ? ".mmap_write_lock" : ".mmap_read_lock"));
        Process p = m.process(proc);
        m.put(p.withMmapLock(write ? -1 : p.mmapLock() + 1));
    }

    private void mmapUnlock(String proc, boolean write, String path) {
        step(path + (write ? ".mmap_write_unlock" : ".mmap_read_unlock"));
        Process p = m.process(proc);
        m.put(p.withMmapLock(write ? 0 : p.mmapLock() - 1));
    }

    // ---------------------------------------------------------------- address spaces

    public void createProcess(String name) {
        m.put(Process.create(name));
    }

    public void mmap(String proc, Range r, Prot prot, boolean shared) {
        mmapLock(proc, true, "mmap");
        Process p = m.process(proc);
        m.put(p.withVmas(p.vmas().put(r.start(), new Vma(r, prot, shared))));
        m.emit(new Event.VmaAdded(proc, r, prot.toString(), shared ? "anon shared" : "anon private"));
        mmapUnlock(proc, true, "mmap");
    }

    /** munmap: zap the range (with notifiers), then remove it from the VMAs ({@link Zap}). */
    public void munmap(String proc, Range r) {
        runToEnd(zaps.munmap(proc, r));
    }

    /** munmap's step program, for a thread to run step by step. */
    public Invocation munmapInvocation(String proc, Range r) {
        return zaps.munmap(proc, r);
    }

    /** mprotect: change the VMAs, then change_protection bracketed by range_start/range_end. */
    public void mprotect(String proc, Range r, Prot prot) {
        mmapLock(proc, true, "mprotect");
        Process p = m.process(proc);
        m.put(p.withVmas(carve(p.vmas(), r, prot)));
        List<Long> present = presentIn(proc, r);
        notify.rangeStart(proc, r, false, "mprotect");
        step("mprotect.lock_ptl");
        m.ptl(proc, true);
        step("mprotect.change_ptes");
        boolean downgrade = false;
        for (long va : present) {
            Pte pte = m.process(proc).ptes().get(va);
            Pte now = pte.withAccessible(prot.accessible()).withWritable(pte.writable() && prot.write());
            if (pte.accessible() && !now.accessible() || pte.writable() && !now.writable()) {
                downgrade = true;
            }
            m.updatePte(proc, va, now);
        }
        step("mprotect.unlock_ptl");
        m.ptl(proc, false);
        if (downgrade) {
            step("mprotect.flush_tlb");
            flush(proc, r, "mprotect");
        }
        notify.rangeEnd(proc, r, "mprotect", false);
        mmapUnlock(proc, true, "mprotect");
    }

    /** Splits VMAs around {@code r}; the part inside gets {@code prot}, or is removed when prot is null. */
    static PMap<Long, Vma> carve(PMap<Long, Vma> vmas, Range r, Prot prot) {
        PMap<Long, Vma> out = PMap.empty();
        for (Vma v : vmas.values()) {
            Range vr = v.range();
            if (!vr.overlaps(r)) {
                out = out.put(vr.start(), v);
                continue;
            }
            if (vr.start() < r.start()) {
                out = out.put(vr.start(), v.withRange(new Range(vr.start(), r.start())));
            }
            if (prot != null) {
                Range mid = new Range(Math.max(vr.start(), r.start()), Math.min(vr.end(), r.end()));
                out = out.put(mid.start(), v.withRange(mid).withProt(prot));
            }
            if (vr.end() > r.end()) {
                out = out.put(r.end(), v.withRange(new Range(r.end(), vr.end())));
            }
        }
        return out;
    }

    List<Long> presentIn(String proc, Range r) {
        return m.process(proc).ptes().keysIn(r.start(), r.end());
    }

    // ---------------------------------------------------------------- zap

    /** zap_page_range (the {@code zap} statement, MADV_DONTNEED as "madvise"): the step program of {@link Zap}. */
    public void zap(String proc, Range r, String path) {
        runToEnd(zaps.zap(proc, r, path));
    }

    /** zap_page_range's step program, for a thread to run step by step. */
    public Invocation zapInvocation(String proc, Range r, String path) {
        return zaps.zap(proc, r, path);
    }

    /** set_page_dirty: a dirty PTE of a file page being cleared leaves the page-cache page dirty. */
    void dirtyToCache(Pte was) {
        if (was.dirty()) {
            Slot slot = cacheSlot(was.pfn());
            if (slot != null) {
                markDirty(slot.file(), slot.index());
            }
        }
    }

    /** A CPU TLB flush at an mmu_gather or *_clear_flush_notify site: the era's secondary-TLB callback follows. */
    void flush(String proc, Range r, String why) {
        flush(proc, r, why, true);
    }

    /**
     * A CPU TLB flush. The secondary-TLB callback follows it when the era ties it to this flush: invalidate_range
     * (3.19-6.5) only at the notify sites ({@code notifySite}), arch_invalidate_secondary_tlbs (6.6 on) at every
     * architecture flush, permission upgrades included.
     */
    void flush(String proc, Range r, String why, boolean notifySite) {
        int n = m.flushTlb(proc, r);
        m.emit(new Event.TlbFlush(proc, r, n, why));
        if (notifySite || sem.secondaryTlb() == SecondaryTlb.ARCH_INVALIDATE_SECONDARY_TLBS) {
            notify.secondaryTlb(proc, r);
        }
    }

    // ---------------------------------------------------------------- files

    public void createFile(String name, long pages) {
        m.put(FileState.create(name, pages));
        m.emit(new Event.FileCreated(name, pages));
    }

    public void mmapFile(String proc, Range r, Prot prot, String file, long pgoff, boolean shared, boolean nonlinear) {
        mmapLock(proc, true, "mmap");
        Process p = m.process(proc);
        Vma v = new Vma(r, prot, shared, file, pgoff, nonlinear, PMap.empty());
        m.put(p.withVmas(p.vmas().put(r.start(), v)));
        m.emit(new Event.VmaAdded(proc, r, prot.toString(), v.backing()));
        mmapUnlock(proc, true, "mmap");
    }

    // ---------------------------------------------------------------- rmap: reclaim, migrate, writeback

    /** shrink_page_list on the pages a range maps (kernel/Rmap.java), run to its end. */
    public void reclaim(String proc, Range r) {
        runToEnd(rmap.reclaim(proc, r));
    }

    /** migrate_pages on the pages a range maps (kernel/Rmap.java), run to its end. */
    public void migrate(String proc, Range r) {
        runToEnd(rmap.migrate(proc, r));
    }

    /** Writeback of a file's dirty pages through page_mkclean (kernel/Rmap.java), run to its end. */
    public void writeback(String file) {
        runToEnd(rmap.writeback(file));
    }

    /** The compiled reclaim of a range, for a thread to run step by step. */
    public Invocation reclaimCode(String proc, Range r) {
        return rmap.reclaim(proc, r);
    }

    public Invocation migrateCode(String proc, Range r) {
        return rmap.migrate(proc, r);
    }

    public Invocation writebackCode(String file) {
        return rmap.writeback(file);
    }

    /**
     * Runs compiled kernel code to its end on the current task (a plain statement: main; a thread's whole-statement
     * step: that thread). A lock another thread holds stops the whole step ({@link Exec.Blocked}).
     */
    private void runToEnd(Invocation inv) {
        drivers.exec().runInStep(inv);
    }

    // ---------------------------------------------------------------- fork, mremap, KSM, remap_file_pages

    /**
     * dup_mmap: the child gets the parent's VMAs and, for each present page, a PTE to the same frame. Private
     * writable mappings are write-protected in both (copy_page_range), bracketed by range_start/end on the
     * parent; the parent's TLB is flushed at the end.
     */
    public void fork(String parent, String child) {
        mmapLock(parent, true, "fork");
        Process p = m.process(parent);
        Process c = Process.create(child).withVmas(p.vmas()).withSwap(p.swap());
        m.put(c);
        m.emit(new Event.Forked(parent, child));
        boolean protectedAny = false;
        for (Vma v : p.vmas().values()) {
            boolean cow = v.cow();
            if (cow) {
                notify.rangeStart(parent, v.range(), false, "fork");
            }
            step("fork.copy_page_range " + v.range());
            m.ptl(parent, true);
            for (long va : presentIn(parent, v.range())) {
                Pte pte = m.process(parent).ptes().get(va);
                boolean wp = cow && pte.writable();
                if (wp) {
                    m.updatePte(parent, va, pte.withWritable(false));
                    protectedAny = true;
                }
                m.mapPte(child, va, pte.pfn(), pte.writable() && !wp, pte.accessible());
            }
            m.ptl(parent, false);
            if (cow) {
                notify.rangeEnd(parent, v.range(), "fork", false);
            }
        }
        if (protectedAny) {
            step("fork.flush_tlb_mm");
            flush(parent, new Range(0, 1L << 47), "fork", false);
        }
        mmapUnlock(parent, true, "fork");
    }

    /** mremap of a whole range to a free destination: move_ptes, bracketed by range_start/end on the old range. */
    public void mremap(String proc, Range r, long dest) {
        mmapLock(proc, true, "mremap");
        Process p = m.process(proc);
        Vma v = p.vmaAt(r.start());
        Vma moved = v.withRange(r).movedTo(dest);
        m.put(p.withVmas(carve(p.vmas(), r, null).put(dest, moved)));
        m.emit(new Event.VmaAdded(proc, moved.range(), moved.prot().toString(), moved.backing()));
        notify.rangeStart(proc, r, false, "mremap");
        step("mremap.lock_ptl");
        m.ptl(proc, true);
        step("mremap.move_ptes");
        boolean any = false;
        for (long va : presentIn(proc, r)) {
            Pte pte = m.process(proc).ptes().get(va);
            long to = va - r.start() + dest;
            Process now = m.process(proc);
            m.put(now.withPtes(now.ptes().remove(va).put(to, pte)));
            m.emit(new Event.PteMoved(proc, va, to, pte.pfn()));
            any = true;
        }
        Process now = m.process(proc);
        PMap<Long, Long> swap = now.swap();
        for (Long va : now.swap().keys()) {
            if (r.contains(va)) {
                swap = swap.remove(va).put(va - r.start() + dest, now.swap().get(va));
            }
        }
        m.put(now.withSwap(swap));
        m.forgetWrites(proc, r);
        step("mremap.unlock_ptl");
        m.ptl(proc, false);
        if (any) {
            step("mremap.flush_tlb_range");
            flush(proc, r, "mremap", false);
        }
        notify.rangeEnd(proc, r, "mremap", false);
        mmapUnlock(proc, true, "mremap");
    }

    /**
     * KSM (2.6.32 on): write_protect_page on the page at {@code keep}, then replace_page maps {@code other} to the
     * same frame, read-only, and frees its old page. Each PTE change goes through set_pte_at_notify: change_pte
     * (falling back to invalidate_page, 2.6.32-3.6), inside range_start/end from 3.7, plain set_pte_at from 6.10.
     */
    public void ksmMerge(String proc, long keep, long other) {
        if (sem.year() < 2009) {
            m.emit(new Event.NotInEra("ksm_merge", "KSM arrived in 2.6.32, 2009"));
            return;
        }
        Process p = m.process(proc);
        Pte a = p.ptes().get(keep);
        Pte b = p.ptes().get(other);
        if (a == null || b == null) {
            m.emit(new Event.NotMerged(proc, a == null ? keep : other, "not present"));
            return;
        }
        if (a.pfn() == b.pfn()) {
            m.emit(new Event.NotMerged(proc, other, "already the same page"));
            return;
        }
        if (m.frame(a.pfn()).value() != m.frame(b.pfn()).value()) {
            m.emit(new Event.NotMerged(proc, other, "contents differ (" + m.frame(a.pfn()).value() + " and "
                    + m.frame(b.pfn()).value() + ")"));
            return;
        }
        mmapLock(proc, false, "ksm");
        ksmSetPte(proc, keep, a.pfn(), "ksm.write_protect_page");
        ksmSetPte(proc, other, a.pfn(), "ksm.replace_page");
        step("ksm.put_old_page");
        m.putRef(b.pfn());
        mmapUnlock(proc, false, "ksm");
    }

    private void ksmSetPte(String proc, long va, long pfn, String path) {
        Range page = Range.page(va);
        boolean bracketed = sem.changePte() != ChangePte.FALLBACK_INVALIDATE_PAGE;
        if (bracketed) {
            notify.rangeStart(proc, page, false, path);
        }
        step(path + ".lock_ptl");
        m.ptl(proc, true);
        step(path + ".ptep_clear_flush");
        Pte was = m.clearPte(proc, va);
        dirtyToCache(was);
        flush(proc, page, path, bracketed);
        step(path + ".set_pte_at_notify");
        setPteNotify(proc, va, pfn, false);
        if (was.pfn() == pfn) {
            m.putRef(pfn);    // the same page again: the PTE's old reference goes
        }
        step(path + ".unlock_ptl");
        m.ptl(proc, false);
        if (bracketed) {
            notify.rangeEnd(proc, page, path, false);
        }
    }

    /**
     * remap_file_pages on a nonlinear shared file mapping: range_start/end around zapping the old pages and
     * recording the new file offsets (populate_range); the pages are faulted in at their new offsets.
     */
    public void remapFilePages(String proc, Range r, long pgoff) {
        mmapLock(proc, true, "remap_file_pages");
        notify.rangeStart(proc, r, false, "remap_file_pages");
        zaps.unmapInOneStep(proc, r, "remap_file_pages");
        Process p = m.process(proc);
        Vma v = p.vmaAt(r.start());
        PMap<Long, Long> offs = v.pgoffs();
        long idx = pgoff;
        for (long va = r.start(); va < r.end(); va += Range.PAGE) {
            offs = offs.put(va, idx);
            m.emit(new Event.Remapped(proc, va, v.file(), idx));
            idx++;
        }
        m.put(p.withVmas(p.vmas().put(v.range().start(), v.withPgoffs(offs))));
        notify.rangeEnd(proc, r, "remap_file_pages", false);
        mmapUnlock(proc, true, "remap_file_pages");
    }

    // ---------------------------------------------------------------- OOM reaper

    /** One pass of the OOM reaper over the victim's private VMAs, in the era's form. */
    public void oomReap(String proc) {
        Process p = m.process(proc);
        switch (sem.oomReaper()) {
            case NONE -> {
                m.emit(new Event.NoReaper());
                return;
            }
            case SKIP_IF_NOTIFIERS -> {
                if (!p.notifiers().isEmpty()) {
                    m.emit(new Event.ReaperSkipsMm(proc, p.notifiers(), "mmu notifiers"));
                    return;
                }
            }
            case SKIP_IF_BLOCKABLE -> {
                List<String> blocking = new ArrayList<>();
                for (String inst : p.notifiers()) {
                    if (drivers.mayBlock(inst)) {
                        blocking.add(inst);
                    }
                }
                if (!blocking.isEmpty()) {
                    m.emit(new Event.ReaperSkipsMm(proc, blocking, "notifiers whose callbacks may block"));
                    return;
                }
            }
            case NO_NOTIFIERS, NONBLOCKING_START -> {
            }
        }
        mmapLock(proc, false, "oom_reap");
        for (Vma v : p.vmas().values()) {
            if (v.shared()) {
                continue;
            }
            Range r = v.range();
            if (sem.oomReaper() == OomReaper.NONBLOCKING_START) {
                if (!notify.rangeStart(proc, r, true, "oom_reap")) {
                    m.emit(new Event.ReaperSkipsVma(proc, r));
                    for (String inst : p.notifiers()) {
                        Instance i = m.instance(inst);
                        if (i.open().contains(r)) {
                            m.emit(new Event.Skipped(inst, "invalidate_range_end", r.toString(),
                                    "its range_start succeeded, but the reaper skips range_end after EAGAIN"));
                        }
                    }
                    continue;
                }
            } else if (sem.oomReaper() == OomReaper.NO_NOTIFIERS) {
                m.emit(new Event.ReaperWithoutNotifiers(proc, r));
            } else if (sem.oomReaper() == OomReaper.SKIP_IF_BLOCKABLE) {
                notify.rangeStart(proc, r, false, "oom_reap");
            }
            zaps.unmapInOneStep(proc, r, "oom_reap");
            if (sem.oomReaper() == OomReaper.NONBLOCKING_START) {
                notify.rangeEnd(proc, r, "oom_reap", true);
            } else if (sem.oomReaper() == OomReaper.SKIP_IF_BLOCKABLE) {
                notify.rangeEnd(proc, r, "oom_reap", false);
            }
        }
        mmapUnlock(proc, false, "oom_reap");
    }

    // ---------------------------------------------------------------- exit

    /** exit_mmap: mmu_notifier_release (each notifier's release, then they are unhashed), then unmap and free. */
    public void exit(String proc) {
        runToEnd(zaps.exit(proc));
    }

    // ---------------------------------------------------------------- notifier registration

    public void attach(String driver, String proc, String inst) {
        mmapLock(proc, true, "mmu_notifier_register");
        drivers.create(driver, proc, inst);
        m.put(m.process(proc).withNotifier(inst));
        m.emit(new Event.Registered(inst, driver, proc));
        mmapUnlock(proc, true, "mmu_notifier_register");
    }

    /** mmu_notifier_unregister: release if the mm is still live, then the device is torn down. */
    public void detach(String inst) {
        Instance i = m.instance(inst);
        Process p = m.process(i.proc());
        if (p.notifiers().contains(inst)) {
            notify.release(inst);
            m.put(m.process(i.proc()).withoutNotifier(inst));
        }
        for (Long va : m.instance(inst).shadow().keys()) {
            m.clearShadow(inst, va);
        }
        m.put(m.instance(inst).withAttached(false));
        m.emit(new Event.Unregistered(inst));
    }

    // ---------------------------------------------------------------- user accesses

    /**
     * A user access by a CPU: through its TLB, else a page-table walk, else a page fault. Returns false (after a
     * SIGSEGV event) when the access is not allowed. {@code value} is written when {@code write} and non-null.
     */
    public boolean userAccess(String proc, long va, boolean write, Long value, int cpu, boolean touchOnly) {
        TlbEntry t = m.tlb(cpu, proc, va);
        long pfn;
        int gen;
        if (t != null && (!write || t.writable())) {
            Pte pte = m.process(proc).ptes().get(va);
            if (pte == null || pte.pfn() != t.pfn() || pte.generation() != t.generation()
                    || !pte.accessible() || (write && !pte.writable())) {
                m.violation(new Violation("stale-tlb", "cpu" + cpu, va, t.pfn(), "cpu " + cpu + " "
                        + (write ? "writes" : "reads") + " " + proc + " " + Range.hex(va) + " through a TLB entry for"
                        + " pfn " + t.pfn() + ", but the PTE " + (pte == null ? "is gone" : "now says pfn " + pte.pfn()
                        + " " + pte.mode())));
            }
            pfn = t.pfn();
            gen = t.generation();
        } else {
            Pte pte = m.process(proc).ptes().get(va);
            if (pte == null || !pte.accessible() || (write && !pte.writable())) {
                mmapLock(proc, false, "fault");
                pte = pageFault(proc, va, write, true);
                mmapUnlock(proc, false, "fault");
                if (pte == null) {
                    return false;
                }
            }
            if (write && !pte.dirty()) {
                m.updatePte(proc, va, pte.withDirty(true));
                pte = m.process(proc).ptes().get(va);
            }
            m.fillTlb(cpu, proc, va, pte);
            pfn = pte.pfn();
            gen = pte.generation();
        }
        if (touchOnly) {
            return true;
        }
        Frame f = m.frame(pfn);
        if (write) {
            m.put(f.withValue(value));
            m.logWrite(proc, va, new Write(proc, pfn, gen, value));
            m.emit(new Event.Access(proc, true, va, pfn, value));
        } else {
            m.emit(new Event.Access(proc, false, va, pfn, f.value()));
            drivers.checkRead(proc, va, proc, pfn, gen, f.value());
        }
        return true;
    }

    /**
     * handle_mm_fault: null when the access is not allowed there, after a SIGSEGV event for a user access (gup
     * reports EFAULT to its caller instead). Anonymous read faults map the zero page; a write to a page mapped
     * read-only either reuses it (an exclusive page) or copies it (do_wp_page's COW).
     */
    private Pte pageFault(String proc, long va, boolean write, boolean user) {
        Process p = m.process(proc);
        Vma vma = p.vmaAt(va);
        String access = write ? "write" : "read";
        if (vma == null) {
            if (user) {
                m.emit(new Event.Segv(proc, va, access, "no mapping (SEGV_MAPERR)"));
            }
            return null;
        }
        if (write ? !vma.prot().write() : !(vma.prot().read() || vma.prot().write())) {
            if (user) {
                m.emit(new Event.Segv(proc, va, access, "mapping is " + vma.prot() + " (SEGV_ACCERR)"));
            }
            return null;
        }
        step("fault." + access + " " + proc + " " + Range.hex(va));
        Pte pte = p.ptes().get(va);
        if (pte == null) {
            newPage(proc, va, vma, write);
            return m.process(proc).ptes().get(va);
        }
        if (!pte.accessible()) {
            m.updatePte(proc, va, pte.withAccessible(true));
            pte = m.process(proc).ptes().get(va);
        }
        if (write && !pte.writable()) {
            Frame f = m.frame(pte.pfn());
            boolean anonPage = f.owner().startsWith("anon") || f.owner().startsWith("cow");
            if (!vma.shared() && (m.isZeroPage(pte.pfn()) || !anonPage || f.maps() > 1)) {
                wpCopy(proc, va, pte);
            } else {
                wpReuse(proc, va, pte);
            }
        }
        return m.process(proc).ptes().get(va);
    }

    /** do_anonymous_page, do_swap_page or do_fault for a page with no PTE. */
    private void newPage(String proc, long va, Vma vma, boolean write) {
        Process p = m.process(proc);
        Long swapped = p.swap().get(va);
        if (swapped != null) {
            Frame f = m.alloc("anon " + proc + " " + Range.hex(va));
            m.put(f.withValue(swapped));
            m.put(m.process(proc).withSwap(m.process(proc).swap().remove(va)));
            m.emit(new Event.SwapIn(proc, va, f.pfn()));
            m.mapPte(proc, va, f.pfn(), vma.prot().write(), true);
            return;
        }
        if (vma.anon()) {
            if (!vma.shared() && !write) {
                m.mapPte(proc, va, m.zeroPage(), false, true);
                return;
            }
            Frame f = m.alloc((vma.shared() ? "shmem " : "anon ") + proc + " " + Range.hex(va));
            m.mapPte(proc, va, f.pfn(), vma.prot().write(), true);
            return;
        }
        long idx = vma.fileIndex(va);
        long pfn = cachePage(vma.file(), idx);
        if (vma.shared()) {
            // Shared file mappings map read-only until written, so that the first write marks the page dirty.
            m.mapPte(proc, va, pfn, write, true);
            if (write) {
                markDirty(vma.file(), idx);
            }
        } else if (!write) {
            m.mapPte(proc, va, pfn, false, true);
        } else {
            Frame copy = m.alloc("cow " + proc + " " + Range.hex(va));
            m.put(copy.withValue(m.frame(pfn).value()));
            m.emit(new Event.Copied(pfn, copy.pfn(), "private file write"));
            m.mapPte(proc, va, copy.pfn(), true, true);
        }
    }

    /** The page-cache frame of a file page, read in (the page cache takes a reference) when absent. */
    private long cachePage(String file, long idx) {
        FileState f = m.file(file);
        Long pfn = f.cache().get(idx);
        if (pfn != null) {
            return pfn;
        }
        Frame fr = m.alloc("file " + file + " page " + idx);
        Long onDisk = f.disk().get(idx);
        m.put(fr.withRefs(1).withValue(onDisk == null ? 0 : onDisk));
        m.put(m.file(file).withCache(f.cache().put(idx, fr.pfn())));
        return fr.pfn();
    }

    private void markDirty(String file, long idx) {
        FileState f = m.file(file);
        m.put(f.withDirty(f.dirty().put(idx, true)));
    }

    /** A page-cache slot: a file and a page of it. */
    record Slot(String file, long index) {
    }

    /** The file page a frame caches, or null for anonymous memory. */
    Slot cacheSlot(long pfn) {
        dev.mmuscript.model.PfnUse slot = m.cacheSlot(pfn);
        return slot == null ? null : new Slot(slot.by(), slot.at());
    }

    /** wp_page_reuse / wp_page_shared: ptep_set_access_flags makes the PTE writable, then flush_tlb_page. */
    private void wpReuse(String proc, long va, Pte pte) {
        step("fault.wp_reuse (ptep_set_access_flags)");
        m.updatePte(proc, va, pte.withWritable(true));
        Slot slot = cacheSlot(pte.pfn());
        if (slot != null) {
            markDirty(slot.file(), slot.index());
        }
        flush(proc, Range.page(va), "permission upgrade", false);
    }

    /**
     * wp_page_copy (do_wp_page's COW): a new page replaces the old one in the PTE, notified as the era did:
     * invalidate_page before the clear (Lameter), under the PT lock (2.6.27-3.6), or range_start/end around
     * ptep_clear_flush_notify and set_pte_at_notify (3.7 on).
     */
    private void wpCopy(String proc, long va, Pte old) {
        Range page = Range.page(va);
        Frame copy = m.alloc("cow " + proc + " " + Range.hex(va));
        m.put(copy.withValue(m.frame(old.pfn()).value()));
        m.emit(new Event.Copied(old.pfn(), copy.pfn(), m.isZeroPage(old.pfn()) ? "cow of the zero page" : "cow"));
        CowNotify form = sem.cowNotify();
        if (form == CowNotify.PAGE_BEFORE_CLEAR) {
            notify.invalidatePage(proc, va, startContext(false), "cow");
        } else if (form == CowNotify.START_END) {
            notify.rangeStart(proc, page, false, "cow");
        }
        step("cow.lock_ptl");
        m.ptl(proc, true);
        step("cow.ptep_clear_flush");
        m.clearPte(proc, va);
        flush(proc, page, "cow", form == CowNotify.START_END);
        if (form == CowNotify.PAGE_UNDER_PTL) {
            notify.invalidatePage(proc, va, PTL, "cow");
        }
        step("cow.set_pte_at_notify");
        setPteNotify(proc, va, copy.pfn(), true);
        step("cow.unlock_ptl");
        m.ptl(proc, false);
        if (form == CowNotify.START_END) {
            notify.rangeEnd(proc, page, "cow", false);
        }
        step("cow.put_old_page");
        m.putRef(old.pfn());
    }

    /** set_pte_at_notify: the new PTE, and change_pte where the era has it (under the PT lock). */
    private void setPteNotify(String proc, long va, long pfn, boolean writable) {
        m.mapPte(proc, va, pfn, writable, true);
        if (sem.changePte() != ChangePte.NONE) {
            notify.changePte(proc, va, sem.changePte() == ChangePte.FALLBACK_INVALIDATE_PAGE);
        }
    }

    // ---------------------------------------------------------------- gup and pins

    @Override
    public Frame gup(String proc, long va, boolean write, String holder) {
        return grab(proc, va, write, holder, false);
    }

    /** get_user_pages ({@code pin} false: a reference) or pin_user_pages ({@code pin} true: a reference and a pin). */
    private Frame grab(String proc, long va, boolean write, String holder, boolean pin) {
        Process p = m.process(proc);
        if (p == null || p.exited()) {
            return null;
        }
        Pte pte = p.ptes().get(va);
        if (pte == null || !pte.accessible() || (write && !pte.writable())) {
            mmapLock(proc, false, "gup");
            pte = pageFault(proc, va, write, false);
            mmapUnlock(proc, false, "gup");
            if (pte == null) {
                return null;
            }
        }
        Frame f = m.frame(pte.pfn());
        m.put(f.withRefs(f.refs() + 1).withPins(f.pins() + (pin ? 1 : 0)));
        m.emit(new Event.GupTaken(holder, va, f.pfn(), pin));
        return m.frame(pte.pfn());
    }

    @Override
    public void put(long pfn, String holder, long va) {
        release(pfn, holder, va, false);
    }

    private void release(long pfn, String holder, long va, boolean pin) {
        if (pin) {
            Frame f = m.frame(pfn);
            m.put(f.withPins(f.pins() - 1));
        }
        m.emit(new Event.GupReleased(holder, va, pfn, pin));
        m.putRef(pfn);
    }

    /** {@code gup P RANGE [write] as PIN}: pin_user_pages; false if some page could not be pinned. */
    public boolean pin(String proc, Range r, boolean write, String name) {
        List<PinnedPage> pages = new ArrayList<>();
        boolean ok = true;
        for (long va = r.start(); va < r.end(); va += Range.PAGE) {
            Frame f = grab(proc, va, write, name, true);
            if (f == null) {
                ok = false;
                break;
            }
            pages.add(new PinnedPage(va, f.pfn(), f.generation()));
        }
        m.put(new Pin(name, proc, write, List.copyOf(pages)));
        return ok;
    }

    public void unpin(String name) {
        Pin pin = m.pin(name);
        for (PinnedPage pg : pin.pages()) {
            release(pg.pfn(), name, pg.va(), true);
        }
        m.removePin(name);
    }

    /** Called under the page-table spinlock. */
    static final CallContext PTL = new CallContext(true, false, "under the page-table lock");

    @Override
    public Frame walk(String proc, long va, boolean write, String holder) {
        Process p = m.process(proc);
        if (p == null || p.exited()) {
            return null;
        }
        Pte pte = p.ptes().get(va);
        if (pte == null || !pte.accessible() || (write && !pte.writable())) {
            mmapLock(proc, false, "iopf");
            pte = pageFault(proc, va, write, false);
            mmapUnlock(proc, false, "iopf");
            if (pte == null) {
                return null;
            }
        }
        m.emit(new Event.Walked(holder, va, pte.pfn(), pte.writable()));
        return m.frame(pte.pfn());
    }

    CallContext startContext(boolean nonblocking) {
        if (!sem.callbacksMaySleep()) {
            return new CallContext(true, nonblocking, "under rcu_read_lock (no notifier may sleep in this era)");
        }
        return new CallContext(false, nonblocking, "");
    }
}
