package dev.mmuscript.kernel;

import dev.mmuscript.drivers.DeviceAccess;
import dev.mmuscript.kernel.FaultRegisters.Access;
import dev.mmuscript.kernel.FaultRegisters.Regs;
import dev.mmuscript.kernel.FaultRegisters.Touch;
import dev.mmuscript.kernel.FaultRegisters.Wp;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.FileState;
import dev.mmuscript.model.Frame;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.TlbEntry;
import dev.mmuscript.model.Violation;
import dev.mmuscript.model.Vma;
import dev.mmuscript.model.Write;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Ctx;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lock;

/**
 * A CPU access and the page fault it takes, as step programs (arch/x86/mm/fault.c do_user_addr_fault,
 * mm/memory.c handle_mm_fault). An access through the TLB or a present PTE that allows it takes no named step;
 * otherwise the access takes mmap_read_lock, runs handle_mm_fault, drops the lock and tries again, as the CPU
 * re-executes the faulting instruction. handle_pte_fault does its work under the PT lock (pte_offset_map_lock), so
 * the fault's step waits while another thread holds it; a write to a read-only page is wp_page_reuse or
 * wp_page_copy ({@link Cow}).
 */
final class Fault {
    private final Machine m;
    private final Kernel kernel;
    private final Cow cow;
    private final Code access;
    private final Code touch;
    private final Code fault;

    Fault(Machine m, Kernel kernel, Cow cow) {
        this.m = m;
        this.kernel = kernel;
        this.cow = cow;
        this.access = buildAccess();
        this.touch = buildTouch();
        this.fault = buildFault();
    }

    // ---------------------------------------------------------------- entry points

    /** A CPU access; its result is true, or false after SIGSEGV. */
    Invocation access(String proc, long va, boolean write, Long value, int cpu, boolean touchOnly) {
        return new Invocation(access, new Access(proc, va, write, value, cpu, touchOnly, false, false));
    }

    /** {@code touch}: an access of each page of a range, in order, until one gets SIGSEGV. */
    Invocation touch(String proc, Range r, boolean write) {
        return new Invocation(touch, new Touch(proc, r, write, r.start(), false));
    }

    /** handle_mm_fault for a CPU ({@code user}) or for gup; its result is false when the access is not allowed. */
    Invocation handleMmFault(String proc, long va, boolean write, boolean user) {
        return new Invocation(fault, new Regs(proc, va, write, user, null, Wp.NONE, false));
    }

    // ---------------------------------------------------------------- the programs

    private Code buildAccess() {
        return Builder.path("access")
                .label("again")
                .local((c, r) -> tlbOrPte((Access) r))
                .branch((c, r) -> ((Access) r).done(), "out")
                .acquire("mmap_read_lock", (c, r) -> Lock.mmap(((Access) r).proc(), false))
                .call((c, r) -> handleMmFault(((Access) r).proc(), ((Access) r).va(), ((Access) r).write(), true),
                        (c, r, allowed) -> (Boolean) allowed ? r : ((Access) r).finished(false))
                .release("mmap_read_unlock", (c, r) -> Lock.mmap(((Access) r).proc(), false))
                .branch((c, r) -> !((Access) r).failed(), "again")
                .label("out")
                .ret((c, r) -> !((Access) r).failed())
                .build();
    }

    private Code buildTouch() {
        return Builder.path("touch")
                .label("page")
                .branch((c, r) -> ((Touch) r).failed() || ((Touch) r).next() >= ((Touch) r).range().end(), "out")
                .call((c, r) -> access(((Touch) r).proc(), ((Touch) r).next(), ((Touch) r).write(), null, 0, true),
                        (c, r, ok) -> ((Touch) r).after((Boolean) ok))
                .jump("page")
                .label("out")
                .ret()
                .build();
    }

