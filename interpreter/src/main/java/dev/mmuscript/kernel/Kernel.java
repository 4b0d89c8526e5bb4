package dev.mmuscript.kernel;

import dev.mmuscript.drivers.CallContext;
import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.drivers.Host;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.FileState;
import dev.mmuscript.model.Frame;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.PMap;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Prot;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.Vma;
import dev.mmuscript.ops.Exec;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lazy;
import dev.mmuscript.semantics.ChangePte;
import dev.mmuscript.semantics.SecondaryTlb;
import dev.mmuscript.semantics.Semantics;
import java.util.List;

/**
 * The kernel's entry points as step programs, compiled once for a run under one {@link Semantics} (a {@code set}
 * makes another kernel): each a program whose order and notifier calls follow that semantics, for the sequential
 * scheduler to run to its end or a thread to run step by step. Steps are announced with {@link Event.Step}; every
 * change goes through the {@link Machine}. The drivers' get_user_pages and put_page ({@link Host}) are here.
 */
public final class Kernel implements Host {
    private final Machine m;
    private final Exec exec;
    private final Semantics sem;
    private final Lazy<Notify> notify;
    private final Lazy<Rmap> rmap;
    private final Lazy<Zap> zaps;
    private final Lazy<Mmap> mmaps;
    private final Lazy<Shmem> shmem;
    private final Lazy<Mprotect> mprotects;
    private final Lazy<Fork> forks;
    private final Lazy<Mremap> mremaps;
    private final Lazy<Ksm> ksm;
    private final Lazy<RemapFilePages> remaps;
    private final Lazy<Age> ages;
    private final Lazy<OomReap> reaper;
    private final Lazy<Register> registers;
    private final Lazy<Fault> faults;
    private final Lazy<Gup> gups;

    /**
     * The kernel of a run under {@code sem}: its notifier dispatches call {@code drivers}; the code it runs to its
     * end inside a step runs on {@code exec}.
     */
    public Kernel(Machine m, Exec exec, Drivers drivers, Semantics sem) {
        this.m = m;
        this.exec = exec;
        this.sem = sem;
        this.notify = Lazy.of(() -> new Notify(m, drivers, this));
        this.rmap = Lazy.of(() -> new Rmap(m, this, notify.get()));
        this.zaps = Lazy.of(() -> new Zap(m, this, notify.get()));
        this.shmem = Lazy.of(() -> new Shmem(m));
        this.mmaps = Lazy.of(() -> new Mmap(m, shmem.get()));
        this.mprotects = Lazy.of(() -> new Mprotect(m, this, notify.get()));
        this.forks = Lazy.of(() -> new Fork(m, this, notify.get()));
        this.mremaps = Lazy.of(() -> new Mremap(m, this, notify.get()));
        this.ksm = Lazy.of(() -> new Ksm(m, this, notify.get()));
        this.remaps = Lazy.of(() -> new RemapFilePages(m, this, notify.get(), zaps.get()));
        this.ages = Lazy.of(() -> new Age(m, notify.get()));
        this.reaper = Lazy.of(() -> new OomReap(m, this, drivers, zaps.get()));
        this.registers = Lazy.of(() -> new Register(m, drivers, notify.get(), this));
        this.faults = Lazy.of(() -> new Fault(m, this, new Cow(m, this, notify.get())));
        this.gups = Lazy.of(() -> new Gup(m, faults.get()));
    }

    public Semantics semantics() {
        return sem;
    }

    // ---------------------------------------------------------------- address spaces

    public void createProcess(String name) {
        m.put(Process.create(name));
    }

    /** mmap of anonymous memory ({@link Mmap}); a shared one maps a new shmem object ({@link Shmem}). */
    public Invocation mmapCode(String proc, Range r, Prot prot, boolean shared) {
        return mmaps.get().mmap(proc, new Vma(r, prot, shared));
    }

    /** munmap: zap the range (with notifiers), then remove it from the VMAs ({@link Zap}). */
    public Invocation munmapInvocation(String proc, Range r) {
        return zaps.get().munmap(proc, r);
    }

