package dev.mmuscript.model;

import java.util.ArrayList;
import java.util.List;

/**
 * An address space: VMAs, the page table, swap entries (a reclaimed anonymous page's content, by virtual page),
 * the notifiers registered on it (newest first, as the mm's hlist: {@link #withNotifier}), mmap_lock ({@code mmapLock}: 0 free, n readers, -1 a
 * writer), the page-table lock, the interval-notifier sequence ({@code itreeSeq}, odd while an invalidation is
 * open, 5.5 on) with its count of open invalidations, {@code tlbFlushPending} (mm->tlb_flush_pending: how many zaps
 * have gathered and not yet finished their TLB flush, counted from 4.13 on), and the state of the mm (live, or
 * exited).
 */
public record Process(String name, PMap<Long, Vma> vmas, PMap<Long, Pte> ptes, PMap<Long, Long> swap,
        List<String> notifiers, int mmapLock, boolean ptlHeld, long itreeSeq, int itreeActive, int tlbFlushPending,
        boolean exited) implements Fingerprint.Fingerprinted {

    public static Process create(String name) {
        return new Process(name, PMap.empty(), PMap.empty(), PMap.empty(), List.of(), 0, false, 2, 0, 0, false);
    }

    /** The VMA that contains {@code va}, or null: VMAs never overlap and are keyed by their start, O(log n). */
    public Vma vmaAt(long va) {
        Vma v = vmas.floorValue(va);
        return v != null && v.range().contains(va) ? v : null;
    }

    /** True when every page of the range lies in some VMA. */
    public boolean mapped(Range r) {
        for (long va = r.start(); va < r.end(); va += Range.PAGE) {
            if (vmaAt(va) == null) {
                return false;
            }
        }
        return true;
    }

    public Process withVmas(PMap<Long, Vma> v) {
        return new Process(name, v, ptes, swap, notifiers, mmapLock, ptlHeld,
                itreeSeq, itreeActive, tlbFlushPending, exited);
    }

    public Process withPtes(PMap<Long, Pte> p) {
        return new Process(name, vmas, p, swap, notifiers, mmapLock, ptlHeld,
                itreeSeq, itreeActive, tlbFlushPending, exited);
    }

    public Process withSwap(PMap<Long, Long> s) {
        return new Process(name, vmas, ptes, s, notifiers, mmapLock, ptlHeld,
                itreeSeq, itreeActive, tlbFlushPending, exited);
    }

    /**
     * The notifier hashed in at the head of the list, so that every dispatch calls the newest first:
     * hlist_add_head (do_mmu_notifier_register, mm/mmu_notifier.c, 2.6.27-5.3) and hlist_add_head_rcu
     * (__mmu_notifier_register, 5.4 on).
     */
    public Process withNotifier(String inst) {
        List<String> n = new ArrayList<>(notifiers);
        n.add(0, inst);
        return withNotifiers(List.copyOf(n));
    }

    public Process withoutNotifier(String inst) {
        List<String> n = new ArrayList<>(notifiers);
        n.remove(inst);
        return withNotifiers(List.copyOf(n));
    }

    public Process withoutNotifiers() {
        return withNotifiers(List.of());
    }

    private Process withNotifiers(List<String> n) {
        return new Process(name, vmas, ptes, swap, n, mmapLock, ptlHeld,
                itreeSeq, itreeActive, tlbFlushPending, exited);
    }

    public Process withPtl(boolean held) {
        return new Process(name, vmas, ptes, swap, notifiers, mmapLock, held,
                itreeSeq, itreeActive, tlbFlushPending, exited);
    }

    public Process withMmapLock(int state) {
        return new Process(name, vmas, ptes, swap, notifiers, state, ptlHeld,
                itreeSeq, itreeActive, tlbFlushPending, exited);
    }

    public Process withItree(long seq, int active) {
        return new Process(name, vmas, ptes, swap, notifiers, mmapLock, ptlHeld, seq, active, tlbFlushPending, exited);
    }

    /** inc_tlb_flush_pending / dec_tlb_flush_pending: {@code delta} is +1 or -1. */
    public Process withTlbFlushPending(int delta) {
        return new Process(name, vmas, ptes, swap, notifiers, mmapLock, ptlHeld, itreeSeq, itreeActive,
                tlbFlushPending + delta, exited);
    }

    public Process withExited() {
        return new Process(name, PMap.empty(), PMap.empty(), PMap.empty(), List.of(), 0, false, itreeSeq, 0, 0, true);
    }

    /** A 64-bit fingerprint of every field ({@link Fingerprint}). */
    @Override
    public long fingerprint() {
        long h = 0x51ED270C641AL;
        h = Fingerprint.add(h, name);
        h = Fingerprint.add(h, vmas);
        h = Fingerprint.add(h, ptes);
        h = Fingerprint.add(h, swap);
        h = Fingerprint.add(h, notifiers);
        h = Fingerprint.add(h, mmapLock);
        h = Fingerprint.add(h, ptlHeld);
        h = Fingerprint.add(h, itreeSeq);
        h = Fingerprint.add(h, itreeActive);
        h = Fingerprint.add(h, tlbFlushPending);
        h = Fingerprint.add(h, exited);
        return h;
    }
}
