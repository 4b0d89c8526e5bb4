package dev.mmuscript.kernel;

import dev.mmuscript.drivers.CallContext;
import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.drivers.Host;
import dev.mmuscript.model.Event;
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
    private Semantics sem;

    public Kernel(Machine m, Drivers drivers, Semantics sem) {
        this.m = m;
        this.drivers = drivers;
        this.sem = sem;
        this.notify = new Notify(m, drivers, this);
        drivers.host(this);
    }

    public Semantics semantics() {
        return sem;
    }

    public void semantics(Semantics s) {
        sem = s;
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
        m.emit(new Event.VmaAdded(proc, r, prot.toString(), shared));
        mmapUnlock(proc, true, "mmap");
    }

    /** munmap: zap the range (with notifiers), then remove it from the VMAs. */
    public void munmap(String proc, Range r) {
        mmapLock(proc, true, "munmap");
        unmapRange(proc, r, "munmap");
        step("munmap.remove_vmas");
        Process p = m.process(proc);
        m.put(p.withVmas(carve(p.vmas(), r, null)));
        mmapUnlock(proc, true, "munmap");
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
    private static PMap<Long, Vma> carve(PMap<Long, Vma> vmas, Range r, Prot prot) {
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

    private List<Long> presentIn(String proc, Range r) {
        List<Long> out = new ArrayList<>();
        for (Long va : m.process(proc).ptes().keys()) {
            if (r.contains(va)) {
                out.add(va);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- zap

    /**
     * zap_page_range (munmap, MADV_DONTNEED): range_start, then under the PT lock clear the PTEs into the
     * mmu_gather, flush the TLBs (with the secondary-TLB callback of the era), free the pages, range_end.
     */
    public void zap(String proc, Range r, String path) {
        mmapLock(proc, false, path);
        unmapRange(proc, r, path);
        mmapUnlock(proc, false, path);
    }

    private void unmapRange(String proc, Range r, String path) {
        notify.rangeStart(proc, r, false, path);
        List<Long> gathered = unmapPages(proc, r, path);
        freeGathered(proc, r, gathered, path);
        notify.rangeEnd(proc, r, path, false);
    }

    private List<Long> unmapPages(String proc, Range r, String path) {
        step(path + ".lock_ptl");
        m.ptl(proc, true);
        step(path + ".clear_ptes");
        List<Long> gathered = new ArrayList<>();
        for (long va : presentIn(proc, r)) {
            Pte was = m.clearPte(proc, va);
            gathered.add(was.pfn());
        }
        m.forgetWrites(proc, r);
        step(path + ".unlock_ptl");
        m.ptl(proc, false);
        return gathered;
    }

    private void freeGathered(String proc, Range r, List<Long> gathered, String path) {
        if (gathered.isEmpty()) {
            return;
        }
        step(path + ".flush_tlb");
        flush(proc, r, path);
        step(path + ".free_pages");
        for (long pfn : gathered) {
            m.putRef(pfn);
            Frame f = m.frame(pfn);
            if (!f.isFree()) {
                m.emit(new Event.FrameKept(pfn, f.refs()));
            }
        }
    }

    /** A CPU TLB flush, and the secondary-TLB callback that the era ties to it. */
    private void flush(String proc, Range r, String why) {
        int n = m.flushTlb(proc, r);
        m.emit(new Event.TlbFlush(proc, r, n, why));
        notify.secondaryTlb(proc, r);
    }

    // ---------------------------------------------------------------- OOM reaper

    /** One pass of the OOM reaper over the victim's private VMAs, in the era's form. */
    public void oomReap(String proc) {
        Process p = m.process(proc);
        switch (sem.oomReaper()) {
            case "none" -> {
                m.emit(new Event.NoReaper());
                return;
            }
            case "skip_if_notifiers" -> {
                if (!p.notifiers().isEmpty()) {
                    m.emit(new Event.ReaperSkipsMm(proc, p.notifiers()));
                    return;
                }
            }
            default -> {
            }
        }
        mmapLock(proc, false, "oom_reap");
        for (Vma v : p.vmas().values()) {
            if (v.shared()) {
                continue;
            }
            Range r = v.range();
            if (sem.oomReaper().equals("nonblocking_start")) {
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
            } else if (sem.oomReaper().equals("no_notifiers")) {
                m.emit(new Event.ReaperWithoutNotifiers(proc, r));
            }
            List<Long> gathered = unmapPages(proc, r, "oom_reap");
            freeGathered(proc, r, gathered, "oom_reap");
            if (sem.oomReaper().equals("nonblocking_start")) {
                notify.rangeEnd(proc, r, "oom_reap", true);
            }
        }
        mmapUnlock(proc, false, "oom_reap");
    }

    // ---------------------------------------------------------------- exit

    /** exit_mmap: mmu_notifier_release (each notifier's release, then they are unhashed), then unmap and free. */
    public void exit(String proc) {
        step("exit.release");
        for (String inst : m.process(proc).notifiers()) {
            notify.release(inst);
        }
        Process p = m.process(proc);
        m.put(p.withoutNotifiers());
        for (Vma v : p.vmas().values()) {
            List<Long> gathered = unmapPages(proc, v.range(), "exit");
            freeGathered(proc, v.range(), gathered, "exit");
        }
        for (Pin pin : m.state().pins().values()) {
            if (pin.proc().equals(proc)) {
                m.emit(new Event.PinOutlivesMm(pin.name(), pin.pages().size(), proc));
            }
        }
        m.put(m.process(proc).withExited());
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
     * handle_mm_fault for anonymous memory; null when the access is not allowed there, after a SIGSEGV event for a
     * user access (gup reports EFAULT to its caller instead).
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
        step("fault." + (write ? "write" : "read") + " " + proc + " " + Range.hex(va));
        Pte pte = p.ptes().get(va);
        if (pte == null) {
            Frame f = m.alloc((vma.shared() ? "shmem " : "anon ") + proc + " " + Range.hex(va));
            m.mapPte(proc, va, f.pfn(), vma.prot().write(), true);
            return m.process(proc).ptes().get(va);
        }
        Pte now = pte.withAccessible(true);
        if (write && !pte.writable()) {
            // do_wp_page on an exclusive anonymous page: reuse it, make the PTE writable (no notifier).
            now = now.withWritable(true);
        }
        m.updatePte(proc, va, now);
        m.flushTlb(proc, Range.page(va));
        return m.process(proc).ptes().get(va);
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

    CallContext startContext(boolean nonblocking) {
        if (!sem.callbacksMaySleep()) {
            return new CallContext(true, nonblocking, "under rcu_read_lock (no notifier may sleep in this era)");
        }
        return new CallContext(false, nonblocking, "");
    }
}