    /** mprotect: change the VMAs, then change_protection bracketed by range_start/range_end ({@link Mprotect}). */
    public Invocation mprotectCode(String proc, Range r, Prot prot) {
        return mprotects.get().mprotect(proc, r, prot);
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

    /** The shmem objects of shared anonymous memory ({@link Shmem}). */
    Shmem shmem() {
        return shmem.get();
    }

    List<Long> presentIn(String proc, Range r) {
        return m.mms().ptes(proc).keysIn(r.start(), r.end());
    }

    // ---------------------------------------------------------------- zap

    /** zap_page_range (the {@code zap} statement, MADV_DONTNEED as "madvise"): the step program of {@link Zap}. */
    public Invocation zapInvocation(String proc, Range r, String path) {
        return zaps.get().zap(proc, r, path);
    }

    /**
     * set_page_dirty: a dirty PTE of a file page being cleared leaves the page-cache page dirty. Returns whether it
     * did (a dirty PTE of a !PageAnon page: zap_pte_range's force_flush from 3.15).
     */
    boolean dirtyToCache(Pte was) {
        if (was.dirty()) {
            Slot slot = cacheSlot(was.pfn());
            if (slot != null) {
                markDirty(slot.file(), slot.index());
                return true;
            }
        }
        return false;
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
            notify.get().secondaryTlb(proc, r);
        }
    }

    // ---------------------------------------------------------------- files

    public void createFile(String name, long pages) {
        m.put(FileState.create(name, pages));
        m.emit(new Event.FileCreated(name, pages));
    }

    public Invocation mmapFileCode(String proc, Range r, Prot prot, String file, long pgoff, boolean shared,
            boolean nonlinear) {
        return mmaps.get().mmap(proc, new Vma(r, prot, shared, file, pgoff, nonlinear, PMap.empty()));
    }

    // ---------------------------------------------------------------- rmap: reclaim, migrate, writeback

    /** shrink_page_list on the pages a range maps (kernel/Rmap.java). */
    public Invocation reclaimCode(String proc, Range r) {
        return rmap.get().reclaim(proc, r);
    }

    /** migrate_pages on the pages a range maps (kernel/Rmap.java). */
    public Invocation migrateCode(String proc, Range r) {
        return rmap.get().migrate(proc, r);
    }

    /** Writeback of a file's dirty pages through page_mkclean (kernel/Rmap.java). */
    public Invocation writebackCode(String file) {
        return rmap.get().writeback(file);
    }

    // ---------------------------------------------------------------- fork, mremap, KSM, remap_file_pages

    /** fork's dup_mmap ({@link Fork}). */
    public Invocation forkCode(String parent, String child) {
        return forks.get().fork(parent, child);
    }

    /** mremap of a whole range to a free destination ({@link Mremap}). */
    public Invocation mremapCode(String proc, Range r, long dest) {
        return mremaps.get().mremap(proc, r, dest);
    }

    /** KSM's merge of the page at {@code other} into the one at {@code keep} ({@link Ksm}). */
    public Invocation ksmMergeCode(String proc, long keep, long other) {
        return ksm.get().merge(proc, keep, other);
    }

    /** {@code age}: page_referenced over the mappings of a range's pages ({@link Age}). */
    public Invocation ageCode(String proc, Range r) {
        return ages.get().age(proc, r);
    }

    /** remap_file_pages on a nonlinear shared file mapping ({@link RemapFilePages}). */
    public Invocation remapFilePagesCode(String proc, Range r, long pgoff) {
        return remaps.get().remap(proc, r, pgoff);
    }

    // ---------------------------------------------------------------- OOM reaper

    /** One pass of the OOM reaper over the victim's private VMAs, in the era's form ({@link OomReap}). */
    public Invocation oomReapCode(String proc) {
        return reaper.get().reap(proc);
    }

    // ---------------------------------------------------------------- exit

    /** exit_mmap: mmu_notifier_release (each notifier's release, then they are unhashed), then unmap and free. */
    public Invocation exitCode(String proc) {
        return zaps.get().exit(proc);
    }

    // ---------------------------------------------------------------- notifier registration