    /**
     * handle_mm_fault: the VMA allows the access or it is SIGSEGV (EFAULT for gup); then handle_pte_fault, a step
     * named by the access ({@code fault.write}) under the PT lock, and, for a write to a read-only page, the reuse
     * or the copy.
     */
    private Code buildFault() {
        return Builder.path("handle_mm_fault")
                .local((c, r) -> checkVma((Regs) r))
                .branch((c, r) -> ((Regs) r).failed(), "out")
                .await((c, r) -> ptlFree(c, ((Regs) r).proc()), (c, r) -> Lock.ptl(((Regs) r).proc()))
                .branch((c, r) -> !((Regs) r).write(), "read")
                .step("write", (c, r) -> handlePteFault((Regs) r))
                .jump("wp")
                .label("read")
                .step("read", (c, r) -> handlePteFault((Regs) r))
                .label("wp")
                .branch((c, r) -> ((Regs) r).wp() != Wp.COPY, "reuse")
                .call((c, r) -> cow.wpPageCopy(((Regs) r).proc(), ((Regs) r).va(), ((Regs) r).orig()))
                .label("reuse")
                .branch((c, r) -> ((Regs) r).wp() != Wp.REUSE, "out")
                .await((c, r) -> ptlFree(c, ((Regs) r).proc()), (c, r) -> Lock.ptl(((Regs) r).proc()))
                .step("wp_reuse", (c, r) -> wpPageReuse((Regs) r))
                .label("out")
                .ret((c, r) -> !((Regs) r).failed())
                .build();
    }

    // ---------------------------------------------------------------- the access

    /**
     * Whether the access can go on without a fault, and if so the access itself: through a TLB entry that allows
     * it (a stale one is {@code stale-tlb}), else through a present PTE that allows it, which fills the TLB.
     * Sequential runs call this first and run the program only for a fault, so a present page costs no ops.
     */
    boolean accessIfMapped(String proc, long va, boolean write, Long value, int cpu, boolean touchOnly) {
        TlbEntry t = m.tlb(cpu, proc, va);
        if (t != null && (!write || t.writable())) {
            Pte pte = m.process(proc).ptes().get(va);
            if (pte == null || pte.pfn() != t.pfn() || pte.generation() != t.generation()
                    || !pte.accessible() || (write && !pte.writable())) {
                m.violation(new Violation("stale-tlb", "cpu" + cpu, va, t.pfn(), "cpu " + cpu + " "
                        + (write ? "writes" : "reads") + " " + proc + " " + Range.hex(va) + " through a TLB entry for"
                        + " pfn " + t.pfn() + ", but the PTE " + (pte == null ? "is gone" : "now says pfn " + pte.pfn()
                        + " " + pte.mode())));
            }
            touch(proc, va, write, value, t.pfn(), t.generation(), touchOnly);
            return true;
        }
        Pte pte = m.process(proc).ptes().get(va);
        if (pte == null || !pte.accessible() || (write && !pte.writable())) {
            return false;
        }
        if (write && !pte.dirty()) {
            m.updatePte(proc, va, pte.withDirty(true));
            pte = m.process(proc).ptes().get(va);
        }
        m.fillTlb(cpu, proc, va, pte);
        touch(proc, va, write, value, pte.pfn(), pte.generation(), touchOnly);
        return true;
    }

    private Access tlbOrPte(Access a) {
        if (accessIfMapped(a.proc(), a.va(), a.write(), a.value(), a.cpu(), a.touchOnly())) {
            return a.finished(true);
        }
        return a;
    }

    /** The load or store itself (none for {@code touch}); a read is checked against the devices' writes. */
    private void touch(String proc, long va, boolean write, Long value, long pfn, int gen, boolean touchOnly) {
        if (touchOnly) {
            return;
        }
        Frame f = m.frame(pfn);
        if (write) {
            m.put(f.withValue(value));
            m.logWrite(proc, va, new Write(proc, pfn, gen, value));
            m.emit(new Event.Access(proc, true, va, pfn, value));
        } else {
            m.emit(new Event.Access(proc, false, va, pfn, f.value()));
            DeviceAccess.checkRead(m, proc, va, proc, pfn, gen, f.value());
        }
    }

    // ---------------------------------------------------------------- handle_mm_fault

