package dev.mmuscript.kernel;

import dev.mmuscript.kernel.MmuGather.Gather;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Pin;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.Vma;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.ops.Prefixed;
import java.util.List;

/**
 * The zap family as step programs: zap_page_range (the {@code zap} statement, MADV_DONTNEED), munmap's
 * unmap_region and exit_mmap's unmap_vmas (mm/memory.c, mm/mmap.c, mm/madvise.c), and the unmap the OOM reaper and
 * remap_file_pages call. Each runs inside a tlb_gather_mmu / tlb_finish_mmu pair ({@link MmuGather}), in the
 * kernel's order in every era: range_start, each VMA's PTEs cleared into the gather under the PT lock (and
 * tlb_end_vma after it), range_end, and only then tlb_finish_mmu flushes the CPU TLB and frees the pages
 * (zap_page_range and unmap_vmas call mmu_notifier_invalidate_range_end before their caller's tlb_finish_mmu).
 * Only a full gather (knob {@code tlb_batch}) or, from 3.15, one holding a dirty file PTE (knob
 * {@code dirty_file_flush}) is flushed and freed between range_start and range_end. Each
 * thread that zaps keeps its own gather in its registers, so another thread can run between its PT unlock and
 * its flush. From 4.13 (knob {@code nested_flush}) tlb_gather_mmu counts the zap in the mm's
 * {@code tlb_flush_pending} and tlb_finish_mmu flushes the whole range when mm_tlb_flush_nested() finds another
 * zap pending, even if it gathered nothing (99baac21e458, bug B9; kernel-history.md §8).
 */
final class Zap {
    private final Machine m;
    private final Kernel kernel;
    private final Notify notify;
    private final MmuGather tlb;
    private final Code unmap;
    private final Code zap;
    private final Code munmap;
    private final Code exit;

    Zap(Machine m, Kernel kernel, Notify notify) {
        this.m = m;
        this.kernel = kernel;
        this.notify = notify;
        this.tlb = new MmuGather(m, kernel);
        this.zap = buildZap();
        this.munmap = buildMunmap();
        this.exit = buildExit();
        this.unmap = buildUnmap();
    }

