package dev.mmuscript.model;

import java.util.ArrayList;
import java.util.List;

/**
 * An address space: VMAs, the page table, swap entries (a reclaimed anonymous page's content, by virtual page),
 * the notifiers registered on it (in registration order), mmap_lock ({@code mmapLock}: 0 free, n readers, -1 a
 * writer), the page-table lock, the interval-notifier sequence ({@code itreeSeq}, odd while an invalidation is
 * open, 5.5 on) with its count of open invalidations, {@code tlbFlushPending} (mm->tlb_flush_pending: how many zaps
 * have gathered and not yet finished their TLB flush, counted from 4.13 on), and the state of the mm (live, or
 * exited).
 */
public record Process(String name, PMap<Long, Vma> vmas, PMap<Long, Pte> ptes, PMap<Long, Long> swap,
        List<String> notifiers, int mmapLock, boolean ptlHeld, long itreeSeq, int itreeActive, int tlbFlushPending,
        boolean exited) {

    public static Process create(String name) {
        return new Process(name, PMap.empty(), PMap.empty(), PMap.empty(), List.of(), 0, false, 2, 0, 0, false);
    }

    public Vma vmaAt(long va) {
        for (Vma v : vmas.values()) {
            if (v.range().contains(va)) {
                return v;
            }
        }
        return null;
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

    public Process withNotifier(String inst) {
        List<String> n = new ArrayList<>(notifiers);
        n.add(inst);
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
}