    /** mmu_notifier_register of a new instance of {@code driver} on {@code proc} ({@link Register}). */
    public Invocation attachCode(String driver, String proc, String inst) {
        return registers.get().register(driver, proc, inst);
    }

    /** mmu_notifier_unregister: release if the mm is still live, then the device is torn down. */
    public Invocation detachCode(String inst) {
        return registers.get().unregister(inst);
    }

    // ---------------------------------------------------------------- user accesses (kernel/Fault.java)

    /**
     * A user access by a CPU (kernel/Fault.java): through its TLB, else a page-table walk, else a page fault. Returns
     * false (after a SIGSEGV event) when the access is not allowed. {@code value} is written when {@code write}.
     * A present page is accessed at once; only a fault runs the step program.
     */
    public boolean userAccess(String proc, long va, boolean write, Long value, int cpu, boolean touchOnly) {
        return faults.get().accessIfMapped(proc, va, write, value, cpu, touchOnly)
                || (Boolean) exec.runInStep(faults.get().access(proc, va, write, value, cpu, touchOnly));
    }

    /** A CPU access's step program, for a thread to run step by step. */
    public Invocation accessInvocation(String proc, long va, boolean write, Long value, int cpu) {
        return faults.get().access(proc, va, write, value, cpu, false);
    }

    /** {@code touch}'s step program: each page of a range accessed until one is not allowed. */
    public Invocation touchInvocation(String proc, Range r, boolean write) {
        return faults.get().touch(proc, r, write);
    }

    /** set_page_dirty of a page-cache page. */
    void markDirty(String file, long idx) {
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

    /**
     * set_pte_at_notify's mmu_notifier_change_pte, under the PT lock, for a Call after the PTE is set: change_pte
     * where the era has it (a notifier without it gets invalidate_page in 2.6.32-3.6); null in the eras without.
     */
    Invocation changePteCall(String proc, long va, String path) {
        if (sem.changePte() == ChangePte.NONE) {
            return null;
        }
        return notify.get().changePteCall(proc, va, sem.changePte() == ChangePte.FALLBACK_INVALIDATE_PAGE, path);
    }

    /** Called under the page-table spinlock. */
    static final CallContext PTL = new CallContext(true, false, "under the page-table lock");

    // ---------------------------------------------------------------- gup and pins (kernel/Gup.java)

    @Override
    public Frame gup(String proc, long va, boolean write, String holder) {
        Frame f = gups.get().follow(proc, va, write, holder, Gup.How.REF);
        return f != null ? f : (Frame) exec.runInStep(gups.get().gup(proc, va, write, holder));
    }

    @Override
    public Invocation gupCode(String proc, long va, boolean write, String holder) {
        return gups.get().gup(proc, va, write, holder);
    }

    @Override
    public Frame takeIfMapped(String proc, long va, boolean write, String holder, boolean ref) {
        return gups.get().follow(proc, va, write, holder, ref ? Gup.How.REF : Gup.How.WALK);
    }

    @Override
    public Frame walk(String proc, long va, boolean write, String holder) {
        Frame f = gups.get().follow(proc, va, write, holder, Gup.How.WALK);
        return f != null ? f : (Frame) exec.runInStep(gups.get().walk(proc, va, write, holder));
    }

    @Override
    public Invocation walkCode(String proc, long va, boolean write, String holder) {
        return gups.get().walk(proc, va, write, holder);
    }

    @Override
    public void put(long pfn, String holder, long va) {
        gups.get().release(pfn, holder, va, false);
    }

    /** {@code gup P RANGE [write] as PIN}: pin_user_pages (a pin that stops short is reported). */
    public Invocation pinInvocation(String proc, Range r, boolean write, String name) {
        return gups.get().pin(proc, r, write, name);
    }

    public Invocation unpinInvocation(String name) {
        return gups.get().unpin(name);
    }

    CallContext startContext(boolean nonblocking) {
        if (!sem.callbacksMaySleep()) {
            return new CallContext(true, nonblocking, "under rcu_read_lock (no notifier may sleep in this era)");
        }
        return new CallContext(false, nonblocking, "");
    }
}