    /** The registers of zap, madvise, munmap and exit: the path (the steps' prefix), the mm, the range. */
    record Regs(String path, String proc, Range range) implements Fingerprint.Fingerprinted, Prefixed {
        @Override
        public String prefix() {
            return path;
        }

        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x24B36A98D89F4398L;
            h = Fingerprint.add(h, path);
            h = Fingerprint.add(h, proc);
            h = Fingerprint.add(h, range);
            return h;
        }
    }

    // ---------------------------------------------------------------- entry points

    /** zap_page_range under mmap_read_lock: the {@code zap} statement (path "zap") and MADV_DONTNEED ("madvise"). */
    Invocation zap(String proc, Range r, String path) {
        return new Invocation(zap, new Regs(path, proc, r));
    }

    /** munmap under mmap_write_lock: unmap_region (zap with range_start/end), then the VMAs go. */
    Invocation munmap(String proc, Range r) {
        return new Invocation(munmap, new Regs("munmap", proc, r));
    }

    /**
     * exit_mmap: mmu_notifier_release, then unmap_vmas of every VMA in one fullmm gather, then the mm is gone.
     * unmap_vmas brackets the VMAs with range_start/range_end over [0, -1) (mm/memory.c, every era); the notifiers
     * on the list are gone by then, so only the interval notifiers still in the tree (5.5 on) get it, and the
     * steps are announced only when the mm has some. tlb_end_vma does nothing for a fullmm gather.
     */
    Invocation exit(String proc) {
        return new Invocation(exit, new Regs("exit", proc, null));
    }

    // ---------------------------------------------------------------- the programs

    private Code buildZap() {
        return Builder.path("zap")
                .acquire("mmap_read_lock", (c, r) -> Lock.mmap(((Regs) r).proc(), false))
                .call((c, r) -> unmapOf((Regs) r, ((Regs) r).range(), true))
                .release("mmap_read_unlock", (c, r) -> Lock.mmap(((Regs) r).proc(), false))
                .build();
    }

    private Code buildMunmap() {
        return Builder.path("munmap")
                .acquire("mmap_write_lock", (c, r) -> Lock.mmap(((Regs) r).proc(), true))
                .call((c, r) -> unmapOf((Regs) r, ((Regs) r).range(), true))
                .step("remove_vmas", (c, r) -> removeVmas((Regs) r))
                .release("mmap_write_unlock", (c, r) -> Lock.mmap(((Regs) r).proc(), true))
                .build();
    }

    private Code buildExit() {
        return Builder.path("exit")
                .step("release", (c, r) -> release((Regs) r))
                .call((c, r) -> notify.releaseAllCall(((Regs) r).proc(), ((Regs) r).path()))
                .local((c, r) -> unhashAll((Regs) r))
                .call((c, r) -> new Invocation(unmap, Gather.of(((Regs) r).path(), ((Regs) r).proc(),
                        span(((Regs) r).proc()), notify.hasIntervals(((Regs) r).proc()), false, true)))
                .local((c, r) -> exited((Regs) r))
                .build();
    }

    private Invocation unmapOf(Regs r, Range range, boolean withNotifiers) {
        return new Invocation(unmap, Gather.of(r.path(), r.proc(), range, withNotifiers, false, false));
    }

    /**
     * unmap_vmas of one range inside a tlb_gather_mmu / tlb_finish_mmu pair: range_start (a failed non-blocking
     * one skips the walk and range_end), then for each VMA zap_pte_range under the PT lock, flushing and freeing
     * the gather whenever it is full, and tlb_end_vma; range_end; then tlb_finish_mmu flushes what was gathered and
     * frees the pages. A zap that gathered nothing flushes nothing, unless 4.13's mm_tlb_flush_nested() finds
     * another zap's flush pending. Returns whether range_start succeeded.
     */
    private Code buildUnmap() {
        return Builder.path("unmap")
                .local((c, r) -> tlb.tlbGatherMmu((Gather) r))
                .branch((c, r) -> !((Gather) r).notifying(), "vma")
                .call((c, r) -> rangeStart((Gather) r), (c, r, ok) -> ((Gather) r).starting((Boolean) ok))
                .branch((c, r) -> !((Gather) r).started(), "finish")
                .label("vma")
                .branch((c, r) -> ((Gather) r).vmas().isEmpty(), "walked")
                .branch((c, r) -> ((Gather) r).vmaDone(), "end_vma")
                .acquire("lock_ptl", (c, r) -> Lock.ptl(((Gather) r).proc()))
                .step("clear_ptes", (c, r) -> tlb.clearPtes((Gather) r))
                .branch((c, r) -> !((Gather) r).full(), "unlock")
                .step("force_flush", (c, r) -> tlb.forceFlush((Gather) r))
                .label("unlock")
                .release("unlock_ptl", (c, r) -> Lock.ptl(((Gather) r).proc()))
                .branch((c, r) -> !((Gather) r).full(), "end_vma")
                .step("free_batch", (c, r) -> tlb.freeBatch((Gather) r))
                .jump("vma")
                .label("end_vma")
                .branch((c, r) -> !tlb.endVmaFlushes((Gather) r), "next_vma")
                .step("tlb_end_vma", (c, r) -> tlb.tlbEndVma((Gather) r))
                .label("next_vma")
                .local((c, r) -> ((Gather) r).nextVma())
                .jump("vma")
                .label("walked")
                .branch((c, r) -> !((Gather) r).notifying(), "finish")
                .call((c, r) -> rangeEnd((Gather) r))
                .label("finish")
                .local((c, r) -> tlb.flushNested((Gather) r))
                .branch((c, r) -> ((Gather) r).flush() == null, "free")
                .step("flush_tlb", (c, r) -> tlb.flushTlb((Gather) r))
                .label("free")
                .branch((c, r) -> ((Gather) r).pages().isEmpty(), "finished")
                .step("free_pages", (c, r) -> tlb.freePages((Gather) r))
                .label("finished")
                .local((c, r) -> tlb.decTlbFlushPending((Gather) r))
                .ret((c, r) -> ((Gather) r).started())
                .build();
    }

    // ---------------------------------------------------------------- the steps

    /** mmu_notifier_invalidate_range_start, announced as the zap's step {@code range_start}. */
    private Invocation rangeStart(Gather g) {
        return notify.rangeStartCall(g.proc(), notified(g), g.nonblocking(), g.path());
    }

    /** mmu_notifier_invalidate_range_end, announced as the zap's step {@code range_end}. */
    private Invocation rangeEnd(Gather g) {
        return notify.rangeEndCall(g.proc(), notified(g), g.path(), g.nonblocking());
    }

    /** The range the notifiers are told: exit_mmap's unmap_vmas(&tlb, vma, 0, -1) covers [0, -1); others their own. */
    private static Range notified(Gather g) {
        return g.fullmm() ? Dispatch.ALL : g.range();
    }

    private Regs removeVmas(Regs r) {
        step(r.path(), "remove_vmas");
        Process p = m.process(r.proc());
        m.put(p.withVmas(Kernel.carve(p.vmas(), r.range(), null)));
        kernel.shmem().releaseUnmapped();
        return r;
    }

    /** exit_mmap's mmu_notifier_release: each notifier's release (a Call after this step), then they are unhashed. */
    private Regs release(Regs r) {
        step(r.path(), "release");
        return r;
    }

    /**
     * hlist_del_init_rcu of every notifier on the list after its release (mn_hlist_release). The interval tree is
     * left as it is: an interval notifier stays in it until the mm goes, so exit's unmap reaches it. (A driver on
     * both leaves with the list: its interval, inserted only around its own faults, is taken out with it.)
     */
    private Regs unhashAll(Regs r) {
        List<String> listed = notify.listed(r.proc());
        Process p = m.process(r.proc());
        if (listed.size() == p.notifiers().size()) {
            m.put(p.withoutNotifiers());
            return r;
        }
        for (String inst : listed) {
            p = p.withoutNotifier(inst);
        }
        m.put(p);
        return r;
    }

    /** The range exit_mmap's fullmm gather covers: from the first VMA to the end of the last (null: none). */
    private Range span(String proc) {
        Range out = null;
        for (Vma v : m.mms().vmas(proc).values()) {
            Range vr = v.range();
            out = out == null ? vr : new Range(Math.min(out.start(), vr.start()), Math.max(out.end(), vr.end()));
        }
        return out;
    }

    /** The mm is gone; a pin that outlives it is reported. */
    private Regs exited(Regs r) {
        for (Pin pin : m.state().pins().values()) {
            if (pin.proc().equals(r.proc())) {
                m.emit(new Event.PinOutlivesMm(pin.name(), pin.pages().size(), r.proc()));
            }
        }
        m.put(m.process(r.proc()).withExited());
        kernel.shmem().releaseUnmapped();
        return r;
    }

    private void step(String path, String name) {
        m.emit(new Event.Step(path, name));
    }

    // ---------------------------------------------------------------- for other paths

    /**
     * unmap_page_range of one range inside a tlb_gather_mmu / tlb_finish_mmu pair, without range_start/range_end:
     * the 4.6-4.13 OOM reaper, and remap_file_pages between its own notifier calls.
     */
    Invocation unmap(String path, String proc, Range r) {
        return new Invocation(unmap, Gather.of(path, proc, r, false, false, false));
    }

    /**
     * The 4.16 OOM reaper's VMA (and 4.19's, with a non-blocking start): tlb_gather_mmu, range_start, and, if it
     * succeeded, unmap_page_range and range_end, then tlb_finish_mmu (mm/oom_kill.c __oom_reap_task_mm). The
     * Call op gets whether range_start succeeded.
     */
    Invocation unmapBracketed(String path, String proc, Range r, boolean nonblocking) {
        return new Invocation(unmap, Gather.of(path, proc, r, true, nonblocking, false));
    }
}
