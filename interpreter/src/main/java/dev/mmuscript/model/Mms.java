package dev.mmuscript.model;

/**
 * The {@link Machine}'s address spaces read member by member: a process's page table (with its swap entries), its
 * VMAs, its notifier list, its interval-notifier sequence, its count of pending TLB flushes, whether it lives.
 * Each is its own object of the running step's {@link Footprint}, so that the explorer's reduction tells apart a
 * fault's page-table write from a zap's flush count ({@link Machine#process} reads them all).
 */
public final class Mms {
    private final Machine m;

    Mms(Machine m) {
        this.m = m;
    }

    /** The process's page table (with its swap entries); null when there is no such process. */
    public PMap<Long, Pte> ptes(String proc) {
        Footprint.read(m.footprint(), Footprint.PTES, proc);
        Process p = m.current().procs().get(proc);
        return p == null ? null : p.ptes();
    }

    /** The process's swap entries (a member of its page table). */
    public PMap<Long, Long> swap(String proc) {
        Footprint.read(m.footprint(), Footprint.PTES, proc);
        return m.current().procs().get(proc).swap();
    }

    /** The process's VMAs. */
    public PMap<Long, Vma> vmas(String proc) {
        Footprint.read(m.footprint(), Footprint.VMAS, proc);
        return m.current().procs().get(proc).vmas();
    }

    /** The VMA of the process that contains {@code va}, or null. */
    public Vma vmaAt(String proc, long va) {
        Footprint.read(m.footprint(), Footprint.VMAS, proc);
        return m.current().procs().get(proc).vmaAt(va);
    }

    /** The notifiers registered on the process, newest first. */
    public java.util.List<String> notifiers(String proc) {
        Footprint.read(m.footprint(), Footprint.NOTIFIERS, proc);
        return m.current().procs().get(proc).notifiers();
    }

    /** The process for its interval-notifier sequence (a read of that only). */
    public Process itree(String proc) {
        Footprint.read(m.footprint(), Footprint.ITREE, proc);
        return m.current().procs().get(proc);
    }

    /** mm->tlb_flush_pending. */
    public int tlbFlushPending(String proc) {
        Footprint.read(m.footprint(), Footprint.FLUSH_PENDING, proc);
        return m.current().procs().get(proc).tlbFlushPending();
    }

    /** One more ({@code delta} 1) or one fewer (-1) zap with its TLB flush pending. */
    public void tlbFlushPending(String proc, int delta) {
        Footprint.read(m.footprint(), Footprint.FLUSH_PENDING, proc);
        Footprint.write(m.footprint(), Footprint.FLUSH_PENDING, proc);
        m.replace(m.current().withProc(m.current().procs().get(proc).withTlbFlushPending(delta)));
    }

    /** Whether the process exists and has not exited. */
    public boolean lives(String proc) {
        Footprint.read(m.footprint(), Footprint.PROCESS, proc);
        Process p = m.current().procs().get(proc);
        return p != null && !p.exited();
    }
}
