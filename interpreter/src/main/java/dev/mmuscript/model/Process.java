package dev.mmuscript.model;

import java.util.ArrayList;
import java.util.List;

/**
 * An address space: VMAs, the page table, the notifiers registered on it (in registration order), mmap_lock
 * ({@code mmapLock}: 0 free, n readers, -1 a writer), the page-table lock and the state of the mm (live, or
 * exited).
 */
public record Process(String name, PMap<Long, Vma> vmas, PMap<Long, Pte> ptes, List<String> notifiers,
        int mmapLock, boolean ptlHeld, boolean exited) {

    public static Process create(String name) {
        return new Process(name, PMap.empty(), PMap.empty(), List.of(), 0, false, false);
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
        return new Process(name, v, ptes, notifiers, mmapLock, ptlHeld, exited);
    }

    public Process withPtes(PMap<Long, Pte> p) {
        return new Process(name, vmas, p, notifiers, mmapLock, ptlHeld, exited);
    }

    public Process withNotifier(String inst) {
        List<String> n = new ArrayList<>(notifiers);
        n.add(inst);
        return new Process(name, vmas, ptes, List.copyOf(n), mmapLock, ptlHeld, exited);
    }

    public Process withoutNotifier(String inst) {
        List<String> n = new ArrayList<>(notifiers);
        n.remove(inst);
        return new Process(name, vmas, ptes, List.copyOf(n), mmapLock, ptlHeld, exited);
    }

    public Process withPtl(boolean held) {
        return new Process(name, vmas, ptes, notifiers, mmapLock, held, exited);
    }

    public Process withMmapLock(int state) {
        return new Process(name, vmas, ptes, notifiers, state, ptlHeld, exited);
    }

    public Process withoutNotifiers() {
        return new Process(name, vmas, ptes, List.of(), mmapLock, ptlHeld, exited);
    }

    public Process withExited() {
        return new Process(name, PMap.empty(), PMap.empty(), List.of(), 0, false, true);
    }
}