    /** find_vma and access_error: no VMA, or one that does not allow the access, is SIGSEGV (EFAULT for gup). */
    private Regs checkVma(Regs r) {
        Vma vma = m.process(r.proc()).vmaAt(r.va());
        String access = r.write() ? "write" : "read";
        if (vma == null) {
            if (r.user()) {
                m.emit(new Event.Segv(r.proc(), r.va(), access, "no mapping (SEGV_MAPERR)"));
            }
            return r.failing();
        }
        if (r.write() ? !vma.prot().write() : !(vma.prot().read() || vma.prot().write())) {
            if (r.user()) {
                m.emit(new Event.Segv(r.proc(), r.va(), access, "mapping is " + vma.prot() + " (SEGV_ACCERR)"));
            }
            return r.failing();
        }
        return r;
    }

    /** The fault's step runs as if under the PT lock: it waits while another thread holds it. */
    private boolean ptlFree(Ctx c, String proc) {
        return !m.locks().ptlHeld(proc) || c.task().holds(Lock.ptl(proc));
    }

    /**
     * handle_pte_fault: no PTE is a new page ({@link #newPage}); a PROT_NONE PTE made accessible again; a write to a
     * read-only page is do_wp_page, which copies a private page that is the zero page, a file page or mapped more
     * than once (wp_page_copy), and reuses any other (wp_page_reuse, or wp_page_shared for a shared mapping).
     */
    private Regs handlePteFault(Regs r) {
        String proc = r.proc();
        long va = r.va();
        m.emit(new Event.Step("fault." + (r.write() ? "write " : "read ") + proc + " " + Range.hex(va)));
        Vma vma = m.process(proc).vmaAt(va);
        Pte pte = m.process(proc).ptes().get(va);
        if (pte == null) {
            newPage(proc, va, vma, r.write());
            return r;
        }
        if (!pte.accessible()) {
            m.updatePte(proc, va, pte.withAccessible(true));
            pte = m.process(proc).ptes().get(va);
        }
        if (r.write() && !pte.writable()) {
            Frame f = m.frame(pte.pfn());
            boolean anonPage = f.owner().startsWith("anon") || f.owner().startsWith("cow");
            boolean copy = !vma.shared() && (m.isZeroPage(pte.pfn()) || !anonPage || f.maps() > 1);
            return r.then(pte, copy ? Wp.COPY : Wp.REUSE);
        }
        return r;
    }

    /**
     * do_anonymous_page, do_swap_page or do_fault (mm/memory.c) for a page with no PTE; do_fault of shared anonymous
     * memory is shmem_fault ({@link Shmem#getPage}).
     */
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
            if (!write) {
                m.mapPte(proc, va, m.zeroPage(), false, true);
                return;
            }
            Frame f = m.alloc("anon " + proc + " " + Range.hex(va));
            m.mapPte(proc, va, f.pfn(), vma.prot().write(), true);
            return;
        }
        if (vma.shmem()) {
            // shmem has no dirty accounting (no writenotify): its pages are mapped writable at the first fault.
            m.mapPte(proc, va, kernel.shmem().getPage(proc, va, vma), vma.prot().write(), true);
            if (write) {
                kernel.markDirty(vma.file(), vma.fileIndex(va));
            }
            return;
        }
        long idx = vma.fileIndex(va);
        long pfn = cachePage(vma.file(), idx);
        if (vma.shared()) {
            // Shared file mappings map read-only until written, so that the first write marks the page dirty.
            m.mapPte(proc, va, pfn, write, true);
            if (write) {
                kernel.markDirty(vma.file(), idx);
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

    /** filemap_fault: the page-cache frame of a file page, read in (the page cache takes a reference) when absent. */
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

    /**
     * wp_page_reuse / wp_page_shared: ptep_set_access_flags makes the PTE writable, then flush_tlb_page. If another
     * thread changed the PTE since the fault read it, nothing is done (the access faults again).
     */
    private Regs wpPageReuse(Regs r) {
        m.emit(new Event.Step("fault.wp_reuse (ptep_set_access_flags)"));
        if (!r.orig().equals(m.process(r.proc()).ptes().get(r.va()))) {
            return r;
        }
        m.updatePte(r.proc(), r.va(), r.orig().withWritable(true));
        Kernel.Slot slot = kernel.cacheSlot(r.orig().pfn());
        if (slot != null) {
            kernel.markDirty(slot.file(), slot.index());
        }
        kernel.flush(r.proc(), Range.page(r.va()), "permission upgrade", false);
        return r;
    }
}
